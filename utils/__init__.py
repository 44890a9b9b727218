"""Shared helpers for the Keras RNN tutorial notebooks.

Modules are named for what they hold:

- ``utils.config``   quick/full mode, paths, seeding
- ``utils.data``     the data catalogue: fetch (with checksums) and loaders
- ``utils.training`` compact training logs and timing
- ``utils.plotting`` one plotting style and the plots used in several chapters
- ``utils.colab``    the Colab/local set-up used by every notebook's first cell

Importing ``utils`` never imports TensorFlow. It does set ``TF_CPP_MIN_LOG_LEVEL`` (only if unset)
so that TensorFlow, imported afterwards, prints warnings and errors but not its start-up chatter.
"""

import os as _os

_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

__all__ = ["config", "data", "training", "plotting", "colab"]
