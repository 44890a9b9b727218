"""The NumPy RNN computes what Keras's SimpleRNN computes: weights copied both ways give the same
outputs. Kept apart from test_numpy_rnn.py because importing Keras takes several seconds."""

import numpy as np
import pytest

from utils import numpy_rnn as nrnn

keras = pytest.importorskip("keras")


@pytest.mark.parametrize("name", ["tanh", "relu"])
def test_keras_simple_rnn_agrees_with_numpy(name):
    params = nrnn.init_params(5, 7, 4, seed=1)
    x = np.random.default_rng(0).normal(size=(3, 6, 5))
    model = nrnn.keras_model(params, name)
    keras_probs = np.asarray(model(x.astype("float32")))
    numpy_probs = nrnn.forward(params, x, activation_name=name).probs
    assert keras_probs.shape == numpy_probs.shape == (3, 6, 4)
    np.testing.assert_allclose(keras_probs, numpy_probs, atol=1e-5)
    assert model.count_params() == nrnn.count_params(params)


def test_params_round_trip_through_keras():
    params = nrnn.init_params(4, 6, 4, seed=2)
    model = nrnn.keras_model(params)
    back = nrnn.params_from_keras(model.get_layer("rnn"), model.get_layer("softmax"))
    for k in nrnn.PARAM_NAMES:
        np.testing.assert_allclose(back[k], params[k], atol=1e-7)
        assert back[k].dtype == np.float64


def test_params_from_keras_names_wrong_layers():
    model = nrnn.keras_model(nrnn.init_params(4, 6, 4))
    with pytest.raises(ValueError, match="rnn_layer must be a SimpleRNN"):
        nrnn.params_from_keras(model.get_layer("softmax"), model.get_layer("softmax"))
    with pytest.raises(ValueError, match="dense_layer must be a Dense"):
        nrnn.params_from_keras(model.get_layer("rnn"), model.get_layer("rnn"))


def test_keras_model_rejects_activation_keras_names_differently():
    with pytest.raises(ValueError, match="activation_name"):
        nrnn.keras_model(nrnn.init_params(4, 6, 4), "leaky_relu")
