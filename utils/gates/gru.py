"""The GRU cell in NumPy (both of Keras's reset_after conventions): one step, a whole sequence, every gate."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import checks
from ..numpy_rnn import _sigmoid
from ._checks import GRU_GATES, _check_drive, _check_input, _check_state, _check_weights
from .lstm import _split

# --------------------------------------------------------------------------------------------
# GRU
# --------------------------------------------------------------------------------------------


def _gru_bias(bias: np.ndarray, units: int, reset_after: bool | None) -> tuple[np.ndarray, np.ndarray, bool]:
    if reset_after is None:
        reset_after = bias.ndim == 2
    if reset_after:
        if bias.shape != (2, 3 * units):
            raise checks.fail(ValueError, "bias", f"of shape (2, 3*units) = (2, {3 * units}) (input and recurrent "
                              "biases) for a GRU with reset_after=True", f"{bias.shape}")
        return bias[0], bias[1], True
    if bias.shape != (3 * units,):
        raise checks.fail(ValueError, "bias", f"of shape (3*units,) = ({3 * units},) for a GRU with "
                          "reset_after=False", f"{bias.shape}")
    return bias, np.zeros(3 * units), False


def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias, reset_after: bool | None = None
             ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """One GRU step, as Keras computes it; returns ``(h_t, gates)`` with gates ``z``, ``r``, ``h`` (candidate).

    Blocks z, r, h of ``x_t kernel + b_in`` (``xz, xr, xh``) and of ``h_prev recurrent_kernel + b_rec``
    (``hz, hr, hh``)::

        z = sigmoid(xz + hz)     r = sigmoid(xr + hr)
        reset_after=True  (Keras default):  candidate = tanh(xh + r * hh)        r after the matmul
        reset_after=False (original GRU):   candidate = tanh(xh + (r * h_prev) U_h)
        h_t = z * h_prev + (1 - z) * candidate

    ``reset_after=None`` reads the variant from the bias shape: (2, 3H) means True, (3H,) False.

    >>> H = 2
    >>> h, g = gru_step(np.ones((1, 1)), np.ones((1, H)), np.zeros((1, 3 * H)), np.zeros((H, 3 * H)), np.zeros((2, 3 * H)))
    >>> g["z"].tolist(), h.tolist()       # z = 0.5: half the old state, half the candidate (0)
    ([[0.5, 0.5]], [[0.5, 0.5]])
    """
    kernel, recurrent_kernel, bias = _check_weights(kernel, recurrent_kernel, bias, 3, "GRU")
    if reset_after is not None and not isinstance(reset_after, (bool, np.bool_)):
        raise checks.fail(TypeError, "reset_after", "True, False or None", checks.describe(reset_after))
    units = recurrent_kernel.shape[0]
    b_in, b_rec, reset_after = _gru_bias(bias, units, reset_after)
    x_t = _check_input("x_t", x_t, "(batch, features)", kernel.shape[0])
    h_prev = _check_state("h_prev", h_prev, x_t.shape[0], units)
    return _gru_step(x_t, h_prev, kernel, recurrent_kernel, b_in, b_rec, reset_after)


def _gru_step(x_t, h_prev, kernel, recurrent_kernel, b_in, b_rec, reset_after):
    x = _split(x_t @ kernel + b_in, GRU_GATES)
    rk = _split(recurrent_kernel, GRU_GATES)
    b = _split(b_rec, GRU_GATES)
    hz = h_prev @ rk["z"] + b["z"]
    hr = h_prev @ rk["r"] + b["r"]
    z, r = _sigmoid(x["z"] + hz), _sigmoid(x["r"] + hr)
    if reset_after:
        candidate = np.tanh(x["h"] + r * (h_prev @ rk["h"] + b["h"]))
    else:
        candidate = np.tanh(x["h"] + (r * h_prev) @ rk["h"])
    h = z * h_prev + (1.0 - z) * candidate
    return h, {"z": z, "r": r, "h": candidate}


class GRUTrace(NamedTuple):
    """Everything a GRU computed over a sequence: each field is ``(batch, time, units)``."""

    h: np.ndarray
    z: np.ndarray
    r: np.ndarray
    candidate: np.ndarray


def gru_forward(x, kernel, recurrent_kernel, bias, h0=None, reset_after: bool | None = None, *, drive=None,
                drive_from: int = 1) -> GRUTrace:
    """Run :func:`gru_step` over ``x`` (batch, time, features) from ``h0`` (zeros by default).

    **Intervention** ``drive``, as in :func:`lstm_forward`: from step ``drive_from`` on, the gates z, r
    and the candidate read ``drive[:, t - 1]`` (another run's ``trace.h``) in place of this run's own
    ``h_{t-1}``, which is kept only on the direct path ``h_t = z_t * h_{t-1} + (1 - z_t) * candidate``.
    Driven by a run on the same inputs, a difference between the two states shrinks by exactly ``z_t``
    per step.

    >>> rng = np.random.default_rng(2)
    >>> t = gru_forward(rng.normal(size=(4, 6, 3)), rng.normal(size=(3, 6)), rng.normal(size=(2, 6)), np.zeros((2, 6)))
    >>> t.h.shape, t.z.shape
    ((4, 6, 2), (4, 6, 2))
    """
    kernel, recurrent_kernel, bias = _check_weights(kernel, recurrent_kernel, bias, 3, "GRU")
    if reset_after is not None and not isinstance(reset_after, (bool, np.bool_)):
        raise checks.fail(TypeError, "reset_after", "True, False or None", checks.describe(reset_after))
    units = recurrent_kernel.shape[0]
    b_in, b_rec, reset_after = _gru_bias(bias, units, reset_after)
    x = _check_input("x", x, "(batch, time, features)", kernel.shape[0])
    h = np.zeros((x.shape[0], units)) if h0 is None else _check_state("h0", h0, x.shape[0], units)
    drive, drive_from = _check_drive(drive, drive_from, x.shape[:2], units)
    steps = []
    for t in range(x.shape[1]):
        if drive is not None and t >= drive_from:
            h_read = drive[:, t - 1] if t > 0 else h
            _, g = _gru_step(x[:, t], h_read, kernel, recurrent_kernel, b_in, b_rec, reset_after)
            h = g["z"] * h + (1.0 - g["z"]) * g["h"]                  # own state only on the direct path
        else:
            h, g = _gru_step(x[:, t], h, kernel, recurrent_kernel, b_in, b_rec, reset_after)
        steps.append((h, g["z"], g["r"], g["h"]))
    return GRUTrace(*(np.stack(parts, axis=1) for parts in zip(*steps)))


