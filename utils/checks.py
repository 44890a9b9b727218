"""Shared argument checkers: every public function in ``utils`` validates its input through these.

Each checker takes the value and the argument's name, returns the value in a normal form (a Python
``int``/``float``/``str``, a ``list``, a NumPy array) and raises an error that says which function
and argument were wrong, what was expected and what was given::

    <function>: <argument> must be <expected>, got <what was given>

``TypeError`` means the kind of value is wrong (a str for a number, a list of str for an array),
``ValueError`` that the kind is right but the value is not (out of range, wrong shape, NaN, empty,
out of order). The function name is found automatically: the nearest public function of ``utils``
on the call stack (``Standardizer.transform``, ``Adam``), or give it with ``func=``.

>>> from utils import checks
>>> checks.check_real(1e-3, "lr", gt=0)
0.001
>>> checks.check_real(float("inf"), "lr", gt=0)
Traceback (most recent call last):
...
ValueError: lr must be a finite real number > 0, got inf
>>> checks.check_sequence_of("model", "by", str)
Traceback (most recent call last):
...
TypeError: by must be a non-empty list of str, got str 'model' (a single str is not read letter by letter: write ['model'])

Numbers: Python and NumPy integers and floats are accepted; ``bool`` (and ``np.bool_``) and complex
numbers are not numbers here. NaN and infinity are rejected unless allowed. Bounds are given as
``gt=`` / ``ge=`` / ``lt=`` / ``le=`` (exclusive / inclusive).

Token ids: id 0 is the padding id throughout ``utils.text`` (``Vocabulary`` puts ``"<pad>"`` there and
``pad_sequences`` fills with it); :func:`check_token_ids` with ``allow_padding=False`` rejects 0 where a
real token is expected.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from numbers import Integral, Real
from pathlib import Path

import numpy as np

__all__ = ["describe", "check_int", "check_real", "check_bool", "check_str", "check_choice", "check_sequence_of",
           "check_mapping", "check_callable", "check_path", "check_array", "check_sorted_time", "check_token_ids",
           "check_dataframe", "check_chapter", "fail"]


INT32_LIMIT = 2 ** 31                 # token ids must fit an int32 (Keras Embedding inputs, pad_sequences output)
_UTILS_DIR = os.path.dirname(os.path.abspath(__file__))
_THIS_FILE = os.path.abspath(__file__)


# --------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------


def describe(value, limit: int = 60) -> str:
    """A short description of ``value`` for an error message: its type and (abridged) value.

    >>> describe("model"), describe(float("nan")), describe(np.zeros((2, 3)))
    ("str 'model'", 'nan', 'ndarray of shape (2, 3), dtype float64')
    """
    if isinstance(value, np.ndarray):
        return f"ndarray of shape {value.shape}, dtype {value.dtype}"
    if type(value).__name__ in ("DataFrame", "Series", "Index", "DatetimeIndex", "RangeIndex"):
        shape = getattr(value, "shape", None)
        dtype = getattr(value, "dtype", None)
        return f"{type(value).__name__} of shape {shape}" + (f", dtype {dtype}" if dtype is not None else "")
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return repr(value)
    if isinstance(value, (list, tuple)) and len(value) > 8:
        return f"{type(value).__name__} of length {len(value)}"
    text = repr(value)
    if len(text) > limit:
        text = text[:limit - 3] + "..."
    if value is None:
        return "None"
    return f"{type(value).__name__} {text}"


def _public_name(code) -> str:
    qual = getattr(code, "co_qualname", code.co_name)
    parts = [p for p in qual.split(".") if p != "<locals>"]
    last = parts[-1]
    if last in ("__init__", "__post_init__", "__call__") and len(parts) > 1:
        return parts[-2]
    if last.startswith(("_", "<")) or any(p.startswith("<") for p in parts[:-1]):
        return ""
    return ".".join(parts[-2:])


def _caller() -> str:
    """The public ``utils`` function the user called: the outermost one in the run of ``utils`` frames.

    ``best_lag`` calling ``lagged_mae`` reports ``best_lag``; a method reports ``Class.method``,
    a constructor ``Class``; private helpers and lambdas are skipped.
    """
    frame, found, inside = sys._getframe(1), "", False
    while frame is not None:
        path = os.path.abspath(frame.f_code.co_filename)
        if path == _THIS_FILE:
            frame = frame.f_back
            continue
        if not path.startswith(_UTILS_DIR + os.sep):          # utils and its subpackages (utils.data, utils.gates...)
            if inside:
                break
        else:
            inside = True
            found = _public_name(frame.f_code) or found
        frame = frame.f_back
    return found


def fail(exc_type: type[Exception], name: str, expected: str, given: str, hint: str = "",
         func: str | None = None) -> Exception:
    """Build (not raise) ``exc_type("<func>: <name> must be <expected>, got <given>[ (hint)]")``.

    Use it for checks this module does not have: ``raise checks.fail(ValueError, "horizon", "< len(data)", "9")``.
    """
    func = _caller() if func is None else func
    prefix = f"{func}: " if func else ""
    return exc_type(f"{prefix}{name} must be {expected}, got {given}" + (f" ({hint})" if hint else ""))


def _bounds_text(gt, ge, lt, le) -> str:
    parts = []
    if gt is not None:
        parts.append(f"> {gt}")
    if ge is not None:
        parts.append(f">= {ge}")
    if lt is not None:
        parts.append(f"< {lt}")
    if le is not None:
        parts.append(f"<= {le}")
    return " and ".join(parts)


def _in_bounds(x, gt, ge, lt, le) -> bool:
    return ((gt is None or x > gt) and (ge is None or x >= ge)
            and (lt is None or x < lt) and (le is None or x <= le))


# --------------------------------------------------------------------------------------------
# Scalars
# --------------------------------------------------------------------------------------------


def _is_bool(value) -> bool:
    return isinstance(value, (bool, np.bool_))


def check_int(value, name: str, *, gt=None, ge=None, lt=None, le=None, what: str = "an int",
              func: str | None = None) -> int:
    """``value`` as a Python ``int``; Python and NumPy integers pass, bool and floats (even ``3.0``) do not.

    >>> check_int(np.int64(3), "horizon", ge=1)
    3

    ``what`` names the kind in messages (default "an int"; e.g. "a seed").
    """
    bounds = _bounds_text(gt, ge, lt, le)
    expected = what + (f" {bounds}" if bounds else "")
    if _is_bool(value) or not isinstance(value, Integral):
        raise fail(TypeError, name, expected, describe(value), func=func)
    value = int(value)
    if not _in_bounds(value, gt, ge, lt, le):
        raise fail(ValueError, name, expected, str(value), func=func)
    return value


def check_real(value, name: str, *, gt=None, ge=None, lt=None, le=None, allow_nan: bool = False,
               allow_inf: bool = False, what: str | None = None, func: str | None = None) -> float:
    """``value`` as a Python ``float``; ints and floats (Python or NumPy) pass, bool and complex do not.

    NaN and ±inf fail unless ``allow_nan`` / ``allow_inf``: ``lr=inf`` fails ``gt=0``.

    >>> check_real(np.float32(0.5), "temperature", gt=0)
    0.5

    ``what`` names the kind in messages (default "a finite real number"; e.g. "a fraction").
    """
    bounds = _bounds_text(gt, ge, lt, le)
    finite = "" if allow_inf else "finite "
    expected = (what or f"a {finite}real number") + (f" {bounds}" if bounds else "")
    if _is_bool(value) or not isinstance(value, Real):
        raise fail(TypeError, name, expected, describe(value), func=func)
    value = float(value)
    if math.isnan(value):
        if allow_nan:
            return value
        raise fail(ValueError, name, expected, "nan", func=func)
    if math.isinf(value) and not allow_inf:
        raise fail(ValueError, name, expected, repr(value), func=func)
    if not _in_bounds(value, gt, ge, lt, le):
        raise fail(ValueError, name, expected, repr(value), func=func)
    return value


def check_bool(value, name: str, *, func: str | None = None) -> bool:
    """``value`` as a Python ``bool``; only ``True``/``False`` (or ``np.bool_``) pass, not 0/1 or "yes"."""
    if not _is_bool(value):
        raise fail(TypeError, name, "True or False", describe(value), func=func)
    return bool(value)


def check_str(value, name: str, *, choices: Iterable[str] | None = None, nonempty: bool = True,
              func: str | None = None) -> str:
    """``value`` as a ``str``, non-empty unless ``nonempty=False``, one of ``choices`` if given.

    >>> check_str("tanh", "activation_name", choices=("tanh", "relu"))
    'tanh'
    """
    choices = None if choices is None else list(choices)
    expected = f"one of {choices}" if choices is not None else ("a non-empty str" if nonempty else "a str")
    if not isinstance(value, str):
        raise fail(TypeError, name, expected, describe(value), func=func)
    if choices is not None and value not in choices:
        raise fail(ValueError, name, expected, repr(value), func=func)
    if nonempty and not value.strip():
        raise fail(ValueError, name, expected, repr(value), func=func)
    return value


def check_choice(value, name: str, choices: Iterable, *, func: str | None = None):
    """``value`` if it equals one of ``choices`` (``True`` never counts as ``1``); else a ``ValueError``.

    >>> check_choice(2, "order", (1, 2))
    2
    """
    choices = list(choices)
    for c in choices:
        if _is_bool(value) == _is_bool(c) and type(value) is not complex and value == c:
            return c
    raise fail(ValueError, name, f"one of {choices}", describe(value), func=func)


# --------------------------------------------------------------------------------------------
# Containers
# --------------------------------------------------------------------------------------------


def _item_check(item) -> tuple[Callable | None, str]:
    if item is None:
        return None, "values"
    if isinstance(item, type) or (isinstance(item, tuple) and all(isinstance(t, type) for t in item)):
        types = item if isinstance(item, tuple) else (item,)
        return types, " or ".join(t.__name__ for t in types)
    if callable(item):
        return item, "values"
    raise TypeError(f"check_sequence_of: item must be a type, a tuple of types or a checker, got {describe(item)}")


def check_sequence_of(value, name: str, item=None, *, nonempty: bool = True, unique: bool = False,
                      what: str | None = None, func: str | None = None) -> list:
    """``value`` as a ``list`` whose elements pass ``item`` (a type, a tuple of types, or ``check(v, name)``).

    A ``str`` (or ``bytes``) is never taken as a sequence of letters: ``by="model"`` is an error
    saying to write ``["model"]``. Lists, tuples, pandas Index and 1-D arrays pass; a ``dict``, a
    ``set`` (no order) and other iterables do not.

    >>> check_sequence_of(("loss", "val_loss"), "metrics", str)
    ['loss', 'val_loss']

    ``what`` names the items in messages ("feature positions"); by default the type names.
    """
    check, label = _item_check(item)
    label = what or label
    expected = f"a {'non-empty ' if nonempty else ''}list of {label}"
    if isinstance(value, (str, bytes)):
        raise fail(TypeError, name, expected, describe(value),
                   hint=f"a single {type(value).__name__} is not read letter by letter: write [{value!r}]", func=func)
    if isinstance(value, np.ndarray):
        if value.ndim != 1:
            raise fail(ValueError, name, expected, describe(value), func=func)
        value = value.tolist()
    elif type(value).__name__ in ("Index", "Series") and hasattr(value, "tolist"):
        value = value.tolist()
    elif not isinstance(value, Sequence):
        raise fail(TypeError, name, expected, describe(value), func=func)
    items = list(value)
    if nonempty and not items:
        raise fail(ValueError, name, expected, "an empty " + type(value).__name__, func=func)
    if isinstance(check, tuple):
        for i, v in enumerate(items):
            if not isinstance(v, check) or (_is_bool(v) and bool not in check):
                raise fail(TypeError, f"{name}[{i}]", label, describe(v), func=func)
    elif check is not None:
        items = [check(v, f"{name}[{i}]") for i, v in enumerate(items)]
    if unique:
        seen = set()
        dups = [v for v in items if v in seen or seen.add(v)]
        if dups:
            raise fail(ValueError, name, f"{expected} without repeats", f"{dups[0]!r} more than once", func=func)
    return items


def check_mapping(value, name: str, *, keys: Iterable | None = None, func: str | None = None) -> Mapping:
    """``value`` itself if it is a mapping (dict) holding at least ``keys``."""
    keys = None if keys is None else list(keys)
    expected = "a dict" + (f" with keys {keys}" if keys else "")
    if not isinstance(value, Mapping):
        raise fail(TypeError, name, expected, describe(value), func=func)
    if keys:
        missing = [k for k in keys if k not in value]
        if missing:
            raise fail(ValueError, name, expected, f"a dict with keys {sorted(map(str, value))} (missing {missing})",
                       func=func)
    return value


def check_callable(value, name: str, *, func: str | None = None) -> Callable:
    """``value`` itself if it can be called."""
    if not callable(value):
        raise fail(TypeError, name, "a function (callable)", describe(value), func=func)
    return value


def check_path(value, name: str, *, func: str | None = None) -> Path:
    """``value`` as a ``pathlib.Path``; ``str`` and ``os.PathLike`` pass, an empty string does not."""
    if not isinstance(value, (str, os.PathLike)):
        raise fail(TypeError, name, "a path (str or pathlib.Path)", describe(value), func=func)
    if isinstance(value, str) and not value.strip():
        raise fail(ValueError, name, "a path (str or pathlib.Path)", "an empty str", func=func)
    return Path(value)


# --------------------------------------------------------------------------------------------
# Arrays
# --------------------------------------------------------------------------------------------

_KINDS = {"real": "real numbers", "integer": "integers", "bool": "booleans", "any": "values"}


def _to_array(value, name: str, func) -> np.ndarray:
    if value is None or isinstance(value, (str, bytes, Mapping, set)) or _is_bool(value):
        raise fail(TypeError, name, "a NumPy array (or a nested list of numbers)", describe(value), func=func)
    if hasattr(value, "to_numpy") and not isinstance(value, np.ndarray):
        value = value.to_numpy()
    try:
        return np.asarray(value)
    except (ValueError, TypeError) as exc:   # ragged nested lists, unconvertible objects
        raise fail(TypeError, name, "a NumPy array (or a nested list of numbers of equal length)",
                   describe(value), hint=str(exc).split("\n")[0], func=func) from None


def _ndim_text(ndim) -> str:
    dims = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    return " or ".join(f"{d}-D" for d in dims)


def check_array(value, name: str, *, kind: str = "real", ndim: int | Sequence[int] | None = None,
                shape: Sequence[int | None] | None = None, layout: str = "", finite: bool = True,
                allow_nan: bool = False, nonempty: bool = True, dtype=None, rows=None, columns=None,
                what: str | None = None, func: str | None = None) -> np.ndarray:
    """``value`` as a NumPy array, checked.

    kind: ``"real"`` (ints or floats, not bool/complex; ints become float64 unless ``dtype`` says
        otherwise), ``"integer"`` (integer dtype; floats that are whole numbers are *not* accepted),
        ``"bool"``, or ``"any"``.
    ndim: an int or several allowed ones; ``shape``: the full shape with ``None`` for "any length"
        (``shape=(None, 3)``); ``layout`` names the axes in messages, e.g. ``"(batch, time, features)"``.
    finite: reject NaN and ±inf (kind "real" only); ``allow_nan=True`` lets NaN (missing values) through
        but still rejects ±inf.
    nonempty: reject arrays with a zero-length axis.
    dtype: cast the result to this dtype (e.g. ``np.float64``).
    rows, columns: labels of the first two axes (a DataFrame's index and columns), used to say where
        the first NaN/inf is ("row 2013-01-01 05:00:00, column 'wind'") instead of its position.
    what: the kind in messages instead of "an array of real numbers", e.g. "integer class ids".

    Lists, tuples, pandas Series/DataFrames and NumPy scalars are converted.

    >>> check_array([[1, 2]], "x", ndim=2).dtype
    dtype('float64')
    """
    array = _to_array(value, name, func)
    if kind not in _KINDS:
        raise ValueError(f"check_array: kind must be one of {list(_KINDS)}, got {kind!r}")
    layout_text = f" {layout}" if layout else ""
    want = _ndim_text(ndim) if ndim is not None else ""
    if shape is not None:
        want = "an array of shape " + str(tuple("any" if s is None else s for s in shape)).replace("'", "")
    expected_kind = what or f"an array of {_KINDS[kind]}"
    if array.dtype == object and kind in ("real", "integer"):   # e.g. a list mixing numbers and None
        try:
            array = array.astype(np.float64)
        except (TypeError, ValueError):
            raise fail(TypeError, name, expected_kind, f"an array holding {describe(array.flat[0])} ...",
                       func=func) from None
    if array.size == 0 and kind == "integer" and not isinstance(value, np.ndarray):
        array = array.astype(np.int64)                   # np.asarray([]) is float64
    dk = array.dtype.kind
    ok = {"real": dk in "iuf", "integer": dk in "iu", "bool": dk == "b", "any": True}[kind]
    if not ok:
        raise fail(TypeError, name, expected_kind, f"dtype {array.dtype}", func=func)
    if ndim is not None and array.ndim not in ((ndim,) if isinstance(ndim, int) else tuple(ndim)):
        raise fail(ValueError, name, f"{want}{layout_text}", f"shape {array.shape}", func=func)
    if shape is not None and (array.ndim != len(shape) or any(s is not None and s != a
                                                              for s, a in zip(shape, array.shape))):
        raise fail(ValueError, name, f"{want}{layout_text}", f"shape {array.shape}", func=func)
    if nonempty and array.size == 0:
        raise fail(ValueError, name, f"non-empty{layout_text}", f"shape {array.shape}", func=func)
    if kind == "real" and dk in "iu":
        array = array.astype(np.float64 if dtype is None else dtype)
    elif dtype is not None:
        array = array.astype(dtype)
    if finite and array.dtype.kind == "f":
        bad = np.isinf(array) if allow_nan else ~np.isfinite(array)
        if bad.any():
            first = tuple(int(i) for i in np.argwhere(bad)[0]) if array.ndim else ()
            what = "finite (no infinity)" if allow_nan else "finite (no NaN or infinity)"
            where = f"position {first}"
            if rows is not None and array.ndim >= 1:
                where = f"row {rows[first[0]]}"
                if columns is not None and array.ndim >= 2:
                    where += f", column {columns[first[1]]!r}"
            raise fail(ValueError, name, what,
                       f"{int(bad.sum())} such value(s), the first {float(array[first])!r} at {where}",
                       hint="fill or drop them first", func=func)
    return array


def check_sorted_time(index, name: str, *, func: str | None = None):
    """``index`` itself if it strictly increases: no step back in time, no duplicate, no missing (NaT/NaN).

    Accepts a pandas (Datetime)Index, a Series of timestamps, or a 1-D array of numbers or datetimes.
    Used wherever a split or window assumes "later rows are later in time".

    >>> import pandas as pd
    >>> check_sorted_time(pd.to_datetime(["2024-01-02", "2024-01-01"]), "data.index")
    Traceback (most recent call last):
    ...
    ValueError: data.index must be strictly increasing in time (sorted, no duplicates), got 2024-01-01 00:00:00 after 2024-01-02 00:00:00 at row 1 (sort with .sort_index() and drop duplicates)
    """
    if getattr(getattr(index, "dtype", None), "tz", None) is not None:        # tz-aware: compare instants in UTC
        import pandas as pd

        values = pd.DatetimeIndex(index).tz_convert(None).to_numpy()
    else:
        values = index.to_numpy() if hasattr(index, "to_numpy") else np.asarray(index)
    if values.ndim != 1:
        raise fail(ValueError, name, "a 1-D time index", f"shape {values.shape}", func=func)
    if values.dtype.kind not in "iufMm":
        raise fail(TypeError, name, "timestamps or numbers", f"dtype {values.dtype}", func=func)
    missing = np.isnat(values) if values.dtype.kind in "Mm" else np.isnan(values) if values.dtype.kind == "f" \
        else np.zeros(len(values), bool)
    if missing.any():
        raise fail(ValueError, name, "a time index without missing timestamps",
                   f"{int(missing.sum())} missing (NaT/NaN), the first at row {int(np.argmax(missing))}",
                   hint="drop those rows first", func=func)
    if len(values) > 1:
        step_ok = values[1:] > values[:-1]
        if not step_ok.all():
            row = int(np.argmin(step_ok)) + 1
            a, b = index[row - 1], index[row]
            relation = "a duplicate of" if values[row] == values[row - 1] else "after"
            raise fail(ValueError, name, "strictly increasing in time (sorted, no duplicates)",
                       f"{b} {relation} {a} at row {row}",
                       hint="sort with .sort_index() and drop duplicates", func=func)
    return index


def check_token_ids(ids, name: str, vocab_size: int | None = None, *, allow_padding: bool = True,
                    ndim: int | Sequence[int] | None = None, nonempty: bool = True,
                    func: str | None = None) -> np.ndarray:
    """``ids`` as an int64 array of token ids in ``[0, vocab_size)`` (or ``[1, vocab_size)``).

    Id 0 is the padding id (``Vocabulary.pad_id``; ``pad_sequences`` fills with it and its mask
    marks it as "not a token"). ``allow_padding=False`` rejects 0 where every id must be a real token.
    Without ``vocab_size`` the ids must fit an int32 (< 2**31), the dtype Keras embeddings and
    ``pad_sequences`` use. Negative ids are always an error (NumPy would read -1 as "the last id").

    >>> check_token_ids([[3, 1, 0]], "x", vocab_size=5).tolist()
    [[3, 1, 0]]
    """
    array = check_array(ids, name, kind="integer", ndim=ndim, nonempty=nonempty, what="integer token ids", func=func)
    low = 0 if allow_padding else 1
    high = INT32_LIMIT if vocab_size is None else vocab_size
    what = (f"token ids in [{low}, {high})" + (" (vocab_size)" if vocab_size is not None else " (int32)")
            + ("" if allow_padding else "; 0 is the padding id, not a token"))
    if array.size:
        lo, hi = array.min(), array.max()
        if lo < low or hi >= high:
            bad = (array < low) | (array >= high)
            first = tuple(int(i) for i in np.argwhere(bad)[0])
            raise fail(ValueError, name, what, f"{int(array[first])} at position {first} "
                       f"(values from {int(lo)} to {int(hi)})", func=func)
    return array.astype(np.int64, copy=False)


def check_chapter(value, name: str = "chapter", *, func: str | None = None) -> str:
    """A chapter number as the two-digit string the notebooks use: ``3``, ``"3"`` and ``"03"`` give ``"03"``.

    >>> check_chapter(3), check_chapter("09")
    ('03', '09')
    """
    expected = "a chapter number such as '03' (str) or 3 (int) from 0 to 99"
    if _is_bool(value) or not isinstance(value, (str, Integral)):
        raise fail(TypeError, name, expected, describe(value), func=func)
    text = str(int(value)) if isinstance(value, Integral) else value.strip()
    if not text.isdigit() or len(text) > 2:
        raise fail(ValueError, name, expected, repr(value), func=func)
    return text.zfill(2)


def check_dataframe(value, name: str, *, columns: Iterable | None = None, nonempty: bool = True,
                    func: str | None = None):
    """``value`` itself if it is a pandas DataFrame with at least ``columns`` and (unless allowed) rows."""
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        raise fail(TypeError, name, "a pandas DataFrame", describe(value), func=func)
    if columns is not None:
        columns = list(columns)
        missing = [c for c in columns if c not in value.columns]
        if missing:
            raise fail(ValueError, name, f"a DataFrame with columns {columns}",
                       f"columns {list(value.columns)} (missing {missing})", func=func)
    if nonempty and len(value) == 0:
        raise fail(ValueError, name, "a DataFrame with at least one row", "0 rows", func=func)
    return value
