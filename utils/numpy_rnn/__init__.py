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

The parts, in the order of the idea: :mod:`.activations`, :mod:`.network` (parameters and the forward pass),
:mod:`.bptt` (the backward pass), :mod:`.gradcheck`, :mod:`.optim` (clipping, gradient descent, Adam,
training) and :mod:`.keras_bridge`. Everything is importable from ``utils.numpy_rnn`` itself.
"""

from __future__ import annotations

from ._checks import (
    PARAM_NAMES, Params,
)
from .activations import (
    ACTIVATIONS, LEAKY_SLOPE, _sigmoid, activation, leaky_relu, leaky_relu_grad, relu, relu_grad,
    sigmoid, sigmoid_grad, softmax, softmax_jacobian, tanh, tanh_grad,
)
from .network import (
    ForwardCache, count_params, cross_entropy, forward, init_params, predict, rnn_forward, rnn_step,
)
from .bptt import (
    backward, hidden_gradient_norms, loss_and_grads, rnn_backward, rnn_step_backward,
)
from .gradcheck import (
    gradient_check, numerical_gradient, relative_error,
)
from .optim import (
    Adam, GradientDescent, TrainResult, clip_by_global_norm, global_norm, train,
)
from .keras_bridge import (
    keras_model, params_from_keras,
)

__all__ = [  # every public name of the parts
    'ACTIVATIONS', 'Adam', 'ForwardCache', 'GradientDescent', 'LEAKY_SLOPE', 'PARAM_NAMES', 'Params',
    'TrainResult', 'activation', 'backward', 'clip_by_global_norm', 'count_params', 'cross_entropy',
    'forward', 'global_norm', 'gradient_check', 'hidden_gradient_norms', 'init_params', 'keras_model',
    'leaky_relu', 'leaky_relu_grad', 'loss_and_grads', 'numerical_gradient', 'params_from_keras',
    'predict', 'relative_error', 'relu', 'relu_grad', 'rnn_backward', 'rnn_forward', 'rnn_step',
    'rnn_step_backward', 'sigmoid', 'sigmoid_grad', 'softmax', 'softmax_jacobian', 'tanh', 'tanh_grad',
    'train',
]
