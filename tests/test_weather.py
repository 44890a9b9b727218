"""Unit tests for utils.weather: hourly grid, spikes, units, wind vectors, gap filling, the pipeline."""

import numpy as np
import pandas as pd
import pytest

from utils import data
from utils import weather as wx


def hours(n, start="2013-01-01 00:00"):
    return pd.date_range(start, periods=n, freq="h", tz="UTC", name="time")


def raw_frame(n=8, **columns):
    """A raw frame like data.load_nyc_weather's: °F, mbar, degrees, mph; columns can be overridden."""
    values = {"temp": 50.0 + np.arange(n), "dewp": 40.0 + np.arange(n), "humid": 60.0,
              "pressure": 1010.0 + np.arange(n), "wind_dir": 270.0, "wind_speed": 10.0}
    values.update(columns)
    return pd.DataFrame(values, index=hours(n))


# ----------------------------------------------------------------------------- regular_hours
def test_regular_hours_drops_duplicates_keeping_the_first_and_inserts_missing_hours():
    t = hours(5).delete(3).insert(2, hours(5)[1])        # 00, 01, 01 (copy), 02, 04
    raw = pd.DataFrame({"temp": [1.0, 2.0, 99.0, 3.0, 5.0]}, index=t)
    hourly, grid = wx.regular_hours(raw)
    assert hourly.index.equals(hours(5)) and hourly.index.freq == "h"
    assert hourly["temp"].tolist()[:3] == [1.0, 2.0, 3.0]          # the first 01:00 is kept
    assert np.isnan(hourly["temp"].iloc[3]) and hourly["temp"].iloc[4] == 5.0
    assert grid.duplicated.tolist() == [hours(5)[1]]
    assert grid.inserted.tolist() == [hours(5)[3]]
    assert grid.longest_missing_run == 1


def test_regular_hours_keeps_every_column_and_counts_runs_of_missing_hours():
    t = hours(10)[[0, 1, 5, 6, 9]]                       # 3 missing, then 2 missing
    hourly, grid = wx.regular_hours(pd.DataFrame({"a": 1.0, "b": "x"}, index=t))
    assert list(hourly.columns) == ["a", "b"] and len(hourly) == 10
    assert len(grid.inserted) == 5 and grid.longest_missing_run == 3 and len(grid.duplicated) == 0
    complete, none_missing = wx.regular_hours(raw_frame(4))
    assert none_missing.longest_missing_run == 0 and complete.equals(raw_frame(4))


def test_regular_hours_errors():
    with pytest.raises(TypeError, match="must be a pandas DataFrame.*load_nyc_weather"):
        wx.regular_hours(np.zeros((3, 2)))
    with pytest.raises(TypeError, match="indexed by time.*RangeIndex.*set_index\\('time'\\)"):
        wx.regular_hours(pd.DataFrame({"temp": [1.0, 2.0]}))
    with pytest.raises(ValueError, match="must increase.*goes back in time 1 time.*sort_index"):
        wx.regular_hours(pd.DataFrame({"temp": [1.0, 2.0, 3.0]}, index=hours(3)[[0, 2, 1]]))
    with pytest.raises(ValueError, match="1 timestamp\\(s\\) that are not on the hour.*floor\\('h'\\)"):
        wx.regular_hours(pd.DataFrame({"temp": [1.0, 2.0]}, index=hours(2) + pd.to_timedelta([0, 30], unit="min")))
    with pytest.raises(ValueError, match="raw must be a DataFrame with at least one row, got 0 rows"):
        wx.regular_hours(pd.DataFrame({"temp": []}, index=hours(0)))


# ----------------------------------------------------------------------------- spikes and gaps
def test_find_spikes_finds_a_unit_slip_and_nothing_else():
    temp = pd.Series([57.0, 13.1, 57.2, 58.0, 30.0, 31.0, np.nan, 0.0, 40.0], index=hours(9))
    spikes = wx.find_spikes(temp, threshold=20)
    # 13.1 is a spike; 30.0 jumps from 58 but not back (a step, not a spike); 0.0 sits next to NaN
    assert spikes.index.tolist() == [temp.index[1]]
    assert spikes.iloc[0].tolist() == [57.0, 13.1, 57.2] and list(spikes.columns) == ["before", "value", "after"]
    assert wx.find_spikes(temp, threshold=50).empty
    assert wx.find_spikes(pd.Series([0.0, 30.0]), threshold=20).empty        # ends have one neighbour only


