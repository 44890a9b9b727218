"""Converters: turn an archive member into plain files at fetch time.

Some data sets ship in a format a notebook should never read itself (a pickle runs code when it is
loaded). A :class:`~utils.data.sources.Dataset` with a ``convert`` function hands each matching
member to it once, at extraction, after the archive's SHA-256 (and the member's own, when the
catalogue records one) matched; the converter returns the plain files to write instead. Loaders
then read only those files, with ``allow_pickle=False``.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import PurePosixPath

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


SPAM_FOLDERS = {"easy-ham-1": 2500, "easy-ham-2": 1400, "hard-ham-1": 250, "spam-1": 500, "spam-2": 1396}
#: The one message whose bytes differ from the MD5 in its SpamAssassin file name (as distributed upstream).
SPAM_MD5_EXCEPTIONS = {"hard-ham-1/00230.244a63cd74c81123ef26129453e32c95": "30e1fcfccb8a25b8550c292233698b67"}


def spam_jsonl(members: dict[str, bytes]) -> dict[str, bytes]:
    """The SpamAssassin corpus's 6,046 raw messages (one ``.txt`` file each) -> ``spam.jsonl``, one per line.

    A message file is named ``<folder>/<number>.<md5>.txt``, the MD5 of its bytes (checked here; one known
    exception, :data:`SPAM_MD5_EXCEPTIONS`). Messages are raw bytes in many character sets, so each line stores
    them losslessly as a Latin-1 string (``raw.encode("latin-1")`` gives the bytes back), with ``folder``, ``id``
    (the number) and ``md5``; folder counts are checked against :data:`SPAM_FOLDERS`.
    """
    rows = []
    for name in sorted(members):
        path = PurePosixPath(name)
        folder, (number, digest, _) = path.parent.name, path.name.split(".", 2)
        blob = members[name]
        md5 = hashlib.md5(blob).hexdigest()
        if md5 != SPAM_MD5_EXCEPTIONS.get(f"{folder}/{number}.{digest}", digest):
            raise ValueError(f"{name}: the message's MD5 is {md5}, its file name says {digest}")
        rows.append({"folder": folder, "id": number, "md5": md5, "raw": blob.decode("latin-1")})
    counts = {f: sum(r["folder"] == f for r in rows) for f in SPAM_FOLDERS}
    if counts != SPAM_FOLDERS:
        raise ValueError(f"expected e-mails per folder {SPAM_FOLDERS}, found {counts}")
    lines = (json.dumps(r, ensure_ascii=True) for r in rows)
    return {"spam.jsonl": ("\n".join(lines) + "\n").encode("ascii")}


#: The one chorale whose file name is not ``bwv<number>``: music21's corpus search finds it by prefix.
CHORALE_FILE_STEMS = {126: "bwv18.5-lz"}


def _soprano(score):
    """The first part whose name starts with 'Soprano' (some chorales list trumpets or horns first), or None."""
    return next((p for p in score.parts if (p.partName or "").startswith("Soprano")), None)


def _chorale(job: tuple[int, dict, str, bytes, str]) -> dict:
    """One chorale's row of ``chorales.json`` (see :func:`bach_chorales_json`), parsed in a worker process."""
    from pathlib import Path

    from music21 import converter

    number, info, name, blob, tmp = job
    path = Path(tmp) / name
    path.write_bytes(blob)
    # forceSource: parse the file itself, without reading or writing music21's pickle cache in its
    # scratch folder (writing it doubled the time: 0.17 s against 0.07 s per chorale on the 2-core machine)
    score = converter.parse(str(path), forceSource=True)
    part = _soprano(score)
    if part is None:
        raise ValueError(f"chorale {number} ({name}): no part is named Soprano")
    notes = list(part.stripTies().recurse().notesAndRests)
    grace = sum(1 for n in notes if n.duration.quarterLength == 0)
    notes = [n for n in notes if n.duration.quarterLength > 0]
    if any(n.isChord for n in notes):
        raise ValueError(f"chorale {number} (BWV {info['bwv']}): the soprano part holds chords")
    key = score.analyze("key")
    meters = list(part.recurse().getElementsByClass("TimeSignature"))
    return {
        "riemenschneider": number, "bwv": info["bwv"], "title": info["title"], "file": name,
        "key_tonic": key.tonic.pitchClass, "key_mode": key.mode,
        "meter": meters[0].ratioString if meters else "",
        "pitch": [0 if n.isRest else n.pitch.midi for n in notes],
        "duration": [float(n.duration.quarterLength) for n in notes],
        "offset": [float(n.offset) for n in notes],
        "bar": [int(n.measureNumber) for n in notes],
        "grace_notes_dropped": grace,
    }


def bach_chorales_json(members: dict[str, bytes]) -> dict[str, bytes]:
    """music21's Bach chorales (the files in its wheel) -> ``chorales.json``: each chorale's soprano line.

    The 371 chorales are those of Riemenschneider's numbering, as listed by music21's
    ``corpus.chorales.ChoraleListRKBWV``; each one's file ``bach/bwv<number>.<mxl|xml|krn>`` is parsed with
    music21 (installed, pinned), from the verified wheel's bytes (MusicXML first: three chorales also come as
    Humdrum files, whose parts have no names). For each chorale the soprano part (see :func:`_soprano`), with
    tied notes merged, gives one row per note or rest: MIDI pitch (0 for a rest), duration and offset within
    its bar in quarter notes, and bar number. Grace notes (no duration) are dropped and counted. The key is
    music21's estimate from all four voices (``score.analyze("key")``). The chorales are parsed on every
    core (a process each; 371 chorales took 113 s on one core of the 2-core machine with music21's cache).
    """
    import os
    import tempfile
    from concurrent.futures import ProcessPoolExecutor

    import music21
    from music21.corpus.chorales import ChoraleListRKBWV

    by_name = {PurePosixPath(n).name: blob for n, blob in members.items()}
    with tempfile.TemporaryDirectory(prefix="rnn-chorales-") as tmp:
        jobs = []
        for number, info in sorted(ChoraleListRKBWV().byRiemenschneider.items()):
            stem = CHORALE_FILE_STEMS.get(number, f"bwv{info['bwv']}")
            name = next((f"{stem}.{ext}" for ext in ("mxl", "xml", "krn") if f"{stem}.{ext}" in by_name), None)
            if name is None:
                raise ValueError(f"chorale {number} (BWV {info['bwv']}): no file {stem}.* in the corpus")
            jobs.append((number, dict(info), name, by_name[name], tmp))
        workers = max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8))
        if workers == 1:
            chorales = [_chorale(job) for job in jobs]
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                chorales = list(pool.map(_chorale, jobs, chunksize=8))
    if len(chorales) != 371:
        raise ValueError(f"expected the 371 chorales of Riemenschneider's numbering, found {len(chorales)}")
    body = {"music21": music21.__version__, "chorales": chorales}
    return {"chorales.json": (json.dumps(body, ensure_ascii=True, indent=0) + "\n").encode("ascii")}


__all__ = ["watch_npz", "spam_jsonl", "bach_chorales_json", "SPAM_FOLDERS", "SPAM_MD5_EXCEPTIONS", "CHORALE_FILE_STEMS"]
