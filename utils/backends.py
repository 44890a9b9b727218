"""Keras 3 backends: which are installed, running code under another one, and a guard for stateful RNNs.

Keras fixes its backend (TensorFlow, JAX or PyTorch) when it is first imported, so comparing backends means
one Python process per backend. A :class:`Worker` is such a process, kept running: it has
``KERAS_BACKEND`` set (and, on request, several simulated CPU devices), runs each piece of code it is sent
and returns the dict that code left in ``RESULT``; :func:`run` is a one-off worker; a :class:`Job` (or
:func:`run_processes`) is the set of processes of one multi-process job on this machine.
:func:`check_stateful` refuses a stateful RNN on a backend where Keras 3.15 runs it wrongly (chapter 15
measures the JAX case).
"""
from __future__ import annotations

import importlib.util
import json
import os
import select
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from . import checks

BACKENDS = ("tensorflow", "jax", "torch")
_MODULE = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}
INSTALL = {                           # what to run when a backend is missing
    "tensorflow": "python3 tasks.py setup",
    "jax": "python3 tasks.py setup  (it installs the pinned CPU build of JAX, about 124 MB)",
    "torch": "python3 tasks.py torch  (the CPU build of PyTorch 2.13.0, about 200 MB, from PyTorch's own index; "
             "a plain `pip install torch` on Linux takes a CUDA build of about 3 GB)",
}
_MARK = "@@RESULT@@"


def installed() -> dict[str, bool]:
    """Which backends can be imported here, without importing them: ``{"tensorflow": True, ...}``."""
    return {b: importlib.util.find_spec(_MODULE[b]) is not None for b in BACKENDS}


def _check_run_args(backend, devices, env, timeout):
    backend = checks.check_str(backend, "backend", choices=BACKENDS)
    devices = checks.check_int(devices, "devices", ge=1)
    if devices > 1 and backend == "torch":
        raise checks.fail(ValueError, "devices", "1 for torch (simulated devices exist for jax and tensorflow)",
                          str(devices))
    if env is not None and (not isinstance(env, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                                 for k, v in env.items())):
        raise checks.fail(TypeError, "env", "a dict of str to str", checks.describe(env))
    timeout = checks.check_real(timeout, "timeout", gt=0)
    if not installed()[backend]:
        raise RuntimeError(f"backend {backend!r} is not installed here; to add it: {INSTALL[backend]}")
    return backend, devices, timeout


def _check_code(code):
    if not isinstance(code, str) or not code.strip():
        raise checks.fail(TypeError if not isinstance(code, str) else ValueError, "code",
                          "Python source as a non-empty str", checks.describe(code))
    return textwrap.dedent(code)


def _child_source(backend: str, devices: int) -> str:
    """The program a worker runs: set the devices up, import Keras, then run each piece of code it is sent."""
    lines = ["import json, os, sys, traceback", f"sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})"]
    if backend == "tensorflow" and devices > 1:
        # logical CPUs must be declared before TensorFlow creates its runtime
        lines += ["import tensorflow as tf",
                  "tf.config.set_logical_device_configuration(tf.config.list_physical_devices('CPU')[0], "
                  f"[tf.config.LogicalDeviceConfiguration()] * {devices})"]
    lines += ["import keras",
              "_namespace = {'__name__': '__worker__', 'keras': keras}",
              "for _line in sys.stdin:",
              "    _namespace['RESULT'] = {}",
              "    try:",
              "        exec(compile(json.loads(_line), '<code sent to the worker>', 'exec'), _namespace)",
              "        _reply = {'result': _namespace['RESULT']}",
              "        json.dumps(_reply)",
              "    except BaseException:",
              "        _reply = {'error': traceback.format_exc()}",
              "    sys.stdout.flush()",
              f"    sys.stdout.write({_MARK!r} + json.dumps(_reply) + '\\n')",
              "    sys.stdout.flush()"]
    return "\n".join(lines) + "\n"


