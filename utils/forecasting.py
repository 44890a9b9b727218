"""Evaluating forecasts honestly: metrics, naive baselines, multi-step roll-outs and plots.

Every model in the forecasting chapters is compared, on the same windows, with a forecast that
needs no learning at all. The baselines here read the inputs of windows made by
:func:`utils.windowing.make_windows`, shape (windows, input_width, features).

>>> import numpy as np
>>> x = np.arange(12.0).reshape(2, 6, 1)            # two windows of 6 steps, one feature
>>> persistence(x, column=0, horizon=2).tolist()    # the last value, repeated
[[5.0, 5.0], [11.0, 11.0]]
>>> mae([1.0, 2.0], [1.5, 1.0])
0.75
"""

from __future__ import annotations

import math
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import checks

__all__ = [
    "mae", "rmse", "directional_accuracy", "diebold_mariano", "persistence", "seasonal_naive", "moving_average",
    "lagged_mae", "best_lag", "autoregressive_forecast", "plot_forecasts", "plot_error_by_lead",
]


def _pair(y_true, y_pred, names: tuple[str, str] = ("y_true", "y_pred")) -> tuple[np.ndarray, np.ndarray]:
    t = checks.check_array(y_true, names[0], dtype=np.float64)
    p = checks.check_array(y_pred, names[1], dtype=np.float64)
    if t.shape != p.shape:
        # (n,) against (n, 1) is a classic silent broadcasting bug: refuse it.
        raise checks.fail(ValueError, f"{names[0]} and {names[1]}", "the same shape", f"{t.shape} and {p.shape}")
    return t, p


# --------------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------------


def mae(y_true, y_pred) -> float:
    r"""Mean absolute error $\frac{1}{n}\sum |y - \hat y|$, in the units of ``y``.

    >>> mae([0.0, 0.0], [1.0, -3.0])
    2.0
    """
    t, p = _pair(y_true, y_pred)
    return float(np.mean(np.abs(t - p)))


def rmse(y_true, y_pred) -> float:
    r"""Root mean squared error $\sqrt{\frac{1}{n}\sum (y - \hat y)^2}$.

    >>> rmse([0.0, 0.0], [3.0, -3.0])
    3.0
    """
    t, p = _pair(y_true, y_pred)
    return float(np.sqrt(np.mean((t - p) ** 2)))


def directional_accuracy(actual_change, predicted_change) -> float:
    """Fraction of steps where the forecast calls the direction right.

    A change counts as "up" when it is > 0 and as "not up" otherwise, for both arguments, so a
    forecast of exactly no change is a call of "not up". Pass *changes* (returns), not levels.

    >>> directional_accuracy([0.5, -0.2, 0.1, -0.3], [0.1, 0.2, 0.3, -0.1])
    0.75
    """
    t, p = _pair(actual_change, predicted_change, ("actual_change", "predicted_change"))
    return float(np.mean((t > 0) == (p > 0)))


