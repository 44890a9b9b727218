"""LSTM and GRU cells in NumPy, from a Keras layer's own weights; parameter counts; long-range tasks.

The step functions follow Keras 3's weight layout exactly, so that ``layer.get_weights()`` goes in
unchanged and the result equals the layer's output to float32 rounding::

    LSTM  kernel (F, 4H), recurrent_kernel (H, 4H), bias (4H,)       gate order i, f, c, o
    GRU   kernel (F, 3H), recurrent_kernel (H, 3H), bias (2, 3H)      gate order z, r, h
          (bias (3H,) when the layer was built with reset_after=False)

Arrays are ``(batch, features)`` for one step and ``(batch, time, features)`` for a sequence.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> F, H = 3, 5
>>> kernel, rec, bias = rng.normal(size=(F, 4 * H)), rng.normal(size=(H, 4 * H)), np.zeros(4 * H)
>>> trace = lstm_forward(rng.normal(size=(2, 7, F)), kernel, rec, bias)
>>> trace.h.shape, trace.f.shape                  # every state and every gate, at every step
((2, 7, 5), (2, 7, 5))
>>> lstm_params(F, H), gru_params(F, H)
(180, 150)

The synthetic tasks (:func:`symbol_task`, :func:`adding_problem`) put the information a model
needs far back in sequences of many lengths (:func:`sequence_lengths`), right-padded in one array.
Nothing here imports TensorFlow except :func:`input_gradient_norms`, which imports it when called.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .numpy_rnn import _sigmoid
from .numpy_rnn import sigmoid  # noqa: F401  (re-exported: gates.sigmoid is part of this module's API)
from . import checks

LSTM_GATES: tuple[str, ...] = ("i", "f", "c", "o")
GRU_GATES: tuple[str, ...] = ("z", "r", "h")

# --------------------------------------------------------------------------------------------
# Input checks: every public function names the argument, what it expected and what it got.
# --------------------------------------------------------------------------------------------


def _check_weights(kernel, recurrent_kernel, bias, n_gates: int, cell: str) -> tuple[np.ndarray, ...]:
    kernel = checks.check_array(kernel, "kernel", ndim=2, layout="(features, gates*units)", dtype=np.float64)
    recurrent_kernel = checks.check_array(recurrent_kernel, "recurrent_kernel", ndim=2,
                                          layout="(units, gates*units)", dtype=np.float64)
    units, width = recurrent_kernel.shape
    if width != n_gates * units:
        raise checks.fail(ValueError, "recurrent_kernel", f"of shape (units, {n_gates}*units) for a {cell}",
                          f"{recurrent_kernel.shape}: recurrent_kernel of a {cell} has {n_gates} blocks")
    if kernel.shape[1] != n_gates * units:
        raise checks.fail(ValueError, "kernel", f"of shape (features, {n_gates}*units) = (features, {n_gates * units}) "
                          f"to match recurrent_kernel {recurrent_kernel.shape}", f"{kernel.shape}")
    bias = checks.check_array(bias, "bias", ndim=(1, 2), dtype=np.float64)
    return kernel, recurrent_kernel, bias


def _check_state(name: str, value, batch: int, units: int) -> np.ndarray:
    state = checks.check_array(value, name, ndim=2, layout="(batch, units)", dtype=np.float64)
    if state.shape != (batch, units):
        raise checks.fail(ValueError, name, f"of shape (batch, units) = {(batch, units)}", f"{state.shape}")
    return state


def _check_input(name: str, value, layout: str, features: int) -> np.ndarray:
    """``value`` as an array of ``layout`` ("(batch, features)" or "(batch, time, features)") with ``features`` last."""
    array = checks.check_array(value, name, ndim=layout.count(",") + 1, layout=layout, dtype=np.float64)
    if array.shape[-1] != features:
        raise checks.fail(ValueError, name, f"{layout} with features={features} (rows of kernel)",
                          f"shape {array.shape}")
    return array


def _check_drive(drive, drive_from, batch_time: tuple[int, int], units: int):
    """Checks of lstm_forward's and gru_forward's intervention arguments."""
    drive_from = checks.check_int(drive_from, "drive_from", ge=0, le=batch_time[1], what="a whole number of steps")
    if drive is None:
        return None, int(drive_from)
    drive = checks.check_array(drive, "drive", ndim=3, layout="(batch, time, units)", dtype=np.float64)
    if drive.shape != (*batch_time, units):
        raise checks.fail(ValueError, "drive", f"the hidden states of a run on inputs of this shape, "
                          f"(batch, time, units) = {(*batch_time, units)}", f"{drive.shape}")
    return drive, int(drive_from)


# --------------------------------------------------------------------------------------------
# Parameter counts
# --------------------------------------------------------------------------------------------


def simple_rnn_params(features: int, units: int) -> int:
    """Trainable parameters of ``keras.layers.SimpleRNN(units)``: W (F, H), U (H, H), b (H).

    >>> simple_rnn_params(1, 50)
    2600
    """
    f, h = checks.check_int(features, "features", ge=1), checks.check_int(units, "units", ge=1)
    return f * h + h * h + h


def lstm_params(features: int, units: int) -> int:
    """Trainable parameters of ``keras.layers.LSTM(units)``: four SimpleRNN-sized blocks (i, f, c, o).

    >>> lstm_params(1, 50)       # 4 * (1*50 + 50*50 + 50)
    10400
    """
    return 4 * simple_rnn_params(features, units)


def gru_params(features: int, units: int, reset_after: bool = True) -> int:
    """Trainable parameters of ``keras.layers.GRU(units, reset_after=...)``.

    Three blocks (z, r, h); Keras's default ``reset_after=True`` keeps a second bias vector
    for the recurrent side, so it has ``3 * units`` more parameters than the original GRU.

    >>> gru_params(1, 50), gru_params(1, 50, reset_after=False)
    (7950, 7800)
    """
    reset_after = checks.check_bool(reset_after, "reset_after")
    extra = 3 * checks.check_int(units, "units", ge=1) if reset_after else 0
    return 3 * simple_rnn_params(features, units) + extra


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


# --------------------------------------------------------------------------------------------
# Long-range tasks: the answer lies a chosen number of steps before the end
# --------------------------------------------------------------------------------------------


def _check_lengths(lengths, max_length, shortest: int) -> tuple[np.ndarray, int]:
    what = "a non-empty 1-D array of whole numbers (one per sequence)"
    hint = "draw them with sequence_lengths()"
    if isinstance(lengths, (np.ndarray, list, tuple)) and np.size(lengths) and np.asarray(lengths).dtype.kind == "f":
        raise checks.fail(TypeError, "lengths", what, f"dtype {np.asarray(lengths).dtype}", hint=hint)
    lengths = checks.check_array(lengths, "lengths", kind="integer", ndim=1, what=what)
    if lengths.min() < shortest:
        raise checks.fail(ValueError, "lengths", f"at least {shortest} for every sequence",
                          f"a sequence of length {int(lengths.min())}",
                          hint=f"draw lengths with sequence_lengths(n, {shortest}, longest)")
    longest = int(lengths.max())
    if max_length is None:
        return lengths.astype(np.int64), longest
    max_length = checks.check_int(max_length, "max_length", ge=1)
    if max_length < longest:
        raise checks.fail(ValueError, "max_length", f"None or >= {longest} (the longest sequence; nothing is cut off "
                          "silently)", f"max_length={max_length}, shorter than the longest sequence ({longest} steps)")
    return lengths.astype(np.int64), max_length


def sequence_lengths(n: int, shortest: int, longest: int, *, seed: int = 0) -> np.ndarray:
    """``n`` sequence lengths drawn log-uniformly from ``shortest`` to ``longest`` (both included).

    Log-uniform means as many sequences of 10-30 steps as of 100-300. Mixed into every epoch, the
    short sequences give an easy learning signal (the answer is a few steps after what it depends
    on), while the long ones ask to keep it longer.

    >>> lengths = sequence_lengths(10_000, 2, 300, seed=0)
    >>> int(lengths.min()), int(lengths.max()), round(float(np.mean(lengths <= 24)), 1)
    (2, 300, 0.5)
    """
    n = checks.check_int(n, "n", ge=1)
    shortest, longest = checks.check_int(shortest, "shortest", ge=1), checks.check_int(longest, "longest", ge=1)
    if longest < shortest:
        raise checks.fail(ValueError, "longest", "at least shortest", f"shortest={shortest}, longest={longest}")
    rng = np.random.default_rng(checks.check_int(seed, "seed", ge=0))
    draws = np.exp(rng.uniform(np.log(shortest), np.log(longest + 1), size=n))
    return np.clip(np.floor(draws).astype(np.int64), shortest, longest)


def symbol_task(lengths, n_symbols: int = 4, *, noise: float = 1.0, max_length: int | None = None,
                seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Remember the first symbol: the answer lies ``length - 1`` steps before the end of each sequence.

    Sequence ``k`` is ``lengths[k]`` steps long: step 0 is one of ``n_symbols`` symbols as a one-hot
    vector, the other steps hold Gaussian noise (scale ``noise``) on an extra channel that a model
    must learn to ignore; the target is the symbol's id (chance accuracy ``1 / n_symbols``). All
    sequences are stored in one array, **right-padded** with all-zero steps up to ``max_length``
    (default: the longest). A ``keras.layers.Masking()`` layer skips those steps, and right padding
    keeps LSTM and GRU on their cuDNN kernel on a GPU. ``noise`` must be > 0 so that no real step is
    all zero.

    Returns ``x`` (n, max_length, n_symbols + 1) float32 and ``y`` (n,) int64.

    >>> x, y = symbol_task(np.array([3, 5]), n_symbols=3, seed=0)
    >>> x.shape, [int(x[k, 0, y[k]]) for k in range(2)], (x[0, 3:] == 0).all()
    ((2, 5, 4), [1, 1], np.True_)
    """
    lengths, max_length = _check_lengths(lengths, max_length, 1)
    n_symbols = checks.check_int(n_symbols, "n_symbols", ge=2)
    noise = checks.check_real(noise, "noise")
    if not noise > 0:
        raise checks.fail(ValueError, "noise", "> 0 (a noise step must not look like padding)", repr(noise))
    rng = np.random.default_rng(checks.check_int(seed, "seed", ge=0))
    n = len(lengths)
    y = rng.integers(0, n_symbols, size=n)
    longest = int(lengths.max())                   # draw only what the sequences use: max_length pads, nothing else
    x = np.zeros((n, max_length, n_symbols + 1), dtype=np.float32)
    x[np.arange(n), 0, y] = 1.0
    x[:, 1:longest, n_symbols] = noise * rng.standard_normal((n, longest - 1))
    x[np.arange(max_length)[None, :] >= lengths[:, None]] = 0.0              # right padding
    return x, y.astype(np.int64)


