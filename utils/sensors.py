"""Recordings from sensors as training data: windows that stay inside one recording, window features, votes.

A recording (an exercise set, a spoken word, a walk) is one long ``(samples, channels)`` array. A
classifier reads fixed windows of it; three things go wrong easily, and each function here guards
against one:

- :func:`recording_windows` cuts windows recording by recording, so no window straddles two
  recordings (or two people), and returns which recording each window came from;
- :func:`window_features` gives the hand-made summary features a non-recurrent baseline reads;
- :func:`recording_vote` turns per-window predictions into one label per recording.

>>> rec = [np.zeros((10, 2)), np.ones((7, 2))]
>>> windows, owner = recording_windows(rec, width=4, step=3)
>>> windows.shape, owner.tolist()
((5, 4, 2), [0, 0, 0, 1, 1])
"""

from __future__ import annotations

import numpy as np

from . import checks

FEATURES = ("mean", "std", "min", "max", "mean |step|")


def _recordings(recordings, name: str = "recordings") -> list[np.ndarray]:
    """A non-empty list of finite 2-D arrays with the same number of channels."""
    if isinstance(recordings, np.ndarray):
        raise checks.fail(TypeError, name, "a list of (samples, channels) arrays, one per recording",
                          f"a single array of shape {recordings.shape}",
                          hint="wrap one recording in a list: [recording]")
    items = checks.check_sequence_of(recordings, name, what="(samples, channels) arrays")
    out = []
    for i, rec in enumerate(items):
        arr = checks.check_array(rec, f"{name}[{i}]", ndim=2, layout="(samples, channels)", dtype=np.float32)
        if arr.shape[1] != (out[0].shape[1] if out else arr.shape[1]):
            raise checks.fail(ValueError, f"{name}[{i}]", f"{out[0].shape[1]} channels, like {name}[0]",
                              f"{arr.shape[1]} channels")
        out.append(arr)
    return out


def recording_windows(recordings, width: int, step: int) -> tuple[np.ndarray, np.ndarray]:
    """Windows of ``width`` samples every ``step`` samples, cut inside each recording separately.

    Returns ``(windows, owner)``: ``windows`` is ``(n, width, channels)`` float32 and ``owner[k]`` the
    index of the recording window ``k`` came from. A recording of ``L`` samples gives
    ``(L - width) // step + 1`` windows starting at ``0, step, 2 * step, ...``; its last
    ``(L - width) % step`` samples start no window (at most ``step - 1`` samples: the printout of a
    chapter should say so). A recording shorter than ``width`` raises, rather than being dropped.
    ``step < width`` makes windows overlap (``step = width // 2``: 50%).
    """
    recs = _recordings(recordings)
    width = checks.check_int(width, "width", ge=1)
    step = checks.check_int(step, "step", ge=1)
    short = [i for i, r in enumerate(recs) if len(r) < width]
    if short:
        raise checks.fail(ValueError, "recordings", f"recordings of at least width = {width} samples",
                          f"recording {short[0]} has {len(recs[short[0]])} samples"
                          + (f" ({len(short)} recordings are too short)" if len(short) > 1 else ""),
                          hint="use a smaller width, or leave those recordings out explicitly")
    windows, owner = [], []
    for i, rec in enumerate(recs):
        view = np.lib.stride_tricks.sliding_window_view(rec, width, axis=0)[::step]   # (n, channels, width)
        windows.append(np.moveaxis(view, -1, 1))
        owner.append(np.full(len(view), i))
    return np.ascontiguousarray(np.concatenate(windows), dtype=np.float32), np.concatenate(owner)


def window_features(windows) -> np.ndarray:
    """Per channel: mean, standard deviation, minimum, maximum and mean absolute step (:data:`FEATURES`).

    ``windows`` is ``(n, width, channels)``; the result is ``(n, channels * 5)``, the five features
    of channel 0 first. These summaries ignore the order of the samples except through the mean
    absolute step ``mean |x[t+1] - x[t]|``, which is what a non-recurrent baseline can read.
    """
    x = checks.check_array(windows, "windows", ndim=3, layout="(windows, width, channels)", dtype=np.float64)
    if x.shape[1] < 2:
        raise checks.fail(ValueError, "windows", "windows of at least 2 samples (for the step feature)",
                          f"shape {x.shape}")
    parts = [x.mean(axis=1), x.std(axis=1), x.min(axis=1), x.max(axis=1), np.abs(np.diff(x, axis=1)).mean(axis=1)]
    return np.stack(parts, axis=2).reshape(len(x), -1)                      # (n, channels, 5) -> (n, channels * 5)


def recording_vote(probabilities, owner) -> tuple[np.ndarray, np.ndarray]:
    """One label per recording from its windows' predictions: the class most windows chose.

    ``probabilities`` is ``(windows, classes)``, ``owner`` the recording of each window (as
    returned by :func:`recording_windows`). A tie between classes goes to the one with the higher
    mean probability over the recording's windows. Returns ``(recordings, labels)``: the sorted
    recording ids and the label voted for each.

    >>> p = np.array([[0.9, 0.1], [0.4, 0.6], [0.2, 0.8], [0.7, 0.3]])
    >>> recording_vote(p, np.array([5, 5, 5, 7]))
    (array([5, 7]), array([1, 0]))
    """
    p = checks.check_array(probabilities, "probabilities", ndim=2, layout="(windows, classes)", dtype=np.float64)
    own = checks.check_array(owner, "owner", kind="integer", ndim=1, layout="(windows,)")
    if len(own) != len(p):
        raise checks.fail(ValueError, "owner", f"one recording id per window ({len(p)})", f"{len(own)} ids")
    recordings = np.unique(own)
    labels = np.empty(len(recordings), dtype=np.int64)
    choice = p.argmax(axis=1)
    for k, r in enumerate(recordings):
        mine = own == r
        votes = np.bincount(choice[mine], minlength=p.shape[1]).astype(np.float64)
        labels[k] = int(np.argmax(votes + 1e-6 * p[mine].mean(axis=0)))      # ties: the higher mean probability
    return recordings, labels


__all__ = ["FEATURES", "recording_windows", "window_features", "recording_vote"]
