"""The bridge to Keras: the same network as a Keras model, and weights from Keras (imports Keras only when called)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .. import checks
from ._checks import Params, _check_params

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
