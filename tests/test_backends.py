"""utils.backends: running code under another Keras backend, and the stateful guard."""
import keras
import pytest

from utils import backends


def test_installed_lists_every_backend():
    got = backends.installed()
    assert set(got) == set(backends.BACKENDS) and got["tensorflow"] is True


@pytest.mark.slow
def test_run_returns_result_from_the_other_backend_with_devices():
    out = backends.run("tensorflow", "import tensorflow as tf\nRESULT['backend'] = keras.backend.backend()\n"
                                     "RESULT['cpus'] = len(tf.config.list_logical_devices('CPU'))", devices=2)
    assert out == {"backend": "tensorflow", "cpus": 2}


def test_run_reports_failures_and_bad_arguments():
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        backends.run("jax", "1 / 0")
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
        with pytest.raises(RuntimeError, match="tasks.py torch.*CPU build"):
            backends.run("torch", "pass")


def _stateful_model(layer=keras.layers.GRU, **kwargs):
    return keras.Sequential([keras.Input(batch_shape=(1, 4, 2)),
                             layer(3, stateful=True, name="memory", **kwargs), keras.layers.Dense(1)])


def test_check_stateful_refuses_jax_and_cudnn_torch():
    model = _stateful_model()
    assert backends.check_stateful(model, "tensorflow") is model
    with pytest.raises(ValueError, match="'memory'.*do not carry their state on the JAX"):
        backends.check_stateful(model, "jax")
    with pytest.raises(ValueError, match="every batch starts from zeros, in predict and in fit"):
        backends.check_stateful(model, "jax", training=False)                    # predict does not carry it either
    with pytest.raises(ValueError, match="use_cudnn=False"):
        backends.check_stateful(model, "torch")
    assert backends.check_stateful(model, "torch", training=False) is model      # reported for fit only
    assert backends.check_stateful(_stateful_model(use_cudnn=False), "torch") is not None
    plain = keras.Sequential([keras.Input((4, 2)), keras.layers.GRU(3)])
    assert backends.check_stateful(plain, "jax") is plain
    nested = keras.Sequential([keras.Input(batch_shape=(1, 4, 2)),
                               keras.layers.Bidirectional(keras.layers.LSTM(3, stateful=True))])
    with pytest.raises(ValueError, match="JAX"):
        backends.check_stateful(nested, "jax")
    with pytest.raises(TypeError, match="model"):
        backends.check_stateful("model")


def test_worker_keeps_its_namespace_prints_and_survives_errors(capsys):
    with backends.Worker("jax", devices=2, timeout=120) as worker:
        assert "running" in repr(worker)
        out = worker.run("import jax\nx = 5\nprint('from the worker')\nRESULT['n'] = len(jax.devices())")
        assert out == {"n": 2}
        assert "from the worker" in capsys.readouterr().out
        assert worker.run("RESULT['x'] = x") == {"x": 5}                 # the namespace is kept
        with pytest.raises(RuntimeError, match="ZeroDivisionError"):
            worker.run("1 / 0")
        with pytest.raises(RuntimeError, match="not JSON serializable"):
            worker.run("RESULT['bad'] = object()")
        assert worker.run("RESULT['backend'] = keras.backend.backend()") == {"backend": "jax"}   # still usable
        with pytest.raises(TypeError, match="code"):
            worker.run(["x"])
        with pytest.raises(RuntimeError, match=r"stopped \(exit 3\)"):
            worker.run("import os\nos._exit(3)")
    assert "closed" in repr(worker)
    with pytest.raises(RuntimeError, match="has stopped"):
        worker.run("pass")
    with pytest.raises(RuntimeError, match="longer than timeout=1 s"):
        backends.run("jax", "import time\ntime.sleep(30)", timeout=1)


def test_in_process_runs_code_here_like_a_worker():
    here = backends.InProcess()
    assert here.backend == keras.backend.backend() and "InProcess" in repr(here)
    assert here.run("y = 2\nRESULT['y'] = y") == {"y": 2}
    assert here.run("RESULT['t'] = (y, 3)") == {"t": [2, 3]}              # what JSON would carry back: a list
    with pytest.raises(TypeError, match="RESULT"):
        here.run("RESULT['bad'] = object()")
    with pytest.raises(ZeroDivisionError):
        here.run("1 / 0")
    keras.ops.ones(1)                                                     # TensorFlow is running in this process now
    with pytest.raises(ValueError, match="devices.*before.*restart the kernel"):
        backends.InProcess(devices=2)
    with pytest.raises(ValueError, match="devices"):
        backends.InProcess(devices=0)


def test_a_job_joins_its_processes_runs_once_and_stops_together_on_failure():
    code = ("import jax\n"
            "keras.distribution.initialize(job_addresses=COORDINATOR, num_processes=NUM_PROCESSES, process_id=PROCESS_ID)\n"
            "RESULT.update(id=PROCESS_ID, index=jax.process_index(), count=jax.process_count(), devices=jax.device_count())")
    job = backends.Job("jax", processes=2, timeout=120)
    assert "ready" in repr(job)
    assert job.run(code) == [{"id": 0, "index": 0, "count": 2, "devices": 2},
                             {"id": 1, "index": 1, "count": 2, "devices": 2}]
    assert "done" in repr(job)
    with pytest.raises(RuntimeError, match="has run already"):
        job.run("pass")
    with backends.Job("jax") as unstarted, pytest.raises(RuntimeError, match="start"):
        unstarted.results()
    with pytest.raises(RuntimeError, match="ValueError: boom"):
        backends.run_processes("jax", "if PROCESS_ID == 1:\n    raise ValueError('boom')", timeout=60)
    with pytest.raises(ValueError, match="processes"):
        backends.run_processes("jax", "pass", processes=1)
    with pytest.raises(TypeError, match="code"):
        backends.run_processes("jax", None)
    assert 0 < backends.free_port() < 65536
