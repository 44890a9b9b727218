"""Melodies as token sequences, and how to hear, see and measure them (chapter 14).

A melody here is two aligned arrays: MIDI pitches (60 is middle C; 0 is a rest) and durations in quarter
notes. :class:`NoteCodec` turns each (pitch, duration) pair into one token id for a language model;
:func:`sample_continuations` draws new notes from any model's next-token distribution;
:func:`pitch_class_histogram`, :func:`interval_histogram`, :func:`duration_histogram`, :func:`in_key_share`
and :func:`total_variation` compare generated notes with real ones; :func:`synthesize`, :func:`write_wav`
and :func:`write_midi` make them audible with NumPy and the standard library alone.
"""

from __future__ import annotations

import struct
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from . import checks

REST = 0
PAD_ID, START_ID = 0, 1
#: Pitch classes of each mode, as semitones above the tonic. Minor counts the raised 6th and 7th of the
#: melodic and harmonic minor as in the key (Bach's minor melodies use both).
SCALES = {"major": (0, 2, 4, 5, 7, 9, 11), "minor": (0, 2, 3, 5, 7, 8, 9, 10, 11)}
MODES = tuple(SCALES)


def _melody(pitches, durations, func: str) -> tuple[np.ndarray, np.ndarray]:
    """Check one melody: integer pitches in 0..127 (0 a rest) and positive finite durations, same length."""
    p = checks.check_array(pitches, "pitches", kind="integer", ndim=1, layout="(notes,)", func=func)
    d = checks.check_array(durations, "durations", ndim=1, layout="(notes,)", func=func)
    if len(p) != len(d):
        raise checks.fail(ValueError, "durations", f"one duration per pitch ({len(p)})", f"{len(d)} durations",
                          func=func)
    if p.min() < 0 or p.max() > 127:
        raise checks.fail(ValueError, "pitches", "MIDI numbers in 0..127 (0 for a rest)",
                          f"values from {p.min()} to {p.max()}", func=func)
    if (d <= 0).any():
        raise checks.fail(ValueError, "durations", "positive numbers of quarter notes",
                          f"{d[d <= 0][:3].tolist()} at notes {np.flatnonzero(d <= 0)[:3].tolist()}", func=func)
    return p.astype(np.int64), d.astype(np.float64)


def key_shift(tonic: int, mode: str) -> int:
    """Semitones (-6..+5) that move a melody in ``tonic`` (pitch class, 0 = C) ``mode`` to C major or A minor.

    >>> key_shift(7, "major"), key_shift(2, "minor"), key_shift(6, "major")   # G major, D minor, F# major
    (5, -5, -6)
    """
    tonic = checks.check_int(tonic, "tonic", ge=0, le=11, what="a pitch class (0 = C ... 11 = B)")
    mode = checks.check_str(mode, "mode", choices=MODES)
    s = ((0 if mode == "major" else 9) - tonic) % 12
    return s - 12 if s > 5 else s


def transpose(pitches, shift: int) -> np.ndarray:
    """``pitches`` moved by ``shift`` semitones; rests (0) stay rests.

    >>> transpose([67, 0, 71], -7).tolist()
    [60, 0, 64]
    """
    p = checks.check_array(pitches, "pitches", kind="integer", ndim=1, layout="(notes,)")
    shift = checks.check_int(shift, "shift", ge=-24, le=24)
    out = np.where(p == REST, REST, p + shift)
    if ((out != REST) & ((out < 1) | (out > 127))).any():
        raise checks.fail(ValueError, "shift", "a shift that keeps every pitch in 1..127", str(shift))
    return out.astype(np.int64)


