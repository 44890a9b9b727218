"""Keras 3 backends: which are installed, running code under another one, and a guard for stateful RNNs.

Keras fixes its backend (TensorFlow, JAX or PyTorch) when it is first imported, so comparing backends means
one fresh Python process per backend. :func:`run` starts one, with ``KERAS_BACKEND`` set (and, on request,
several simulated CPU devices), runs a piece of code in it and returns the dict that code left in
``RESULT``. :func:`check_stateful` refuses to train a stateful RNN on a backend where Keras 3.15 runs it
wrongly (chapter 15 measures the JAX case).
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from . import checks

BACKENDS = ("tensorflow", "jax", "torch")
_MODULE = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}
_INSTALL = {
    "tensorflow": "python3 tasks.py setup",
    "jax": "pip install jax==0.10.2 jaxlib==0.10.2  (the CPU build, about 90 MB; not part of the default set-up)",
    "torch": "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu  (the CPU build, about "
             "200 MB; the default build on PyPI for Linux is a CUDA build of about 3 GB)",
}
_MARK = "@@RESULT@@"


def installed() -> dict[str, bool]:
    """Which backends can be imported here, without importing them: ``{"tensorflow": True, ...}``."""
    return {b: importlib.util.find_spec(_MODULE[b]) is not None for b in BACKENDS}


def _prologue(backend: str, devices: int) -> str:
    lines = ["import json, os, sys", f"sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})"]
    if backend == "tensorflow" and devices > 1:
        # logical CPUs must be declared before TensorFlow creates its runtime
        lines += ["import tensorflow as tf",
                  "tf.config.set_logical_device_configuration(tf.config.list_physical_devices('CPU')[0], "
                  f"[tf.config.LogicalDeviceConfiguration()] * {devices})"]
    lines += ["import keras", "RESULT = {}"]
    return "\n".join(lines) + "\n"


def run(backend: str, code: str, *, devices: int = 1, env: dict | None = None, timeout: float = 600) -> dict:
    """Run ``code`` in a fresh Python process whose Keras uses ``backend``; return the dict it put in ``RESULT``.

    ``code`` starts with ``keras`` imported and ``RESULT = {}`` defined; it fills ``RESULT`` with values
    that JSON can hold (numbers, strings, lists, dicts). ``devices > 1`` gives the process that many
    simulated CPU devices: ``XLA_FLAGS=--xla_force_host_platform_device_count`` for JAX, logical CPUs
    for TensorFlow (PyTorch has no such switch). ``env`` adds environment variables. A failure in the
    child raises ``RuntimeError`` with the end of its error output.
    """
    backend = checks.check_str(backend, "backend", choices=BACKENDS)
    if not isinstance(code, str) or not code.strip():
        raise checks.fail(TypeError if not isinstance(code, str) else ValueError, "code",
                          "Python source as a non-empty str", checks.describe(code))
    devices = checks.check_int(devices, "devices", ge=1)
    if devices > 1 and backend == "torch":
        raise checks.fail(ValueError, "devices", "1 for torch (simulated devices exist for jax and tensorflow)",
                          str(devices))
    if env is not None and (not isinstance(env, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                                 for k, v in env.items())):
        raise checks.fail(TypeError, "env", "a dict of str to str", checks.describe(env))
    timeout = checks.check_real(timeout, "timeout", gt=0)
    if not installed()[backend]:
        raise RuntimeError(f"backend {backend!r} is not installed here; to add it: {_INSTALL[backend]}")
    child_env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3", **(env or {})}
    if backend == "jax":
        flags = child_env.get("XLA_FLAGS", "")
        if devices > 1:
            flags = f"{flags} --xla_force_host_platform_device_count={devices}".strip()
        child_env["XLA_FLAGS"] = flags
        child_env.setdefault("JAX_PLATFORMS", "cpu")
    source = (_prologue(backend, devices) + textwrap.dedent(code)
              + f"\nprint({_MARK!r} + json.dumps(RESULT))\n")
    try:
        done = subprocess.run([sys.executable, "-c", source], env=child_env, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"the {backend} process ran longer than timeout={timeout:g} s") from None
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"the {backend} process failed (exit {done.returncode}):\n{tail}")
    found = [line for line in done.stdout.splitlines() if line.startswith(_MARK)]
    if not found:
        raise RuntimeError(f"the {backend} process printed no RESULT; its output ended:\n{done.stdout[-2000:]}")
    return json.loads(found[-1][len(_MARK):])


def _all_layers(layer):
    for sub in getattr(layer, "layers", []) or []:
        yield sub
        yield from _all_layers(sub)
    for name in ("forward_layer", "backward_layer", "layer"):      # Bidirectional, TimeDistributed
        sub = getattr(layer, name, None)
        if sub is not None and hasattr(sub, "get_config"):
            yield sub
            yield from _all_layers(sub)


def check_stateful(model, backend: str | None = None, *, training: bool = True):
    """Refuse a model with a stateful RNN layer where Keras 3.15 would run it wrongly; return the model.

    Measured in chapter 15 on JAX: ``predict`` carries a stateful layer's state from one call (and one
    batch) to the next, as on TensorFlow, but after ``fit`` the layer's state is all zeros, where
    TensorFlow's holds the state after the last batch; nothing warns. So on JAX a stateful model is
    refused for training (``training=True``) and allowed for inference. On PyTorch a stateful LSTM or
    GRU is reported (issue 19; not measured here, PyTorch is not installed) to fail in ``fit`` with an
    in-place modification error unless built with ``use_cudnn=False``. ``backend`` defaults to the one
    Keras is running on.
    """
    import keras

    if not isinstance(model, keras.layers.Layer):
        raise checks.fail(TypeError, "model", "a Keras model or layer", checks.describe(model))
    backend = keras.backend.backend() if backend is None else checks.check_str(backend, "backend", choices=BACKENDS)
    training = checks.check_bool(training, "training")
    stateful = [layer for layer in [model, *_all_layers(model)] if getattr(layer, "stateful", False)]
    if not stateful or not training:
        return model
    names = ", ".join(repr(layer.name) for layer in stateful)
    if backend == "jax":
        raise ValueError(f"model: stateful RNN layers ({names}) do not keep their state through fit on the JAX backend "
                         "in Keras 3.15 (after fit it is all zeros, silently; predict is fine). Train this model with "
                         "KERAS_BACKEND=tensorflow, or carry the state yourself: return_state=True and initial_state=")
    if backend == "torch":
        cudnn = [layer for layer in stateful if isinstance(layer, (keras.layers.LSTM, keras.layers.GRU))
                 and getattr(layer, "use_cudnn", "auto") is not False]
        if cudnn:
            raise ValueError(f"model: stateful LSTM/GRU layers ({', '.join(repr(x.name) for x in cudnn)}) are reported to "
                             "fail in fit on the PyTorch backend in Keras 3.15 (an in-place modification error); build "
                             "them with use_cudnn=False")
    return model


__all__ = ["BACKENDS", "installed", "run", "check_stateful"]
