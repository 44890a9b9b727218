"""The network: parameters (Keras SimpleRNN layout) and the forward pass, softmax outputs and cross-entropy."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .. import checks
from ._checks import Params, _as_float_array, _check_params, _check_targets, _check_x
from .activations import _FAST, _activation_name, _softmax, activation

# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------


def init_params(n_features: int, n_units: int, n_classes: int, *, seed: int = 0,
                recurrent_scale: float = 1.0, dtype=np.float64) -> Params:
    """Random parameters in Keras's layout and with Keras's default initialisers.

    W and V are Glorot-uniform, U is orthogonal times ``recurrent_scale`` (so every singular value
    of U equals ``recurrent_scale``), b and c are zero.

    >>> p = init_params(4, 8, 3, seed=1)
    >>> {k: v.shape for k, v in p.items()}
    {'W': (4, 8), 'U': (8, 8), 'b': (8,), 'V': (8, 3), 'c': (3,)}
    """
    n_features = checks.check_int(n_features, "n_features", ge=1)
    n_units = checks.check_int(n_units, "n_units", ge=1)
    n_classes = checks.check_int(n_classes, "n_classes", ge=1)
    recurrent_scale = checks.check_real(recurrent_scale, "recurrent_scale", gt=0, what="a finite number")
    try:
        floating = np.issubdtype(np.dtype(dtype), np.floating)
    except TypeError:
        floating = False
    if not floating:
        raise checks.fail(TypeError, "dtype", "a floating type such as np.float64", checks.describe(dtype))
    rng = np.random.default_rng(checks.check_int(seed, "seed", ge=0))

    def glorot(fan_in: int, fan_out: int) -> np.ndarray:
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, size=(fan_in, fan_out))

    q, r = np.linalg.qr(rng.normal(size=(n_units, n_units)))
    q = q * np.sign(np.diag(r))  # a uniformly random orthogonal matrix
    params = {
        "W": glorot(n_features, n_units),
        "U": recurrent_scale * q,
        "b": np.zeros(n_units),
        "V": glorot(n_units, n_classes),
        "c": np.zeros(n_classes),
    }
    return {k: v.astype(dtype) for k, v in params.items()}


def count_params(params: Mapping[str, np.ndarray]) -> int:
    """Total number of scalars in ``params`` (what Keras's ``count_params`` reports).

    >>> count_params(init_params(4, 8, 4))
    140
    """
    return int(sum(np.size(v) for v in _check_params(params).values()))


# --------------------------------------------------------------------------------------------
# Forward pass
# --------------------------------------------------------------------------------------------


def rnn_step(x_t: np.ndarray, h_prev: np.ndarray, W: np.ndarray, U: np.ndarray, b: np.ndarray,
             activation_name: str = "tanh") -> tuple[np.ndarray, np.ndarray]:
    """One step of the recurrence: returns ``(h_t, z_t)`` with z_t = x_t W + h_prev U + b.

    Shapes: x_t (batch, features), h_prev (batch, units) -> h_t, z_t (batch, units).

    >>> W, U, b = np.ones((2, 3)), np.zeros((3, 3)), np.zeros(3)
    >>> h, z = rnn_step(np.array([[1.0, 0.0]]), np.zeros((1, 3)), W, U, b)
    >>> z.tolist()
    [[1.0, 1.0, 1.0]]
    """
    p = _check_params({"W": W, "U": U, "b": b}, ("W", "U", "b"))
    x_t = _as_float_array("x_t", x_t, 2)
    h_prev = _as_float_array("h_prev", h_prev, 2)
    _check_step_shapes(x_t, h_prev, p["W"])
    return _step(x_t, h_prev, p["W"], p["U"], p["b"], _activation_name(activation_name))


def _check_step_shapes(x_t: np.ndarray, h_prev: np.ndarray, W: np.ndarray) -> None:
    features, units = W.shape
    if x_t.shape[1] != features:
        raise checks.fail(ValueError, "x_t", f"(batch, features) with features={features} (rows of W)",
                          f"{x_t.shape}")
    if h_prev.shape != (x_t.shape[0], units):
        raise checks.fail(ValueError, "h_prev", f"(batch, units) = {(x_t.shape[0], units)}", f"{h_prev.shape}")


def _step(x_t, h_prev, W, U, b, activation_name):
    f, _ = _FAST[activation_name]
    z = x_t @ W + h_prev @ U + b
    return f(z), z


def rnn_forward(x: np.ndarray, W: np.ndarray, U: np.ndarray, b: np.ndarray,
                h0: np.ndarray | None = None, activation_name: str = "tanh") -> tuple[np.ndarray, np.ndarray]:
    """Run the recurrence over a whole sequence: returns ``(h, z)``, both (batch, time, units).

    ``h0`` (batch, units) is the initial state; zeros if omitted, as in Keras.

    >>> p = init_params(4, 8, 4)
    >>> h, z = rnn_forward(np.zeros((2, 5, 4)), p["W"], p["U"], p["b"])
    >>> h.shape
    (2, 5, 8)
    """
    p = _check_params({"W": W, "U": U, "b": b}, ("W", "U", "b"))
    x = _check_x(x, p["W"].shape[0])
    activation_name = _activation_name(activation_name)
    batch, time, _ = x.shape
    units = p["U"].shape[0]
    h_prev = _initial_state(h0, batch, units)
    return _rnn_forward(x, p["W"], p["U"], p["b"], h_prev, activation_name)


def _rnn_forward(x, W, U, b, h_prev, activation_name):
    batch, time, _ = x.shape
    units = U.shape[0]
    p = {"W": W, "U": U, "b": b}
    h = np.empty((batch, time, units), dtype=np.result_type(x, p["W"]))
    z = np.empty_like(h)
    for t in range(time):
        h[:, t], z[:, t] = _step(x[:, t], h_prev, p["W"], p["U"], p["b"], activation_name)
        h_prev = h[:, t]
    return h, z


def _initial_state(h0, batch: int, units: int) -> np.ndarray:
    if h0 is None:
        return np.zeros((batch, units))
    h0 = _as_float_array("h0", h0, 2)
    if h0.shape != (batch, units):
        raise checks.fail(ValueError, "h0", f"of shape (batch, units) = {(batch, units)}", f"{h0.shape}")
    return h0


@dataclass(frozen=True)
class ForwardCache:
    """Everything the forward pass computed, kept for the backward pass (and for plots)."""

    x: np.ndarray  # (batch, time, features)
    h0: np.ndarray  # (batch, units)
    z: np.ndarray  # (batch, time, units)  pre-activations
    h: np.ndarray  # (batch, time, units)  hidden states
    logits: np.ndarray  # (batch, time, classes)
    probs: np.ndarray  # (batch, time, classes)
    activation: str = "tanh"


def forward(params: Mapping[str, np.ndarray], x: np.ndarray, h0: np.ndarray | None = None,
            activation_name: str = "tanh") -> ForwardCache:
    """The whole network: recurrence, then a softmax over classes at every step.

    >>> p = init_params(4, 8, 4)
    >>> cache = forward(p, np.eye(4)[[[1, 0, 2, 2]]])
    >>> cache.probs.shape, bool(np.allclose(cache.probs.sum(-1), 1))
    ((1, 4, 4), True)
    """
    p = _check_params(params)
    x = _check_x(x, p["W"].shape[0])
    activation_name = _activation_name(activation_name)
    h_init = _initial_state(h0, x.shape[0], p["U"].shape[0])
    h, z = _rnn_forward(x, p["W"], p["U"], p["b"], h_init, activation_name)
    logits = h @ p["V"] + p["c"]
    return ForwardCache(x=x, h0=h_init, z=z, h=h, logits=logits, probs=_softmax(logits),
                        activation=activation_name)


def predict(params: Mapping[str, np.ndarray], x: np.ndarray, activation_name: str = "tanh") -> np.ndarray:
    """Most likely class at every step: (batch, time) integer ids.

    >>> predict(init_params(4, 8, 3), np.zeros((2, 5, 4))).shape
    (2, 5)
    """
    return forward(params, x, activation_name=activation_name).probs.argmax(axis=-1)


def cross_entropy(probs: np.ndarray, targets: np.ndarray) -> float:
    """Mean of -log p(target) over every (batch, time) position.

    ``probs`` (batch, time, classes) must be probabilities: finite, in [0, 1] (NaN would give a NaN loss
    silently); ``targets`` (batch, time) integer class ids.

    >>> cross_entropy(np.full((1, 2, 4), 0.25), np.array([[0, 3]])).round(4)
    np.float64(1.3863)
    """
    probs = checks.check_array(probs, "probs", ndim=3, layout="(batch, time, classes)")
    if probs.min() < 0 or probs.max() > 1:
        raise checks.fail(ValueError, "probs", "probabilities in [0, 1]",
                          f"values from {probs.min():.4g} to {probs.max():.4g}")
    targets = _check_targets(targets, probs.shape[0], probs.shape[1], probs.shape[2])
    return _cross_entropy(probs, targets)


def _cross_entropy(probs, targets):
    picked = np.take_along_axis(probs, targets[..., None], axis=-1)[..., 0]
    return np.float64(-np.mean(np.log(np.maximum(picked, 1e-300))))


