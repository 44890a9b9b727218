"""Uncertainty of a comparison: two models scored on the same test items.

:func:`paired_bootstrap` resamples the *items* (sentences, windows), not the models, so that both models
are always compared on the same draw. When items come in groups that are not independent (the windows of
one recording, the frames of one speaker), pass ``groups``: whole groups are resampled, which gives the
wider, honest interval.
"""

from __future__ import annotations

import numpy as np

from . import checks


def paired_bootstrap(correct_a, correct_b, *, groups=None, n_boot: int = 2000, seed: int = 0,
                     level: float = 0.95) -> tuple[float, float, float]:
    """``(difference, low, high)``: the mean of ``correct_a - correct_b`` and its bootstrap interval.

    ``correct_a`` and ``correct_b`` are per-item scores of two models on the same items (1/0 for
    right/wrong, or any per-item number). Without ``groups`` each draw takes ``len(items)`` items with
    replacement; with ``groups`` (one id per item) it takes as many groups as there are, with
    replacement, and averages over all their items.

    >>> a, b = np.array([1, 1, 1, 0]), np.array([1, 0, 0, 0])
    >>> d, low, high = paired_bootstrap(a, b, seed=1)
    >>> float(d), bool(low <= d <= high)
    (0.5, True)
    """
    a = checks.check_array(correct_a, "correct_a", ndim=1, layout="(items,)")
    b = checks.check_array(correct_b, "correct_b", ndim=1, layout="(items,)")
    if len(a) != len(b):
        raise checks.fail(ValueError, "correct_b", f"one score per item, like correct_a ({len(a)})", f"{len(b)} scores")
    n_boot = checks.check_int(n_boot, "n_boot", ge=1)
    seed = checks.check_int(seed, "seed", ge=0)
    level = checks.check_real(level, "level", gt=0, lt=1)
    diff = a - b
    rng = np.random.default_rng(seed)
    if groups is None:
        boot = np.array([diff[rng.integers(0, len(diff), len(diff))].mean() for _ in range(n_boot)])
    else:
        g = np.asarray(groups)
        if g.ndim != 1 or len(g) != len(diff):
            raise checks.fail(ValueError, "groups", f"one group id per item ({len(diff)})", f"shape {g.shape}")
        ids, index = np.unique(g, return_inverse=True)
        sums, counts = np.bincount(index, weights=diff), np.bincount(index).astype(float)
        draws = rng.integers(0, len(ids), size=(n_boot, len(ids)))
        boot = sums[draws].sum(axis=1) / counts[draws].sum(axis=1)
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(boot, [tail, 100 - tail])
    return float(diff.mean()), float(low), float(high)


__all__ = ["paired_bootstrap"]
