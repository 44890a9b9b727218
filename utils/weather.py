"""Cleaning hourly weather readings into model features: one row per hour, SI units, no gaps.

The steps, each a small function that a chapter can call and narrate on its own:

1. :func:`regular_hours`: one row per hour (duplicated hours dropped, the first kept; missing
   hours inserted as empty rows);
2. :func:`find_spikes`: readings that jump more than a threshold away from *both* neighbours
   (in the JFK data, temperatures written in °C instead of °F); the chapter sets them to NaN;
3. :func:`to_si_units` (°F to °C, mph to m/s, mbar = hPa) and :func:`wind_vector` (direction and
   speed to an eastward/northward vector, calm or variable wind to the zero vector);
4. :func:`interpolate_gaps`: fill gaps in time order, refusing gaps longer than ``max_gap`` hours;
5. :func:`time_features`: time of day and of year as sine/cosine pairs.

:func:`prepare_weather` runs all of them and returns the feature frame and a
:class:`CleaningReport` of what it changed:

>>> from utils import data, weather
>>> features, report = weather.prepare_weather(data.load_nyc_weather("JFK"))   # doctest: +SKIP
>>> features.columns.tolist()                                                # doctest: +SKIP
['temp', 'dewp', 'pressure', 'wind_u', 'wind_v', 'day_sin', 'day_cos', 'year_sin', 'year_cos']
>>> print(report)                                                            # doctest: +SKIP
duplicated hours dropped: 0
hours inserted: 24 (longest run 5 hours)
...

Nothing is dropped or filled silently: every change is counted in the report, and what cannot be
cleaned (a gap longer than ``max_gap``, missing readings at either end, a column with no values)
raises an error that says where and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import checks

__all__ = [
    "RAW_COLUMNS", "FEATURES", "TIME_FEATURES", "MPH_TO_MS", "HourlyReport", "CleaningReport",
    "regular_hours", "find_spikes", "longest_gap", "fahrenheit_to_celsius", "to_si_units", "wind_vector",
    "interpolate_gaps", "time_features", "prepare_weather",
]

RAW_COLUMNS = ("temp", "dewp", "pressure", "wind_dir", "wind_speed")
"""Columns the cleaning needs, in the units recorded: °F, °F, mbar, degrees (from), mph."""
FEATURES = ("temp", "dewp", "pressure", "wind_u", "wind_v")
"""The weather columns of :func:`prepare_weather`: °C, °C, hPa, m/s eastward, m/s northward."""
TIME_FEATURES = ("day_sin", "day_cos", "year_sin", "year_cos")
MPH_TO_MS = 0.44704
"""One mile per hour in metres per second (exact by definition)."""
SPIKE_COLUMNS = ("temp", "dewp")
DAY_S, YEAR_S = 24 * 3600, 365.2425 * 24 * 3600     # a day and a mean Gregorian year, in seconds

_LOADER_HINT = ("utils.data.load_nyc_weather('JFK') returns such a frame (one airport, indexed by time; "
                "EWR and LGA work too)")


# --------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------


def _check_frame(frame, name: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise checks.fail(TypeError, name, "a pandas DataFrame of hourly readings", checks.describe(frame),
                          hint=_LOADER_HINT)
    return checks.check_dataframe(frame, name)


def _check_time_index(index, name: str, unique: bool = False) -> pd.DatetimeIndex:
    """A DatetimeIndex without NaT that never goes back in time (and, if ``unique``, strictly increases)."""
    if not isinstance(index, pd.DatetimeIndex):
        hint = ""
        if isinstance(index, pd.RangeIndex) or index.dtype.kind not in "Mm":
            hint = (" load one airport with utils.data.load_nyc_weather('JFK') (origin=None gives all three "
                    "airports with a 'time' column: pick one and .set_index('time'))")
        raise TypeError(f"{name} must be indexed by time (a pandas DatetimeIndex), got {type(index).__name__} "
                        f"of dtype {index.dtype};{hint}")
    if index.hasnans:
        raise ValueError(f"{name}'s time index has {int(index.isna().sum())} missing timestamp(s) (NaT): drop "
                         "those rows first")
    if not index.is_monotonic_increasing:
        back = int((np.diff(index.asi8) < 0).sum())
        first = int(np.argmax(np.diff(index.asi8) < 0)) + 1
        raise ValueError(f"{name}'s time index must increase: it goes back in time {back} time(s), the first at "
                         f"row {first} ({index[first - 1]} then {index[first]}); sort it with .sort_index()")
    if unique and not index.is_unique:
        raise ValueError(f"{name}'s time index has {int(index.duplicated().sum())} duplicated timestamp(s), the "
                         f"first {index[index.duplicated()][0]}; drop them with regular_hours() first")
    return index


def _check_columns(frame: pd.DataFrame, columns, name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {missing}: cleaning needs {list(columns)} (temperature and dew "
                         f"point in °F, pressure in mbar, wind direction in degrees and speed in mph); "
                         f"{_LOADER_HINT}. {name} has columns {list(frame.columns)}")
    for c in columns:
        if not pd.api.types.is_numeric_dtype(frame[c]) or pd.api.types.is_bool_dtype(frame[c]):
            raise TypeError(f"{name} column {c!r} must hold numbers, got dtype {frame[c].dtype}")
        values = frame[c].to_numpy(dtype=np.float64)
        if np.isinf(values).any():
            raise ValueError(f"{name} column {c!r} holds {int(np.isinf(values).sum())} infinite value(s), the "
                             f"first at {frame.index[np.isinf(values)][0]}; set them to NaN if they mean 'missing'")
        if np.isnan(values).all():
            raise ValueError(f"{name} column {c!r} has no values at all (all {len(values)} rows are NaN): there "
                             "is nothing to clean or interpolate from; check that the right airport and period "
                             "were loaded")


def _check_positive(name: str, value) -> float:
    return checks.check_real(value, name, gt=0, what="a finite number")


def _as_series(values, name: str) -> pd.Series:
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, pd.DataFrame):
        raise checks.fail(TypeError, name, "one column (a Series)",
                          f"a DataFrame with columns {list(values.columns)}")
    arr = checks.check_array(values, name, ndim=1, allow_nan=True, nonempty=False, dtype=np.float64)
    return pd.Series(arr, name=name)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) positions of the runs of True in a boolean array."""
    padded = np.concatenate([[False], np.asarray(mask, dtype=bool), [False]])
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def _fmt_time(t) -> str:
    return f"{t:%Y-%m-%d %H:%M}" if isinstance(t, pd.Timestamp) else str(t)