class Worker:
    """A Python process kept running under one Keras backend: send it code, get back what it put in ``RESULT``.

    Starting a process and importing Keras and its backend takes seconds, so a notebook that compares
    backends starts one worker per backend and sends it one piece of code per experiment::

        with backends.Worker("jax", devices=2) as jax_worker:
            out = jax_worker.run("RESULT['n'] = len(jax.devices())")     # {'n': 2}

    Each piece of code runs in the worker's own namespace, which keeps what earlier pieces defined; it
    starts with ``keras`` imported and ``RESULT = {}``, and fills ``RESULT`` with values that JSON can
    hold (numbers, strings, lists, dicts). What the code prints is printed here. ``devices > 1`` gives
    the process that many simulated CPU devices: ``XLA_FLAGS=--xla_force_host_platform_device_count``
    for JAX, logical CPUs for TensorFlow (PyTorch has no such switch). JAX's simulated devices share
    one pool of threads: on a 2-core machine, training a GRU with ``keras.distribution.DataParallel``
    across them stopped in some runs (XLA aborted a gradient all-reduce inside the recurrent loop,
    "Termination timeout ... only 1 of them arrived"; ``--xla_cpu_multi_thread_eigen=false`` did not
    prevent it). A :class:`Job` of processes, each with its own threads, trained the same model reliably. ``env`` adds environment
    variables. An exception in the worker raises ``RuntimeError`` here with the worker's traceback; the
    worker stays usable. ``timeout`` (seconds) bounds each piece of code.
    """

    def __init__(self, backend: str, *, devices: int = 1, env: dict | None = None, timeout: float = 600):
        self.backend, self.devices, self.timeout = _check_run_args(backend, devices, env, timeout)
        child_env = {**os.environ, "KERAS_BACKEND": self.backend, "TF_CPP_MIN_LOG_LEVEL": "3",
                     "PYTHONUNBUFFERED": "1", **(env or {})}
        if self.backend == "jax":
            flags = child_env.get("XLA_FLAGS", "")
            if self.devices > 1:
                flags = f"{flags} --xla_force_host_platform_device_count={self.devices}".strip()
            child_env["XLA_FLAGS"] = flags
            child_env.setdefault("JAX_PLATFORMS", "cpu")
        self._stderr = tempfile.TemporaryFile(mode="w+t")
        self._process = subprocess.Popen([sys.executable, "-c", _child_source(self.backend, self.devices)],
                                         env=child_env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self._stderr)
        self._pending = b""

    def __repr__(self) -> str:
        state = "running" if self._process.poll() is None else "closed"
        return f"Worker({self.backend!r}, devices={self.devices}, {state})"

    def _error_tail(self, lines: int = 15) -> str:
        if self._stderr.closed:
            return "(closed: its error output is gone)"
        self._stderr.seek(0)
        text = self._stderr.read().strip().splitlines()
        # a crash in native code ends with a long stack trace; its reason is on an earlier line
        reasons = [line for line in text[:-lines] if line[:1] in "FE" and line[1:5].isdigit()
                   or "Check failed" in line or "Fatal" in line or "terminate" in line.lower()]
        return "\n".join(reasons[-5:] + text[-lines:])

    def send(self, code: str) -> None:
        """Start running ``code`` in the worker without waiting for it (then call :meth:`receive`)."""
        code = _check_code(code)
        if self._process.poll() is not None:
            raise RuntimeError(f"the {self.backend} worker has stopped (exit {self._process.returncode}):\n"
                               f"{self._error_tail()}")
        self._process.stdin.write((json.dumps(code) + "\n").encode())
        self._process.stdin.flush()

    def _readline(self, deadline: float) -> bytes:
        # os.read on the pipe itself, so that select never waits on a line already read into a buffer
        fd = self._process.stdout.fileno()
        while b"\n" not in self._pending:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                self.kill()
                raise RuntimeError(f"the {self.backend} worker ran longer than timeout={self.timeout:g} s; "
                                   "it was stopped")
            chunk = os.read(fd, 1 << 16)
            if not chunk:                                     # the process ended
                code = self._process.wait()
                raise RuntimeError(f"the {self.backend} worker stopped (exit {code}):\n{self._error_tail()}")
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return line

    def receive(self) -> dict:
        """Wait for the code sent last and return its ``RESULT``; print what it printed."""
        deadline = time.monotonic() + self.timeout
        mark = _MARK.encode()
        while True:
            line = self._readline(deadline)
            if line.startswith(mark):
                reply = json.loads(line[len(mark):])
                if "error" in reply:
                    raise RuntimeError(f"the code failed in the {self.backend} worker:\n{reply['error'].rstrip()}")
                return reply["result"]
            print(line.decode(errors="replace"))

    def run(self, code: str) -> dict:
        """Run ``code`` in the worker and return its ``RESULT``."""
        self.send(code)
        return self.receive()

    def kill(self) -> None:
        """Stop the worker at once, whatever it is doing."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    def close(self) -> None:
        """Stop the worker (also done on leaving a ``with`` block)."""
        if self._process.poll() is None:
            try:
                self._process.stdin.close()
                self._process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.kill()
        for stream in (self._process.stdin, self._process.stdout, self._stderr):
            if stream is not None and not stream.closed:
                stream.close()

    def __enter__(self) -> "Worker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class InProcess:
    """This Python process, with the same ``run(code)`` contract as a :class:`Worker`, for side-by-side code.

    Code runs in a namespace of its own that keeps what earlier pieces defined, starting with ``keras``
    and ``RESULT = {}``; ``run`` returns ``RESULT`` after a round trip through JSON, exactly as a worker
    would. ``devices > 1`` (TensorFlow only) splits this process's CPU into that many logical devices,
    which TensorFlow allows only before its first operation: create it at the top of a notebook.
    """

    def __init__(self, *, devices: int = 1):
        import keras

        self.backend = keras.backend.backend()
        self.devices = checks.check_int(devices, "devices", ge=1)
        if self.devices > 1:
            if self.backend != "tensorflow":
                raise checks.fail(ValueError, "devices", "1 unless this process runs Keras on tensorflow "
                                  "(JAX reads its device count from XLA_FLAGS before it starts: use a Worker)",
                                  f"{self.devices} on {self.backend}")
            import tensorflow as tf

            cpu = tf.config.list_physical_devices("CPU")[0]
            wanted = [tf.config.LogicalDeviceConfiguration()] * self.devices
            current = tf.config.get_logical_device_configuration(cpu)
            if current is None or len(current) != self.devices:
                try:
                    tf.config.set_logical_device_configuration(cpu, wanted)
                except RuntimeError:
                    raise checks.fail(ValueError, "devices", f"{self.devices} logical CPUs declared before "
                                      "TensorFlow's first operation in this process (restart the kernel and create "
                                      "InProcess first)", f"TensorFlow already running with "
                                      f"{len(tf.config.list_logical_devices('CPU'))}") from None
        self._namespace = {"__name__": "__in_process__", "keras": keras}

    def __repr__(self) -> str:
        return f"InProcess({self.backend!r}, devices={self.devices})"

    def run(self, code: str) -> dict:
        """Run ``code`` here and return its ``RESULT`` (as JSON would carry it back from a worker)."""
        code = _check_code(code)
        self._namespace["RESULT"] = {}
        exec(compile(code, "<code run in this process>", "exec"), self._namespace)
        try:
            return json.loads(json.dumps(self._namespace["RESULT"]))
        except TypeError as error:
            raise checks.fail(TypeError, "RESULT", "values that JSON can hold (numbers, str, lists, dicts)",
                              str(error)) from None

    def close(self) -> None:
        """Nothing to stop (for symmetry with :meth:`Worker.close`)."""


def run(backend: str, code: str, *, devices: int = 1, env: dict | None = None, timeout: float = 600) -> dict:
    """Run ``code`` in a fresh Python process whose Keras uses ``backend``; return the dict it put in ``RESULT``.

    A one-off :class:`Worker` (same arguments and rules); ``timeout`` bounds the whole run, start included.
    """
    code = _check_code(code)
    with Worker(backend, devices=devices, env=env, timeout=timeout) as worker:
        return worker.run(code)


def free_port() -> int:
    """A TCP port on this machine that nothing listens on now (for a coordinator on localhost)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Job:
    """The processes of one multi-process job on this machine, started now and given their code later.

    Each process is a :class:`Worker` (of ``backend``, one device each) whose code starts with
    ``PROCESS_ID`` (0, 1, ...), ``NUM_PROCESSES`` and ``COORDINATOR`` (``"127.0.0.1:<port>"``, a free port
    on this machine) defined: what JAX's ``jax.distributed.initialize`` / ``keras.distribution.initialize``
    need. On a cluster the same code runs with one process per machine and the first machine's address.
    Creating the job early lets the processes import Keras while this one does other work, and
    :meth:`start` lets them run while this one goes on (:meth:`results` waits for them). A job runs one
    piece of code: its processes end together.
    """

    def __init__(self, backend: str, processes: int = 2, *, timeout: float = 600):
        self.processes = checks.check_int(processes, "processes", ge=2)
        self.backend, _, self.timeout = _check_run_args(backend, 1, None, timeout)
        self._workers = [Worker(self.backend, timeout=self.timeout) for _ in range(self.processes)]
        self._done = False

    def __repr__(self) -> str:
        return f"Job({self.backend!r}, processes={self.processes}, {'done' if self._done else 'ready'})"

    def start(self, code: str) -> None:
        """Start ``code`` in every process at once, without waiting (collect it with :meth:`results`)."""
        code = _check_code(code)
        if self._done:
            raise RuntimeError("this job has run already (a job's processes end together): start a new Job")
        self._done = True
        port = free_port()
        try:
            for i, worker in enumerate(self._workers):
                worker.send(f"PROCESS_ID = {i}\nNUM_PROCESSES = {self.processes}\nCOORDINATOR = '127.0.0.1:{port}'\n"
                            + code)
        except BaseException:
            self.close(kill=True)
            raise

    def results(self) -> list[dict]:
        """Wait for the code :meth:`start` sent; return each process's ``RESULT``, in process order.

        If one process fails, all are stopped and the failure is raised. The processes end afterwards.
        """
        if not self._done:
            raise RuntimeError("nothing is running in this job: call start(code) first")
        ok = False
        try:
            results = [worker.receive() for worker in self._workers]
            ok = True
            return results
        finally:
            self.close(kill=not ok)      # after a failure the others would wait for the failed one until timeout

    def run(self, code: str) -> list[dict]:
        """:meth:`start` then :meth:`results`: run ``code`` in every process and return their ``RESULT``s."""
        self.start(code)
        return self.results()

    def close(self, kill: bool = False) -> None:
        """Stop the processes (all at once: at exit, each process of a job waits for the others)."""
        self._done = True
        for worker in self._workers:
            if kill:
                worker.kill()
            elif worker._process.poll() is None and not worker._process.stdin.closed:
                worker._process.stdin.close()
        for worker in self._workers:
            worker.close()

    def __enter__(self) -> "Job":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def run_processes(backend: str, code: str, processes: int = 2, *, timeout: float = 600) -> list[dict]:
    """Start a :class:`Job` of ``processes`` processes, run ``code`` in all of them and return their ``RESULT``s."""
    code = _check_code(code)
    with Job(backend, processes, timeout=timeout) as job:
        return job.run(code)


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

    Measured in chapter 15 on JAX: a stateful GRU carries nothing. Within one ``predict`` call every batch
    starts from zeros, the next call does not continue, and the layer holds zeros after ``predict`` and
    after ``fit``, where TensorFlow carries and holds the state; nothing warns. So on JAX a stateful model
    is refused for training and for inference alike. On PyTorch a stateful LSTM or GRU is reported
    (issue 19; chapter 15 does not test PyTorch) to fail in ``fit`` with an in-place modification error
    unless built with ``use_cudnn=False``: refused there when ``training=True``. ``backend`` defaults to
    the one Keras is running on.
    """
    import keras

    if not isinstance(model, keras.layers.Layer):
        raise checks.fail(TypeError, "model", "a Keras model or layer", checks.describe(model))
    backend = keras.backend.backend() if backend is None else checks.check_str(backend, "backend", choices=BACKENDS)
    training = checks.check_bool(training, "training")
    stateful = [layer for layer in [model, *_all_layers(model)] if getattr(layer, "stateful", False)]
    if not stateful:
        return model
    names = ", ".join(repr(layer.name) for layer in stateful)
    if backend == "jax":
        raise ValueError(f"model: stateful RNN layers ({names}) do not carry their state on the JAX backend in Keras "
                         "3.15: every batch starts from zeros, in predict and in fit, silently (chapter 15 measures "
                         "it). Run this model with KERAS_BACKEND=tensorflow, or carry the state yourself: build the "
                         "layer with return_state=True and pass the returned state back as initial_state")
    if backend == "torch" and training:
        cudnn = [layer for layer in stateful if isinstance(layer, (keras.layers.LSTM, keras.layers.GRU))
                 and getattr(layer, "use_cudnn", "auto") is not False]
        if cudnn:
            raise ValueError(f"model: stateful LSTM/GRU layers ({', '.join(repr(x.name) for x in cudnn)}) are reported to "
                             "fail in fit on the PyTorch backend in Keras 3.15 (an in-place modification error); build "
                             "them with use_cudnn=False")
    return model


__all__ = ["BACKENDS", "INSTALL", "installed", "Worker", "InProcess", "Job", "run", "run_processes", "free_port", "check_stateful"]
