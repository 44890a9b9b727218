"""The numerical gradient check that proves the backward pass right."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from .. import checks
from ._checks import PARAM_NAMES, _as_float_array, _check_params, _check_x
from .network import cross_entropy, forward
from .bptt import loss_and_grads

# --------------------------------------------------------------------------------------------
# Numerical gradient check
# --------------------------------------------------------------------------------------------


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """||a - b|| / (||a|| + ||b||): 0 when equal, about 1 when unrelated (0 if both are 0).

    >>> relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0]))
    0.0
    """
    a = _as_float_array("a", a, tuple(range(0, 6)))
    b = _as_float_array("b", b, tuple(range(0, 6)))
    if a.shape != b.shape:
        raise checks.fail(ValueError, "a and b", "the same shape", f"{a.shape} and {b.shape}")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def numerical_gradient(f: Callable[[], float], array: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Centred differences (f(a + eps) - f(a - eps)) / 2 eps for every entry of ``array``.

    ``f`` takes no argument and reads ``array``, which is changed in place one entry at a time and
    restored afterwards, also when ``f`` raises. ``f`` must return a real number.

    >>> a = np.array([1.0, 2.0])
    >>> numerical_gradient(lambda: float(np.sum(a ** 2)), a).round(6).tolist()
    [2.0, 4.0]
    """
    checks.check_callable(f, "f")
    if not isinstance(array, np.ndarray) or not np.issubdtype(array.dtype, np.floating):
        raise checks.fail(TypeError, "array", "a floating NumPy array (changed in place, so not a list)",
                          checks.describe(array))
    checks.check_array(array, "array")                        # finite, not empty
    eps = checks.check_real(eps, "eps", gt=0)
    grad = np.zeros_like(array)
    it = np.nditer(array, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = array[i]
        try:
            array[i] = old + eps
            plus = _loss_value(f())
            array[i] = old - eps
            minus = _loss_value(f())
        finally:
            array[i] = old
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def _loss_value(value) -> float:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    return checks.check_real(value, "f()", allow_nan=True, allow_inf=True, what="a real number (the loss)")


def gradient_check(params: Mapping[str, np.ndarray], x: np.ndarray, targets: np.ndarray,
                   activation_name: str = "tanh", eps: float = 1e-5) -> dict[str, float]:
    """Compare BPTT's gradients with centred differences for every parameter.

    Needs float64 parameters (in float32 the differences drown in rounding). Returns
    ``{name: relative_error}``; correct gradients give about 1e-9 to 1e-7.

    >>> p = init_params(3, 5, 3, seed=0)
    >>> x = np.random.default_rng(0).normal(size=(2, 4, 3))
    >>> errors = gradient_check(p, x, np.array([[0, 1, 2, 0], [2, 2, 1, 0]]))
    >>> max(errors.values()) < 1e-6
    True
    """
    p = _check_params(params)
    for k, v in p.items():
        if v.dtype != np.float64:
            raise checks.fail(TypeError, f"params[{k!r}]", "float64 for a gradient check", f"{v.dtype}")
    eps = checks.check_real(eps, "eps", gt=0)
    p = {k: v.copy() for k, v in p.items()}
    x = _check_x(x, p["W"].shape[0]).astype(np.float64)
    _, grads = loss_and_grads(p, x, targets, activation_name=activation_name)

    def loss() -> float:
        return float(cross_entropy(forward(p, x, activation_name=activation_name).probs, targets))

    return {k: relative_error(grads[k], numerical_gradient(loss, p[k], eps)) for k in PARAM_NAMES}


