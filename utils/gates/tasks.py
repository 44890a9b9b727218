"""Long-range tasks: sequences of many lengths whose answer sits far back (a symbol to recall, two numbers to add)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import checks

# --------------------------------------------------------------------------------------------
# Long-range tasks: the answer lies a chosen number of steps before the end
# --------------------------------------------------------------------------------------------


def _check_lengths(lengths, max_length, shortest: int) -> tuple[np.ndarray, int]:
    what = "a non-empty 1-D array of whole numbers (one per sequence)"
    hint = "draw them with sequence_lengths()"
    if isinstance(lengths, (np.ndarray, list, tuple)) and np.size(lengths) and np.asarray(lengths).dtype.kind == "f":
        raise checks.fail(TypeError, "lengths", what, f"dtype {np.asarray(lengths).dtype}", hint=hint)
    lengths = checks.check_array(lengths, "lengths", kind="integer", ndim=1, what=what)
    if lengths.min() < shortest:
        raise checks.fail(ValueError, "lengths", f"at least {shortest} for every sequence",
                          f"a sequence of length {int(lengths.min())}",
                          hint=f"draw lengths with sequence_lengths(n, {shortest}, longest)")
    longest = int(lengths.max())
    if max_length is None:
        return lengths.astype(np.int64), longest
    max_length = checks.check_int(max_length, "max_length", ge=1)
    if max_length < longest:
        raise checks.fail(ValueError, "max_length", f"None or >= {longest} (the longest sequence; nothing is cut off "
                          "silently)", f"max_length={max_length}, shorter than the longest sequence ({longest} steps)")
    return lengths.astype(np.int64), max_length


def sequence_lengths(n: int, shortest: int, longest: int, *, seed: int = 0) -> np.ndarray:
    """``n`` sequence lengths drawn log-uniformly from ``shortest`` to ``longest`` (both included).

    Log-uniform means as many sequences of 10-30 steps as of 100-300. Mixed into every epoch, the
    short sequences give an easy learning signal (the answer is a few steps after what it depends
    on), while the long ones ask to keep it longer.

    >>> lengths = sequence_lengths(10_000, 2, 300, seed=0)
    >>> int(lengths.min()), int(lengths.max()), round(float(np.mean(lengths <= 24)), 1)
    (2, 300, 0.5)
    """
    n = checks.check_int(n, "n", ge=1)
    shortest, longest = checks.check_int(shortest, "shortest", ge=1), checks.check_int(longest, "longest", ge=1)
    if longest < shortest:
        raise checks.fail(ValueError, "longest", "at least shortest", f"shortest={shortest}, longest={longest}")
    rng = np.random.default_rng(checks.check_int(seed, "seed", ge=0))
    draws = np.exp(rng.uniform(np.log(shortest), np.log(longest + 1), size=n))
    return np.clip(np.floor(draws).astype(np.int64), shortest, longest)


def symbol_task(lengths, n_symbols: int = 4, *, noise: float = 1.0, max_length: int | None = None,
                seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Remember the first symbol: the answer lies ``length - 1`` steps before the end of each sequence.

    Sequence ``k`` is ``lengths[k]`` steps long: step 0 is one of ``n_symbols`` symbols as a one-hot
    vector, the other steps hold Gaussian noise (scale ``noise``) on an extra channel that a model
    must learn to ignore; the target is the symbol's id (chance accuracy ``1 / n_symbols``). All
    sequences are stored in one array, **right-padded** with all-zero steps up to ``max_length``
    (default: the longest). A ``keras.layers.Masking()`` layer skips those steps, and right padding
    keeps LSTM and GRU on their cuDNN kernel on a GPU. ``noise`` must be > 0 so that no real step is
    all zero.

    Returns ``x`` (n, max_length, n_symbols + 1) float32 and ``y`` (n,) int64.

    >>> x, y = symbol_task(np.array([3, 5]), n_symbols=3, seed=0)
    >>> x.shape, [int(x[k, 0, y[k]]) for k in range(2)], (x[0, 3:] == 0).all()
    ((2, 5, 4), [1, 1], np.True_)
    """
    lengths, max_length = _check_lengths(lengths, max_length, 1)
    n_symbols = checks.check_int(n_symbols, "n_symbols", ge=2)
    noise = checks.check_real(noise, "noise")
    if not noise > 0:
        raise checks.fail(ValueError, "noise", "> 0 (a noise step must not look like padding)", repr(noise))
    rng = np.random.default_rng(checks.check_int(seed, "seed", ge=0))
    n = len(lengths)
    y = rng.integers(0, n_symbols, size=n)
    longest = int(lengths.max())                   # draw only what the sequences use: max_length pads, nothing else
    x = np.zeros((n, max_length, n_symbols + 1), dtype=np.float32)
    x[np.arange(n), 0, y] = 1.0
    x[:, 1:longest, n_symbols] = noise * rng.standard_normal((n, longest - 1))
    x[np.arange(max_length)[None, :] >= lengths[:, None]] = 0.0              # right padding
    return x, y.astype(np.int64)


