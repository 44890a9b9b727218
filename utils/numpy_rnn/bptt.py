"""The backward pass: backpropagation through time, step by step, and how far back a gradient reaches."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .. import checks
from ._checks import Params, _as_float_array, _check_params, _check_targets, _check_x
from .activations import _FAST, _activation_name
from .network import ForwardCache, _check_step_shapes, _cross_entropy, _initial_state, _rnn_forward, forward

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