# --------------------------------------------------------------------------------------------
# 1. One row per hour
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HourlyReport:
    """What :func:`regular_hours` changed: the rows dropped and the hours inserted."""

    duplicated: pd.DatetimeIndex
    """Timestamps of the dropped rows: later copies of an hour already present (the first is kept)."""
    inserted: pd.DatetimeIndex
    """Hours missing from the input, inserted as rows of NaN."""

    @property
    def longest_missing_run(self) -> int:
        """The longest run of consecutive missing hours (0 when none was missing)."""
        if len(self.inserted) == 0:
            return 0
        step = pd.Series(self.inserted).diff().ne(pd.Timedelta(hours=1))
        return int(step.cumsum().value_counts().max())


def regular_hours(raw: pd.DataFrame) -> tuple[pd.DataFrame, HourlyReport]:
    """Put readings on a regular hourly grid: (frame with one row per hour, :class:`HourlyReport`).

    Of a duplicated hour the first row is kept; hours missing between the first and the last
    reading are inserted as rows of NaN, so that 24 rows always mean 24 hours. Every column is kept.

    >>> t = pd.to_datetime(["2013-01-01 00:00", "2013-01-01 01:00", "2013-01-01 01:00",
    ...                     "2013-01-01 03:00"], utc=True)
    >>> hourly, grid = regular_hours(pd.DataFrame({"temp": [30.0, 31.0, 99.0, 33.0]}, index=t))
    >>> hourly["temp"].tolist()
    [30.0, 31.0, nan, 33.0]
    >>> [f"{h:%H:%M}" for h in grid.duplicated], [f"{h:%H:%M}" for h in grid.inserted]
    (['01:00'], ['02:00'])

    Raises TypeError unless ``raw`` is a DataFrame indexed by time, ValueError if the index goes
    back in time or holds timestamps that are not on the hour (nothing is rounded silently).
    """
    raw = _check_frame(raw, "raw")
    index = _check_time_index(raw.index, "raw")
    off_hour = index != index.floor("h")
    if off_hour.any():
        raise ValueError(f"raw has {int(off_hour.sum())} timestamp(s) that are not on the hour, the first "
                         f"{index[off_hour][0]}: an hourly grid would lose them. Round them first "
                         "(raw.index = raw.index.floor('h'); the duplicates this makes are then dropped and "
                         "reported) or resample, e.g. raw.resample('h').mean()")
    is_copy = index.duplicated(keep="first")
    hours = pd.date_range(index[0], index[-1], freq="h", name=index.name)
    hourly = raw[~is_copy].reindex(hours)
    report = HourlyReport(duplicated=index[is_copy], inserted=hours.difference(index))
    return hourly, report


