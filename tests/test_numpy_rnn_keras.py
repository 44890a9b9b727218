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


def test_adam_keras_epsilon_matches_keras_adam_and_textbook_form_does_not():
    """keras_epsilon=True is Keras's Adam step for step; the textbook form differs where gradients are tiny."""
    import keras

    rng = np.random.default_rng(0)
    grads = [{"w": rng.normal(size=5) * scale} for scale in (1e-6, 1e-6, 1e-2, 1e-6, 1.0)]
    var = keras.Variable(np.zeros(5), dtype="float64")
    opt = keras.optimizers.Adam(learning_rate=0.01)
    ours, textbook = nrnn.Adam(lr=0.01, keras_epsilon=True), nrnn.Adam(lr=0.01)
    p_ours = p_text = {"w": np.zeros(5)}
    for g in grads:
        opt.apply_gradients([(g["w"], var)])
        p_ours, p_text = ours.step(p_ours, g), textbook.step(p_text, g)
    keras_w = np.asarray(var)
    # Keras keeps beta and the learning rate in float32: agreement to about 1e-5, not 1e-12
    assert np.allclose(keras_w, p_ours["w"], rtol=1e-4, atol=0), (keras_w, p_ours["w"])
    assert np.abs(keras_w - p_text["w"]).max() > 100 * np.abs(keras_w - p_ours["w"]).max()