def test_find_spikes_errors():
    with pytest.raises(TypeError, match="must be a pandas Series"):
        wx.find_spikes(pd.DataFrame({"temp": [1.0]}), 20)
    with pytest.raises(ValueError, match="threshold must be a finite number > 0, got 0.0"):
        wx.find_spikes(pd.Series([1.0]), 0)
    with pytest.raises(TypeError, match="threshold must be a finite number > 0, got str '20'"):
        wx.find_spikes(pd.Series([1.0]), "20")


def test_longest_gap():
    assert wx.longest_gap(pd.Series([np.nan, 1.0, np.nan, np.nan, np.nan, 2.0])) == 3
    assert wx.longest_gap(pd.Series([1.0, 2.0])) == 0
    assert wx.longest_gap(pd.Series([np.nan, np.nan])) == 2


def test_interpolate_gaps_fills_inside_gaps_in_time_order():
    frame = pd.DataFrame({"a": [0.0, np.nan, np.nan, 3.0], "b": [1.0, 1.0, np.nan, 2.0]}, index=hours(4))
    filled, counts = wx.interpolate_gaps(frame, max_gap=2)
    assert filled["a"].tolist() == [0.0, 1.0, 2.0, 3.0] and filled["b"].tolist() == [1.0, 1.0, 1.5, 2.0]
    assert counts == {"a": 2, "b": 1}
    assert frame["a"].isna().sum() == 2, "the input is not changed"
    same, zero = wx.interpolate_gaps(filled, max_gap=0)              # nothing to fill: max_gap 0 is fine
    assert same.equals(filled) and zero == {"a": 0, "b": 0}


def test_interpolate_gaps_refuses_a_gap_longer_than_max_gap_instead_of_half_filling_it():
    a = np.arange(20.0)
    a[3:5] = np.nan                                      # 2 hours
    a[8:13] = np.nan                                     # 5 hours
    frame = pd.DataFrame({"a": a}, index=hours(20))
    msg = (r"column 'a', has 1 gap\(s\) longer than max_gap=4 rows, 5 missing value\(s\) in all; the longest is "
           r"5 rows from 2013-01-01 08:00 to 2013-01-01 12:00\. Nothing was filled: raise max_gap to at least 5")
    with pytest.raises(ValueError, match=msg):
        wx.interpolate_gaps(frame, max_gap=4)
    filled, counts = wx.interpolate_gaps(frame, max_gap=5)
    assert np.allclose(filled["a"], np.arange(20.0)) and counts == {"a": 7}


def test_interpolate_gaps_refuses_missing_values_at_either_end():
    frame = pd.DataFrame({"a": [np.nan, np.nan, 1.0, 2.0, np.nan]}, index=hours(5))
    with pytest.raises(ValueError, match=r"2 at the start \(2013-01-01 00:00 to 2013-01-01 01:00\); 1 at the end "
                                         r".*never extrapolates; trim the period to 2013-01-01 02:00 \.\. "
                                         r"2013-01-01 03:00"):
        wx.interpolate_gaps(frame, max_gap=12)


def test_interpolate_gaps_errors():
    with pytest.raises(ValueError, match="max_gap must be an int >= 0, got -1"):
        wx.interpolate_gaps(raw_frame(3), max_gap=-1)
    with pytest.raises(TypeError, match="max_gap must be an int >= 0, got float 1.5"):
        wx.interpolate_gaps(raw_frame(3), max_gap=1.5)
    with pytest.raises(ValueError, match="column 'a', has no values at all"):
        wx.interpolate_gaps(pd.DataFrame({"a": [np.nan] * 3}, index=hours(3)))
    with pytest.raises(ValueError, match="regular grid.*regular_hours"):
        wx.interpolate_gaps(pd.DataFrame({"a": [1.0, np.nan, 3.0]}, index=hours(4)[[0, 1, 3]]))
    with pytest.raises(ValueError, match="duplicated timestamp"):
        wx.interpolate_gaps(pd.DataFrame({"a": [1.0, 2.0]}, index=hours(1).repeat(2)))


# ----------------------------------------------------------------------------- units and wind
def test_unit_conversions():
    assert wx.fahrenheit_to_celsius(32.0) == 0.0 and wx.fahrenheit_to_celsius(212.0) == 100.0
    assert wx.fahrenheit_to_celsius(-40.0) == -40.0
    si = wx.to_si_units(raw_frame(2, temp=[50.0, 68.0], wind_speed=[1.0, 22.369362920544]))
    assert list(si.columns) == ["temp", "dewp", "pressure", "wind_dir", "wind_speed"]   # humid is left out
    assert si["temp"].tolist() == [10.0, 20.0]
    assert si["wind_speed"].iloc[0] == pytest.approx(0.44704) and si["wind_speed"].iloc[1] == pytest.approx(10.0)
    assert si["pressure"].tolist() == [1010.0, 1011.0]                                  # 1 mbar = 1 hPa
    assert si["wind_dir"].tolist() == [270.0, 270.0]


