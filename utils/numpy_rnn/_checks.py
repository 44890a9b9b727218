"""Input checks shared by the NumPy RNN: every public function names the argument, what it expected and what it got."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .. import checks

PARAM_NAMES: tuple[str, ...] = ("W", "U", "b", "V", "c")
Params = dict[str, np.ndarray]

# --------------------------------------------------------------------------------------------
# Input checks: every public function names the argument, what it expected and what it got.
# --------------------------------------------------------------------------------------------


def _as_float_array(name: str, value, ndim: int | tuple[int, ...], *, allow_nan: bool = False) -> np.ndarray:
    """Real numbers, ``ndim``-D, non-empty, finite (``allow_nan`` also lets infinity through)."""
    return checks.check_array(value, name, ndim=ndim, finite=not allow_nan)


def _check_params(params: Mapping[str, np.ndarray], names: tuple[str, ...] = PARAM_NAMES) -> Params:
    if not isinstance(params, Mapping):
        raise checks.fail(TypeError, "params", f"a dict of arrays with keys {list(names)}", checks.describe(params))
    missing = [k for k in names if k not in params]
    if missing:
        raise checks.fail(ValueError, "params", f"a dict with keys {list(names)}",
                          f"keys {sorted(map(str, params))}: params is missing {missing}")
    out = {k: _as_float_array(f"params[{k!r}]", params[k], 1 if k in ("b", "c") else 2) for k in names}
    n_units = out["U"].shape[0]
    expected = {"U": (n_units, n_units), "b": (n_units,)}
    if "W" in out:
        expected["W"] = (out["W"].shape[0], n_units)
    if "V" in out:
        expected["V"] = (n_units, out["V"].shape[1])
        expected["c"] = (out["V"].shape[1],)
    for k, shape in expected.items():
        if k in out and out[k].shape != shape:
            raise checks.fail(ValueError, f"params[{k!r}]", f"of shape {shape} to match U {out['U'].shape}"
                              f"{' and V ' + str(out['V'].shape) if 'V' in out else ''}", f"{out[k].shape}")
    return out


def _check_x(x, n_features: int) -> np.ndarray:
    x = checks.check_array(x, "x", ndim=3, layout="(batch, time, features)")
    if x.shape[2] != n_features:
        raise checks.fail(ValueError, "x", f"(batch, time, features) with features={n_features} (rows of W)",
                          f"shape {x.shape}")
    return x


def _check_targets(targets, batch: int, time: int, n_classes: int) -> np.ndarray:
    targets = checks.check_array(targets, "targets", kind="integer", what="integer class ids")
    if targets.shape != (batch, time):
        raise checks.fail(ValueError, "targets", f"of shape (batch, time) = {(batch, time)}", f"{targets.shape}")
    if targets.min() < 0 or targets.max() >= n_classes:
        raise checks.fail(ValueError, "targets", f"class ids in [0, {n_classes - 1}]",
                          f"values from {targets.min()} to {targets.max()}")
    return targets