class NoteCodec:
    """Token ids for (pitch, duration) pairs: 0 is padding, 1 starts a melody, 2... the notes, sorted.

    The alphabet is fixed when the codec is built; a note outside it is an error (never mapped to a
    neighbour), so build it from every note that will be encoded.

    >>> codec = NoteCodec([(60, 1.0), (62, 0.5), (0, 1.0)])
    >>> len(codec), codec.encode([62, 60], [0.5, 1.0]).tolist()
    (5, [4, 3])
    >>> codec.decode([4, 2])
    (array([62,  0]), array([0.5, 1. ]))
    """

    def __init__(self, notes: Sequence[tuple[int, float]]):
        pairs = checks.check_sequence_of(notes, "notes", what="(pitch, duration) pairs", func="NoteCodec")
        clean = set()
        for i, pair in enumerate(pairs):
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise checks.fail(TypeError, f"notes[{i}]", "a (pitch, duration) pair", checks.describe(pair),
                                  func="NoteCodec")
            p, d = _melody([pair[0]], [pair[1]], "NoteCodec")
            clean.add((int(p[0]), float(d[0])))
        self.notes = sorted(clean)
        self._ids = {n: i + 2 for i, n in enumerate(self.notes)}

    def __len__(self) -> int:
        """The vocabulary size, padding and start included."""
        return len(self.notes) + 2

    def __repr__(self) -> str:
        return f"NoteCodec({len(self.notes)} notes, vocabulary {len(self)})"

    def encode(self, pitches, durations) -> np.ndarray:
        """The token id of each note of one melody."""
        p, d = _melody(pitches, durations, "NoteCodec.encode")
        out = np.empty(len(p), dtype=np.int64)
        for i, note in enumerate(zip(p.tolist(), d.tolist())):
            if note not in self._ids:
                raise checks.fail(KeyError, "pitches/durations", "notes in the codec's alphabet",
                                  f"(pitch {note[0]}, duration {note[1]}) at note {i}", func="NoteCodec.encode")
            out[i] = self._ids[note]
        return out

    def decode(self, ids) -> tuple[np.ndarray, np.ndarray]:
        """``(pitches, durations)`` of note ids (padding and start are not notes: an error)."""
        ids = checks.check_token_ids(ids, "ids", len(self), allow_padding=False, ndim=1, func="NoteCodec.decode")
        if (ids == START_ID).any():
            raise checks.fail(ValueError, "ids", "note ids (2 and up)", f"the start id 1 at {np.flatnonzero(ids == 1)[:3].tolist()}",
                              func="NoteCodec.decode")
        notes = [self.notes[i - 2] for i in ids.tolist()]
        return np.array([n[0] for n in notes], dtype=np.int64), np.array([n[1] for n in notes], dtype=np.float64)


def _interval_ngrams(pitches: np.ndarray, n: int) -> set:
    p = pitches[pitches != REST]
    steps = np.diff(p).tolist()
    return {tuple(steps[i:i + n]) for i in range(len(steps) - n + 1)}