def diebold_mariano(y_true, pred_a, pred_b, horizon: int = 1) -> dict[str, float]:
    r"""Is forecast A's MAE really different from forecast B's, or is the gap noise?

    The Diebold-Mariano test on absolute errors: $d_t = |y_t - a_t| - |y_t - b_t|$, and
    $DM = \bar d / \sqrt{\hat\sigma^2 / n}$, where $\hat\sigma^2$ is the long-run variance of $d_t$
    (Newey-West with ``horizon - 1`` lags, since errors of overlapping multi-step forecasts are
    correlated). Under "equal accuracy" DM is roughly standard normal: |DM| < 1.96 means the
    difference is not significant at the 5% level. Returns ``mae_a``, ``mae_b``,
    ``difference`` (mae_a - mae_b, negative when A is better), ``dm`` and ``p_value`` (two-sided).

    >>> rng = np.random.default_rng(0)
    >>> y = rng.normal(size=500)
    >>> out = diebold_mariano(y, y + 0.1 * rng.normal(size=500), np.zeros(500))
    >>> out["difference"] < 0, out["p_value"] < 0.01                 # A is clearly better
    (True, True)
    """
    horizon = checks.check_int(horizon, "horizon", ge=1)
    t, a = _pair(y_true, pred_a, ("y_true", "pred_a"))
    _, b = _pair(y_true, pred_b, ("y_true", "pred_b"))
    t, a, b = t.ravel(), a.ravel(), b.ravel()
    n = t.size
    if n < 2 * horizon + 1:
        raise checks.fail(ValueError, "y_true", f"at least 2 * horizon + 1 = {2 * horizon + 1} values for a test at "
                          f"horizon {horizon}", f"{n} values: too few")
    d = np.abs(t - a) - np.abs(t - b)
    dc = d - d.mean()
    var = float(np.mean(dc * dc))
    for lag in range(1, horizon):
        weight = 1.0 - lag / horizon  # Bartlett weights keep the variance positive
        var += 2.0 * weight * float(np.mean(dc[lag:] * dc[:-lag]))
    if var <= 0:
        dm = 0.0 if d.mean() == 0 else math.copysign(math.inf, d.mean())
    else:
        dm = float(d.mean() / math.sqrt(var / n))
    return {"mae_a": float(np.mean(np.abs(t - a))), "mae_b": float(np.mean(np.abs(t - b))),
            "difference": float(d.mean()), "dm": dm, "p_value": float(math.erfc(abs(dm) / math.sqrt(2)))}


# --------------------------------------------------------------------------------------------
# Baselines: forecasts computed from a window's inputs, shape (windows, input_width, features)
# --------------------------------------------------------------------------------------------


def _feature_position(value, name: str, features: int, negative: bool = True) -> int:
    value = checks.check_int(value, name, what="an int (a feature position)")
    if not (-features if negative else 0) <= value < features:
        raise checks.fail(ValueError, name, f"a feature position in 0..{features - 1}", f"{value}")
    return value


def _inputs_column(inputs, column: int, name: str = "inputs") -> np.ndarray:
    x = checks.check_array(inputs, name, ndim=3, layout="(windows, input_width, features)", dtype=np.float64)
    features = x.shape[2]
    column = _feature_position(column, "column", features)
    return x[:, :, column]


def persistence(inputs, column: int, horizon: int = 1) -> np.ndarray:
    """The naive forecast: every future step equals the last observed value. (windows, horizon).

    >>> persistence(np.array([[[1.0], [4.0]]]), column=0, horizon=3).tolist()
    [[4.0, 4.0, 4.0]]
    """
    horizon = checks.check_int(horizon, "horizon", ge=1)
    series = _inputs_column(inputs, column)
    return np.repeat(series[:, -1:], horizon, axis=1)


def seasonal_naive(inputs, column: int, period: int, horizon: int = 1) -> np.ndarray:
    """Each future step equals the value one ``period`` earlier, e.g. the same hour yesterday.

    The forecast for step ``k`` (1..horizon) after the origin ``t`` is the value at
    ``t + k - period``, so ``period`` must be at least ``horizon`` and at most the input width.

    >>> x = np.arange(6.0).reshape(1, 6, 1)                  # values 0..5, origin value 5
    >>> seasonal_naive(x, column=0, period=4, horizon=2).tolist()   # values at t-3, t-2
    [[2.0, 3.0]]
    """
    horizon = checks.check_int(horizon, "horizon", ge=1)
    period = checks.check_int(period, "period", ge=1)
    series = _inputs_column(inputs, column)
    width = series.shape[1]
    if period < horizon:
        raise checks.fail(ValueError, "period", f">= horizon ({horizon}) so that the value one period earlier "
                          "is already observed", f"period={period}")
    if period > width:
        raise checks.fail(ValueError, "period", f"<= the input width ({width})", f"period={period}")
    start = width - period
    return series[:, start:start + horizon].copy()


