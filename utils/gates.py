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

from .numpy_rnn import sigmoid  # noqa: F401  (re-exported: gates.sigmoid is part of this module's API)
from .windowing import _check_int

LSTM_GATES: tuple[str, ...] = ("i", "f", "c", "o")
GRU_GATES: tuple[str, ...] = ("z", "r", "h")

# --------------------------------------------------------------------------------------------
# Input checks: every public function names the argument, what it expected and what it got.
# --------------------------------------------------------------------------------------------


def _as_array(name: str, value, ndim: int, layout: str = "") -> np.ndarray:
    if isinstance(value, bool) or value is None or isinstance(value, (str, bytes, dict)):
        raise TypeError(f"{name} must be a NumPy array, got {type(value).__name__}")
    try:
        array = np.asarray(value)
    except Exception as exc:  # noqa: BLE001 - anything that NumPy cannot read
        raise TypeError(f"{name} must be a NumPy array, got {type(value).__name__}") from exc
    if array.dtype == bool or not (np.issubdtype(array.dtype, np.floating)
                                   or np.issubdtype(array.dtype, np.integer)):
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D{' ' + layout if layout else ''}, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, but it holds NaN or infinite values")
    return array.astype(np.float64)


def _check_weights(kernel, recurrent_kernel, bias, n_gates: int, cell: str) -> tuple[np.ndarray, ...]:
    kernel = _as_array("kernel", kernel, 2)
    recurrent_kernel = _as_array("recurrent_kernel", recurrent_kernel, 2)
    units, width = recurrent_kernel.shape
    if width != n_gates * units:
        raise ValueError(f"recurrent_kernel of a {cell} must have shape (units, {n_gates}*units), "
                         f"got {recurrent_kernel.shape}")
    if kernel.shape[1] != n_gates * units:
        raise ValueError(f"kernel must have shape (features, {n_gates}*units) = (features, "
                         f"{n_gates * units}) to match recurrent_kernel {recurrent_kernel.shape}, "
                         f"got {kernel.shape}")
    bias = np.asarray(bias)
    bias = _as_array("bias", bias, bias.ndim if bias.ndim in (1, 2) else 1)
    return kernel, recurrent_kernel, bias


def _check_state(name: str, value, batch: int, units: int) -> np.ndarray:
    state = _as_array(name, value, 2, "(batch, units)")
    if state.shape != (batch, units):
        raise ValueError(f"{name} must have shape (batch, units) = {(batch, units)}, got {state.shape}")
    return state


def _check_input(name: str, value, layout: str, features: int) -> np.ndarray:
    """``value`` as an array of ``layout`` ("(batch, features)" or "(batch, time, features)") with ``features`` last."""
    array = _as_array(name, value, layout.count(",") + 1, layout)
    if array.shape[-1] != features:
        raise ValueError(f"{name} must be {layout} with features={features} (rows of kernel), got shape {array.shape}")
    return array


def _check_drive(drive, drive_from, batch_time: tuple[int, int], units: int):
    """Checks of lstm_forward's and gru_forward's intervention arguments."""
    if isinstance(drive_from, bool) or not isinstance(drive_from, (int, np.integer)):
        raise TypeError(f"drive_from must be a whole number of steps, got {type(drive_from).__name__}: {drive_from!r}")
    if not 0 <= drive_from <= batch_time[1]:
        raise ValueError(f"drive_from must lie in [0, time] = [0, {batch_time[1]}], got {drive_from}")
    if drive is None:
        return None, int(drive_from)
    drive = _as_array("drive", drive, 3, "(batch, time, units)")
    if drive.shape != (*batch_time, units):
        raise ValueError(f"drive must be the hidden states of a run on inputs of this shape, (batch, time, units) = "
                         f"{(*batch_time, units)}, got {drive.shape}")
    return drive, int(drive_from)


# --------------------------------------------------------------------------------------------
# Parameter counts
# --------------------------------------------------------------------------------------------


def simple_rnn_params(features: int, units: int) -> int:
    """Trainable parameters of ``keras.layers.SimpleRNN(units)``: W (F, H), U (H, H), b (H).

    >>> simple_rnn_params(1, 50)
    2600
    """
    f, h = _check_int("features", features, 1), _check_int("units", units, 1)
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
    if not isinstance(reset_after, (bool, np.bool_)):
        raise TypeError(f"reset_after must be True or False, got {type(reset_after).__name__}: {reset_after!r}")
    extra = 3 * _check_int("units", units, 1) if reset_after else 0
    return 3 * simple_rnn_params(features, units) + extra


# --------------------------------------------------------------------------------------------
# LSTM
# --------------------------------------------------------------------------------------------