# --------------------------------------------------------------------------------------------
# 2. Spikes and gaps
# --------------------------------------------------------------------------------------------


def find_spikes(series: pd.Series, threshold: float) -> pd.DataFrame:
    """Readings more than ``threshold`` away from *both* neighbours: a jump there and straight back.

    Returns one row per spike, indexed like ``series``, with the reading ``before``, the ``value``
    itself and the reading ``after``. The neighbours are the adjacent rows, so put the series on a
    regular grid first (:func:`regular_hours`). A reading next to a missing one, or at either end,
    is never a spike: it has only one neighbour to compare with.

    >>> t = pd.date_range("2013-05-09 01:00", periods=4, freq="h")
    >>> spikes = find_spikes(pd.Series([57.0, 13.1, 57.2, 58.0], index=t), threshold=20)
    >>> [(f"{h:%H:%M}", before, value, after) for h, before, value, after in spikes.itertuples()]
    [('02:00', 57.0, 13.1, 57.2)]
    """
    if not isinstance(series, pd.Series):
        raise checks.fail(TypeError, "series", "a pandas Series (one column)", checks.describe(series))
    threshold = _check_positive("threshold", threshold)
    x = pd.Series(checks.check_array(series, "series", ndim=1, allow_nan=True, nonempty=False, dtype=np.float64),
                  index=series.index, name=series.name)
    before, after = x.shift(1), x.shift(-1)
    is_spike = ((x - before).abs() > threshold) & ((x - after).abs() > threshold)
    return pd.DataFrame({"before": before[is_spike], "value": x[is_spike], "after": after[is_spike]})


def longest_gap(series: pd.Series) -> int:
    """The longest run of consecutive missing values (rows; hours on an hourly grid).

    >>> longest_gap(pd.Series([1.0, np.nan, np.nan, 4.0, np.nan]))
    2
    """
    values = _as_series(series, "series")
    return max((stop - start for start, stop in _runs(values.isna().to_numpy())), default=0)


