import random

import numpy as np
import pytest

from utils import config


@pytest.mark.parametrize("raw,expected", [("1", True), ("true", True), ("YES", True), ("on", True),
                                          ("0", False), ("", False), ("false", False), ("off", False)])
def test_quick_mode_values(raw, expected):
    assert config.quick_mode_from_env({"RNN_QUICK": raw}) is expected


def test_quick_mode_unset_is_full():
    assert config.quick_mode_from_env({}) is False


def test_quick_mode_rejects_garbage_with_advice():
    with pytest.raises(ValueError, match="RNN_QUICK=1 for quick mode"):
        config.quick_mode_from_env({"RNN_QUICK": "maybe"})


def test_pick_follows_mode(monkeypatch):
    monkeypatch.setattr(config, "QUICK", True)
    assert config.pick(full=30, quick=2) == 2
    assert config.mode_name() == "quick"
    monkeypatch.setattr(config, "QUICK", False)
    assert config.pick(full=30, quick=2) == 30
    assert config.mode_name() == "full"


def test_data_dir_override(monkeypatch, tmp_path):
    monkeypatch.setenv("RNN_DATA_DIR", str(tmp_path))
    assert config.data_dir() == tmp_path.resolve()
    monkeypatch.delenv("RNN_DATA_DIR")
    assert config.data_dir() == config.repo_root() / "data"


def test_seed_everything_repeats_python_numpy_keras():
    import keras

    def draw():
        return random.random(), np.random.random(), float(keras.random.uniform(()))

    config.seed_everything(3)
    first = draw()
    config.seed_everything(3)
    assert draw() == first
    config.seed_everything(4)
    assert draw() != first


@pytest.mark.parametrize("bad, exc", [(-1, ValueError), (2 ** 32, ValueError), (1.5, TypeError), ("42", TypeError),
                                      (True, TypeError)])
def test_seed_everything_rejects_bad_seed(bad, exc):
    with pytest.raises(exc, match=r"^seed_everything: seed must be an int >= 0 and < 4294967296, got"):
        config.seed_everything(bad)


def test_seed_everything_accepts_numpy_ints_and_env_must_be_a_mapping():
    import numpy as np

    config.seed_everything(np.int64(3))
    with pytest.raises(TypeError, match="environ must be None or a mapping"):
        config.quick_mode_from_env(["RNN_QUICK=1"])


def test_use_backend_before_and_after_keras(monkeypatch):
    import importlib.util
    import subprocess
    import sys

    import keras

    assert config.use_backend(keras.backend.backend()) == keras.backend.backend()   # the one running: fine
    with pytest.raises(ValueError, match="name"):
        config.use_backend("theano")
    if importlib.util.find_spec("torch") is None:
        with pytest.raises(RuntimeError, match="tasks.py torch.*CPU build"):
            config.use_backend("torch")
    if importlib.util.find_spec("jax") is None:
        with pytest.raises(RuntimeError, match="not installed"):
            config.use_backend("jax")
        return
    other = "jax" if keras.backend.backend() != "jax" else "tensorflow"
    from utils import training  # noqa: F401  (a utils module holding keras: a reload would leave it stale)
    with pytest.raises(RuntimeError, match="restart the kernel"):
        config.use_backend(other)
    monkeypatch.setenv("KERAS_BACKEND", keras.backend.backend())
    # in a fresh process, after TensorFlow (which imports Keras) but before any use, it takes effect
    code = ("import tensorflow; from utils import config; config.use_backend('jax'); import keras; "
            "print(keras.backend.backend(), type(keras.ops.ones(())).__module__.split('.')[0])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=config.repo_root(),
                          env={**__import__('os').environ, "KERAS_BACKEND": "tensorflow"})
    assert done.stdout.strip().splitlines()[-1] == "jax jaxlib", done.stderr[-500:]


def test_seed_everything_on_jax_leaves_tensorflow_unimported_and_seeds_it_when_imported():
    """On JAX, seeding must not import TensorFlow (3.5-7 s), yet draw what keras.utils.set_random_seed draws,
    and seed TensorFlow the moment something imports it (tf.data shuffles)."""
    import subprocess
    import sys

    code = ("import sys, keras, numpy as np\n"
            "from utils import config\n"
            "config.seed_everything(3)\n"
            "draw = keras.random.uniform((3,)).tolist()\n"
            "layer = keras.layers.Dense(2); layer.build((4,)); ours = (draw, np.asarray(layer.kernel).tolist())\n"
            "print('tensorflow' in sys.modules)\n"
            "import tensorflow as tf\n"
            "print(tf.random.uniform((1,)).numpy().tolist())\n"
            "keras.utils.set_random_seed(3)\n"
            "draw = keras.random.uniform((3,)).tolist()\n"
            "layer = keras.layers.Dense(2); layer.build((4,))\n"
            "print(ours == (draw, np.asarray(layer.kernel).tolist()))\n"
            "tf.random.set_seed(3); print(tf.random.uniform((1,)).numpy().tolist())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=config.repo_root(),
                          env={**__import__('os').environ, "KERAS_BACKEND": "jax"})
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 4, done.stderr[-800:]
    assert lines[0] == "False"          # seeding alone did not import TensorFlow
    assert lines[2] == "True"           # the same draws as Keras's own seeding
    assert lines[1] == lines[3]         # TensorFlow, imported later, was seeded then
