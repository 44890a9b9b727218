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
from numbers import Integral, Real
from typing import NamedTuple, Sequence

import numpy as np
import pandas as pd

__all__ = ["Windows", "make_windows", "chronological_split", "Standardizer"]


# --------------------------------------------------------------------------------------------
# Input checks shared by the functions below
# --------------------------------------------------------------------------------------------


def _check_int(name: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def _as_2d(data, name: str = "data") -> tuple[np.ndarray, list | None, pd.Index | None]:
    """(values as float 2-D array, column names or None, row index or None)."""
    if isinstance(data, pd.DataFrame):
        columns, index = list(data.columns), data.index
        values = data.to_numpy()
    elif isinstance(data, pd.Series):
        columns, index = [data.name], data.index
        values = data.to_numpy()
    elif isinstance(data, (np.ndarray, list, tuple)):
        columns, index = None, None
        values = np.asarray(data)
    else:
        raise TypeError(f"{name} must be a NumPy array, pandas Series or DataFrame, "
                        f"got {type(data).__name__}")
    if not np.issubdtype(values.dtype, np.number) or np.issubdtype(values.dtype, np.complexfloating):
        try:
            values = values.astype(np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must hold real numbers, got dtype {values.dtype}") from None
    values = values.astype(np.float64, copy=False)
    if values.ndim == 1:
        values = values[:, None]
    if values.ndim != 2:
        raise ValueError(f"{name} must be 1-D (one series) or 2-D (time, features), "
                         f"got shape {values.shape}")
    return values, columns, index


def _check_finite(values: np.ndarray, name: str, index=None, columns=None) -> None:
    bad = ~np.isfinite(values)
    if bad.any():
        row, col = map(int, np.argwhere(bad)[0])
        where = f"row {index[row]!r}" if index is not None else f"row {row}"
        col_name = columns[col] if columns is not None else col
        raise ValueError(f"{name} must not contain NaN or infinity: {int(bad.sum())} such value(s), "
                         f"the first at {where}, column {col_name!r}. Fill or drop them first.")


def _column_positions(targets, columns: list | None, n_features: int) -> list[int]:
    """Positions of the target columns (names for pandas input, int positions for arrays)."""
    if targets is None:
        return list(range(n_features))
    if isinstance(targets, (str, Integral)) and not isinstance(targets, bool):
        targets = [targets]
    targets = list(targets)
    if not targets:
        raise ValueError("targets must name at least one column, got an empty list")
    positions = []
    for t in targets:
        if columns is not None and t in columns:
            positions.append(columns.index(t))
        elif isinstance(t, Integral) and not isinstance(t, bool) and -n_features <= t < n_features:
            positions.append(int(t) % n_features)
        else:
            known = columns if columns is not None else f"positions 0..{n_features - 1}"
            raise ValueError(f"targets: unknown column {t!r}; the data has columns {known}")
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
    width below 1, or an unknown target column.
    """
    input_width = _check_int("input_width", input_width, 1)
    horizon = _check_int("horizon", horizon, 1)
    stride = _check_int("stride", stride, 1)
    values, columns, index = _as_2d(data)
    n_rows, n_features = values.shape
    if input_width + horizon > n_rows:
        raise ValueError(f"input_width + horizon = {input_width} + {horizon} = {input_width + horizon} "
                         f"rows are needed for one window, but data has only {n_rows} rows")
    _check_finite(values, "data", index, columns)
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
    empty). Works on arrays, Series and DataFrames (pandas objects keep their index).

    >>> a, b, c = chronological_split(np.arange(20), train=0.6, val=0.2)
    >>> a.tolist(), b.tolist(), c.tolist()[:2], len(c)
    ([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [12, 13, 14, 15], [16, 17], 4)
    """
    for name, frac in (("train", train), ("val", val)):
        if isinstance(frac, bool) or not isinstance(frac, Real):
            raise TypeError(f"{name} must be a fraction (float), got {type(frac).__name__} {frac!r}")
    if not 0 < train < 1:
        raise ValueError(f"train must be a fraction strictly between 0 and 1, got {train}")
    if not 0 <= val < 1:
        raise ValueError(f"val must be a fraction in [0, 1), got {val}")
    if train + val >= 1:
        raise ValueError(f"train + val must be below 1 to leave a test part, got {train} + {val} "
                         f"= {train + val}")
    if not isinstance(data, (np.ndarray, pd.Series, pd.DataFrame)):
        raise TypeError(f"data must be a NumPy array, pandas Series or DataFrame, got "
                        f"{type(data).__name__}")
    n = len(data)
    n_train, n_val = int(round(n * train)), int(round(n * val))
    if n_train < 1 or n - n_train - n_val < 1 or (val > 0 and n_val < 1):
        raise ValueError(f"data has {n} rows: too few to split into train={train}, val={val} "
                         "and a non-empty test part")
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
            raise ValueError(f"train must have at least 2 rows to estimate a spread, got {values.shape[0]}")
        _check_finite(values, "train", index, columns)
        mean, std = values.mean(axis=0), values.std(axis=0)
        flat = np.flatnonzero(std == 0)
        if flat.size:
            name = columns[flat[0]] if columns is not None else int(flat[0])
            raise ValueError(f"train column {name!r} is constant (standard deviation 0): it cannot be "
                             "standardised; drop it")
        return cls(mean, std, tuple(columns) if columns is not None else None)

    def _positions(self, columns) -> list[int]:
        if columns is None:
            return list(range(self.mean.size))
        return _column_positions(columns, list(self.columns) if self.columns else None, self.mean.size)

    def transform(self, data):
        """Standardise ``data`` (same columns as at fit time); pandas in, pandas out."""
        values, columns, _ = _as_2d(data)
        if values.shape[1] != self.mean.size:
            raise ValueError(f"data must have the {self.mean.size} columns seen at fit time, "
                             f"got {values.shape[1]}")
        if self.columns is not None and columns is not None and tuple(columns) != self.columns:
            raise ValueError(f"data columns {columns} differ from those seen at fit time "
                             f"{list(self.columns)}")
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
        arr = np.asarray(values, dtype=np.float64)
        positions = self._positions(columns)
        if arr.ndim == 0 or arr.shape[-1] != len(positions):
            raise ValueError(f"values' last axis must have {len(positions)} entries (one per column "
                             f"{columns if columns is not None else 'fitted'}), got shape {arr.shape}")
        return arr * self.std[positions] + self.mean[positions]