def interpolate_gaps(frame: pd.DataFrame, max_gap: int = 12) -> tuple[pd.DataFrame, dict[str, int]]:
    """Fill missing values by linear interpolation in time: (filled frame, values filled per column).

    Only gaps *between* two readings and at most ``max_gap`` rows long are filled; anything else
    raises instead of being left half-filled or dropped (pandas' own ``limit`` would fill the first
    ``max_gap`` values of a longer gap and silently leave the rest). Interpolation uses the reading
    after a gap, a small look into the future that is harmless for gaps of a few hours.

    >>> t = pd.date_range("2013-01-01", periods=5, freq="h")
    >>> filled, counts = interpolate_gaps(pd.DataFrame({"temp": [0.0, np.nan, np.nan, 3.0, 4.0]}, index=t))
    >>> filled["temp"].tolist(), counts
    ([0.0, 1.0, 2.0, 3.0, 4.0], {'temp': 2})

    Raises ValueError for a gap longer than ``max_gap`` (the message says which column, how many
    values and where, and the ``max_gap`` that would fill it), for missing values at the start or the end
    (interpolation does not extrapolate: trim the frame), for a column with no values at all, and
    for an index that is not a regular, increasing time grid.
    """
    frame = _check_frame(frame, "frame")
    max_gap = checks.check_int(max_gap, "max_gap", ge=0)
    return _interpolate_gaps(frame, max_gap, what="frame", unit="rows", trim="frame")


def _interpolate_gaps(frame: pd.DataFrame, max_gap: int, what: str, unit: str,
                      trim: str) -> tuple[pd.DataFrame, dict[str, int]]:
    """interpolate_gaps; the messages name ``what`` is checked, count gaps in ``unit`` and say
    which frame to trim (``trim``)."""
    index = _check_time_index(frame.index, "frame", unique=True)
    if len(index) > 2 and len(np.unique(np.diff(index.asi8))) > 1:
        raise ValueError("frame's time index must be a regular grid (max_gap counts rows); put it on one "
                         "with regular_hours() first")
    filled = {}
    for col in frame.columns:
        x = frame[col]
        if not pd.api.types.is_numeric_dtype(x) or pd.api.types.is_bool_dtype(x):
            raise TypeError(f"{what}, column {col!r}, must hold numbers, got dtype {x.dtype}")
        infinite = np.isinf(x.to_numpy(dtype=np.float64))
        if infinite.any():
            raise checks.fail(ValueError, f"{what}, column {col!r},", "finite or NaN (missing)",
                              f"{int(infinite.sum())} infinite value(s), the first at "
                              f"{_fmt_time(index[np.argmax(infinite)])}", hint="set them to NaN if they mean 'missing'")
        missing = x.isna().to_numpy()
        if missing.all():
            raise ValueError(f"{what}, column {col!r}, has no values at all (all {len(x)} rows are NaN): there is "
                             "nothing to interpolate from")
        runs = _runs(missing)
        edge = [(a, b) for a, b in runs if a == 0 or b == len(x)]
        if edge:
            where = "; ".join(f"{b - a} at the {'start' if a == 0 else 'end'} ({_fmt_time(index[a])} to "
                              f"{_fmt_time(index[b - 1])})" for a, b in edge)
            first, last = _fmt_time(x.first_valid_index()), _fmt_time(x.last_valid_index())
            raise ValueError(f"{what}, column {col!r}, has missing values before its first or after its last "
                             f"reading: {where}. Interpolation only fills gaps between two readings and never "
                             f"extrapolates; trim the period to {first} .. {last}, e.g. "
                             f"{trim}.loc['{first}':'{last}']")
        long = [(a, b) for a, b in runs if b - a > max_gap]
        if long:
            a, b = max(long, key=lambda r: r[1] - r[0])
            raise ValueError(f"{what}, column {col!r}, has {len(long)} gap(s) longer than max_gap={max_gap} {unit}, "
                             f"{sum(s - r for r, s in long)} missing value(s) in all; the longest is {b - a} {unit} "
                             f"from {_fmt_time(index[a])} to {_fmt_time(index[b - 1])}. Nothing was filled: "
                             f"raise max_gap to at least {b - a} if interpolating that far is acceptable, or cut "
                             "the series around the gap")
        filled[col] = int(missing.sum())
    if sum(filled.values()) == 0:
        return frame.copy(), filled
    # Every gap is inside and at most max_gap long (checked above), so limit never cuts a gap short.
    out = frame.interpolate(method="time", limit=max_gap, limit_area="inside")
    return out, filled