def moving_average(inputs, column: int, window: int, horizon: int = 1) -> np.ndarray:
    """Each future step equals the mean of the last ``window`` observed values.

    >>> moving_average(np.array([[[1.0], [2.0], [6.0]]]), column=0, window=2).tolist()
    [[4.0]]
    """
    horizon = checks.check_int(horizon, "horizon", ge=1)
    window = checks.check_int(window, "window", ge=1)
    series = _inputs_column(inputs, column)
    if window > series.shape[1]:
        raise checks.fail(ValueError, "window", f"<= the input width ({series.shape[1]})", f"{window}")
    return np.repeat(series[:, -window:].mean(axis=1, keepdims=True), horizon, axis=1)


# --------------------------------------------------------------------------------------------
# Diagnosing a forecast that only copies the past
# --------------------------------------------------------------------------------------------


def lagged_mae(y_true, y_pred, max_lag: int = 5) -> pd.Series:
    """MAE between the forecast for step ``t`` and the truth at ``t - lag``, for lag = 0..max_lag.

    An honest forecast matches the truth best at lag 0. A forecast that copies the last value
    matches the truth best at lag 1: it is the truth, one step late. All lags are scored on the
    same steps (the last ``n - max_lag``), so the numbers are comparable.

    >>> truth = np.array([1.0, 3.0, 2.0, 5.0, 4.0])
    >>> copy = truth[:-1]                             # yesterday's value, for steps 1..4
    >>> lagged_mae(truth[1:], copy, max_lag=1).round(2).tolist()
    [1.67, 0.0]
    """
    max_lag = checks.check_int(max_lag, "max_lag", ge=0)
    t, p = _pair(y_true, y_pred)
    t, p = t.ravel(), p.ravel()
    if max_lag >= t.size:
        raise checks.fail(ValueError, "max_lag", f"below the series length ({t.size})", f"{max_lag}")
    n = t.size
    values = [float(np.mean(np.abs(p[max_lag:] - t[max_lag - lag:n - lag]))) for lag in range(max_lag + 1)]
    return pd.Series(values, index=pd.RangeIndex(max_lag + 1, name="lag"), name="MAE")


def best_lag(y_true, y_pred, max_lag: int = 5) -> int:
    """The lag at which :func:`lagged_mae` is smallest (0 for an honest forecast).

    >>> truth = np.array([1.0, 3.0, 2.0, 5.0, 4.0, 6.0])
    >>> best_lag(truth[1:], truth[:-1], max_lag=2)
    1
    """
    return int(lagged_mae(y_true, y_pred, max_lag).idxmin())


# --------------------------------------------------------------------------------------------
# Multi-step forecasts by feeding predictions back
# --------------------------------------------------------------------------------------------


def autoregressive_forecast(step: Callable[[np.ndarray], np.ndarray], inputs, steps: int,
                            predicted_columns: Sequence[int], known_future=None) -> np.ndarray:
    """Roll a one-step model forward ``steps`` times, feeding each prediction back as input.

    ``step`` maps inputs (windows, width, features) to the next values of ``predicted_columns``,
    shape (windows, len(predicted_columns)). Each new input row is the previous row with those
    columns replaced by the prediction, and the other columns taken from ``known_future``
    (windows, steps, features), e.g. the exact hour-of-day features; without it they repeat the
    last row. Returns (windows, steps, len(predicted_columns)). ``known_future``'s predicted columns
    are never read (NaN there is fine); its other columns must be finite.

    >>> step = lambda x: x[:, -1, :1] + 1.0             # "tomorrow = today + 1"
    >>> autoregressive_forecast(step, np.zeros((1, 3, 1)), steps=3, predicted_columns=[0]).ravel().tolist()
    [1.0, 2.0, 3.0]
    """
    checks.check_callable(step, "step")
    steps = checks.check_int(steps, "steps", ge=1)
    window = checks.check_array(inputs, "inputs", ndim=3, layout="(windows, input_width, features)",
                                dtype=np.float32)
    n, _, n_features = window.shape
    cols = checks.check_sequence_of(predicted_columns, "predicted_columns",
                                    lambda c, name: _feature_position(c, name, n_features, negative=False),
                                    what="feature positions")
    if known_future is not None:
        known_future = checks.check_array(known_future, "known_future", shape=(n, steps, n_features),
                                          layout="(windows, steps, features)", finite=False, dtype=np.float32)
        other = [c for c in range(n_features) if c not in cols]       # predicted columns are overwritten: any value
        checks.check_array(known_future[:, :, other], "known_future (columns not predicted)", nonempty=False)
    out = np.empty((n, steps, len(cols)), dtype=np.float32)
    for k in range(steps):
        pred = checks.check_array(step(window), "step(inputs)", dtype=np.float32)
        if pred.size != n * len(cols):
            raise checks.fail(ValueError, "step(inputs)", f"(windows, len(predicted_columns)) = {(n, len(cols))} "
                              "values", f"shape {pred.shape}")
        pred = pred.reshape(n, len(cols))
        out[:, k] = pred
        new_row = known_future[:, k].copy() if known_future is not None else window[:, -1].copy()
        new_row[:, cols] = pred
        window = np.concatenate([window[:, 1:], new_row[:, None, :]], axis=1)
    return out


