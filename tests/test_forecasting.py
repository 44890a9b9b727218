"""Unit tests for utils.forecasting: metrics, baselines, the lag check, roll-outs and plots."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from utils import forecasting as fc  # noqa: E402
from utils.windowing import make_windows  # noqa: E402


# ----------------------------------------------------------------------------------- metrics
def test_mae_and_rmse():
    assert fc.mae([1.0, 2.0, 3.0], [2.0, 2.0, 1.0]) == pytest.approx(1.0)
    assert fc.rmse([0.0, 0.0], [3.0, 4.0]) == pytest.approx(np.sqrt(12.5))


def test_metrics_refuse_mismatched_shapes_and_nan():
    with pytest.raises(ValueError, match=r"same shape, got \(3,\) and \(3, 1\)"):
        fc.mae(np.zeros(3), np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"y_pred must be finite \(no NaN or infinity\), got 1 such value\(s\)"):
        fc.rmse([1.0, 2.0], [1.0, np.nan])
    with pytest.raises(ValueError, match="empty"):
        fc.mae([], [])


def test_directional_accuracy():
    actual = np.array([1.0, -1.0, 2.0, -2.0])
    assert fc.directional_accuracy(actual, actual) == 1.0
    assert fc.directional_accuracy(actual, -actual) == 0.0
    assert fc.directional_accuracy(actual, np.ones(4)) == 0.5        # "always up"
    assert fc.directional_accuracy(actual, np.zeros(4)) == 0.5       # no change counts as "not up"
    with pytest.raises(ValueError, match="same shape"):
        fc.directional_accuracy(actual, np.ones(3))


def test_diebold_mariano_detects_a_real_difference_and_not_a_fake_one():
    rng = np.random.default_rng(0)
    y = rng.normal(size=2000)
    good, bad = y + 0.5 * rng.normal(size=2000), y + 1.0 * rng.normal(size=2000)
    out = fc.diebold_mariano(y, good, bad)
    assert out["mae_a"] < out["mae_b"] and out["difference"] < 0 and out["p_value"] < 1e-6
    twin_a, twin_b = y + rng.normal(size=2000), y + rng.normal(size=2000)
    assert fc.diebold_mariano(y, twin_a, twin_b)["p_value"] > 0.01
    # overlapping 5-step errors: the Newey-West correction widens the interval
    smooth = np.convolve(rng.normal(size=2004), np.ones(5), "valid")
    y5 = np.zeros(2000)
    assert abs(fc.diebold_mariano(y5, smooth, 0.9 * smooth, horizon=5)["dm"]) < abs(
        fc.diebold_mariano(y5, smooth, 0.9 * smooth, horizon=1)["dm"])
    with pytest.raises(ValueError, match="too few"):
        fc.diebold_mariano([1.0, 2.0], [1.0, 2.0], [0.0, 0.0], horizon=1)
    with pytest.raises(ValueError, match="horizon must be an int >= 1"):
        fc.diebold_mariano(y, good, bad, horizon=0)


# --------------------------------------------------------------------------------- baselines
@pytest.fixture
def windows():
    return make_windows(np.arange(40.0), input_width=24, horizon=3)


def test_persistence_equals_last_input(windows):
    pred = fc.persistence(windows.inputs, column=0, horizon=3)
    assert pred.shape == (windows.inputs.shape[0], 3)
    assert np.all(pred == windows.inputs[:, -1:, 0])
    # on a straight line, persistence is wrong by exactly 1, 2, 3 steps
    assert np.allclose(windows.targets[:, :, 0] - pred, [1.0, 2.0, 3.0])


def test_seasonal_naive_takes_one_period_earlier(windows):
    pred = fc.seasonal_naive(windows.inputs, column=0, period=24, horizon=3)
    assert np.allclose(windows.targets[:, :, 0] - pred, 24.0)
    periodic = make_windows(np.tile(np.arange(24.0), 4), input_width=48, horizon=24)
    assert np.allclose(fc.seasonal_naive(periodic.inputs, 0, period=24, horizon=24), periodic.targets[:, :, 0])


def test_moving_average(windows):
    pred = fc.moving_average(windows.inputs, column=0, window=3, horizon=2)
    assert pred.shape == (windows.inputs.shape[0], 2)
    assert np.allclose(pred[:, 0], windows.inputs[:, -1, 0] - 1.0)


def test_baselines_bad_input(windows):
    x = windows.inputs
    with pytest.raises(ValueError, match="period must be >= horizon"):
        fc.seasonal_naive(x, 0, period=2, horizon=3)
    with pytest.raises(ValueError, match=r"period must be <= the input width \(24\)"):
        fc.seasonal_naive(x, 0, period=48)
    with pytest.raises(ValueError, match="column must be a feature position in 0..0, got 3"):
        fc.persistence(x, column=3)
    with pytest.raises(TypeError, match="column must be an int"):
        fc.persistence(x, column="temp")
    with pytest.raises(ValueError, match="horizon must be an int >= 1, got 0"):
        fc.persistence(x, column=0, horizon=0)
    with pytest.raises(ValueError, match=r"window must be <= the input width"):
        fc.moving_average(x, 0, window=25)
    with pytest.raises(ValueError, match=r"inputs must be 3-D \(windows, input_width, features\)"):
        fc.persistence(np.zeros((3, 4)), column=0)


# ---------------------------------------------------------------------------- lag diagnosis
def test_lagged_mae_exposes_a_copy_of_yesterday():
    rng = np.random.default_rng(1)
    price = 100 + np.cumsum(rng.normal(size=300))
    truth, copy = price[1:], price[:-1]
    lags = fc.lagged_mae(truth, copy, max_lag=3)
    assert list(lags.index) == [0, 1, 2, 3] and lags[1] == pytest.approx(0.0)
    assert fc.best_lag(truth, copy) == 1
    assert fc.best_lag(truth, truth + 0.01 * rng.normal(size=truth.size)) == 0


def test_lagged_mae_bad_input():
    with pytest.raises(ValueError, match="max_lag must be below the series length"):
        fc.lagged_mae(np.arange(3.0), np.arange(3.0), max_lag=3)
    with pytest.raises(ValueError, match="max_lag must be an int >= 0"):
        fc.lagged_mae(np.arange(3.0), np.arange(3.0), max_lag=-1)


# ----------------------------------------------------------------------------- roll-outs
def test_autoregressive_forecast_feeds_predictions_back():
    x = np.zeros((2, 3, 2), dtype=np.float32)
    x[1, :, 0] = 10.0

    def step(inputs):  # next value = last value + last value of the known column + 1
        return inputs[:, -1, :1] + inputs[:, -1, 1:2] + 1.0

    out = fc.autoregressive_forecast(step, x, steps=3, predicted_columns=[0])
    assert out.shape == (2, 3, 1)
    assert out[0, :, 0].tolist() == [1.0, 2.0, 3.0] and out[1, :, 0].tolist() == [11.0, 12.0, 13.0]
    known = np.zeros((2, 3, 2), dtype=np.float32)
    known[:, :, 1] = 5.0  # the known column switches to 5 in the future
    out = fc.autoregressive_forecast(step, x, steps=3, predicted_columns=[0], known_future=known)
    assert out[0, :, 0].tolist() == [1.0, 7.0, 13.0]
    assert np.all(x == np.where(np.arange(2)[:, None, None] == 1, [10.0, 0.0], 0.0))  # input untouched


def test_autoregressive_forecast_matches_a_direct_one_step_model_for_one_step():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(5, 4, 3)).astype(np.float32)
    step = lambda inputs: inputs[:, -2:, :2].mean(axis=1)  # noqa: E731
    assert np.allclose(fc.autoregressive_forecast(step, x, 1, [0, 1])[:, 0], step(x))


def test_autoregressive_forecast_bad_input():
    step = lambda x: x[:, -1, :1]  # noqa: E731
    with pytest.raises(ValueError, match="steps must be an int >= 1"):
        fc.autoregressive_forecast(step, np.zeros((1, 2, 1)), 0, [0])
    with pytest.raises(ValueError, match=r"predicted_columns\[0\] must be a feature position in 0..0, got 1"):
        fc.autoregressive_forecast(step, np.zeros((1, 2, 1)), 2, [1])
    with pytest.raises(ValueError, match=r"known_future must be an array of shape \(1, 2, 1\) \(windows, steps, features\), got shape \(1, 3, 1\)"):
        fc.autoregressive_forecast(step, np.zeros((1, 2, 1)), 2, [0], known_future=np.zeros((1, 3, 1)))
    with pytest.raises(ValueError, match=r"inputs must be 3-D \(windows, input_width, features\), got shape \(2, 1\)"):
        fc.autoregressive_forecast(step, np.zeros((2, 1)), 2, [0])


# ------------------------------------------------------------------------------------ plots
def test_plot_forecasts_and_error_by_lead():
    idx = pd.date_range("2018-01-01", periods=5, freq="D")
    ax = fc.plot_forecasts(idx, np.arange(5.0), {"naive": np.arange(5.0) - 1}, title="t", ylabel="points")
    assert [line.get_label() for line in ax.get_lines()] == ["truth", "naive"]
    assert ax.get_ylabel() == "points"
    ax2 = fc.plot_error_by_lead({"a": [1.0, 2.0], "b": [1.5, 1.6]}, unit="°C")
    assert ax2.get_ylabel() == "MAE (°C)" and len(ax2.get_lines()) == 2
    plt.close("all")


def test_plots_bad_input():
    with pytest.raises(ValueError, match="index has 3 entries but truth has 4"):
        fc.plot_forecasts(range(3), np.zeros(4), {})
    with pytest.raises(ValueError, match="forecast 'x' has 2 values, truth has 3"):
        fc.plot_forecasts(range(3), np.zeros(3), {"x": np.zeros(2)})
    with pytest.raises(ValueError, match="at least one forecast"):
        fc.plot_error_by_lead({})
    plt.close("all")


def test_doctests():
    import doctest

    result = doctest.testmod(fc, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0, result


# ----------------------------------------------------------------------------- bad input (issue 13)
X3 = np.arange(12.0).reshape(2, 6, 1)


@pytest.mark.parametrize("fn", [
    lambda x: fc.persistence(x, column=0),
    lambda x: fc.seasonal_naive(x, column=0, period=2),
    lambda x: fc.moving_average(x, column=0, window=2),
])
@pytest.mark.parametrize("bad, exc, pattern", [
    (np.where(X3 == 5.0, np.nan, X3), ValueError, r"inputs must be finite \(no NaN or infinity\).*nan at position \(0, 5, 0\)"),
    (np.where(X3 == 5.0, np.inf, X3), ValueError, r"inputs must be finite"),
    (np.zeros((0, 6, 1)), ValueError, r"inputs must be non-empty"),
    (np.zeros((2, 6)), ValueError, r"inputs must be 3-D \(windows, input_width, features\), got shape \(2, 6\)"),
    ("abc", TypeError, r"inputs must be a NumPy array"),
    (X3.astype(complex), TypeError, r"inputs must be an array of real numbers, got dtype complex128"),
])
def test_baselines_refuse_bad_inputs(fn, bad, exc, pattern):
    with pytest.raises(exc, match=r"^(persistence|seasonal_naive|moving_average): " + pattern):
        fn(bad)


def test_baselines_numpy_ints_and_bad_column():
    assert fc.persistence(X3, column=np.int64(0), horizon=np.int32(2)).shape == (2, 2)
    with pytest.raises(TypeError, match=r"persistence: column must be an int \(a feature position\), got bool True"):
        fc.persistence(X3, column=True)
    with pytest.raises(TypeError, match=r"horizon must be an int >= 1, got float 1.0"):
        fc.moving_average(X3, column=0, window=2, horizon=1.0)


def test_metrics_name_the_argument_that_is_wrong():
    with pytest.raises(ValueError, match=r"^diebold_mariano: pred_b must be finite"):
        fc.diebold_mariano(np.zeros(10), np.zeros(10), np.r_[np.zeros(9), np.nan])
    with pytest.raises(ValueError, match=r"^diebold_mariano: y_true and pred_b must be the same shape, got \(10,\) and \(9,\)"):
        fc.diebold_mariano(np.zeros(10), np.zeros(10), np.zeros(9))
    with pytest.raises(ValueError, match=r"^directional_accuracy: predicted_change must be finite"):
        fc.directional_accuracy([1.0], [np.inf])
    with pytest.raises(TypeError, match=r"^mae: y_true must be an array of real numbers, got dtype <U1"):
        fc.mae(["a"], [1.0])
    with pytest.raises(TypeError, match=r"^rmse: y_pred must be a NumPy array .*, got None"):
        fc.rmse([1.0], None)
    with pytest.raises(ValueError, match=r"^lagged_mae: y_true must be non-empty"):
        fc.lagged_mae([], [], max_lag=0)
    with pytest.raises(TypeError, match=r"^best_lag: max_lag must be an int >= 0, got str '2'"):
        fc.best_lag([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], max_lag="2")


def test_autoregressive_forecast_more_bad_input():
    step = lambda x: x[:, -1, :1]  # noqa: E731
    with pytest.raises(TypeError, match=r"autoregressive_forecast: step must be a function"):
        fc.autoregressive_forecast(np.zeros(3), np.zeros((1, 2, 1)), 2, [0])
    with pytest.raises(TypeError, match=r"predicted_columns must be a non-empty list of feature positions, got int 0"):
        fc.autoregressive_forecast(step, np.zeros((1, 2, 1)), 2, 0)
    with pytest.raises(ValueError, match=r"predicted_columns must be a non-empty list"):
        fc.autoregressive_forecast(step, np.zeros((1, 2, 1)), 2, [])
    with pytest.raises(ValueError, match=r"inputs must be finite"):
        fc.autoregressive_forecast(step, np.full((1, 2, 1), np.nan), 2, [0])
    with pytest.raises(ValueError, match=r"known_future \(columns not predicted\) must be finite"):
        fc.autoregressive_forecast(step, np.zeros((1, 2, 2)), 2, [0], known_future=np.full((1, 2, 2), np.inf))
    hidden = np.zeros((1, 2, 2))
    hidden[:, :, 0] = np.nan                               # the predicted column is overwritten, so NaN is fine
    assert fc.autoregressive_forecast(step, np.zeros((1, 2, 2)), 2, [0], known_future=hidden).shape == (1, 2, 1)
    with pytest.raises(ValueError, match=r"step\(inputs\) must be \(windows, len\(predicted_columns\)\) = \(1, 1\) values"):
        fc.autoregressive_forecast(lambda x: np.zeros(3), np.zeros((1, 2, 1)), 2, [0])
    with pytest.raises(ValueError, match=r"step\(inputs\) must be finite"):
        fc.autoregressive_forecast(lambda x: np.full((1, 1), np.nan), np.zeros((1, 2, 1)), 2, [0])


def test_plots_more_bad_input():
    with pytest.raises(TypeError, match=r"plot_forecasts: forecasts must be a dict, got list"):
        fc.plot_forecasts(range(3), np.zeros(3), [np.zeros(3)])
    with pytest.raises(TypeError, match=r"plot_forecasts: index must be a sequence"):
        fc.plot_forecasts(3, np.zeros(3), {})
    with pytest.raises(ValueError, match=r"plot_forecasts: truth must be finite \(no infinity\)"):
        fc.plot_forecasts(range(3), np.array([0, np.inf, 0]), {})
    with pytest.raises(ValueError, match=r"plot_error_by_lead: errors\['a'\] must be 1-D"):
        fc.plot_error_by_lead({"a": np.zeros((2, 2))})
    with pytest.raises(TypeError, match=r"plot_error_by_lead: errors must be a dict"):
        fc.plot_error_by_lead([1.0, 2.0])
    plt.close("all")