# --------------------------------------------------------------------------------------------
# 3. Units and wind
# --------------------------------------------------------------------------------------------


def fahrenheit_to_celsius(fahrenheit):
    r"""$T_{°C} = (T_{°F} - 32)\cdot 5/9$, for a number, an array or a Series.

    >>> fahrenheit_to_celsius(212.0), fahrenheit_to_celsius(np.array([32.0, -40.0])).tolist()
    (100.0, [0.0, -40.0])

    NaN (a missing reading) stays NaN; bool, str, complex and infinite values are refused.
    """
    if isinstance(fahrenheit, (pd.Series, pd.DataFrame)):
        checks.check_array(fahrenheit, "fahrenheit", allow_nan=True, nonempty=False)
    elif isinstance(fahrenheit, (np.ndarray, list, tuple)):
        fahrenheit = checks.check_array(fahrenheit, "fahrenheit", allow_nan=True, nonempty=False)
    else:
        fahrenheit = checks.check_real(fahrenheit, "fahrenheit", allow_nan=True, what="a temperature in °F")
    return (fahrenheit - 32) * 5 / 9


def to_si_units(frame: pd.DataFrame) -> pd.DataFrame:
    """The cleaning columns in SI units: temp and dewp in °C, pressure in hPa, wind_speed in m/s.

    ``wind_dir`` stays in degrees (the direction the wind comes from); 1 mbar = 1 hPa, so pressure
    is unchanged. Other columns are left out.

    >>> raw = pd.DataFrame({"temp": [32.0, 212.0], "dewp": [14.0, 50.0], "pressure": [1013.25, 990.0],
    ...                     "wind_dir": [0.0, 270.0], "wind_speed": [0.0, 10.0]})
    >>> si = to_si_units(raw).round(3)
    >>> si["temp"].tolist(), si["dewp"].tolist(), si["pressure"].tolist(), si["wind_speed"].tolist()
    ([0.0, 100.0], [-10.0, 10.0], [1013.25, 990.0], [0.0, 4.47])
    """
    frame = _check_frame(frame, "frame")
    _check_columns(frame, RAW_COLUMNS, "frame")
    return pd.DataFrame({
        "temp": fahrenheit_to_celsius(frame["temp"]),
        "dewp": fahrenheit_to_celsius(frame["dewp"]),
        "pressure": frame["pressure"],                    # mbar = hPa
        "wind_dir": frame["wind_dir"],
        "wind_speed": frame["wind_speed"] * MPH_TO_MS,
    }, index=frame.index)


