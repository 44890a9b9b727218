"""Parameter counts of SimpleRNN, LSTM and GRU layers, from the equations."""

from __future__ import annotations

from .. import checks

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


