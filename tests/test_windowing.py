"""Unit tests for utils.windowing: windows, chronological splits, train-only scaling."""

import numpy as np
import pandas as pd
import pytest

from utils import windowing
from utils.windowing import Standardizer, chronological_split, make_windows


def frame(n=10):
    idx = pd.date_range("2013-01-01", periods=n, freq="h", name="time")
    return pd.DataFrame({"temp": np.arange(n, dtype=float), "wind": 100 + np.arange(n, dtype=float)}, index=idx)


# ----------------------------------------------------------------------------- make_windows
def test_univariate_windows_values_and_shapes():
    w = make_windows(np.arange(10.0), input_width=3, horizon=2)
    assert w.inputs.shape == (6, 3, 1) and w.targets.shape == (6, 2, 1)
    assert w.inputs.dtype == np.float32
    assert w.inputs[-1, :, 0].tolist() == [5.0, 6.0, 7.0]
    assert w.targets[-1, :, 0].tolist() == [8.0, 9.0]
    assert w.origin.tolist() == [2, 3, 4, 5, 6, 7]


def test_targets_follow_inputs_without_overlap():
    w = make_windows(np.arange(50.0), input_width=7, horizon=4, stride=3)
    # the first target is the step right after the last input, for every window
    assert np.all(w.targets[:, 0, 0] == w.inputs[:, -1, 0] + 1)
    assert np.all(w.inputs[:, -1, 0] == w.origin)


def test_multivariate_targets_by_name_and_origin_labels():
    f = frame(10)
    w = make_windows(f, input_width=4, horizon=1, targets=["wind"])
    assert w.inputs.shape == (6, 4, 2) and w.targets.shape == (6, 1, 1)
    assert w.targets[:, 0, 0].tolist() == [104.0, 105.0, 106.0, 107.0, 108.0, 109.0]
    assert isinstance(w.origin, pd.DatetimeIndex) and w.origin[0] == f.index[3]
    single = make_windows(f, input_width=4, targets="temp")
    assert single.targets[:, 0, 0].tolist() == [4.0, 5.0, 6.0, 7.0, 8.0, 9.0]


def test_all_columns_are_targets_by_default_and_positions_work_for_arrays():
    x = np.stack([np.arange(6.0), -np.arange(6.0)], axis=1)
    assert make_windows(x, 2).targets.shape == (4, 1, 2)
    assert make_windows(x, 2, targets=[1]).targets[:, 0, 0].tolist() == [-2.0, -3.0, -4.0, -5.0]


def test_stride_skips_windows():
    w = make_windows(np.arange(10.0), input_width=2, horizon=1, stride=3)
    assert w.inputs[:, 0, 0].tolist() == [0.0, 3.0, 6.0]


def test_series_input_is_accepted():
    s = pd.Series(np.arange(5.0), name="close")
    w = make_windows(s, input_width=2, targets="close")
    assert w.targets[:, 0, 0].tolist() == [2.0, 3.0, 4.0]


def test_window_longer_than_series():
    with pytest.raises(ValueError, match=r"input_width \+ horizon.*only 5 rows"):
        make_windows(np.arange(5.0), input_width=5, horizon=1)


def test_exactly_one_window_fits():
    assert make_windows(np.arange(5.0), input_width=4, horizon=1).inputs.shape == (1, 4, 1)


@pytest.mark.parametrize("kwargs, match", [
    ({"input_width": 3, "horizon": 0}, "horizon must be an int >= 1, got 0"),
    ({"input_width": 0}, "input_width must be an int >= 1"),
    ({"input_width": 3, "stride": 0}, "stride must be an int >= 1"),
])
def test_bad_sizes(kwargs, match):
    with pytest.raises(ValueError, match=match):
        make_windows(np.arange(10.0), **kwargs)


def test_non_int_sizes_are_type_errors():
    with pytest.raises(TypeError, match="input_width must be an int >= 1, got float 2.5"):
        make_windows(np.arange(10.0), input_width=2.5)
    with pytest.raises(TypeError, match="horizon must be an int"):
        make_windows(np.arange(10.0), input_width=2, horizon=True)


def test_nan_is_refused_with_its_place():
    f = frame(8)
    f.iloc[5, 1] = np.nan
    with pytest.raises(ValueError, match=r"NaN.*2013-01-01 05:00.*'wind'"):
        make_windows(f, input_width=3)
    with pytest.raises(ValueError, match="NaN or infinity"):
        make_windows(np.array([1.0, np.inf, 2.0, 3.0]), input_width=2)


def test_unknown_target_column():
    with pytest.raises(ValueError, match=r"targets must be columns of the data \(\['temp', 'wind'\]\), got unknown column 'pressure'"):
        make_windows(frame(), input_width=3, targets=["pressure"])
    with pytest.raises(ValueError, match=r"targets must be columns of the data \(positions 0..1\), got unknown column 2"):
        make_windows(np.zeros((10, 2)), input_width=3, targets=[2])
    with pytest.raises(ValueError, match="at least one column"):
        make_windows(frame(), input_width=3, targets=[])


