"""Shared helpers for the Keras RNN tutorial notebooks.

Modules are named for what they hold:

- ``utils.config``      quick/full mode, paths, seeding
- ``utils.data``        the data catalogue: fetch (with checksums) and loaders
- ``utils.training``    compact training logs and timing, batches bucketed by sequence length
- ``utils.plotting``    one plotting style and the plots used in several chapters
- ``utils.colab``       the Colab/local set-up cell, badges, the GPU check
- ``utils.assignments`` Otter-Grader round trip (build, grade, check)
- ``utils.numpy_rnn``   a NumPy RNN with backpropagation through time (chapters 02-03)
- ``utils.windowing``, ``utils.forecasting``  windows, splits, scaling, baselines, forecast metrics (08-09)
- ``utils.weather``     cleaning hourly weather readings: hourly grid, spikes, SI units, wind vectors, gaps (04, 09)
- ``utils.gates``       NumPy LSTM and GRU cells in Keras's weight layout, long-range memory tasks (04)
- ``utils.text``        offline tokenizers, vocabularies, padding with masks, n-gram baselines, sampling (05-07)
- ``utils.notebooks``   keeping committed notebooks clean; ``utils.bench`` benchmarking them (time, memory, results)
- ``utils.checks``      the argument checkers every public function uses (messages name the argument)
- ``utils.results``     the README's tables, rendered from the results the chapters write

Importing ``utils`` sets ``TF_CPP_MIN_LOG_LEVEL=2`` (if unset). Inside a Jupyter kernel it also
arranges that TensorFlow, when it is first imported, sends its C++ start-up notices (oneDNN, "could
not find CUDA drivers") to /dev/null, because those land in the notebook's output otherwise; real warnings and
errors later on are shown as usual. Set ``RNN_SHOW_TF_LOGS=1`` to see everything.
"""

import os as _os
import sys as _sys

_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


class _TensorFlowLoader:
    """Wraps TensorFlow's own loader: runs its ``__init__`` (quietly, inside a kernel), then the callbacks."""

    def __init__(self, loader, quiet):
        self._loader, self._quiet = loader, quiet

    def __getattr__(self, name):  # is_package, get_resource_reader, ...: the real loader's
        return getattr(self._loader, name)

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        if self._quiet:
            saved, devnull = _os.dup(2), _os.open(_os.devnull, _os.O_WRONLY)
            _os.dup2(devnull, 2)
        try:
            self._loader.exec_module(module)  # an import error still raises, where TensorFlow is imported
            if self._quiet:
                try:
                    module.config.list_physical_devices()  # device discovery prints its own notices
                except Exception:
                    pass
        finally:
            if self._quiet:
                _os.dup2(saved, 2)
                _os.close(saved)
                _os.close(devnull)
        while _TensorFlowImport.callbacks:
            _TensorFlowImport.callbacks.pop(0)(module)


class _TensorFlowImport:
    """A one-shot import hook for the first ``import tensorflow`` (yours, or Keras's on its TensorFlow backend).

    Inside a Jupyter kernel it runs quietly; afterwards it calls what :func:`_after_tensorflow_import` queued
    (``utils.config.seed_everything`` seeds TensorFlow there). A chapter on JAX that never imports TensorFlow
    does not pay for it: 3.5-7 s on the 2-core machine.
    """

    quiet = False
    callbacks: list = []

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name != "tensorflow":
            return None
        if cls in _sys.meta_path:
            _sys.meta_path.remove(cls)
        import importlib.machinery

        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _TensorFlowLoader(spec.loader, cls.quiet)
        return spec


def _install_tensorflow_hook() -> bool:
    """Put the hook first on ``sys.meta_path``; False when TensorFlow is imported already."""
    if "tensorflow" in _sys.modules:
        return False
    if _TensorFlowImport not in _sys.meta_path:
        _sys.meta_path.insert(0, _TensorFlowImport)
    return True


def _after_tensorflow_import(callback) -> None:
    """Call ``callback(tensorflow)`` now if TensorFlow is imported, else right after its first import."""
    if "tensorflow" in _sys.modules:
        callback(_sys.modules["tensorflow"])
        return
    _TensorFlowImport.callbacks.append(callback)
    _install_tensorflow_hook()


if "ipykernel" in _sys.modules and not _os.environ.get("RNN_SHOW_TF_LOGS"):
    _TensorFlowImport.quiet = True
    _install_tensorflow_hook()

__all__ = ["config", "data", "training", "plotting", "colab", "assignments", "notebooks", "bench", "numpy_rnn", "windowing", "forecasting", "text", "gates", "weather", "results", "checks"]