def wind_vector(direction_deg, speed) -> pd.DataFrame:
    r"""Wind as the vector of where the air goes: columns ``wind_u`` (eastward) and ``wind_v`` (northward).

    With speed $s$ and the direction $\theta$ the wind blows *from* (meteorological convention,
    degrees clockwise from north): $u = -s \sin\theta$, $v = -s \cos\theta$. Wind from the north
    blows southward, so $v < 0$. The vector has the units of ``speed``.

    A missing direction gives the zero vector: the wind was variable (a speed but no direction, so
    no net direction) or, when the speed is missing too, not recorded at all; such hours are
    treated as calm rather than guessed. A missing speed with a direction gives NaN (to be
    interpolated). A calm wind (speed 0) has a zero vector whatever its direction.

    >>> w = wind_vector([0.0, 90.0, np.nan, 180.0], [10.0, 10.0, 5.0, 0.0])   # from N, from E, variable, calm
    >>> (w.round(6) + 0.0).to_dict("list")                  # + 0.0 turns -0.0 into 0.0 for printing
    {'wind_u': [0.0, -10.0, 0.0, 0.0], 'wind_v': [-10.0, 0.0, 0.0, 0.0]}

    Raises ValueError for directions outside [0, 360], negative speeds, or inputs of different
    lengths or indexes.
    """
    direction, speed = _as_series(direction_deg, "direction_deg"), _as_series(speed, "speed")
    if len(direction) != len(speed) or not direction.index.equals(speed.index):
        raise checks.fail(ValueError, "direction_deg and speed", "of the same length and index",
                          f"{len(direction)} and {len(speed)} values"
                          + ("" if len(direction) != len(speed) else " with different indexes"))
    for name, s in (("direction_deg", direction), ("speed", speed)):
        if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            raise checks.fail(TypeError, name, "numbers", f"dtype {s.dtype}")
        checks.check_array(s, name, allow_nan=True, nonempty=False)          # NaN means missing; inf is an error
    bad_dir = (direction < 0) | (direction > 360)
    if bad_dir.any():
        raise ValueError(f"direction_deg must lie in [0, 360] degrees (the direction the wind comes from), got "
                         f"{int(bad_dir.sum())} value(s) outside, e.g. {direction[bad_dir].iloc[0]} at "
                         f"{_fmt_time(direction.index[bad_dir.to_numpy()][0])}")
    if (speed < 0).any():
        raise ValueError(f"speed must not be negative, got {int((speed < 0).sum())} negative value(s), e.g. "
                         f"{speed[speed < 0].iloc[0]}")
    theta = np.deg2rad(direction)
    has_direction = direction.notna()
    return pd.DataFrame({"wind_u": (-speed * np.sin(theta)).where(has_direction, 0.0),
                         "wind_v": (-speed * np.cos(theta)).where(has_direction, 0.0)}, index=direction.index)


# --------------------------------------------------------------------------------------------
# 4. Time as circles
# --------------------------------------------------------------------------------------------


def _time_features(index: pd.DatetimeIndex) -> pd.DataFrame:
    clock = index.tz_localize(None) if index.tz is not None else index     # wall-clock time in the index's zone
    start = pd.Timestamp(year=clock[0].year, month=1, day=1)
    seconds = (clock - start).total_seconds().to_numpy()
    return pd.DataFrame({
        "day_sin": np.sin(2 * np.pi * seconds / DAY_S), "day_cos": np.cos(2 * np.pi * seconds / DAY_S),
        "year_sin": np.sin(2 * np.pi * seconds / YEAR_S), "year_cos": np.cos(2 * np.pi * seconds / YEAR_S),
    }, index=index)


def time_features(index: pd.DatetimeIndex) -> pd.DataFrame:
    r"""Time of day and of year on circles: $\sin(2\pi t/P)$, $\cos(2\pi t/P)$ for P = 1 day and 1 year.

    ``t`` is measured from midnight, 1 January of the index's first year, on the wall clock of the
    index's time zone (UTC for :func:`utils.data.load_nyc_weather`, which has no daylight saving);
    a year is 365.2425 days. For a zone with daylight saving (e.g. ``America/New_York``) the clock
    time is used, so local midnight is midnight in summer too, not 23:00. Columns ``day_sin``,
    ``day_cos``, ``year_sin``, ``year_cos``, indexed like ``index``.

    >>> f = time_features(pd.date_range("2013-01-01 00:00", periods=25, freq="6h", tz="UTC"))
    >>> (f[["day_sin", "day_cos"]].iloc[:3].round(6) + 0.0).to_dict("list")   # midnight, 6:00, noon
    {'day_sin': [0.0, 1.0, 0.0], 'day_cos': [1.0, 0.0, -1.0]}
    """
    if not isinstance(index, pd.DatetimeIndex):
        raise checks.fail(TypeError, "index", "a pandas DatetimeIndex", checks.describe(index),
                          hint="pass frame.index of a frame indexed by time")
    if len(index) == 0:
        raise checks.fail(ValueError, "index", "a non-empty DatetimeIndex", "an empty one")
    if index.hasnans:
        raise checks.fail(ValueError, "index", "a DatetimeIndex without missing timestamps",
                          f"{int(index.isna().sum())} missing timestamp(s) (NaT)")
    return _time_features(index)


