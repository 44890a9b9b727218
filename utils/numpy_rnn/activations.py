"""Activation functions, their derivatives (with respect to the input z), softmax and its Jacobian."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .. import checks
from ._checks import _as_float_array

# --------------------------------------------------------------------------------------------
# Activation functions and their derivatives (derivatives are taken with respect to the input z)
# --------------------------------------------------------------------------------------------


# The public functions check their input; the private twins (used inside the recurrence, once per
# step) do not: the recurrence checks its arrays once on the way in.


def _z(z) -> np.ndarray:
    return checks.check_array(z, "z", finite=False, nonempty=False)


def _alpha(alpha) -> float:
    return checks.check_real(alpha, "alpha", ge=0)


def _sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_grad(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


def _tanh_grad(z):
    return 1.0 - np.tanh(z) ** 2


def _relu(z):
    return np.maximum(0.0, z)


def _relu_grad(z):
    return (np.asarray(z) > 0).astype(float)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic sigmoid 1 / (1 + e^-z), computed without overflow for large |z|.

    >>> float(sigmoid(np.array(0.0)))
    0.5
    """
    return _sigmoid(_z(z))


def sigmoid_grad(z: np.ndarray) -> np.ndarray:
    """d sigmoid / dz = s (1 - s); at most 0.25 (at z = 0)."""
    return _sigmoid_grad(_z(z))


def tanh(z: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent, the default activation of Keras's recurrent layers."""
    return np.tanh(_z(z))


def tanh_grad(z: np.ndarray) -> np.ndarray:
    """d tanh / dz = 1 - tanh(z)^2; at most 1 (at z = 0)."""
    return _tanh_grad(_z(z))


def relu(z: np.ndarray) -> np.ndarray:
    """max(0, z)."""
    return _relu(_z(z))


def relu_grad(z: np.ndarray) -> np.ndarray:
    """1 where z > 0, else 0 (we take 0 at z = 0, as TensorFlow does)."""
    return _relu_grad(_z(z))


LEAKY_SLOPE = 0.1


def _leaky_relu(z, alpha=LEAKY_SLOPE):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * z)


def _leaky_relu_grad(z, alpha=LEAKY_SLOPE):
    return np.where(np.asarray(z) > 0, 1.0, alpha)


def leaky_relu(z: np.ndarray, alpha: float = LEAKY_SLOPE) -> np.ndarray:
    """z for z > 0, alpha * z otherwise (``alpha`` a finite slope >= 0)."""
    return _leaky_relu(_z(z), _alpha(alpha))


def leaky_relu_grad(z: np.ndarray, alpha: float = LEAKY_SLOPE) -> np.ndarray:
    """1 for z > 0, alpha otherwise."""
    return _leaky_relu_grad(_z(z), _alpha(alpha))


#: name -> (f, df/dz). These are the activations the NumPy RNN accepts for its hidden state.
ACTIVATIONS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]] = {
    "tanh": (tanh, tanh_grad),
    "sigmoid": (sigmoid, sigmoid_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
}
_FAST = {"tanh": (np.tanh, _tanh_grad), "sigmoid": (_sigmoid, _sigmoid_grad), "relu": (_relu, _relu_grad),
         "leaky_relu": (_leaky_relu, _leaky_relu_grad)}


def activation(name: str) -> tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]:
    """``(f, df/dz)`` for a hidden-state activation name.

    >>> f, df = activation("tanh")
    >>> float(df(np.array(0.0)))
    1.0
    """
    return ACTIVATIONS[_activation_name(name, "name")]


def _activation_name(name, arg: str = "activation_name") -> str:
    return checks.check_str(name, arg, choices=sorted(ACTIVATIONS))


def softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    """exp(z_i) / sum_j exp(z_j) along ``axis``, stable for large logits (the max is subtracted).

    >>> softmax(np.array([0.0, np.log(3.0)])).round(2).tolist()
    [0.25, 0.75]
    """
    logits = _as_float_array("logits", logits, tuple(range(1, 6)))
    axis = checks.check_int(axis, "axis", ge=-logits.ndim, lt=logits.ndim)
    return _softmax(logits, axis)


def _softmax(logits: np.ndarray, axis: int = -1) -> np.ndarray:
    shifted = logits - logits.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def softmax_jacobian(p: np.ndarray) -> np.ndarray:
    """dp_i / dz_j = p_i (delta_ij - p_j) for one probability vector ``p`` of shape (classes,).

    >>> softmax_jacobian(np.array([0.5, 0.5])).tolist()
    [[0.25, -0.25], [-0.25, 0.25]]
    """
    p = _as_float_array("p", p, 1)
    if np.any(p < 0) or not np.isclose(p.sum(), 1.0):
        raise checks.fail(ValueError, "p", "a probability vector (non-negative, sums to 1)",
                          f"sum {p.sum():.4g}, minimum {p.min():.4g}")
    return np.diag(p) - np.outer(p, p)