def test_bad_data_types():
    with pytest.raises(TypeError, match="data must be a NumPy array"):
        make_windows("abc", input_width=1)
    with pytest.raises(TypeError, match="real numbers"):
        make_windows(np.array(["a", "b", "c"]), input_width=1)
    with pytest.raises(ValueError, match=r"data must be 1-D or 2-D .*, got shape \(4, 2, 2\)"):
        make_windows(np.zeros((4, 2, 2)), input_width=1)


# ----------------------------------------------------------------------- chronological_split
def test_split_keeps_order_and_covers_everything():
    f = frame(20)
    tr, va, te = chronological_split(f, train=0.6, val=0.2)
    assert (len(tr), len(va), len(te)) == (12, 4, 4)
    assert tr.index.max() < va.index.min() and va.index.max() < te.index.min()
    assert pd.concat([tr, va, te]).equals(f)


def test_split_without_validation_and_on_arrays():
    tr, va, te = chronological_split(np.arange(10), train=0.8, val=0.0)
    assert tr.tolist() == list(range(8)) and va.size == 0 and te.tolist() == [8, 9]


@pytest.mark.parametrize("train, val, match", [
    (0.0, 0.1, "train must be a fraction > 0 and < 1, got 0.0"),
    (1.2, 0.1, "train must be"),
    (0.7, -0.1, "val must be a fraction"),
    (0.7, 0.3, r"train \+ val must be below 1"),
])
def test_split_bad_fractions(train, val, match):
    with pytest.raises(ValueError, match=match):
        chronological_split(np.arange(100), train=train, val=val)


def test_split_bad_types_and_too_short():
    with pytest.raises(TypeError, match="train must be a fraction"):
        chronological_split(np.arange(10), train="0.7")
    with pytest.raises(TypeError, match="data must be"):
        chronological_split([1, 2, 3])
    with pytest.raises(ValueError, match="too few"):
        chronological_split(np.arange(2), train=0.7, val=0.15)


# ------------------------------------------------------------------------------ Standardizer
def test_scaler_uses_training_statistics_only():
    data = pd.DataFrame({"a": np.r_[np.zeros(5), 100 + np.zeros(5)] + np.tile([1.0, -1.0], 5)})
    tr, _, te = chronological_split(data, train=0.5, val=0.2)
    scaler = Standardizer.fit(tr)
    assert scaler.mean[0] == pytest.approx(tr["a"].mean())
    scaled_train = scaler.transform(tr)
    assert scaled_train["a"].mean() == pytest.approx(0) and scaled_train["a"].std(ddof=0) == pytest.approx(1)
    # the test part is far above the training part: its scaled values say so (no leak of its level)
    assert scaler.transform(te)["a"].min() > 10


def test_scaler_round_trip_and_partial_inverse():
    f = frame(10)
    scaler = Standardizer.fit(f)
    back = scaler.inverse_transform(scaler.transform(f).to_numpy())
    assert np.allclose(back, f.to_numpy())
    # predictions of one target column, shape (windows, horizon, 1)
    z = scaler.transform(f)[["wind"]].to_numpy()[None, :, :]
    assert np.allclose(scaler.inverse_transform(z, columns=["wind"])[0, :, 0], f["wind"])
    assert np.allclose(scaler.inverse_transform(z, columns=[1])[0, :, 0], f["wind"])


def test_scaler_on_arrays_and_series():
    x = np.arange(12.0).reshape(6, 2)
    scaler = Standardizer.fit(x)
    assert scaler.columns is None and scaler.transform(x).shape == (6, 2)
    s = pd.Series([1.0, 2.0, 3.0], name="close")
    out = Standardizer.fit(s).transform(s)
    assert isinstance(out, pd.Series) and out.name == "close"


def test_scaler_bad_input():
    with pytest.raises(ValueError, match="train column 'wind' is constant.*cannot be standardised"):
        Standardizer.fit(pd.DataFrame({"temp": [1.0, 2.0], "wind": [3.0, 3.0]}))
    with pytest.raises(ValueError, match=r"train must be finite \(no NaN or infinity\), got 1 such value\(s\), the first nan at position \(1, 0\)"):
        Standardizer.fit(np.array([1.0, np.nan, 2.0]))
    with pytest.raises(ValueError, match="at least 2 rows"):
        Standardizer.fit(np.array([1.0]))
    scaler = Standardizer.fit(frame())
    with pytest.raises(ValueError, match="the 2 columns seen at fit time, got 3"):
        scaler.transform(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="differ from those seen at fit time"):
        scaler.transform(frame().rename(columns={"wind": "gust"}))
    with pytest.raises(ValueError, match=r"values must be an array whose last axis has 1 entries .*, got shape \(4, 2\)"):
        scaler.inverse_transform(np.zeros((4, 2)), columns=["temp"])
    with pytest.raises(ValueError, match="unknown column 'rain'"):
        scaler.inverse_transform(np.zeros((4, 1)), columns=["rain"])


