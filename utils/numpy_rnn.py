"""A small recurrent network in NumPy: forward pass, softmax outputs, cross-entropy, and
backpropagation through time (BPTT) written out step by step.

It follows Keras's ``SimpleRNN`` convention so that weights move between the two unchanged::

    z_t = x_t W + h_{t-1} U + b          W: (features, units)  U: (units, units)  b: (units,)
    h_t = f(z_t)                         f = tanh by default
    p_t = softmax(h_t V + c)             V: (units, classes)   c: (classes,)

Arrays are ``(batch, time, features)`` in and ``(batch, time, units)`` / ``(batch, time, classes)``
out. Parameters live in a plain dict ``{"W", "U", "b", "V", "c"}``.

>>> import numpy as np
>>> from utils import numpy_rnn as nrnn
>>> params = nrnn.init_params(n_features=4, n_units=8, n_classes=4, seed=0)
>>> x = np.eye(4)[[[1, 0, 2, 2]]]                  # "hell" one-hot: (batch=1, time=4, features=4)
>>> loss, grads = nrnn.loss_and_grads(params, x, np.array([[0, 2, 2, 3]]))
>>> sorted(grads) == sorted(nrnn.PARAM_NAMES)
True

Chapter 02 writes the forward pass and BPTT out by hand and checks them against this module;
chapter 03 and later chapters import it.
Nothing here imports TensorFlow except the Keras bridge functions, which import it when called.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from . import checks

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


# --------------------------------------------------------------------------------------------
# Backward pass: backpropagation through time
# --------------------------------------------------------------------------------------------


def rnn_step_backward(dh: np.ndarray, x_t: np.ndarray, h_prev: np.ndarray, z_t: np.ndarray,
                      W: np.ndarray, U: np.ndarray, activation_name: str = "tanh") -> dict[str, np.ndarray]:
    """Gradients of one step, given dh = dL/dh_t (batch, units).

    Returns ``dx`` (batch, features), ``dh_prev`` (batch, units) and this step's share of
    ``dW``, ``dU``, ``db``::

        dz      = dh * f'(z_t)
        dW      = x_t^T dz        dU = h_prev^T dz        db = sum over batch of dz
        dx      = dz W^T          dh_prev = dz U^T

    >>> p = init_params(2, 3, 2)
    >>> x_t, h_prev = np.ones((1, 2)), np.zeros((1, 3))
    >>> h_t, z_t = rnn_step(x_t, h_prev, p["W"], p["U"], p["b"])
    >>> g = rnn_step_backward(np.ones((1, 3)), x_t, h_prev, z_t, p["W"], p["U"])
    >>> {k: v.shape for k, v in g.items()}
    {'dx': (1, 2), 'dh_prev': (1, 3), 'dW': (2, 3), 'dU': (3, 3), 'db': (3,)}
    """
    p = _check_params({"W": W, "U": U}, ("W", "U"))
    x_t = _as_float_array("x_t", x_t, 2)
    h_prev = _as_float_array("h_prev", h_prev, 2)
    _check_step_shapes(x_t, h_prev, p["W"])
    activation_name = _activation_name(activation_name)
    dh, z_t = (_same_shape(name, value, h_prev.shape, "h_prev") for name, value in (("dh", dh), ("z_t", z_t)))
    return _step_backward(dh, x_t, h_prev, z_t, p["W"], p["U"], activation_name)


def _same_shape(name: str, value, shape: tuple, like: str) -> np.ndarray:
    value = checks.check_array(value, name, dtype=np.float64)
    if value.shape != shape:
        raise checks.fail(ValueError, name, f"of the shape of {like} {shape}", f"{value.shape}")
    return value


def _step_backward(dh, x_t, h_prev, z_t, W, U, activation_name):
    _, df = _FAST[activation_name]
    dz = dh * df(z_t)
    return {"dx": dz @ W.T, "dh_prev": dz @ U.T, "dW": x_t.T @ dz, "dU": h_prev.T @ dz,
            "db": dz.sum(axis=0)}


def rnn_backward(dh_out: np.ndarray, x: np.ndarray, h0: np.ndarray | None, z: np.ndarray, h: np.ndarray,
                 W: np.ndarray, U: np.ndarray, activation_name: str = "tanh") -> dict[str, np.ndarray]:
    """Backpropagation through time for the recurrence alone.

    ``dh_out`` (batch, time, units) is the gradient that reaches each h_t from above (the output
    layer); ``x``, ``h0`` (None means zeros), ``z`` and ``h`` are what the forward pass used and
    computed. Walking from the last step to the first, each step adds the gradient that flows back
    from the next step. Returns ``dW``, ``dU``, ``db``, ``dx`` (batch, time, features), ``dh0``
    (batch, units) and ``dh`` (batch, time, units): the *total* dL/dh_t at every step.

    >>> p = init_params(2, 3, 2)
    >>> x = np.ones((1, 4, 2)); h, z = rnn_forward(x, p["W"], p["U"], p["b"])
    >>> g = rnn_backward(np.ones_like(h), x, np.zeros((1, 3)), z, h, p["W"], p["U"])
    >>> g["dh"].shape
    (1, 4, 3)
    """
    p = _check_params({"W": W, "U": U}, ("W", "U"))
    W, U = p["W"], p["U"]
    x = _check_x(x, W.shape[0])
    h = checks.check_array(h, "h", ndim=3, layout="(batch, time, units)")
    batch, time, units = h.shape
    if h.shape != (x.shape[0], x.shape[1], U.shape[0]):
        raise checks.fail(ValueError, "h", f"(batch, time, units) = {(x.shape[0], x.shape[1], U.shape[0])} "
                          "to match x and U", f"{h.shape}")
    dh_out, z = (_same_shape(name, value, h.shape, "h") for name, value in (("dh_out", dh_out), ("z", z)))
    h0 = _initial_state(h0, batch, units)
    return _rnn_backward(dh_out, x, h0, z, h, W, U, _activation_name(activation_name))


def _rnn_backward(dh_out, x, h0, z, h, W, U, activation_name):
    batch, time, units = h.shape
    dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros(units)
    dx = np.zeros_like(x)
    dh_total = np.zeros_like(h)
    dh_next = np.zeros((batch, units))  # gradient arriving from step t+1 through U
    for t in reversed(range(time)):
        dh_total[:, t] = dh_out[:, t] + dh_next
        h_prev = h[:, t - 1] if t > 0 else h0
        step = _step_backward(dh_total[:, t], x[:, t], h_prev, z[:, t], W, U, activation_name)
        dW += step["dW"]
        dU += step["dU"]
        db += step["db"]
        dx[:, t] = step["dx"]
        dh_next = step["dh_prev"]
    return {"dW": dW, "dU": dU, "db": db, "dx": dx, "dh0": dh_next, "dh": dh_total}


def backward(params: Mapping[str, np.ndarray], cache: ForwardCache, targets: np.ndarray) -> Params:
    """Gradients of the mean cross-entropy with respect to every parameter (keys of ``params``).

    The softmax and cross-entropy together give dL/dlogits = (p - onehot(target)) / N, with N the
    number of (batch, time) positions averaged over.

    >>> p = init_params(4, 8, 4)
    >>> x, y = np.eye(4)[[[1, 0, 2, 2]]], np.array([[0, 2, 2, 3]])
    >>> grads = backward(p, forward(p, x), y)
    >>> grads["U"].shape
    (8, 8)
    """
    p = _check_params(params)
    if not isinstance(cache, ForwardCache):
        raise checks.fail(TypeError, "cache", "the ForwardCache that forward(params, x) returns",
                          checks.describe(cache))
    batch, time, n_classes = cache.probs.shape
    if cache.h.shape[2] != p["V"].shape[0] or n_classes != p["V"].shape[1]:
        raise checks.fail(ValueError, "cache", f"the forward pass of these params (units={p['V'].shape[0]}, "
                          f"classes={p['V'].shape[1]})", f"a cache with h {cache.h.shape}, probs {cache.probs.shape}")
    targets = _check_targets(targets, batch, time, n_classes)
    dlogits = cache.probs.copy()
    np.put_along_axis(dlogits, targets[..., None],
                      np.take_along_axis(dlogits, targets[..., None], axis=-1) - 1.0, axis=-1)
    dlogits /= batch * time
    dV = np.einsum("btu,btc->uc", cache.h, dlogits)
    dc = dlogits.sum(axis=(0, 1))
    dh_out = dlogits @ p["V"].T
    g = _rnn_backward(dh_out, cache.x, cache.h0, cache.z, cache.h, p["W"], p["U"], cache.activation)
    return {"W": g["dW"], "U": g["dU"], "b": g["db"], "V": dV, "c": dc}


def loss_and_grads(params: Mapping[str, np.ndarray], x: np.ndarray, targets: np.ndarray,
                   h0: np.ndarray | None = None, activation_name: str = "tanh") -> tuple[float, Params]:
    """Forward and backward in one call: ``(mean cross-entropy, {name: gradient})``.

    >>> loss, grads = loss_and_grads(init_params(4, 8, 4), np.eye(4)[[[1, 0, 2, 2]]], np.array([[0, 2, 2, 3]]))
    >>> bool(0 < loss < 5), grads["W"].shape
    (True, (4, 8))
    """
    cache = forward(params, x, h0, activation_name)
    targets = _check_targets(targets, *cache.probs.shape)
    return _cross_entropy(cache.probs, targets), backward(params, cache, targets)


def hidden_gradient_norms(x: np.ndarray, W: np.ndarray, U: np.ndarray, b: np.ndarray,
                          activation_name: str = "tanh", seed: int = 0) -> np.ndarray:
    """How the gradient of a loss at the *last* step shrinks or grows on its way back in time.

    A random unit-norm gradient (one per sequence, drawn with ``seed``) is placed on the last hidden
    state and back-propagated with :func:`rnn_backward`. Returns ``norms`` of shape (time,), where
    ``norms[k]`` is the mean over the batch of ||dL/dh_t|| at distance k = T-1-t from the end
    (so ``norms[0] == 1``).

    >>> p = init_params(3, 16, 2, recurrent_scale=0.5)
    >>> norms = hidden_gradient_norms(np.zeros((4, 10, 3)), p["W"], p["U"], p["b"])
    >>> bool(norms[0] == 1.0 and norms[-1] < 1e-2)
    True
    """
    p = _check_params({"W": W, "U": U, "b": b}, ("W", "U", "b"))
    x = _check_x(x, p["W"].shape[0])
    activation_name = _activation_name(activation_name)
    seed = checks.check_int(seed, "seed", ge=0)
    h, z = _rnn_forward(x, p["W"], p["U"], p["b"], np.zeros((x.shape[0], p["U"].shape[0])), activation_name)
    g_last = np.random.default_rng(seed).normal(size=h[:, -1].shape)
    g_last /= np.linalg.norm(g_last, axis=1, keepdims=True)
    dh_out = np.zeros_like(h)
    dh_out[:, -1] = g_last
    g = _rnn_backward(dh_out, x, np.zeros_like(h[:, 0]), z, h, p["W"], p["U"], activation_name)
    norms = np.linalg.norm(g["dh"], axis=2).mean(axis=0)  # (time,), first step first
    return norms[::-1].copy()


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


# --------------------------------------------------------------------------------------------
# Training: gradient descent, Adam, clipping
# --------------------------------------------------------------------------------------------


def global_norm(grads: Mapping[str, np.ndarray]) -> float:
    """sqrt of the sum of squares of every entry of every gradient.

    >>> global_norm({"a": np.array([3.0]), "b": np.array([4.0])})
    5.0

    A NaN or infinite gradient gives a NaN or infinite norm (that is how :func:`train` notices
    divergence), so non-finite entries are allowed here.
    """
    _check_grads(grads, finite=False)
    return _global_norm(grads)


def _global_norm(grads) -> float:
    return float(np.sqrt(sum(np.sum(np.square(g)) for g in grads.values())))


def _check_grads(grads, *, finite: bool = True, like: Mapping | None = None, name: str = "grads") -> Params:
    """``grads`` as {name: float array}; with ``like`` (the params) the same keys and shapes."""
    if not isinstance(grads, Mapping) or not grads:
        raise checks.fail(ValueError if isinstance(grads, Mapping) else TypeError, name,
                          "a non-empty dict of arrays", checks.describe(grads))
    out = {k: checks.check_array(g, f"{name}[{k!r}]", finite=finite) for k, g in grads.items()}
    if like is not None:
        missing = [k for k in like if k not in out]
        if missing:
            raise checks.fail(ValueError, name, f"a gradient for every parameter {sorted(map(str, like))}",
                              f"keys {sorted(map(str, out))}: missing {missing}")
        for k in like:
            if np.shape(like[k]) != out[k].shape:
                raise checks.fail(ValueError, f"{name}[{k!r}]", f"of the shape of params[{k!r}] {np.shape(like[k])}",
                                  f"{out[k].shape}")
    return out


def clip_by_global_norm(grads: Mapping[str, np.ndarray], max_norm: float) -> tuple[Params, float]:
    """Scale all gradients by one factor so that their global norm is at most ``max_norm``.

    The direction of the update is kept; only its length is capped. Returns ``(clipped, norm
    before clipping)``.

    >>> clipped, norm = clip_by_global_norm({"a": np.array([3.0, 4.0])}, 1.0)
    >>> norm, clipped["a"].round(6).tolist()
    (5.0, [0.6, 0.8])
    """
    max_norm = checks.check_real(max_norm, "max_norm", gt=0, what="a finite number")
    grads = _check_grads(grads)
    return _clip_by_global_norm(grads, max_norm)


def _clip_by_global_norm(grads, max_norm):
    norm = _global_norm(grads)
    scale = 1.0 if norm <= max_norm else max_norm / norm
    return {k: g * scale for k, g in grads.items()}, norm


@dataclass
class GradientDescent:
    """Plain gradient descent: theta <- theta - lr * g."""

    lr: float = 0.1

    def __post_init__(self):
        self.lr = checks.check_real(self.lr, "lr", gt=0, what="a finite learning rate")

    def step(self, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> Params:
        """Return new parameters (the inputs are not changed)."""
        params, grads = _check_step(params, grads)
        return {k: params[k] - self.lr * grads[k] for k in params}


def _check_step(params, grads) -> tuple[Params, Params]:
    """(params, grads) of an optimiser step: finite float arrays, one gradient of the same shape per parameter."""
    params = _check_grads(params, name="params")
    return params, _check_grads(grads, like=params)


@dataclass
class Adam:
    """Adam (Kingma & Ba, 2015) with Keras's default hyper-parameters except the learning rate::

        m <- b1 m + (1 - b1) g          v <- b2 v + (1 - b2) g^2
        theta <- theta - lr * m_hat / (sqrt(v_hat) + eps),  m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t)

    That is the textbook form (Algorithm 1 of the paper). With ``keras_epsilon=True`` the bias
    corrections are folded into the step size instead, as Keras's ``Adam`` (and the paper's
    "efficient version") computes it::

        theta <- theta - lr_t * m / (sqrt(v) + eps),  lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t)

    which equals the textbook form with ``eps`` replaced by ``eps / sqrt(1 - b2^t)``: a larger
    epsilon early on (3e-6 instead of 1e-7 at t = 1). The two differ only where sqrt(v_hat) is
    not much larger than eps, i.e. for tiny gradients.

    >>> opt = Adam(lr=0.1)
    >>> opt.step({"w": np.array([1.0])}, {"w": np.array([5.0])})["w"].round(6).tolist()
    [0.9]
    >>> a, b = Adam(lr=0.1), Adam(lr=0.1, keras_epsilon=True)
    >>> g = {"w": np.array([1e-6])}
    >>> round(float(a.step({"w": np.zeros(1)}, g)["w"][0]), 4), round(float(b.step({"w": np.zeros(1)}, g)["w"][0]), 4)
    (-0.0909, -0.024)
    """

    lr: float = 0.01
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-7
    keras_epsilon: bool = False
    t: int = 0
    m: dict = field(default_factory=dict)
    v: dict = field(default_factory=dict)

    def __post_init__(self):
        self.lr = checks.check_real(self.lr, "lr", gt=0, what="a finite learning rate")
        for name in ("beta1", "beta2"):
            setattr(self, name, checks.check_real(getattr(self, name), name, ge=0, lt=1))
        self.eps = checks.check_real(self.eps, "eps", gt=0)
        self.t = checks.check_int(self.t, "t", ge=0)
        checks.check_mapping(self.m, "m")
        checks.check_mapping(self.v, "v")

    def step(self, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> Params:
        """Return new parameters; the moment estimates are kept in the optimiser.

        Everything is checked before anything changes: a failed step leaves ``t``, ``m`` and ``v`` as they were.
        """
        params, grads = _check_step(params, grads)
        for k in params:
            if k in self.m and np.shape(self.m[k]) != params[k].shape:
                raise checks.fail(ValueError, f"params[{k!r}]", f"of the shape of earlier steps {np.shape(self.m[k])}",
                                  f"{params[k].shape}")
        self.t += 1
        new = {}
        for k in params:
            g = grads[k]
            self.m[k] = self.beta1 * self.m.get(k, 0.0) + (1 - self.beta1) * g
            self.v[k] = self.beta2 * self.v.get(k, 0.0) + (1 - self.beta2) * g * g
            if self.keras_epsilon:
                lr_t = self.lr * np.sqrt(1 - self.beta2 ** self.t) / (1 - self.beta1 ** self.t)
                new[k] = params[k] - lr_t * self.m[k] / (np.sqrt(self.v[k]) + self.eps)
            else:
                m_hat = self.m[k] / (1 - self.beta1 ** self.t)
                v_hat = self.v[k] / (1 - self.beta2 ** self.t)
                new[k] = params[k] - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        return new


@dataclass
class TrainResult:
    """What :func:`train` returns: final parameters and one loss and gradient norm per step."""

    params: Params
    losses: np.ndarray  # (steps,) loss before each update
    grad_norms: np.ndarray  # (steps,) global gradient norm before clipping


def train(params: Mapping[str, np.ndarray], x: np.ndarray, targets: np.ndarray,
          optimizer: GradientDescent | Adam, steps: int, *, activation_name: str = "tanh",
          clip_norm: float | None = None, stop_if_not_finite: bool = True) -> TrainResult:
    """Full-batch training: ``steps`` updates on all of (x, targets).

    With ``clip_norm`` the gradients are clipped by global norm first. If the loss or the gradients
    stop being finite, training stops there (the remaining losses are NaN); with
    ``stop_if_not_finite=False`` the optimiser's step raises a ValueError naming the non-finite
    gradient instead.

    >>> p = init_params(4, 8, 4)
    >>> x, y = np.eye(4)[[[1, 0, 2, 2]]], np.array([[0, 2, 2, 3]])
    >>> result = train(p, x, y, Adam(lr=0.05), steps=100)
    >>> bool(result.losses[-1] < result.losses[0])
    True
    """
    steps = checks.check_int(steps, "steps", ge=1)
    if not callable(getattr(optimizer, "step", None)):
        raise checks.fail(TypeError, "optimizer", "an object with a step(params, grads) method (GradientDescent, "
                          "Adam)", checks.describe(optimizer))
    if clip_norm is not None:
        clip_norm = checks.check_real(clip_norm, "clip_norm", gt=0, what="None or a finite number")
    checks.check_bool(stop_if_not_finite, "stop_if_not_finite")
    p = _check_params(params)
    activation_name = _activation_name(activation_name)
    losses = np.full(steps, np.nan)
    norms = np.full(steps, np.nan)
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(steps):
            loss, grads = loss_and_grads(p, x, targets, activation_name=activation_name)
            losses[i] = loss
            norms[i] = _global_norm(grads)
            if stop_if_not_finite and not (np.isfinite(loss) and np.isfinite(norms[i])):
                break
            if clip_norm is not None:
                grads, _ = _clip_by_global_norm(grads, clip_norm)
            p = optimizer.step(p, grads)
            if stop_if_not_finite and not all(np.all(np.isfinite(v)) for v in p.values()):
                if i + 1 < steps:
                    losses[i + 1] = np.inf
                break
    return TrainResult(params=p, losses=losses, grad_norms=norms)


# --------------------------------------------------------------------------------------------
# The bridge to Keras (imports Keras only when called)
# --------------------------------------------------------------------------------------------


def keras_model(params: Mapping[str, np.ndarray], activation_name: str = "tanh"):
    """A Keras model that computes exactly :func:`forward`: ``SimpleRNN`` + ``Dense(softmax)``.

    Input shape (batch, time, features), output (batch, time, classes); weights copied from
    ``params`` (as float32, Keras's default).

    >>> model = keras_model(init_params(4, 8, 4))      # doctest: +SKIP
    >>> model.predict(x, verbose=0).shape               # doctest: +SKIP
    (1, 4, 4)
    """
    import keras

    p = _check_params(params)
    checks.check_str(activation_name, "activation_name", choices=("tanh", "sigmoid", "relu"))
    n_features, n_units = p["W"].shape
    n_classes = p["V"].shape[1]
    inputs = keras.Input(shape=(None, n_features), name="x")
    hidden = keras.layers.SimpleRNN(n_units, activation=activation_name, return_sequences=True,
                                    name="rnn")(inputs)
    outputs = keras.layers.Dense(n_classes, activation="softmax", name="softmax")(hidden)
    model = keras.Model(inputs, outputs, name="simple_rnn_from_numpy")
    model.get_layer("rnn").set_weights([p["W"], p["U"], p["b"]])
    model.get_layer("softmax").set_weights([p["V"], p["c"]])
    return model


def params_from_keras(rnn_layer, dense_layer) -> Params:
    """Read a trained ``SimpleRNN`` and ``Dense`` layer back into a float64 params dict.

    >>> p = params_from_keras(model.get_layer("rnn"), model.get_layer("softmax"))  # doctest: +SKIP
    """
    for name, layer in (("rnn_layer", rnn_layer), ("dense_layer", dense_layer)):
        if not callable(getattr(layer, "get_weights", None)):
            raise checks.fail(TypeError, name, "a Keras layer", checks.describe(layer))
    rnn_weights = rnn_layer.get_weights()
    dense_weights = dense_layer.get_weights()
    if len(rnn_weights) != 3:
        raise checks.fail(ValueError, "rnn_layer", "a SimpleRNN with a bias (kernel, recurrent_kernel, bias)",
                          f"{len(rnn_weights)} weight arrays from {type(rnn_layer).__name__}")
    if len(dense_weights) != 2:
        raise checks.fail(ValueError, "dense_layer", "a Dense layer with a bias (kernel, bias)",
                          f"{len(dense_weights)} weight arrays from {type(dense_layer).__name__}")
    names = ("W", "U", "b", "V", "c")
    return _check_params({k: np.asarray(v, dtype=np.float64)
                          for k, v in zip(names, [*rnn_weights, *dense_weights])})
