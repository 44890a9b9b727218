"""The LSTM cell in NumPy, from a Keras layer's own weights: one step, a whole sequence, and every gate on the way."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import checks
from ..numpy_rnn import _sigmoid, sigmoid
from ._checks import LSTM_GATES, _check_drive, _check_input, _check_state, _check_weights

# --------------------------------------------------------------------------------------------
# LSTM
# --------------------------------------------------------------------------------------------


def split_gates(matrix: np.ndarray, gates: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Cut a Keras weight matrix (or bias) along its last axis into one block per gate.

    >>> {k: v.shape for k, v in split_gates(np.zeros((3, 8)), LSTM_GATES).items()}
    {'i': (3, 2), 'f': (3, 2), 'c': (3, 2), 'o': (3, 2)}
    """
    matrix = checks.check_array(matrix, "matrix", ndim=(1, 2, 3), finite=False)
    gates = checks.check_sequence_of(gates, "gates", str, unique=True, what=f"gate names such as {LSTM_GATES}")
    if matrix.shape[-1] % len(gates):
        raise checks.fail(ValueError, "matrix", f"an array whose last axis is a multiple of {len(gates)} "
                          "(one block per gate)", f"shape {matrix.shape}")
    return dict(zip(gates, np.split(matrix, len(gates), axis=-1)))


def _split(matrix, gates):
    return dict(zip(gates, np.split(matrix, len(gates), axis=-1)))


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias
              ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """One LSTM step, as Keras computes it; returns ``(h_t, c_t, gates)``.

    With ``z = x_t kernel + h_prev recurrent_kernel + bias`` cut into blocks i, f, c, o::

        i = sigmoid(z_i)   f = sigmoid(z_f)   g = tanh(z_c)   o = sigmoid(z_o)
        c_t = f * c_prev + i * g             h_t = o * tanh(c_t)

    ``gates`` holds ``i``, ``f``, ``g`` (the candidate) and ``o``, each ``(batch, units)``.

    >>> H = 2
    >>> h, c, g = lstm_step(np.ones((1, 1)), np.zeros((1, H)), np.zeros((1, H)),
    ...                     np.zeros((1, 4 * H)), np.zeros((H, 4 * H)), np.zeros(4 * H))
    >>> g["f"].tolist(), c.tolist()        # all pre-activations 0: gates at 0.5, candidate 0
    ([[0.5, 0.5]], [[0.0, 0.0]])
    """
    kernel, recurrent_kernel, bias = _check_weights(kernel, recurrent_kernel, bias, 4, "LSTM")
    units = recurrent_kernel.shape[0]
    if bias.shape != (4 * units,):
        raise checks.fail(ValueError, "bias", f"of shape (4*units,) = ({4 * units},) for an LSTM", f"{bias.shape}")
    x_t = _check_input("x_t", x_t, "(batch, features)", kernel.shape[0])
    h_prev = _check_state("h_prev", h_prev, x_t.shape[0], units)
    c_prev = _check_state("c_prev", c_prev, x_t.shape[0], units)
    return _lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias)


def _lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = _split(x_t @ kernel + h_prev @ recurrent_kernel + bias, LSTM_GATES)
    i, f, g, o = _sigmoid(z["i"]), _sigmoid(z["f"]), np.tanh(z["c"]), _sigmoid(z["o"])
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    return h, c, {"i": i, "f": f, "g": g, "o": o}


class LSTMTrace(NamedTuple):
    """Everything an LSTM computed over a sequence: each field is ``(batch, time, units)``."""

    h: np.ndarray
    c: np.ndarray
    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray


def lstm_forward(x, kernel, recurrent_kernel, bias, h0=None, c0=None, *, drive=None,
                 drive_from: int = 1) -> LSTMTrace:
    """Run :func:`lstm_step` over ``x`` (batch, time, features) from ``h0``, ``c0`` (zeros by default).

    ``trace.h[:, -1]`` is what ``keras.layers.LSTM`` returns; ``trace.f`` shows the forget gate at
    every step.

    **Intervention** ``drive``: hidden states ``(batch, time, units)`` of another run (its ``trace.h``).
    From step ``drive_from`` on, the gates and the candidate read ``drive[:, t - 1]`` in place of this
    run's own ``h_{t-1}``: the recurrent loop is cut, and this run keeps only the cell's direct path
    ``c_t = f_t * c_{t-1} + i_t * g_t`` and its output ``h_t = o_t * tanh(c_t)``. Driven by a run on the
    same inputs, a difference between the two cells then shrinks by exactly ``f_t`` per step.

    >>> rng = np.random.default_rng(1)
    >>> x, k, r, b = rng.normal(size=(4, 6, 3)), rng.normal(size=(3, 8)), rng.normal(size=(2, 8)), np.zeros(8)
    >>> t = lstm_forward(x, k, r, b)
    >>> t.h.shape, bool(np.all((t.f > 0) & (t.f < 1)))
    ((4, 6, 2), True)
    >>> bool(np.allclose(lstm_forward(x, k, r, b, drive=t.h).h, t.h))   # driven by itself: nothing changes
    True
    """
    kernel, recurrent_kernel, bias = _check_weights(kernel, recurrent_kernel, bias, 4, "LSTM")
    units = recurrent_kernel.shape[0]
    if bias.shape != (4 * units,):
        raise checks.fail(ValueError, "bias", f"of shape (4*units,) = ({4 * units},) for an LSTM", f"{bias.shape}")
    x = _check_input("x", x, "(batch, time, features)", kernel.shape[0])
    batch = x.shape[0]
    h = np.zeros((batch, units)) if h0 is None else _check_state("h0", h0, batch, units)
    c = np.zeros((batch, units)) if c0 is None else _check_state("c0", c0, batch, units)
    drive, drive_from = _check_drive(drive, drive_from, x.shape[:2], units)
    steps = []
    for t in range(x.shape[1]):
        if drive is not None and t >= drive_from:
            h_read = drive[:, t - 1] if t > 0 else h
            z = split_gates(x[:, t] @ kernel + h_read @ recurrent_kernel + bias, LSTM_GATES)
            g = {"i": sigmoid(z["i"]), "f": sigmoid(z["f"]), "g": np.tanh(z["c"]), "o": sigmoid(z["o"])}
            c = g["f"] * c + g["i"] * g["g"]
            h = g["o"] * np.tanh(c)
        else:
            h, c, g = _lstm_step(x[:, t], h, c, kernel, recurrent_kernel, bias)
        steps.append((h, c, g["i"], g["f"], g["g"], g["o"]))
    return LSTMTrace(*(np.stack(parts, axis=1) for parts in zip(*steps)))


