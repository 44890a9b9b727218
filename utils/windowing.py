"""Framing a time series for supervised learning: windows, chronological splits, scaling.

A forecasting model sees a *window* of ``input_width`` past rows and predicts the next ``horizon``
rows of some *target* columns. The last input row is the window's *forecast origin*: everything up
to it is known, everything after it is the future.

>>> import numpy as np
>>> series = np.arange(10.0)
>>> w = make_windows(series, input_width=3, horizon=2)
>>> w.inputs.shape, w.targets.shape        # (windows, time, features), (windows, horizon, targets)
((6, 3, 1), (6, 2, 1))
>>> w.inputs[0, :, 0].tolist(), w.targets[0, :, 0].tolist(), int(w.origin[0])
([0.0, 1.0, 2.0], [3.0, 4.0], 2)

Split the series *before* windowing (:func:`chronological_split`) so that no window straddles two
parts, and fit the scaler on the training part only (:class:`Standardizer`): a scaler fitted on the
whole series would tell the model about the test period's level and spread.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral
from typing import NamedTuple, Sequence

import numpy as np
import pandas as pd

from . import checks

__all__ = ["Windows", "make_windows", "chronological_split", "Standardizer"]


# --------------------------------------------------------------------------------------------
# Input checks shared by the functions below
# --------------------------------------------------------------------------------------------


def _as_2d(data, name: str = "data", *, finite: bool = True
           ) -> tuple[np.ndarray, list | None, pd.Index | None]:
    """(values as float 2-D array, column names or None, row index or None).

    pandas input must be in time order when its index holds times or numbers (strictly increasing,
    no duplicates); values must be finite unless ``finite=False``.
    """
    if isinstance(data, pd.DataFrame):
        columns, index = list(data.columns), data.index
    elif isinstance(data, pd.Series):
        columns, index = [data.name], data.index
    elif isinstance(data, (np.ndarray, list, tuple)):
        columns, index = None, None
    else:
        raise checks.fail(TypeError, name, "a NumPy array, pandas Series or DataFrame", checks.describe(data))
    values = checks.check_array(data, name, ndim=(1, 2), layout="(one series, or time × features)",
                                finite=False, dtype=np.float64)
    if values.ndim == 1:
        values = values[:, None]
    if finite:
        checks.check_array(values, name, rows=index, columns=columns)
    if index is not None and index.dtype.kind in "iufMm":
        checks.check_sorted_time(index, f"{name}.index")
    return values, columns, index


def _column_positions(targets, columns: list | None, n_features: int, name: str = "targets") -> list[int]:
    """Positions of the ``name`` columns (names for pandas input, int positions for arrays).

    One column may be given alone (``"temp"``, ``0``): a name is one column, not a list of letters.
    """
    if targets is None:
        return list(range(n_features))
    if isinstance(targets, (str, Integral)) and not isinstance(targets, (bool, np.bool_)):
        targets = [targets]
    targets = checks.check_sequence_of(targets, name, nonempty=False)
    if not targets:
        raise checks.fail(ValueError, name, "at least one column", "an empty list")
    positions = []
    for t in targets:
        if columns is not None and t in columns:
            positions.append(columns.index(t))
        elif isinstance(t, Integral) and not isinstance(t, bool) and -n_features <= t < n_features:
            positions.append(int(t) % n_features)
        else:
            known = columns if columns is not None else f"positions 0..{n_features - 1}"
            raise checks.fail(ValueError, name, f"columns of the data ({known})", f"unknown column {t!r}")
    return positions


# --------------------------------------------------------------------------------------------
# Windows
# --------------------------------------------------------------------------------------------


class Windows(NamedTuple):
    """What :func:`make_windows` returns.

    ``inputs``: (windows, input_width, features); ``targets``: (windows, horizon, targets);
    ``origin``: the index label (or position) of each window's last input row.
    """

    inputs: np.ndarray
    targets: np.ndarray
    origin: np.ndarray | pd.Index


def make_windows(data, input_width: int, horizon: int = 1, *, stride: int = 1,
                 targets: str | int | Sequence | None = None,
                 dtype: type = np.float32) -> Windows:
    """Cut a series into (past window, future targets) pairs.

    Window ``i`` starts at row ``i * stride``; its inputs are ``input_width`` consecutive rows of
    every column, its targets the next ``horizon`` rows of the ``targets`` columns (all columns
    when None; names for a DataFrame, positions for an array).

    >>> frame = pd.DataFrame({"temp": np.arange(8.0), "wind": np.ones(8)})
    >>> w = make_windows(frame, input_width=4, horizon=1, targets=["temp"])
    >>> w.inputs.shape, w.targets.shape, w.targets[:, 0, 0].tolist()
    ((4, 4, 2), (4, 1, 1), [4.0, 5.0, 6.0, 7.0])

    Raises ValueError for a window longer than the series, NaN or infinite values, a horizon or
    width below 1, an unknown target column, or a pandas index that is not strictly increasing
    in time (reversed or duplicated timestamps would let a "future" target precede its inputs).
    """
    input_width = checks.check_int(input_width, "input_width", ge=1)
    horizon = checks.check_int(horizon, "horizon", ge=1)
    stride = checks.check_int(stride, "stride", ge=1)
    values, columns, index = _as_2d(data)
    n_rows, n_features = values.shape
    if input_width + horizon > n_rows:
        raise checks.fail(ValueError, "data", f"at least input_width + horizon = {input_width} + {horizon} = "
                          f"{input_width + horizon} rows for one window", f"only {n_rows} rows")
    positions = _column_positions(targets, columns, n_features)
    total = input_width + horizon
    # sliding_window_view: (n_windows, features, total) without copying; then pick every stride-th.
    view = np.lib.stride_tricks.sliding_window_view(values, total, axis=0)[::stride]
    view = np.moveaxis(view, -1, 1)  # (windows, total, features)
    x = np.ascontiguousarray(view[:, :input_width, :], dtype=dtype)
    y = np.ascontiguousarray(view[:, input_width:, positions], dtype=dtype)
    origin_pos = np.arange(x.shape[0]) * stride + input_width - 1
    origin = index[origin_pos] if index is not None else origin_pos
    return Windows(x, y, origin)


# --------------------------------------------------------------------------------------------
# Splits
# --------------------------------------------------------------------------------------------


def chronological_split(data, train: float = 0.7, val: float = 0.15):
    """Split a series in time order into (train, validation, test): no shuffling, ever.

    ``train`` and ``val`` are fractions of the rows; the test part is what remains (it must not be
    empty). Works on arrays, Series and DataFrames (pandas objects keep their index, which must
    strictly increase in time when it holds times or numbers: otherwise "test" could be the earliest part).

    >>> a, b, c = chronological_split(np.arange(20), train=0.6, val=0.2)
    >>> a.tolist(), b.tolist(), c.tolist()[:2], len(c)
    ([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [12, 13, 14, 15], [16, 17], 4)
    """
    train = checks.check_real(train, "train", gt=0, lt=1, what="a fraction")
    val = checks.check_real(val, "val", ge=0, lt=1, what="a fraction")
    if train + val >= 1:
        raise checks.fail(ValueError, "train + val", "below 1 to leave a test part",
                          f"{train} + {val} = {train + val}")
    if not isinstance(data, (np.ndarray, pd.Series, pd.DataFrame)):
        raise checks.fail(TypeError, "data", "a NumPy array, pandas Series or DataFrame", checks.describe(data))
    if isinstance(data, np.ndarray) and data.ndim == 0:
        raise checks.fail(ValueError, "data", "an array with a time axis", "a 0-D array")
    if isinstance(data, (pd.Series, pd.DataFrame)) and data.index.dtype.kind in "iufMm":
        checks.check_sorted_time(data.index, "data.index")
    n = len(data)
    n_train, n_val = int(round(n * train)), int(round(n * val))
    if n_train < 1 or n - n_train - n_val < 1 or (val > 0 and n_val < 1):
        raise checks.fail(ValueError, "data", f"long enough to split into train={train}, val={val} and a "
                          "non-empty test part", f"{n} rows: too few")
    take = data.iloc if isinstance(data, (pd.Series, pd.DataFrame)) else data
    return take[:n_train], take[n_train:n_train + n_val], take[n_train + n_val:]


# --------------------------------------------------------------------------------------------
# Scaling
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standardizer:
    """Per-column standardisation ``(x - mean) / std`` with statistics from the training part.

    >>> train = pd.DataFrame({"temp": [0.0, 2.0, 4.0], "wind": [1.0, 1.0, 4.0]})
    >>> scaler = Standardizer.fit(train)
    >>> scaler.transform(train)["temp"].round(3).tolist()
    [-1.225, 0.0, 1.225]
    >>> scaler.inverse_transform(np.array([[0.0]]), columns=["temp"]).tolist()   # back to units
    [[2.0]]
    """

    mean: np.ndarray
    std: np.ndarray
    columns: tuple | None = None

    @classmethod
    def fit(cls, train) -> "Standardizer":
        """Learn each column's mean and standard deviation from ``train`` (rows = time)."""
        values, columns, index = _as_2d(train, "train")
        if values.shape[0] < 2:
            raise checks.fail(ValueError, "train", "at least 2 rows to estimate a spread", f"{values.shape[0]}")
        mean, std = values.mean(axis=0), values.std(axis=0)
        flat = np.flatnonzero(std == 0)
        if flat.size:
            name = columns[flat[0]] if columns is not None else int(flat[0])
            raise checks.fail(ValueError, "train", "columns that vary (standard deviation > 0 to divide by)",
                              f"train column {name!r} is constant", hint="it cannot be standardised: drop it")
        return cls(mean, std, tuple(columns) if columns is not None else None)

    def _positions(self, columns) -> list[int]:
        if columns is None:
            return list(range(self.mean.size))
        return _column_positions(columns, list(self.columns) if self.columns else None, self.mean.size, "columns")

    def transform(self, data):
        """Standardise ``data`` (same columns as at fit time); pandas in, pandas out.

        NaN and infinity are rejected, as by :meth:`fit`: a scaled NaN would reach the model silently.
        """
        values, columns, _ = _as_2d(data)
        if values.shape[1] != self.mean.size:
            raise checks.fail(ValueError, "data", f"the {self.mean.size} columns seen at fit time",
                              f"{values.shape[1]}")
        if self.columns is not None and columns is not None and tuple(columns) != self.columns:
            raise checks.fail(ValueError, "data", f"the columns seen at fit time {list(self.columns)}",
                              f"columns {columns}: they differ from those seen at fit time")
        out = (values - self.mean) / self.std
        if isinstance(data, pd.DataFrame):
            return pd.DataFrame(out, index=data.index, columns=data.columns)
        if isinstance(data, pd.Series):
            return pd.Series(out[:, 0], index=data.index, name=data.name)
        return out.reshape(np.shape(data))

    def inverse_transform(self, values, columns=None) -> np.ndarray:
        """Map standardised ``values`` back to the original units.

        ``values``' last axis holds the ``columns`` given (names or positions; all columns when
        None), e.g. a model's predictions of the target column only, shape (windows, horizon, 1).
        """
        arr = checks.check_array(values, "values", dtype=np.float64)
        positions = self._positions(columns)
        if arr.ndim == 0 or arr.shape[-1] != len(positions):
            raise checks.fail(ValueError, "values", f"an array whose last axis has {len(positions)} entries (one per "
                              f"column {columns if columns is not None else 'fitted'})", f"shape {arr.shape}")
        return arr * self.std[positions] + self.mean[positions]
