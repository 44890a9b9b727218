"""Measuring layers: how far back the gradient reaches, and seeds summarised as mean ± std."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import checks

# --------------------------------------------------------------------------------------------
# Gradients through time, and summaries of repeated runs
# --------------------------------------------------------------------------------------------


def input_gradient_norms(layer, x, seed: int = 0) -> np.ndarray:
    """How strongly the layer's last output depends on each earlier input: ||d(g . h_T) / d x_t||.

    ``layer`` maps (batch, time, features) to its last state (batch, units) - a Keras recurrent
    layer with ``return_sequences=False``, or a ``Bidirectional`` one. ``g`` is a random unit vector
    per sequence (drawn with ``seed``), as in chapter 02's ``hidden_gradient_norms``. Returns the
    mean over the batch, shape (time,), with ``norms[k]`` for the input ``k`` steps before the last
    (``norms[0]`` is the last input).

    >>> import keras                                                    # doctest: +SKIP
    >>> input_gradient_norms(keras.layers.LSTM(8), np.zeros((2, 30, 3))).shape   # doctest: +SKIP
    (30,)
    """
    import tensorflow as tf

    x = checks.check_array(x, "x", ndim=3, layout="(batch, time, features)", dtype=np.float32)
    checks.check_callable(layer, "layer")
    seed = checks.check_int(seed, "seed", ge=0)
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        out = layer(xt)
        if isinstance(out, (list, tuple)):
            raise checks.fail(ValueError, "layer", "a layer returning one tensor (its last state)",
                              f"{len(out)} tensors", hint="use return_state=False")
        if len(out.shape) != 2:
            raise checks.fail(ValueError, "layer", "a layer returning (batch, units)", f"shape {tuple(out.shape)}",
                              hint="use return_sequences=False")
        g = np.random.default_rng(seed).standard_normal(tuple(out.shape))
        g = (g / np.linalg.norm(g, axis=1, keepdims=True)).astype(np.float32)
        objective = tf.reduce_sum(out * g)
    grads = tape.gradient(objective, xt).numpy()          # (batch, time, features)
    norms = np.linalg.norm(grads, axis=2).mean(axis=0)    # (time,), first step first
    return norms[::-1].copy()


def summarize_runs(results: pd.DataFrame, by: list[str], values: list[str]) -> pd.DataFrame:
    """Mean and standard deviation (over seeds) of each column in ``values``, per group ``by``.

    Returns one row per group with ``<value>_mean`` and ``<value>_std`` columns and ``runs``
    (the number of rows averaged). The standard deviation is the sample one (``ddof=1``); it is
    NaN for a group of one run.

    >>> runs = pd.DataFrame({"model": ["a", "a", "b"], "acc": [0.8, 0.9, 0.5]})
    >>> summarize_runs(runs, ["model"], ["acc"]).round(3).to_dict("records")
    [{'model': 'a', 'runs': 2, 'acc_mean': 0.85, 'acc_std': 0.071}, {'model': 'b', 'runs': 1, 'acc_mean': 0.5, 'acc_std': nan}]
    """
    checks.check_dataframe(results, "results")
    by = checks.check_sequence_of(by, "by", what="column names", unique=True)
    values = checks.check_sequence_of(values, "values", what="column names", unique=True)
    missing = [c for c in [*by, *values] if c not in results.columns]
    if missing:
        raise checks.fail(ValueError, "by and values", f"columns of results {list(results.columns)}",
                          f"{missing}: columns {missing} are not in results")
    for v in values:
        if not pd.api.types.is_numeric_dtype(results[v]):          # bool counts: the mean is a fraction
            raise checks.fail(TypeError, f"values column {v!r}", "numbers (a mean is taken)",
                              f"dtype {results[v].dtype}")
    grouped = results.groupby(by, sort=False)
    out = grouped.size().rename("runs").to_frame()
    for v in values:
        out[f"{v}_mean"] = grouped[v].mean()
        out[f"{v}_std"] = grouped[v].std(ddof=1)
    return out.reset_index()


def mean_pm_std(mean: float, std: float, digits: int = 3) -> str:
    """``"0.912 ± 0.004"``; a NaN standard deviation (one run) is shown as ``"0.912 ± n/a"``.

    >>> mean_pm_std(0.91234, 0.0041)
    '0.912 ± 0.004'
    """
    mean = checks.check_real(mean, "mean")
    std = checks.check_real(std, "std", ge=0, allow_nan=True)
    digits = checks.check_int(digits, "digits", ge=0, le=12)
    spread = "n/a" if not np.isfinite(std) else f"{std:.{digits}f}"
    return f"{mean:.{digits}f} ± {spread}"