def melody_groups(pitch_lists: Sequence, titles: Sequence[str], *, n: int = 5, threshold: float = 0.3) -> np.ndarray:
    """One group id per melody: melodies with the same title, or sharing a tune, fall in one group.

    Two melodies share a tune when the Jaccard overlap of their sets of ``n`` consecutive intervals (in
    semitones, rests skipped: the same in every key) is at least ``threshold``; groups are the connected
    components of "same title or shared tune". Split data by these groups so that no tune is in two splits.

    >>> melody_groups([[60, 62, 64, 65, 67, 69], [62, 64, 66, 67, 69, 71], [60, 59, 57, 55, 53, 52]],
    ...               ["a", "b", "c"], n=3).tolist()            # the first two are one tune in two keys
    [0, 0, 2]
    """
    lists = checks.check_sequence_of(pitch_lists, "pitch_lists", what="melodies (arrays of MIDI pitches)")
    names = checks.check_sequence_of(titles, "titles", str)
    if len(names) != len(lists):
        raise checks.fail(ValueError, "titles", f"one title per melody ({len(lists)})", f"{len(names)} titles")
    n = checks.check_int(n, "n", ge=1)
    threshold = checks.check_real(threshold, "threshold", gt=0, le=1)
    grams = [_interval_ngrams(checks.check_array(p, f"pitch_lists[{i}]", kind="integer", ndim=1), n)
             for i, p in enumerate(lists)]
    parent = list(range(len(lists)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(lists)):
        for j in range(i):
            union = grams[i] | grams[j]
            shared = len(grams[i] & grams[j]) / len(union) if union else 0.0
            if names[i] == names[j] or shared >= threshold:
                a, b = root(i), root(j)
                parent[max(a, b)] = min(a, b)
    return np.array([root(i) for i in range(len(lists))], dtype=np.int64)


def sample_continuations(next_probs: Callable[[list[list[int]]], np.ndarray], prefixes: Sequence[Sequence[int]],
                         n_new: int | Sequence[int], *, temperature: float = 1.0,
                         rng: np.random.Generator) -> list[np.ndarray]:
    """Continue each prefix of token ids by sampling ``n_new`` more tokens, all prefixes in one batch per step.

    ``next_probs(prefixes)`` returns a ``(len(prefixes), vocab)`` array: each row the model's distribution
    of the next token. Padding and start (ids 0, 1) are never drawn. ``temperature`` reshapes each row as
    ``p ** (1 / T)``, renormalised (T < 1 sharpens, T > 1 flattens, T = 1 keeps the model's own).
    Returns only the new tokens, one array per prefix.
    """
    next_probs = checks.check_callable(next_probs, "next_probs")
    starts = [list(checks.check_token_ids(p, f"prefixes[{i}]", ndim=1)) for i, p in
              enumerate(checks.check_sequence_of(prefixes, "prefixes", what="token-id prefixes"))]
    if isinstance(n_new, (int, np.integer)) and not isinstance(n_new, bool):
        counts = [checks.check_int(n_new, "n_new", ge=1)] * len(starts)
    else:
        counts = [checks.check_int(c, "n_new", ge=1) for c in checks.check_sequence_of(n_new, "n_new", int)]
        if len(counts) != len(starts):
            raise checks.fail(ValueError, "n_new", f"an int or one count per prefix ({len(starts)})", f"{len(counts)} counts")
    temperature = checks.check_real(temperature, "temperature", gt=0)
    if not isinstance(rng, np.random.Generator):
        raise checks.fail(TypeError, "rng", "a numpy.random.Generator (np.random.default_rng(seed))", checks.describe(rng))
    seqs = [list(map(int, s)) for s in starts]
    new: list[list[int]] = [[] for _ in seqs]
    for step in range(max(counts)):
        active = [i for i, c in enumerate(counts) if step < c]
        probs = np.asarray(next_probs([seqs[i] for i in active]), dtype=np.float64)
        if probs.ndim != 2 or probs.shape[0] != len(active) or probs.shape[1] < 3:
            raise checks.fail(ValueError, "next_probs", f"a function returning ({len(active)}, vocab) probabilities",
                              f"an array of shape {probs.shape}")
        if not np.isfinite(probs).all() or (probs < 0).any():
            raise checks.fail(ValueError, "next_probs", "finite, non-negative probabilities", "NaN, inf or negative values")
        probs[:, [PAD_ID, START_ID]] = 0.0
        with np.errstate(divide="ignore"):
            z = np.log(probs) / temperature
        z -= z.max(axis=1, keepdims=True)
        q = np.exp(z)
        q /= q.sum(axis=1, keepdims=True)
        for row, i in enumerate(active):
            token = int(rng.choice(q.shape[1], p=q[row]))
            seqs[i].append(token)
            new[i].append(token)
    return [np.array(t, dtype=np.int64) for t in new]


def _distribution(counts: np.ndarray) -> np.ndarray:
    total = counts.sum()
    if total == 0:
        raise ValueError("there is nothing to count: the melodies hold no notes of this kind")
    return counts / total


def _pitch_class_counts(p: np.ndarray) -> np.ndarray:
    return np.bincount(p[p != REST] % 12, minlength=12).astype(float)


def _interval_counts(p: np.ndarray, m: int) -> np.ndarray:
    steps = np.clip(np.diff(p[p != REST]), -m, m)
    return np.bincount(steps + m, minlength=2 * m + 1).astype(float)


def _duration_counts(d: np.ndarray, values: Sequence[float]) -> np.ndarray:
    vals = np.asarray(checks.check_sequence_of(values, "values", (int, float, np.floating, np.integer)), dtype=float)
    index = {float(v): i for i, v in enumerate(vals)}
    unknown = sorted({float(x) for x in d} - set(index))
    if unknown:
        raise checks.fail(ValueError, "durations", f"durations among values {vals.tolist()}", f"also {unknown[:5]}")
    return np.bincount([index[float(x)] for x in d], minlength=len(vals)).astype(float)


def pitch_class_histogram(pitches) -> np.ndarray:
    """Share of the (pitched) notes on each pitch class C, C#, ..., B: 12 numbers summing to 1. Rests are skipped."""
    p = checks.check_array(pitches, "pitches", kind="integer", ndim=1, layout="(notes,)")
    return _distribution(_pitch_class_counts(p))


def interval_histogram(pitches, *, max_interval: int = 12) -> np.ndarray:
    """Share of each step between consecutive pitched notes, ``-max_interval .. +max_interval`` semitones.

    Rests are skipped (the step is taken across them). Steps beyond the range are counted in the two end
    bins, which therefore read "``-max_interval`` or lower" and "``+max_interval`` or higher".
    """
    p = checks.check_array(pitches, "pitches", kind="integer", ndim=1, layout="(notes,)")
    m = checks.check_int(max_interval, "max_interval", ge=1)
    return _distribution(_interval_counts(p, m))


def duration_histogram(durations, values: Sequence[float]) -> np.ndarray:
    """Share of the notes (and rests) of each duration in ``values`` (quarter notes); any other duration is an error."""
    d = checks.check_array(durations, "durations", ndim=1, layout="(notes,)")
    return _distribution(_duration_counts(d, values))


def note_counts(pitches, durations, duration_values: Sequence[float], *, max_interval: int = 12) -> dict[str, np.ndarray]:
    """The counts behind the three histograms, for one melody: ``{"pitch class", "interval", "duration"}``.

    Counts (not shares) of pitch classes (12 bins), of steps between consecutive pitched notes
    (``2 * max_interval + 1`` bins, as :func:`interval_histogram`) and of durations (one bin per value
    in ``duration_values``). Unlike the histograms, a melody with nothing of a kind (only rests, one
    note) gives zeros, so the counts of many melodies can be summed, or resampled, before they become
    shares; summing per melody also keeps out the step from one melody's last note to the next one's first.

    >>> note_counts([60, 0, 62], [1.0, 1.0, 2.0], [1.0, 2.0])["interval"].tolist()[12 + 2]    # one step of +2
    1.0
    """
    p, d = _melody(pitches, durations, "note_counts")
    m = checks.check_int(max_interval, "max_interval", ge=1)
    return {"pitch class": _pitch_class_counts(p), "interval": _interval_counts(p, m),
            "duration": _duration_counts(d, duration_values)}


def in_key_share(pitches, tonic: int = 0, mode: str = "major") -> float:
    """Share of pitched notes whose pitch class belongs to the key (:data:`SCALES`); rests are skipped.

    >>> in_key_share([60, 62, 61, 0, 64])                        # C, D, C#, rest, E in C major
    0.75
    """
    p = checks.check_array(pitches, "pitches", kind="integer", ndim=1, layout="(notes,)")
    tonic = checks.check_int(tonic, "tonic", ge=0, le=11)
    mode = checks.check_str(mode, "mode", choices=MODES)
    p = p[p != REST]
    if len(p) == 0:
        raise checks.fail(ValueError, "pitches", "at least one pitched note", "only rests")
    return float(np.isin((p - tonic) % 12, SCALES[mode]).mean())


def total_variation(p, q) -> float:
    """Total variation distance ``0.5 * sum |p - q|`` between two distributions: 0 when equal, 1 when disjoint.

    >>> total_variation([0.5, 0.5, 0.0], [0.0, 0.5, 0.5])
    0.5
    """
    a = checks.check_array(p, "p", ndim=1)
    b = checks.check_array(q, "q", ndim=1)
    if a.shape != b.shape:
        raise checks.fail(ValueError, "q", f"a distribution over the same {len(a)} bins as p", f"{len(b)} bins")
    for name, x in (("p", a), ("q", b)):
        if (x < 0).any() or not np.isclose(x.sum(), 1.0, atol=1e-6):
            raise checks.fail(ValueError, name, "non-negative shares summing to 1 (divide counts by their total)",
                              f"values summing to {x.sum():.4g}" + (" with negatives" if (x < 0).any() else ""))
    return float(0.5 * np.abs(a - b).sum())


def synthesize(pitches, durations, *, bpm: float = 80.0, sample_rate: int = 16000) -> np.ndarray:
    """A melody as sound: each note a tone of three harmonics with a short fade in and out; rests are silent.

    Returns float32 samples in [-1, 1] at ``sample_rate``; a quarter note lasts ``60 / bpm`` seconds.
    """
    p, d = _melody(pitches, durations, "synthesize")
    bpm = checks.check_real(bpm, "bpm", gt=0, le=400)
    sr = checks.check_int(sample_rate, "sample_rate", ge=4000, le=96000)
    parts = []
    for pitch, dur in zip(p.tolist(), d.tolist()):
        n = int(round(dur * 60.0 / bpm * sr))
        t = np.arange(n) / sr
        if pitch == REST:
            parts.append(np.zeros(n))
            continue
        f = 440.0 * 2.0 ** ((pitch - 69) / 12)
        tone = sum(a * np.sin(2 * np.pi * k * f * t) for k, a in ((1, 1.0), (2, 0.4), (3, 0.2)))
        fade = min(n // 4, int(0.02 * sr))
        env = np.ones(n)
        if fade:
            env[:fade] = np.linspace(0, 1, fade)
            env[-fade:] = np.linspace(1, 0, fade)
        parts.append(tone * env * np.exp(-1.5 * t))
    out = np.concatenate(parts) if parts else np.zeros(0)
    peak = np.abs(out).max() if len(out) else 0.0
    return (out / peak * 0.8 if peak > 0 else out).astype(np.float32)


def write_wav(path, samples, *, sample_rate: int = 16000) -> Path:
    """Write mono float samples in [-1, 1] as a 16-bit WAV file (standard library only); returns the path."""
    path = checks.check_path(path, "path")
    x = checks.check_array(samples, "samples", ndim=1, layout="(samples,)")
    if np.abs(x).max() > 1.0:
        raise checks.fail(ValueError, "samples", "values in [-1, 1]", f"a peak of {np.abs(x).max():.3g}")
    sr = checks.check_int(sample_rate, "sample_rate", ge=4000, le=96000)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes((x * 32767).astype("<i2").tobytes())
    return path


def _var_len(n: int) -> bytes:
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    return bytes(reversed(out))


def write_midi(path, pitches, durations, *, bpm: float = 80.0, velocity: int = 80, ticks_per_quarter: int = 480) -> Path:
    """Write a melody as a standard MIDI file (format 0, one track, piano); rests are silence. Returns the path."""
    path = checks.check_path(path, "path")
    p, d = _melody(pitches, durations, "write_midi")
    bpm = checks.check_real(bpm, "bpm", gt=0, le=400)
    velocity = checks.check_int(velocity, "velocity", ge=1, le=127)
    tpq = checks.check_int(ticks_per_quarter, "ticks_per_quarter", ge=24, le=9600)
    events = bytearray()
    tempo = int(round(60_000_000 / bpm))
    events += b"\x00\xff\x51\x03" + tempo.to_bytes(3, "big")          # tempo, microseconds per quarter
    events += b"\x00\xc0\x00"                                          # program 0: acoustic piano
    wait = 0
    for pitch, dur in zip(p.tolist(), d.tolist()):
        ticks = int(round(dur * tpq))
        if pitch == REST:
            wait += ticks
            continue
        events += _var_len(wait) + bytes([0x90, pitch, velocity])
        events += _var_len(ticks) + bytes([0x80, pitch, 0])
        wait = 0
    events += _var_len(wait) + b"\xff\x2f\x00"                         # end of track
    header = b"MThd" + struct.pack(">IHHH", 6, 0, 1, tpq)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + b"MTrk" + struct.pack(">I", len(events)) + bytes(events))
    return path


def piano_roll(ax, pitches, durations, *, start: float = 0.0, color: str = "C0", label: str | None = None):
    """Draw a melody on ``ax`` as horizontal bars: time in quarter notes across, MIDI pitch up. Returns ``ax``."""
    p, d = _melody(pitches, durations, "piano_roll")
    onsets = start + np.concatenate([[0.0], np.cumsum(d)[:-1]])
    keep = p != REST
    for i, (pitch, t0, dur) in enumerate(zip(p[keep], onsets[keep], d[keep])):
        ax.broken_barh([(t0, dur * 0.95)], (pitch - 0.4, 0.8), facecolors=color,
                       label=label if i == 0 else None)
    ax.set_xlabel("time (quarter notes)")
    ax.set_ylabel("MIDI pitch")
    return ax


__all__ = ["REST", "PAD_ID", "START_ID", "SCALES", "MODES", "key_shift", "transpose", "NoteCodec",
           "melody_groups", "sample_continuations", "pitch_class_histogram", "interval_histogram",
           "duration_histogram", "note_counts", "in_key_share", "total_variation", "synthesize", "write_wav",
           "write_midi", "piano_roll"]