def adding_problem(lengths, *, max_length: int | None = None, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The adding problem (Hochreiter & Schmidhuber, 1997): add the two marked numbers.

    Sequence ``k`` is ``lengths[k]`` (at least 2) steps long. Feature 0 holds random numbers in
    (0, 1]; feature 1 marks two steps with 1, one in the first half of the sequence and one in the
    second. The target is the sum of the two marked numbers; always answering the mean, 1, scores a
    mean squared error of 1/6 (the variance of a sum of two uniforms). The first number must be held
    from somewhere in the first half to the end. Right-padded with all-zero steps up to
    ``max_length`` as in :func:`symbol_task` (no real step is all zero).

    Returns ``x`` (n, max_length, 2) float32 and ``y`` (n,) float32.

    >>> x, y = adding_problem(np.array([4, 8, 8]), seed=0)
    >>> x.shape, x[:, :, 1].sum(axis=1).tolist(), bool(np.allclose(y, (x[:, :, 0] * x[:, :, 1]).sum(axis=1)))
    ((3, 8, 2), [2.0, 2.0, 2.0], True)
    """
    lengths, max_length = _check_lengths(lengths, max_length, 2)
    rng = np.random.default_rng(checks.check_int(seed, "seed", ge=0))
    n = len(lengths)
    half = lengths // 2
    first = (rng.random(n) * half).astype(np.int64)                          # in [0, half)
    second = half + (rng.random(n) * (lengths - half)).astype(np.int64)      # in [half, length)
    longest = int(lengths.max())
    x = np.zeros((n, max_length, 2), dtype=np.float32)
    x[:, :longest, 0] = 1.0 - rng.random((n, longest))                       # (0, 1]: never exactly 0
    rows = np.arange(n)
    x[rows, first, 1] = 1.0
    x[rows, second, 1] = 1.0
    y = x[rows, first, 0] + x[rows, second, 0]
    x[np.arange(max_length)[None, :] >= lengths[:, None]] = 0.0
    return x, y.astype(np.float32)


def mean_by_length(values, lengths, bins) -> pd.DataFrame:
    """The mean of a per-sequence score (correct or not, squared error, ...) in groups of length.

    ``bins`` are the left edges of the groups (increasing); the last group runs to the longest
    sequence. Returns one row per non-empty group: ``from``, ``to`` (both included), ``n``, ``mean``.
    A sequence shorter than the first edge raises ``ValueError`` rather than being dropped.

    >>> mean_by_length([1, 1, 0, 1], [1, 2, 8, 9], bins=[1, 5])
       from  to  n  mean
    0     1   4  2   1.0
    1     5   9  2   0.5
    """
    if isinstance(values, (np.ndarray, list, tuple)) and np.asarray(values).dtype == bool:
        values = np.asarray(values, dtype=np.float64)          # correct or not: True counts as 1
    values = checks.check_array(values, "values", ndim=1, dtype=np.float64)
    lengths = checks.check_array(lengths, "lengths", kind="integer", ndim=1)
    if len(values) != len(lengths):
        raise checks.fail(ValueError, "values and lengths", "1-D arrays of one length",
                          f"shapes {values.shape} and {lengths.shape}")
    edges = checks.check_array(bins, "bins", ndim=1)
    if np.any(np.diff(edges) <= 0):
        raise checks.fail(ValueError, "bins", "increasing left edges", repr(bins))
    if lengths.min() < edges[0]:
        raise checks.fail(ValueError, "bins", f"edges starting at {int(lengths.min())} or lower (the shortest sequence)",
                          f"first edge {edges[0]:g}: the shortest sequence ({int(lengths.min())} steps) lies left of "
                          f"the first bin edge {edges[0]:g}: it would be dropped")
    top = int(max(lengths.max(), edges[-1])) + 1
    rows = []
    for lo, hi in zip(edges, list(edges[1:]) + [top]):
        sel = (lengths >= lo) & (lengths < hi)
        if sel.any():
            rows.append({"from": int(lo), "to": int(hi) - 1, "n": int(sel.sum()), "mean": float(values[sel].mean())})
    return pd.DataFrame(rows, columns=["from", "to", "n", "mean"])


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


# --------------------------------------------------------------------------------------------
# Diagrams
# --------------------------------------------------------------------------------------------

_GATE_COLOR = "#fde2b5"      # sigmoid gates
_CAND_COLOR = "#cfe3f7"      # tanh candidates
_OP_COLOR = "#ffffff"


def _box(ax, x, y, text, color, w=0.9, h=0.6):
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.05",
                                fc=color, ec="#333333", lw=1.2, zorder=3))
    ax.text(x, y, text, ha="center", va="center", fontsize=11, zorder=4)


def _op(ax, x, y, text):
    from matplotlib.patches import Circle

    ax.add_patch(Circle((x, y), 0.28, fc=_OP_COLOR, ec="#333333", lw=1.2, zorder=3))
    ax.text(x, y, text, ha="center", va="center", fontsize=12, zorder=4)


def _line(ax, points, arrow=True, color="#333333"):
    """A polyline through ``points``; with ``arrow`` its last segment ends in an arrow head."""
    body = points[:-1] if arrow else points
    if len(body) > 1:
        xs, ys = zip(*body)
        ax.plot(xs, ys, color=color, lw=1.4, zorder=1, solid_capstyle="butt")
    if arrow:
        ax.annotate("", xy=points[-1], xytext=points[-2], zorder=2,
                    arrowprops=dict(arrowstyle="-|>", color=color, lw=1.4, shrinkA=0, shrinkB=13))


def _label(ax, x, y, text, **kw):
    ax.text(x, y, text, ha=kw.pop("ha", "center"), va=kw.pop("va", "center"), fontsize=kw.pop("fontsize", 12), **kw)


def draw_cell(kind: str, ax=None):
    """Draw one step of an LSTM (``kind="lstm"``) or a GRU (``"gru"``) as a data-flow diagram.

    Orange boxes are sigmoid gates (values in 0..1 that scale a signal), blue boxes tanh
    candidates, circles element-wise operations. Labels match the equations of :func:`lstm_step`
    and :func:`gru_step`. Returns the axes.

    >>> ax = draw_cell("lstm")                            # doctest: +SKIP
    """
    import matplotlib.pyplot as plt

    checks.check_str(kind, "kind", choices=("lstm", "gru"))
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4.2))
    ax.set_xlim(-0.6, 10.6)
    ax.set_ylim(-0.7, 6.2)
    ax.set_aspect("equal")
    ax.axis("off")
    # Inputs: h_{t-1} from the left and x_t from below meet on a bus that feeds every gate.
    _label(ax, 0.9, -0.45, "$x_t$")
    _line(ax, [(0.9, -0.2), (0.9, 1.2)], arrow=False)
    if kind == "lstm":
        _label(ax, -0.35, 5, "$c_{t-1}$")
        _label(ax, -0.35, 1.2, "$h_{t-1}$")
        _line(ax, [(0.05, 1.2), (6.6, 1.2)], arrow=False)
        gates = [(2.6, r"$\sigma$", "$f$", _GATE_COLOR), (4.0, r"$\sigma$", "$i$", _GATE_COLOR),
                 (5.2, "tanh", "$g$", _CAND_COLOR), (6.6, r"$\sigma$", "$o$", _GATE_COLOR)]
        for x, text, name, color in gates:
            _line(ax, [(x, 1.2), (x, 2.5)])
            _box(ax, x, 2.5, text, color)
            _label(ax, x - 0.62, 3.05, name, fontsize=11)
        # Cell state: the conveyor belt, changed only by a product and a sum.
        _line(ax, [(0.2, 5), (2.6, 5)])
        _op(ax, 2.6, 5, r"$\times$")
        _line(ax, [(2.6, 2.8), (2.6, 5)])
        _line(ax, [(2.6, 5), (4.6, 5)])
        _op(ax, 4.6, 5, "$+$")
        _line(ax, [(4.0, 2.8), (4.0, 3.8), (4.6, 3.8)])
        _line(ax, [(5.2, 2.8), (5.2, 3.8), (4.6, 3.8)])
        _op(ax, 4.6, 3.8, r"$\times$")
        _line(ax, [(4.6, 3.8), (4.6, 5)])
        _line(ax, [(4.6, 5), (10.0, 5)])
        _label(ax, 10.35, 5, "$c_t$")
        _line(ax, [(8.2, 5), (8.2, 3.9)])
        _box(ax, 8.2, 3.9, "tanh", _CAND_COLOR, w=0.9, h=0.5)
        _line(ax, [(8.2, 3.6), (8.2, 2.5)])
        _line(ax, [(6.6, 2.8), (6.6, 3.2), (7.5, 3.2), (7.5, 2.5), (8.2, 2.5)])
        _op(ax, 8.2, 2.5, r"$\times$")
        _line(ax, [(8.2, 2.5), (8.2, 1.2), (10.0, 1.2)])
        _label(ax, 10.35, 1.2, "$h_t$")
        _label(ax, 0.2, 5.85, r"$c_t = f \odot c_{t-1} + i \odot g$     $h_t = o \odot \tanh(c_t)$", ha="left",
               fontsize=11)
        ax.set_title("LSTM: one step")
    else:
        _label(ax, -0.35, 5, "$h_{t-1}$")
        _line(ax, [(0.2, 5), (0.45, 5), (0.45, 1.2), (8.2, 1.2)], arrow=False)
        # Update gate z: keep z of the old state ...
        _line(ax, [(3.2, 1.2), (3.2, 2.5)])
        _box(ax, 3.2, 2.5, r"$\sigma$", _GATE_COLOR)
        _label(ax, 2.58, 3.05, "$z$", fontsize=11)
        _line(ax, [(0.45, 5), (3.2, 5)])
        _op(ax, 3.2, 5, r"$\times$")
        _line(ax, [(3.2, 2.8), (3.2, 5)])
        # ... and add (1 - z) of the candidate.
        _line(ax, [(3.2, 4.0), (5.2, 4.0)])
        _box(ax, 5.2, 4.0, "$1-$", _OP_COLOR, w=0.7, h=0.45)
        _line(ax, [(5.55, 4.0), (8.2, 4.0)])
        # Reset gate r scales the recurrent part h_{t-1} U_h (Keras: after the matmul).
        _line(ax, [(5.4, 1.2), (5.4, 2.2)])
        _box(ax, 5.4, 2.2, r"$\sigma$", _GATE_COLOR)
        _label(ax, 4.78, 2.75, "$r$", fontsize=11)
        _line(ax, [(5.85, 2.2), (6.9, 2.2)])
        _op(ax, 6.9, 2.2, r"$\times$")
        _line(ax, [(6.9, 1.2), (6.9, 2.2)])
        _label(ax, 6.9, 0.8, "$h_{t-1}U_h$", fontsize=9)
        _line(ax, [(6.9, 2.2), (6.9, 2.9), (8.2, 2.9)])
        _line(ax, [(8.2, 1.2), (8.2, 2.9)])
        _label(ax, 8.75, 1.55, "$x_tW_h$", fontsize=9)
        _box(ax, 8.2, 2.9, "tanh", _CAND_COLOR)
        _label(ax, 8.9, 3.45, r"$\tilde h$", fontsize=11)
        _line(ax, [(8.2, 3.2), (8.2, 4.0)])
        _op(ax, 8.2, 4.0, r"$\times$")
        _line(ax, [(3.2, 5), (8.2, 5)])
        _op(ax, 8.2, 5, "$+$")
        _line(ax, [(8.2, 4.0), (8.2, 5)])
        _line(ax, [(8.2, 5), (10.0, 5)])
        _label(ax, 10.35, 5, "$h_t$")
        _label(ax, 0.2, 5.85, r"$h_t = z \odot h_{t-1} + (1 - z) \odot \tilde h$", ha="left", fontsize=11)
        ax.set_title("GRU: one step (Keras, reset_after=True)")
    return ax