def test_module_exports():
    assert set(windowing.__all__) == {"Windows", "make_windows", "chronological_split", "Standardizer"}


def test_doctests():
    import doctest

    result = doctest.testmod(windowing)
    assert result.attempted > 0 and result.failed == 0, result


# ----------------------------------------------------------------------------- bad input (issue 13)
def test_reversed_or_duplicated_timestamps_are_refused():
    f = frame(10)
    with pytest.raises(ValueError, match=r"make_windows: data.index must be strictly increasing in time"):
        make_windows(f.iloc[::-1], input_width=3)
    dup = pd.concat([f.iloc[:5], f.iloc[4:]])
    with pytest.raises(ValueError, match=r"a duplicate of 2013-01-01 04:00:00 at row 5"):
        make_windows(dup, input_width=3)
    with pytest.raises(ValueError, match=r"chronological_split: data.index must be strictly increasing"):
        chronological_split(f.iloc[::-1])
    with pytest.raises(ValueError, match=r"duplicate"):
        chronological_split(dup["temp"])
    with pytest.raises(ValueError, match=r"Standardizer.fit: train.index must be strictly increasing"):
        Standardizer.fit(f.iloc[::-1])
    # a non-time index (labels) says nothing about order and is accepted
    labelled = f.reset_index(drop=True).set_axis(list("abcdefghij"))
    assert make_windows(labelled, input_width=3).inputs.shape == (7, 3, 2)


def test_numpy_integers_are_sizes_and_bools_are_not():
    w = make_windows(np.arange(10.0), input_width=np.int64(3), horizon=np.int32(2), stride=np.int64(1))
    assert w.inputs.shape == (6, 3, 1)
    a, b, c = chronological_split(np.arange(20), train=np.float32(0.5), val=np.float64(0.25))
    assert (len(a), len(b), len(c)) == (10, 5, 5)
    with pytest.raises(TypeError, match=r"stride must be an int >= 1, got bool True"):
        make_windows(np.arange(10.0), input_width=2, stride=True)
    with pytest.raises(TypeError, match=r"train must be a fraction > 0 and < 1, got bool True"):
        chronological_split(np.arange(10), train=True)


@pytest.mark.parametrize("train, val", [(float("nan"), 0.1), (0.7, float("inf")), (0.7, 1 + 0j)])
def test_split_nan_inf_complex_fractions(train, val):
    with pytest.raises((ValueError, TypeError), match=r"chronological_split: (train|val) must be a fraction"):
        chronological_split(np.arange(100), train=train, val=val)


def test_empty_and_zero_d_data():
    with pytest.raises(ValueError, match=r"make_windows: data must be non-empty"):
        make_windows(np.zeros(0), input_width=1)
    with pytest.raises(ValueError, match=r"make_windows: data must be non-empty"):
        make_windows(frame(10).iloc[:0], input_width=1)
    with pytest.raises(ValueError, match=r"chronological_split: data must be an array with a time axis"):
        chronological_split(np.array(3.0))
    with pytest.raises(ValueError, match=r"chronological_split: data must be long enough.*, got 0 rows"):
        chronological_split(np.zeros(0))
    with pytest.raises(TypeError, match=r"make_windows: data must be a NumPy array, pandas Series or DataFrame, got str"):
        make_windows("abc", input_width=1)


def test_transform_refuses_nan_and_inf_like_fit():
    scaler = Standardizer.fit(frame())
    bad = frame()
    bad.iloc[2, 0] = np.inf
    with pytest.raises(ValueError, match=r"Standardizer.transform: data must be finite .* inf at row 2013-01-01 02:00:00, column 'temp'"):
        scaler.transform(bad)
    with pytest.raises(ValueError, match=r"Standardizer.transform: data must be finite"):
        scaler.transform(np.array([[np.nan, 1.0]]))
    with pytest.raises(ValueError, match=r"Standardizer.inverse_transform: values must be finite"):
        scaler.inverse_transform(np.array([[np.nan]]), columns=["temp"])
    with pytest.raises(TypeError, match=r"Standardizer.inverse_transform: values must be an array of real numbers, got dtype <U1"):
        scaler.inverse_transform(np.array([["a"]]), columns=["temp"])


def test_inverse_transform_names_columns_not_targets():
    scaler = Standardizer.fit(frame())
    with pytest.raises(ValueError, match=r"^Standardizer.inverse_transform: columns must be columns of the data .*'rain'"):
        scaler.inverse_transform(np.zeros((4, 1)), columns=["rain"])
    with pytest.raises(ValueError, match=r"^Standardizer.inverse_transform: columns must be at least one column"):
        scaler.inverse_transform(np.zeros((4, 1)), columns=[])
    # one name is one column, not a list of letters
    assert scaler.inverse_transform(np.zeros((4, 1)), columns="temp").shape == (4, 1)
    with pytest.raises(TypeError, match=r"columns must be a list of values, got set"):
        scaler.inverse_transform(np.zeros((4, 1)), columns={"temp"})