@pytest.mark.parametrize("direction, u, v", [
    (0.0, 0.0, -10.0),      # from the north: the air moves south, v < 0
    (360.0, 0.0, -10.0),    # 360 is north too
    (90.0, -10.0, 0.0),     # from the east: the air moves west, u < 0
    (180.0, 0.0, 10.0),     # from the south: northward
    (270.0, 10.0, 0.0),     # from the west: eastward
    (45.0, -10 / np.sqrt(2), -10 / np.sqrt(2)),   # from the north-east: towards the south-west
])
def test_wind_vector_points_where_the_air_goes(direction, u, v):
    w = wx.wind_vector(pd.Series([direction]), pd.Series([10.0]))
    assert w["wind_u"].iloc[0] == pytest.approx(u, abs=1e-12) and w["wind_v"].iloc[0] == pytest.approx(v, abs=1e-12)


def test_wind_vector_calm_variable_and_missing():
    t = hours(4)
    direction, speed = [200.0, np.nan, np.nan, 90.0], [0.0, 7.0, np.nan, np.nan]
    w = wx.wind_vector(pd.Series(direction, index=t), pd.Series(speed, index=t))
    assert list(w.columns) == ["wind_u", "wind_v"] and w.index.equals(t)
    assert np.allclose(w.iloc[:3], 0.0), "calm, variable (no direction) and unrecorded wind: zero vector"
    assert w.iloc[3].isna().all(), "a direction without a speed is left missing, for interpolation"
    assert np.allclose(np.hypot(*wx.wind_vector([10.0, 200.0], [3.0, 4.0]).to_numpy().T), [3.0, 4.0])