# --------------------------------------------------------------------------------------------
# Everything at once
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleaningReport:
    """What :func:`prepare_weather` changed, counted; ``print(report)`` gives a summary."""

    duplicated: pd.DatetimeIndex
    """Timestamps of rows dropped as later copies of an hour (the first is kept)."""
    inserted: pd.DatetimeIndex
    """Hours missing from the input, inserted and then filled by interpolation."""
    spikes: dict[str, pd.DatetimeIndex]
    """Per column (temp, dewp): the hours whose reading was a spike, set to NaN and interpolated."""
    calm: int
    """Hours with wind speed 0 (zero vector)."""
    variable_wind: int
    """Hours with a wind speed but no direction (zero vector: no net direction)."""
    no_wind_reading: int
    """Hours with neither wind speed nor direction, inserted hours included (zero vector, as if calm)."""
    longest_gap: dict[str, int]
    """Per feature column: the longest run of missing hours before interpolation."""
    interpolated: dict[str, int]
    """Per feature column: how many values interpolation filled."""
    implausible_wind: pd.DatetimeIndex = field(default_factory=lambda: pd.DatetimeIndex([]))
    """Hours whose wind speed exceeded ``max_wind_mph`` (a recording error), set to missing and interpolated."""
    still_missing: int = 0
    """Values still missing in the returned frame: always 0 (prepare_weather raises otherwise)."""
    max_gap: int = 12
    spike_f: float = 20.0

    def __str__(self) -> str:
        spikes = ", ".join(f"{c} {len(t)}" + (f" ({', '.join(_fmt_time(x) for x in t[:3])}"
                                              f"{', ...' if len(t) > 3 else ''})" if len(t) else "")
                           for c, t in self.spikes.items())
        filled = ", ".join(f"{c} {n}" for c, n in self.interpolated.items() if n) or "none"
        longest = max(self.longest_gap.values(), default=0)
        run = HourlyReport(self.duplicated, self.inserted).longest_missing_run
        lines = [
            f"duplicated hours dropped: {len(self.duplicated)}",
            f"hours inserted: {len(self.inserted)}" + (f" (longest run {run} hours)" if run else ""),
            f"spikes (> {self.spike_f:g} °F from both neighbours) set to missing: {spikes}",
            f"implausible wind speeds set to missing: {len(self.implausible_wind)}"
            + (f" ({', '.join(_fmt_time(x) for x in self.implausible_wind[:3])})" if len(self.implausible_wind) else ""),
            f"wind set to the zero vector: {self.calm} calm hours, {self.variable_wind} variable (no direction), "
            f"{self.no_wind_reading} without a wind reading",
            f"values interpolated: {filled} (longest gap {longest} hours, max_gap {self.max_gap})",
            f"values still missing: {self.still_missing}",
        ]
        return "\n".join(lines)