def adding_problem(lengths, *, max_length: int | None = None, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The adding problem (Hochreiter & Schmidhuber, 1997): add the two marked numbers.

    Sequence ``k`` is ``lengths[k]`` (at least 2) steps long. Feature 0 holds random numbers in
    (0, 1]; feature 1 marks two steps with 1, one in the first half of the sequence and one in the
    second. The target is the sum of the two marked numbers; always answering the mean, 1, scores a
    mean squared error of 1/6 (the variance of a sum of two uniforms). The first number must be held
    from somewhere in the first half to the end. Right-padded with all-zero steps up to
    ``max_length`` as in :func:`symbol_task` (no real step is all zero).

    Returns ``x`` (n, max_length, 2) float32 and ``y`` (n,) float32.

    >>> x, y = adding_problem(np.array([4, 8, 8]), seed=0)
    >>> x.shape, x[:, :, 1].sum(axis=1).tolist(), bool(np.allclose(y, (x[:, :, 0] * x[:, :, 1]).sum(axis=1)))
    ((3, 8, 2), [2.0, 2.0, 2.0], True)
    """
    lengths, max_length = _check_lengths(lengths, max_length, 2)
    rng = np.random.default_rng(checks.check_int(seed, "seed", ge=0))
    n = len(lengths)
    half = lengths // 2
    first = (rng.random(n) * half).astype(np.int64)                          # in [0, half)
    second = half + (rng.random(n) * (lengths - half)).astype(np.int64)      # in [half, length)
    longest = int(lengths.max())
    x = np.zeros((n, max_length, 2), dtype=np.float32)
    x[:, :longest, 0] = 1.0 - rng.random((n, longest))                       # (0, 1]: never exactly 0
    rows = np.arange(n)
    x[rows, first, 1] = 1.0
    x[rows, second, 1] = 1.0
    y = x[rows, first, 0] + x[rows, second, 0]
    x[np.arange(max_length)[None, :] >= lengths[:, None]] = 0.0
    return x, y.astype(np.float32)


def mean_by_length(values, lengths, bins) -> pd.DataFrame:
    """The mean of a per-sequence score (correct or not, squared error, ...) in groups of length.

    ``bins`` are the left edges of the groups (increasing); the last group runs to the longest
    sequence. Returns one row per non-empty group: ``from``, ``to`` (both included), ``n``, ``mean``.
    A sequence shorter than the first edge raises ``ValueError`` rather than being dropped.

    >>> mean_by_length([1, 1, 0, 1], [1, 2, 8, 9], bins=[1, 5])
       from  to  n  mean
    0     1   4  2   1.0
    1     5   9  2   0.5
    """
    if isinstance(values, (np.ndarray, list, tuple)) and np.asarray(values).dtype == bool:
        values = np.asarray(values, dtype=np.float64)          # correct or not: True counts as 1
    values = checks.check_array(values, "values", ndim=1, dtype=np.float64)
    lengths = checks.check_array(lengths, "lengths", kind="integer", ndim=1)
    if len(values) != len(lengths):
        raise checks.fail(ValueError, "values and lengths", "1-D arrays of one length",
                          f"shapes {values.shape} and {lengths.shape}")
    edges = checks.check_array(bins, "bins", ndim=1)
    if np.any(np.diff(edges) <= 0):
        raise checks.fail(ValueError, "bins", "increasing left edges", repr(bins))
    if lengths.min() < edges[0]:
        raise checks.fail(ValueError, "bins", f"edges starting at {int(lengths.min())} or lower (the shortest sequence)",
                          f"first edge {edges[0]:g}: the shortest sequence ({int(lengths.min())} steps) lies left of "
                          f"the first bin edge {edges[0]:g}: it would be dropped")
    top = int(max(lengths.max(), edges[-1])) + 1
    rows = []
    for lo, hi in zip(edges, list(edges[1:]) + [top]):
        sel = (lengths >= lo) & (lengths < hi)
        if sel.any():
            rows.append({"from": int(lo), "to": int(hi) - 1, "n": int(sel.sum()), "mean": float(values[sel].mean())})
    return pd.DataFrame(rows, columns=["from", "to", "n", "mean"])