def test_wind_vector_errors():
    with pytest.raises(ValueError, match=r"\[0, 360\].*1 value\(s\) outside, e.g. 400.0"):
        wx.wind_vector([10.0, 400.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="speed must not be negative"):
        wx.wind_vector([10.0], [-1.0])
    with pytest.raises(ValueError, match="same length and index, got 2 and 1"):
        wx.wind_vector([10.0, 20.0], [1.0])
    with pytest.raises(ValueError, match="different indexes"):
        wx.wind_vector(pd.Series([10.0], index=hours(1)), pd.Series([1.0]))


def test_to_si_units_names_missing_columns_and_the_loader():
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['pressure'\].*load_nyc_weather\('JFK'\)"):
        wx.to_si_units(raw_frame(3).drop(columns="pressure"))


# ----------------------------------------------------------------------------- time features
def test_time_features_lie_on_circles_with_the_right_phase():
    t = pd.date_range("2013-01-01", "2013-12-31 23:00", freq="h", tz="UTC")
    f = wx.time_features(t)
    assert list(f.columns) == ["day_sin", "day_cos", "year_sin", "year_cos"] and f.index.equals(t)
    assert np.allclose(f["day_sin"] ** 2 + f["day_cos"] ** 2, 1)
    assert np.allclose(f["year_sin"] ** 2 + f["year_cos"] ** 2, 1)
    noon = f.loc["2013-03-01 12:00"]
    assert noon["day_sin"] == pytest.approx(0, abs=1e-9) and noon["day_cos"] == pytest.approx(-1)
    assert f["day_sin"].iloc[0] == 0 and f["year_sin"].iloc[0] == 0 and f["year_cos"].iloc[0] == 1
    july = f.loc["2013-07-02 12:00"]                     # about half a year in
    assert july["year_cos"] == pytest.approx(-1, abs=1e-3)
    with pytest.raises(TypeError, match="DatetimeIndex"):
        wx.time_features(pd.RangeIndex(3))


# ----------------------------------------------------------------------------- prepare_weather
def test_prepare_weather_on_a_small_messy_frame():
    raw = raw_frame(12, temp=[32.0, 33.8, 35.6, 95.0, 39.2, 41.0, 42.8, 44.6, 46.4, 48.2, 50.0, 51.8],
                    wind_dir=[0.0, np.nan, 90.0, 90.0, 90.0, 90.0, np.nan, 90.0, 90.0, 90.0, 90.0, 90.0],
                    wind_speed=[10.0, 5.0, 0.0, 10.0, 10.0, 10.0, np.nan, 10.0, 10.0, 10.0, 10.0, 10.0])
    raw.loc[raw.index[8], "pressure"] = np.nan
    raw = raw.drop(index=raw.index[5])                   # a missing hour
    raw = pd.concat([raw.iloc[:2], raw.iloc[[1]].assign(temp=0.0), raw.iloc[2:]])   # a duplicated hour (later copy)
    features, report = wx.prepare_weather(raw)
    assert list(features.columns) == list(wx.FEATURES + wx.TIME_FEATURES)
    assert features.index.equals(hours(12)) and not features.isna().any().any()
    assert np.allclose(features["temp"], np.arange(12.0)), "spike removed, missing hour filled, °C"
    assert features["wind_v"].iloc[0] == pytest.approx(-10 * 0.44704), "from the north: southward"
    assert np.allclose(features.iloc[[1, 2, 6]][["wind_u", "wind_v"]], 0.0), "variable, calm, unrecorded"
    assert report.duplicated.tolist() == [hours(12)[1]] and report.inserted.tolist() == [hours(12)[5]]
    assert report.spikes["temp"].tolist() == [hours(12)[3]] and report.spikes["dewp"].empty
    assert (report.calm, report.variable_wind, report.no_wind_reading) == (1, 1, 2)   # hour 5 was inserted
    assert report.interpolated == {"temp": 2, "dewp": 1, "pressure": 2, "wind_u": 0, "wind_v": 0}
    assert report.still_missing == 0
    text = str(report)
    assert "duplicated hours dropped: 1" in text and "hours inserted: 1" in text and "temp 1 (2013-01-01 03:00)" in text
    bare, _ = wx.prepare_weather(raw, time_features=False)
    assert list(bare.columns) == list(wx.FEATURES) and bare.equals(features[list(wx.FEATURES)])


def test_prepare_weather_errors_say_what_and_how_to_fix():
    with pytest.raises(TypeError, match="must be a pandas DataFrame.*got ndarray.*load_nyc_weather"):
        wx.prepare_weather(np.zeros((4, 5)))
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['wind_dir', 'wind_speed'\]"):
        wx.prepare_weather(raw_frame().drop(columns=["wind_dir", "wind_speed"]))
    with pytest.raises(TypeError, match="indexed by time"):
        wx.prepare_weather(raw_frame().reset_index())
    with pytest.raises(ValueError, match="must increase"):
        wx.prepare_weather(raw_frame().iloc[::-1])
    with pytest.raises(ValueError, match="column 'pressure' has no values at all"):
        wx.prepare_weather(raw_frame(pressure=np.nan))
    with pytest.raises(TypeError, match="column 'temp' must hold numbers"):
        wx.prepare_weather(raw_frame(temp="warm"))
    with pytest.raises(ValueError, match="max_gap must be an int >= 0, got -1"):
        wx.prepare_weather(raw_frame(), max_gap=-1)
    with pytest.raises(ValueError, match="spike_f must be a finite number > 0, got 0.0"):
        wx.prepare_weather(raw_frame(), spike_f=0)
    gappy = raw_frame(30)
    gappy.loc[gappy.index[5:20], "pressure"] = np.nan
    msg = "hourly data .*column 'pressure', has 1 gap.*longest is 15 hours.*max_gap to at least 15"
    with pytest.raises(ValueError, match=msg):
        wx.prepare_weather(gappy)
    assert not wx.prepare_weather(gappy, max_gap=15)[0].isna().any().any()
    late = raw_frame(10)
    late.loc[late.index[:2], "temp"] = np.nan
    msg = "column 'temp', has missing values .* 2 at the start.*trim the period.*raw.loc"
    with pytest.raises(ValueError, match=msg):
        wx.prepare_weather(late)


def test_doctests():
    import doctest

    result = doctest.testmod(wx, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0, result


# ----------------------------------------------------------------------------- the real data
def test_real_jfk_data_becomes_a_complete_hourly_frame():
    from utils import data

    try:
        raw = data.load_nyc_weather("JFK")
    except data.DataNotFoundError as err:
        pytest.skip(str(err))
    features, report = wx.prepare_weather(raw)
    step = features.index[1:] - features.index[:-1]
    assert features.index.is_unique and (step == pd.Timedelta(hours=1)).all(), "one row per hour"
    assert features.index[0] == raw.index[0] and features.index[-1] == raw.index[-1], "nothing cut off"
    assert len(features) == len(raw) - len(report.duplicated) + len(report.inserted)
    assert not features.isna().any().any() and np.isfinite(features.to_numpy()).all()
    assert sum(len(t) for t in report.spikes.values()) >= 1, "the JFK data has a known unit slip (May 9)"
    assert features["temp"].diff().abs().max() < 10, "no spikes left (°C per hour)"
    assert features["temp"].between(-20, 40).all() and features["pressure"].between(950, 1060).all()


def test_implausible_wind_speeds_are_set_to_missing_and_counted():
    raw = data.load_nyc_weather("EWR")
    features, report = wx.prepare_weather(raw, time_features=False)
    assert len(report.implausible_wind) == 1 and "implausible wind speeds set to missing: 1" in str(report)
    speed = np.hypot(features["wind_u"], features["wind_v"])
    assert speed.max() < 40, f"a 1048 mph reading must not reach the features (max {speed.max():.0f} m/s)"
    with pytest.raises(ValueError, match="max_wind_mph"):
        wx.prepare_weather(raw, max_wind_mph=0)


# ----------------------------------------------------------------------------- bad input (issue 13)
def test_time_features_follow_the_local_clock_across_daylight_saving():
    winter = pd.DatetimeIndex([pd.Timestamp("2013-01-15 00:00", tz="America/New_York")])
    summer = pd.DatetimeIndex([pd.Timestamp("2013-07-15 00:00", tz="America/New_York")])
    for idx in (winter, summer):                        # local midnight is midnight in both seasons
        f = wx.time_features(idx)
        assert f["day_sin"].iloc[0] == pytest.approx(0.0, abs=1e-9) and f["day_cos"].iloc[0] == pytest.approx(1.0)
    utc = pd.date_range("2013-01-01", periods=48, freq="h", tz="UTC")
    naive = utc.tz_localize(None)
    pd.testing.assert_frame_equal(wx.time_features(utc).reset_index(drop=True),
                                  wx.time_features(naive).reset_index(drop=True))   # UTC: no DST, unchanged
    with pytest.raises(TypeError, match=r"^time_features: index must be a pandas DatetimeIndex, got ndarray"):
        wx.time_features(np.arange(3))
    with pytest.raises(ValueError, match=r"^time_features: index must be a non-empty DatetimeIndex"):
        wx.time_features(pd.DatetimeIndex([]))


def test_infinite_readings_are_refused_not_interpolated():
    t = pd.date_range("2013-01-01", periods=4, freq="h")
    frame = pd.DataFrame({"temp": [0.0, np.inf, np.nan, 3.0]}, index=t)
    with pytest.raises(ValueError, match=r"^interpolate_gaps: frame, column 'temp', must be finite or NaN .*1 infinite"):
        wx.interpolate_gaps(frame)
    with pytest.raises(ValueError, match=r"^wind_vector: speed must be finite \(no infinity\)"):
        wx.wind_vector([0.0, 90.0], [np.inf, 1.0])
    with pytest.raises(ValueError, match=r"^find_spikes: series must be finite \(no infinity\)"):
        wx.find_spikes(pd.Series([1.0, np.inf, 2.0]), threshold=5)
    with pytest.raises(ValueError, match=r"^find_spikes: threshold must be a finite number > 0, got inf"):
        wx.find_spikes(pd.Series([1.0, 2.0]), threshold=np.inf)


def test_fahrenheit_to_celsius_checks_its_input():
    assert wx.fahrenheit_to_celsius(np.float32(212.0)) == pytest.approx(100.0)
    assert np.isnan(wx.fahrenheit_to_celsius(np.nan))
    assert wx.fahrenheit_to_celsius([32.0]).tolist() == [0.0]
    for bad, exc in [("70", TypeError), (True, TypeError), (1j, TypeError), (np.inf, ValueError)]:
        with pytest.raises(exc, match=r"^fahrenheit_to_celsius: fahrenheit must be"):
            wx.fahrenheit_to_celsius(bad)
    with pytest.raises(ValueError, match=r"fahrenheit must be finite"):
        wx.fahrenheit_to_celsius(np.array([np.inf]))
    with pytest.raises(TypeError, match=r"^prepare_weather: time_features must be True or False, got int 1"):
        wx.prepare_weather(pd.DataFrame({"temp": [1.0]}), time_features=1)
    with pytest.raises(TypeError, match=r"^longest_gap: series must be a NumPy array .*, got str"):
        wx.longest_gap("abc")
