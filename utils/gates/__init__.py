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

The parts: :mod:`.lstm` and :mod:`.gru` (the cells in NumPy), :mod:`.counts` (parameter counts), :mod:`.tasks`
(long-range tasks), :mod:`.measure` (gradient reach, seeds summarised) and :mod:`.diagrams`. Everything is
importable from ``utils.gates`` itself.
"""

from __future__ import annotations

from ..numpy_rnn import sigmoid  # noqa: F401  (re-exported: gates.sigmoid is part of this module's API)
from ._checks import (
    GRU_GATES, LSTM_GATES,
)
from .counts import (
    gru_params, lstm_params, simple_rnn_params,
)
from .lstm import (
    LSTMTrace, lstm_forward, lstm_step, split_gates,
)
from .gru import (
    GRUTrace, gru_forward, gru_step,
)
from .tasks import (
    adding_problem, mean_by_length, sequence_lengths, symbol_task,
)
from .measure import (
    input_gradient_norms, mean_pm_std, summarize_runs,
)
from .diagrams import (
    draw_cell,
)

__all__ = [
    'GRUTrace', 'GRU_GATES', 'LSTMTrace', 'LSTM_GATES', 'adding_problem', 'draw_cell', 'gru_forward',
    'gru_params', 'gru_step', 'input_gradient_norms', 'lstm_forward', 'lstm_params', 'lstm_step',
    'mean_by_length', 'mean_pm_std', 'sequence_lengths', 'sigmoid', 'simple_rnn_params', 'split_gates',
    'summarize_runs', 'symbol_task',
]