def split_gates(matrix: np.ndarray, gates: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Cut a Keras weight matrix (or bias) along its last axis into one block per gate.

    >>> {k: v.shape for k, v in split_gates(np.zeros((3, 8)), LSTM_GATES).items()}
    {'i': (3, 2), 'f': (3, 2), 'c': (3, 2), 'o': (3, 2)}
    """
    matrix = np.asarray(matrix)
    if not isinstance(gates, (tuple, list)) or not gates:
        raise TypeError(f"gates must be a non-empty tuple of names such as {LSTM_GATES}, got {gates!r}")
    if matrix.ndim < 1 or matrix.shape[-1] % len(gates):
        raise ValueError(f"matrix's last axis must be a multiple of {len(gates)} (one block per gate), "
                         f"got shape {matrix.shape}")
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
        raise ValueError(f"bias of an LSTM must have shape (4*units,) = ({4 * units},), got {bias.shape}")
    x_t = _check_input("x_t", x_t, "(batch, features)", kernel.shape[0])
    h_prev = _check_state("h_prev", h_prev, x_t.shape[0], units)
    c_prev = _check_state("c_prev", c_prev, x_t.shape[0], units)
    return _lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias)


def _lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = split_gates(x_t @ kernel + h_prev @ recurrent_kernel + bias, LSTM_GATES)
    i, f, g, o = sigmoid(z["i"]), sigmoid(z["f"]), np.tanh(z["c"]), sigmoid(z["o"])
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
        raise ValueError(f"bias of an LSTM must have shape (4*units,) = ({4 * units},), got {bias.shape}")
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
            raise ValueError(f"bias of a GRU with reset_after=True must have shape (2, 3*units) = "
                             f"(2, {3 * units}) (input and recurrent biases), got {bias.shape}")
        return bias[0], bias[1], True
    if bias.shape != (3 * units,):
        raise ValueError(f"bias of a GRU with reset_after=False must have shape (3*units,) = "
                         f"({3 * units},), got {bias.shape}")
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
        raise TypeError(f"reset_after must be True, False or None, got {type(reset_after).__name__}: {reset_after!r}")
    units = recurrent_kernel.shape[0]
    b_in, b_rec, reset_after = _gru_bias(bias, units, reset_after)
    x_t = _check_input("x_t", x_t, "(batch, features)", kernel.shape[0])
    h_prev = _check_state("h_prev", h_prev, x_t.shape[0], units)
    return _gru_step(x_t, h_prev, kernel, recurrent_kernel, b_in, b_rec, reset_after)


def _gru_step(x_t, h_prev, kernel, recurrent_kernel, b_in, b_rec, reset_after):
    x = split_gates(x_t @ kernel + b_in, GRU_GATES)
    rk = split_gates(recurrent_kernel, GRU_GATES)
    b = split_gates(b_rec, GRU_GATES)
    hz = h_prev @ rk["z"] + b["z"]
    hr = h_prev @ rk["r"] + b["r"]
    z, r = sigmoid(x["z"] + hz), sigmoid(x["r"] + hr)
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
        raise TypeError(f"reset_after must be True, False or None, got {type(reset_after).__name__}: {reset_after!r}")
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
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or len(lengths) == 0 or not np.issubdtype(lengths.dtype, np.integer):
        raise ValueError(f"lengths must be a non-empty 1-D array of whole numbers (one per sequence), got "
                         f"shape {lengths.shape} and dtype {lengths.dtype}; draw them with sequence_lengths()")
    if lengths.min() < shortest:
        raise ValueError(f"every length must be at least {shortest}, got a sequence of length {int(lengths.min())}: "
                         f"draw lengths with sequence_lengths(n, {shortest}, longest)")
    longest = int(lengths.max())
    if max_length is None:
        return lengths.astype(np.int64), longest
    max_length = _check_int("max_length", max_length, 1)
    if max_length < longest:
        raise ValueError(f"max_length={max_length} is shorter than the longest sequence ({longest} steps): "
                         f"nothing is cut off silently; pass max_length >= {longest} or None")
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
    n = _check_int("n", n, 1)
    shortest, longest = _check_int("shortest", shortest, 1), _check_int("longest", longest, 1)
    if longest < shortest:
        raise ValueError(f"need shortest <= longest, got shortest={shortest}, longest={longest}")
    rng = np.random.default_rng(_check_int("seed", seed, 0))
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
    n_symbols = _check_int("n_symbols", n_symbols, 2)
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.integer, np.floating)) or not noise > 0:
        raise ValueError(f"noise must be a number > 0 (a noise step must not look like padding), got {noise!r}")
    rng = np.random.default_rng(_check_int("seed", seed, 0))
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
    rng = np.random.default_rng(_check_int("seed", seed, 0))
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
    values, lengths = np.asarray(values, dtype=float), np.asarray(lengths)
    if values.ndim != 1 or lengths.ndim != 1 or len(values) != len(lengths) or len(values) == 0:
        raise ValueError(f"values and lengths must be non-empty 1-D arrays of one length, got shapes "
                         f"{values.shape} and {lengths.shape}")
    if not np.all(np.isfinite(values)):
        raise ValueError("values hold NaN or infinite entries: check the predictions they came from")
    edges = np.asarray(bins)
    if edges.ndim != 1 or len(edges) < 1 or np.any(np.diff(edges) <= 0):
        raise ValueError(f"bins must be increasing left edges, got {bins!r}")
    if lengths.min() < edges[0]:
        raise ValueError(f"the shortest sequence ({int(lengths.min())} steps) lies left of the first bin "
                         f"edge {edges[0]}: it would be dropped; start bins at {int(lengths.min())} or lower")
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

    x = _as_array("x", x, 3).astype(np.float32)
    if not callable(layer):
        raise TypeError(f"layer must be a Keras layer (callable), got {type(layer).__name__}")
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        out = layer(xt)
        if isinstance(out, (list, tuple)):
            raise ValueError("layer must return one tensor (its last state): use return_state=False")
        if len(out.shape) != 2:
            raise ValueError(f"layer must return (batch, units), got shape {tuple(out.shape)}: "
                             "use return_sequences=False")
        g = np.random.default_rng(_check_int("seed", seed, 0)).standard_normal(tuple(out.shape))
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
    if not isinstance(results, pd.DataFrame):
        raise TypeError(f"results must be a pandas DataFrame, got {type(results).__name__}")
    missing = [c for c in [*by, *values] if c not in results.columns]
    if missing:
        raise ValueError(f"columns {missing} are not in results; it has {list(results.columns)}")
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

    if kind not in ("lstm", "gru"):
        raise ValueError(f"kind must be 'lstm' or 'gru', got {kind!r}")
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