def prepare_weather(raw: pd.DataFrame, *, max_gap: int = 12, spike_f: float = 20, max_wind_mph: float = 150,
                    time_features: bool = True) -> tuple[pd.DataFrame, CleaningReport]:
    """Clean raw hourly readings into model features: (feature frame, :class:`CleaningReport`).

    The steps of chapter 09, in order: :func:`regular_hours`; temperature and dew-point spikes of
    more than ``spike_f`` °F from both neighbours (:func:`find_spikes`) set to missing; wind
    speeds above ``max_wind_mph`` (a recording error: EWR logs 1048 mph once) set to missing;
    :func:`to_si_units` and :func:`wind_vector`; :func:`interpolate_gaps` up to ``max_gap`` hours;
    with ``time_features``, the four columns of :func:`time_features`.

    ``raw`` is what :func:`utils.data.load_nyc_weather` returns for one airport: indexed by time,
    with columns temp and dewp (°F), pressure (mbar), wind_dir (degrees) and wind_speed (mph);
    other columns are ignored. The result has one row per hour from the first reading to the last,
    no missing values, and columns temp, dewp (°C), pressure (hPa), wind_u, wind_v (m/s), then
    day_sin, day_cos, year_sin, year_cos.

    >>> t = pd.date_range("2013-01-01", periods=6, freq="h", tz="UTC", name="time")
    >>> raw = pd.DataFrame({"temp": [32.0, 33.8, 95.0, 37.4, np.nan, 41.0], "dewp": 14.0,
    ...                     "pressure": 1010.0, "wind_dir": 360.0, "wind_speed": 10.0}, index=t)
    >>> features, report = prepare_weather(raw, time_features=False)
    >>> features["temp"].round(2).tolist(), [f"{h:%H:%M}" for h in report.spikes["temp"]]
    ([0.0, 1.0, 2.0, 3.0, 4.0, 5.0], ['02:00'])
    >>> report.interpolated
    {'temp': 2, 'dewp': 0, 'pressure': 0, 'wind_u': 0, 'wind_v': 0}

    Raises TypeError for a ``raw`` that is not a DataFrame indexed by time, ValueError for missing
    columns (naming them), a column with no values, a non-increasing index, ``max_gap < 0``,
    ``spike_f <= 0`` or ``max_wind_mph <= 0``, and a gap longer than ``max_gap`` or missing values at either end, saying
    where and how to fix it (a larger ``max_gap``, or a shorter period).
    """
    raw = _check_frame(raw, "raw")
    max_gap = checks.check_int(max_gap, "max_gap", ge=0)
    spike_f = _check_positive("spike_f", spike_f)
    max_wind_mph = _check_positive("max_wind_mph", max_wind_mph)
    time_features = checks.check_bool(time_features, "time_features")
    _check_time_index(raw.index, "raw")
    _check_columns(raw, RAW_COLUMNS, "raw")

    hourly, grid = regular_hours(raw[list(RAW_COLUMNS)])
    spikes = {}
    for col in SPIKE_COLUMNS:
        found = find_spikes(hourly[col], spike_f)
        hourly.loc[found.index, col] = np.nan
        spikes[col] = found.index
    implausible = hourly.index[(hourly["wind_speed"] > max_wind_mph).to_numpy()]
    hourly.loc[implausible, "wind_speed"] = np.nan      # with a direction: NaN vector, interpolated below

    si = to_si_units(hourly)
    no_direction, no_speed = si["wind_dir"].isna(), si["wind_speed"].isna()
    features = si[["temp", "dewp", "pressure"]].join(wind_vector(si["wind_dir"], si["wind_speed"]))
    gaps = {c: longest_gap(features[c]) for c in features.columns}
    features, filled = _interpolate_gaps(features, max_gap, what="the hourly data (after removing spikes)",
                                         unit="hours", trim="raw")
    if time_features:
        features = features.join(_time_features(features.index))
    still = int(features.isna().sum().sum())
    if still:  # cannot happen: interpolate_gaps raises first; kept so that nothing is ever returned half-clean
        raise AssertionError(f"{still} value(s) still missing after cleaning")

    report = CleaningReport(
        duplicated=grid.duplicated, inserted=grid.inserted, spikes=spikes,
        calm=int((si["wind_speed"] == 0).sum()), variable_wind=int((no_direction & (si["wind_speed"] > 0)).sum()),
        no_wind_reading=int((no_direction & no_speed).sum()), longest_gap=gaps, interpolated=filled,
        implausible_wind=implausible, still_missing=still, max_gap=max_gap, spike_f=spike_f,
    )
    return features, report
