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
imports TensorFlow once with its C++ start-up notices (oneDNN, "could not find CUDA drivers")
sent to /dev/null, because those land in the notebook's output otherwise; real warnings and
errors later on are shown as usual. Set ``RNN_SHOW_TF_LOGS=1`` to see everything.
"""

import os as _os
import sys as _sys

_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def _import_tensorflow_quietly() -> None:
    if "tensorflow" in _sys.modules or _os.environ.get("RNN_SHOW_TF_LOGS"):
        return
    saved, devnull = _os.dup(2), _os.open(_os.devnull, _os.O_WRONLY)
    _os.dup2(devnull, 2)
    try:
        import tensorflow as tf

        tf.config.list_physical_devices()  # device discovery prints its own notices
    except Exception:  # a broken TensorFlow install should fail loudly where it is used
        pass
    finally:
        _os.dup2(saved, 2)
        _os.close(saved)
        _os.close(devnull)


if "ipykernel" in _sys.modules:
    _import_tensorflow_quietly()

__all__ = ["config", "data", "training", "plotting", "colab", "assignments", "notebooks", "bench", "numpy_rnn", "windowing", "forecasting", "text", "gates", "weather", "results", "checks"]
