"""utils.stats.paired_bootstrap: the interval of a paired difference, by item or by whole groups."""

import numpy as np
import pytest

from utils import stats


def test_matches_the_inline_bootstrap_of_chapter_05():
    rng = np.random.default_rng(3)
    a, b = rng.integers(0, 2, 500), rng.integers(0, 2, 500)
    d, low, high = stats.paired_bootstrap(a, b, seed=42)
    r = np.random.default_rng(42)
    diff = a.astype(float) - b.astype(float)
    boot = np.array([diff[r.integers(0, 500, 500)].mean() for _ in range(2000)])
    assert (d, low, high) == (diff.mean(), *np.percentile(boot, [2.5, 97.5]))


def test_groups_widen_the_interval_when_items_of_a_group_agree():
    rng = np.random.default_rng(0)
    groups = np.repeat(np.arange(20), 50)                       # 20 recordings of 50 windows each
    per_group = rng.normal(0, 0.3, 20)
    diff_items = np.clip(per_group[groups] + rng.normal(0, 0.05, 1000), -1, 1)
    _, low_i, high_i = stats.paired_bootstrap(diff_items, np.zeros(1000), seed=1)
    _, low_g, high_g = stats.paired_bootstrap(diff_items, np.zeros(1000), groups=groups, seed=1)
    assert high_g - low_g > 3 * (high_i - low_i)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="correct_b"):
        stats.paired_bootstrap([1, 0, 1], [1, 0])
    with pytest.raises(ValueError, match="groups"):
        stats.paired_bootstrap([1, 0, 1], [1, 0, 0], groups=[1, 2])
    with pytest.raises(ValueError, match="level"):
        stats.paired_bootstrap([1, 0], [0, 0], level=95)
    with pytest.raises(ValueError, match="correct_a"):
        stats.paired_bootstrap([np.nan, 1], [0, 0])
