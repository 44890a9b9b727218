"""utils.sensors: windows inside recordings, window features, votes per recording."""

import numpy as np
import pytest

from utils import sensors


def _recs():
    rng = np.random.default_rng(0)
    return [rng.normal(size=(n, 3)).astype("float32") for n in (10, 7, 4)]


def test_windows_stay_inside_their_recording():
    recs = _recs()
    windows, owner = sensors.recording_windows(recs, width=4, step=2)
    assert windows.shape == (4 + 2 + 1, 4, 3) and windows.dtype == np.float32
    assert owner.tolist() == [0, 0, 0, 0, 1, 1, 2]
    starts = {0: [0, 2, 4, 6], 1: [0, 2], 2: [0]}
    k = 0
    for r, positions in starts.items():
        for s in positions:
            assert np.array_equal(windows[k], recs[r][s:s + 4]), (r, s)
            k += 1


def test_window_counts_follow_the_formula_and_differ_from_a_concatenated_stream():
    recs = _recs()
    width, step = 3, 2
    windows, _ = sensors.recording_windows(recs, width, step)
    assert len(windows) == sum((len(r) - width) // step + 1 for r in recs)
    stream = np.concatenate(recs)
    assert len(windows) < (len(stream) - width) // step + 1     # cutting the stream adds straddling windows


def test_bad_recordings_are_refused_with_their_name():
    with pytest.raises(TypeError, match=r"recordings.*a list of \(samples, channels\) arrays.*single array"):
        sensors.recording_windows(np.zeros((3, 10, 2)), 4, 2)
    with pytest.raises(TypeError, match="recordings"):
        sensors.recording_windows("abc", 4, 2)
    with pytest.raises(ValueError, match=r"recording 1 has 3 samples"):
        sensors.recording_windows([np.zeros((5, 2)), np.zeros((3, 2))], 4, 1)
    with pytest.raises(ValueError, match=r"recordings\[1\].*2 channels.*3 channels"):
        sensors.recording_windows([np.zeros((5, 2)), np.zeros((5, 3))], 2, 1)
    with pytest.raises(ValueError, match=r"recordings\[0\]"):
        sensors.recording_windows([np.full((5, 2), np.nan)], 2, 1)
    with pytest.raises(ValueError, match="width"):
        sensors.recording_windows(_recs(), 0, 1)
    with pytest.raises(ValueError, match="recordings"):
        sensors.recording_windows([], 2, 1)


def test_window_features_by_hand():
    w = np.array([[[0.0, 1.0], [2.0, 1.0], [4.0, 1.0]]])              # one window, 3 samples, 2 channels
    f = sensors.window_features(w)
    assert f.shape == (1, 2 * len(sensors.FEATURES))
    np.testing.assert_allclose(f[0, :5], [2.0, np.std([0, 2, 4]), 0.0, 4.0, 2.0])
    np.testing.assert_allclose(f[0, 5:], [1.0, 0.0, 1.0, 1.0, 0.0])
    with pytest.raises(ValueError, match="windows"):
        sensors.window_features(np.zeros((2, 1, 3)))
    with pytest.raises(ValueError, match="windows"):
        sensors.window_features(np.zeros((4, 3)))


def test_vote_takes_the_most_chosen_class_and_breaks_ties_by_probability():
    p = np.array([[0.6, 0.4, 0.0], [0.1, 0.9, 0.0], [0.2, 0.3, 0.5], [0.2, 0.3, 0.5], [0.2, 0.3, 0.5]])
    recs, labels = sensors.recording_vote(p, np.array([3, 3, 8, 8, 8]))
    assert recs.tolist() == [3, 8]
    assert labels.tolist() == [1, 2]                  # recording 3: a 1-1 tie, class 1 has the higher mean
    with pytest.raises(ValueError, match="owner"):
        sensors.recording_vote(p, np.array([1, 2]))
    with pytest.raises(ValueError, match="probabilities"):
        sensors.recording_vote(np.full((2, 2), np.nan), np.array([0, 0]))
    with pytest.raises(TypeError, match="owner must be an array of integers"):
        sensors.recording_vote(p, np.array([0.5, 1, 2, 3, 4]))
