"""utils.backends: running code under another Keras backend, and the stateful guard."""
import keras
import pytest

from utils import backends


def test_installed_lists_every_backend():
    got = backends.installed()
    assert set(got) == set(backends.BACKENDS) and got["tensorflow"] is True


@pytest.mark.slow
def test_run_returns_result_from_the_other_backend_with_devices():
    out = backends.run("tensorflow", "RESULT['backend'] = keras.backend.backend()")
    assert out == {"backend": "tensorflow"}
    out = backends.run("tensorflow", "import tensorflow as tf\nRESULT['cpus'] = len(tf.config.list_logical_devices('CPU'))",
                       devices=2)
    assert out == {"cpus": 2}
    if not backends.installed()["jax"]:
        with pytest.raises(RuntimeError, match="not installed"):
            backends.run("jax", "pass")
        return
    out = backends.run("jax", "import jax\nRESULT['backend'] = keras.backend.backend()\n"
                              "RESULT['devices'] = len(jax.devices())", devices=2)
    assert out == {"backend": "jax", "devices": 2}


def test_run_reports_failures_and_bad_arguments():
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        backends.run("tensorflow", "1 / 0")
    with pytest.raises(ValueError, match="backend"):
        backends.run("theano", "pass")
    with pytest.raises(TypeError, match="code"):
        backends.run("jax", ["pass"])
    with pytest.raises(ValueError, match="code"):
        backends.run("jax", "  ")
    with pytest.raises(ValueError, match="devices"):
        backends.run("torch", "pass", devices=2)
    with pytest.raises(TypeError, match="env"):
        backends.run("jax", "pass", env={"A": 1})
    if not backends.installed()["torch"]:
        with pytest.raises(RuntimeError, match="download.pytorch.org/whl/cpu"):
            backends.run("torch", "pass")


def _stateful_model(layer=keras.layers.GRU, **kwargs):
    return keras.Sequential([keras.Input(batch_shape=(1, 4, 2)),
                             layer(3, stateful=True, name="memory", **kwargs), keras.layers.Dense(1)])


def test_check_stateful_refuses_jax_and_cudnn_torch():
    model = _stateful_model()
    assert backends.check_stateful(model, "tensorflow") is model
    with pytest.raises(ValueError, match="'memory'.*through fit on the JAX"):
        backends.check_stateful(model, "jax")
    assert backends.check_stateful(model, "jax", training=False) is model        # predict carries the state
    with pytest.raises(ValueError, match="use_cudnn=False"):
        backends.check_stateful(model, "torch")
    assert backends.check_stateful(_stateful_model(use_cudnn=False), "torch") is not None
    plain = keras.Sequential([keras.Input((4, 2)), keras.layers.GRU(3)])
    assert backends.check_stateful(plain, "jax") is plain
    nested = keras.Sequential([keras.Input(batch_shape=(1, 4, 2)),
                               keras.layers.Bidirectional(keras.layers.LSTM(3, stateful=True))])
    with pytest.raises(ValueError, match="JAX"):
        backends.check_stateful(nested, "jax")
    with pytest.raises(TypeError, match="model"):
        backends.check_stateful("model")
