"""Converters: turn an archive member into plain files at fetch time.

Some data sets ship in a format a notebook should never read itself (a pickle runs code when it is
loaded). A :class:`~utils.data.sources.Dataset` with a ``convert`` function hands each matching
member to it once, at extraction, after the archive's SHA-256 (and the member's own, when the
catalogue records one) matched; the converter returns the plain files to write instead. Loaders
then read only those files, with ``allow_pickle=False``.
"""

from __future__ import annotations

import io

import numpy as np


def watch_npz(blob: bytes) -> dict[str, bytes]:
    """seglearn's ``watch_dataset.npy`` (a pickled dict) -> ``watch.npz`` holding only plain arrays.

    The dict has ``X`` (a list of 140 recordings, each (samples, 6) float64 at 50 Hz), ``y``
    (exercise, 0-6), ``subject`` (1-10), ``side`` (1 right, 0 left) and the label lists ``y_labels``
    and ``X_labels``. The npz holds ``signals`` (all recordings one after another, float32: the
    sensors' resolution is far coarser than float32's), ``lengths`` (samples per recording),
    ``exercise``, ``subject``, ``side`` (int64) and the names as unicode arrays (no pickle needed).
    """
    raw = np.load(io.BytesIO(blob), allow_pickle=True).item()     # trusted: only called after the SHA-256 matched
    recordings = [np.asarray(x) for x in raw["X"]]
    arrays = {
        "signals": np.concatenate(recordings).astype(np.float32),
        "lengths": np.array([len(x) for x in recordings], dtype=np.int64),
        "exercise": np.asarray(raw["y"], dtype=np.int64),
        "subject": np.asarray(raw["subject"], dtype=np.int64),
        "side": np.asarray(raw["side"], dtype=np.int64),
        "exercise_names": np.array([str(s) for s in raw["y_labels"]]),
        "channel_names": np.array([str(s) for s in raw["X_labels"]]),
    }
    out = io.BytesIO()
    np.savez(out, **arrays)
    return {"watch.npz": out.getvalue()}


__all__ = ["watch_npz"]