# --------------------------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------------------------


def plot_forecasts(index, truth, forecasts: Mapping[str, np.ndarray], *, ax=None,
                   title: str | None = None, ylabel: str | None = None):
    """Plot the truth (black) and each named forecast against the same ``index``. Returns the axes.

    >>> plot_forecasts(dates, y_test, {"naive": naive, "GRU": gru_pred}, ylabel="points")  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt

    truth = np.ravel(checks.check_array(truth, "truth", allow_nan=True, dtype=np.float64))
    if not hasattr(index, "__len__") or isinstance(index, (str, bytes)):
        raise checks.fail(TypeError, "index", "a sequence of x positions (dates or numbers)", checks.describe(index))
    if len(index) != truth.size:
        raise checks.fail(ValueError, "index", f"one entry per value of truth ({truth.size})",
                          f"{len(index)} entries: index has {len(index)} entries but truth has {truth.size}")
    checks.check_mapping(forecasts, "forecasts")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4))
    ax.plot(index, truth, color="black", lw=2, label="truth")
    for name, values in forecasts.items():
        values = np.ravel(checks.check_array(values, f"forecasts[{name!r}]", allow_nan=True, dtype=np.float64))
        if values.size != truth.size:
            raise checks.fail(ValueError, f"forecasts[{name!r}]", f"as long as truth ({truth.size} values)",
                              f"{values.size}: forecast {name!r} has {values.size} values, truth has {truth.size}")
        ax.plot(index, values, lw=1.3, label=name)
    if title:
        ax.set_title(title)
    if ylabel:
        ax.set_ylabel(ylabel)
    ax.legend(loc="best")
    return ax


def plot_error_by_lead(errors: Mapping[str, Sequence[float]], *, ax=None, unit: str = "",
                       title: str | None = None):
    """MAE against lead time (1, 2, ... steps ahead), one line per forecast. Returns the axes.

    >>> plot_error_by_lead({"persistence": [1.0, 1.5, 2.0]}, unit="°C")          # doctest: +SKIP
    """
    import matplotlib.pyplot as plt

    checks.check_mapping(errors, "errors")
    if not errors:
        raise checks.fail(ValueError, "errors", "a dict holding at least one forecast's error curve", "none")
    curves = {name: checks.check_array(values, f"errors[{name!r}]", ndim=1, dtype=np.float64)
              for name, values in errors.items()}
    if ax is None:
        _, ax = plt.subplots()
    for name, values in curves.items():
        ax.plot(np.arange(1, values.size + 1), values, marker=".", label=name)
    ax.set_xlabel("lead time (steps ahead)")
    ax.set_ylabel(f"MAE ({unit})" if unit else "MAE")
    if title:
        ax.set_title(title)
    ax.legend(loc="best")
    return ax
