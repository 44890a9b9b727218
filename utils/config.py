"""Run-time settings shared by every notebook: quick or full mode, paths, seeding.

Quick mode is the one switch that CI uses to run every notebook in seconds. It is read from the
environment variable ``RNN_QUICK`` here and nowhere else. Quick mode changes *sizes* only (epochs,
samples, units); every notebook runs the same code path in both modes.

>>> from utils import config
>>> EPOCHS = config.pick(full=30, quick=2)   # 30 for students, 2 in CI
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

QUICK_ENV = "RNN_QUICK"
DATA_DIR_ENV = "RNN_DATA_DIR"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def quick_mode_from_env(environ: os._Environ | dict | None = None) -> bool:
    """Return True when ``RNN_QUICK`` asks for quick mode.

    Accepted values (case-insensitive): 1/true/yes/on and 0/false/no/off/empty.

    >>> quick_mode_from_env({"RNN_QUICK": "1"})
    True
    >>> quick_mode_from_env({})
    False
    """
    env = os.environ if environ is None else environ
    if not hasattr(env, "get"):
        raise TypeError(f"quick_mode_from_env: environ must be None or a mapping such as os.environ, got "
                        f"{type(env).__name__}")
    raw = str(env.get(QUICK_ENV, "")).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ValueError(
        f"{QUICK_ENV}={env.get(QUICK_ENV)!r} is not understood. "
        f"Use {QUICK_ENV}=1 for quick mode (CI) or unset it / {QUICK_ENV}=0 for full mode."
    )


#: True in quick mode (CI), False in full mode (what a student runs). Read once, at import.
QUICK: bool = quick_mode_from_env()


def mode_name() -> str:
    """``"quick"`` or ``"full"``, for printing in a notebook's parameters cell."""
    return "quick" if QUICK else "full"


def pick(full: T, quick: T) -> T:
    """Return ``quick`` in quick mode and ``full`` otherwise.

    Use it only for sizes (epochs, number of samples, units): never to change what code runs.

    >>> pick(full=20, quick=2) in (20, 2)
    True
    """
    return quick if QUICK else full


def repo_root() -> Path:
    """The repository's top folder (the parent of ``utils/``)."""
    return Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Where fetched data lives: ``$RNN_DATA_DIR`` if set, else ``<repo>/data``."""
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override).expanduser().resolve() if override else repo_root() / "data"


def seed_everything(seed: int = 42) -> None:
    """Seed Python's ``random``, NumPy and Keras (and its backend) in one call.

    Results on a CPU are then repeatable run to run; a GPU may still differ in the last digits.

    >>> seed_everything(7)
    """
    from . import checks

    seed = checks.check_int(seed, "seed", ge=0, lt=2 ** 32, )
    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    import numpy as np

    np.random.seed(seed)
    import keras  # imported here so that `import utils` stays light

    if keras.backend.backend() == "tensorflow" or "tensorflow" in sys.modules:
        keras.utils.set_random_seed(seed)
    else:
        # keras.utils.set_random_seed imports TensorFlow to seed it, which a chapter on JAX may never
        # use (3.5-7 s on the 2-core machine); seed it when it is imported instead. The rest is that
        # function's own code: Keras's global seed, and a fresh global SeedGenerator.
        from keras.src.backend.common import global_state
        from keras.src.random import seed_generator
        from keras.src.utils import rng_utils

        import utils

        global_state.set_global_attribute(rng_utils.GLOBAL_RANDOM_SEED, seed)
        global_state.set_global_attribute(seed_generator.GLOBAL_SEED_GENERATOR, None)
        random.seed(seed)
        np.random.seed(seed)
        utils._after_tensorflow_import(lambda tf: tf.random.set_seed(seed))
        if keras.backend.backend() == "torch":
            import torch

            torch.manual_seed(seed)


_BACKEND_MODULES = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}


def use_backend(name: str) -> str:
    """Run this notebook's Keras on backend ``name`` (``"tensorflow"``, ``"jax"`` or ``"torch"``); return it.

    Call it before the first ``import keras``: Keras reads ``KERAS_BACKEND`` once, when it is imported.
    Importing TensorFlow imports Keras too, so if Keras is loaded but nothing uses it yet, it is reloaded
    on the new backend; once a model or a ``utils`` module that uses Keras exists, this raises (restart
    the kernel). A missing backend package raises with the command that installs it. A chapter that calls it states why
    (chapter 15 measures the backends).
    """
    import importlib.util
    import sys

    from . import checks

    name = checks.check_str(name, "name", choices=tuple(_BACKEND_MODULES))
    if importlib.util.find_spec(_BACKEND_MODULES[name]) is None:
        from .backends import INSTALL

        raise RuntimeError(f"backend {name!r} is not installed; install it with: {INSTALL[name]}")
    old = sys.modules.get("keras")
    if old is None or old.backend.backend() == name:
        os.environ["KERAS_BACKEND"] = name
        return name
    # Keras was imported already (importing TensorFlow imports it): reload it on the new backend, which is safe
    # only while no other module holds the old one, i.e. before any model or `utils` module using Keras exists
    holders = sorted(m for m, mod in list(sys.modules.items())
                     if mod is not None and not m.split(".")[0] in ("keras", "tensorflow", "tf_keras", "__main__")
                     and getattr(mod, "keras", None) is old)
    if holders:
        raise RuntimeError(f"Keras is already running on {old.backend.backend()!r} and in use ({', '.join(holders[:3])}); "
                           f"a backend is fixed when Keras is first imported: restart the kernel and run "
                           f"use_backend({name!r}) before `import keras`")
    import warnings

    os.environ["KERAS_BACKEND"] = name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # Keras warns that reloading is dangerous once objects exist
        old.config.set_backend(name)
    return name
