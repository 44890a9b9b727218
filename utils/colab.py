"""Running the chapters locally and on Google Colab: the set-up cell, badges and the GPU check.

Every notebook opens with the same set-up cell (:func:`setup_cell_source`), which differs only in
its chapter number. Locally it makes ``utils`` importable and does nothing heavy. On Colab it
clones this repository, installs what Colab lacks (``requirements-colab.txt``; never TensorFlow or
Keras, which Colab provides) and fetches the data with the collection's own fetch step.
``tests/test_notebook_format.py`` checks that every notebook's cell and badge match this module.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from functools import lru_cache
from pathlib import Path

from . import checks, config

COLAB_HOME = "/content/keras-rnn-tutorials"
SIMULATE_ENV = "RNN_SIMULATE_COLAB"  # tests set it to run the Colab branch on an ordinary machine
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"


@lru_cache(maxsize=1)
def project_settings() -> dict:
    """``[tool.rnn_tutorials]`` from pyproject.toml: the repository address and branch."""
    with open(config.repo_root() / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["tool"]["rnn_tutorials"]


def repository_url() -> str:
    return project_settings()["repository"].rstrip("/")


def _notebook_path(notebook_path) -> str:
    notebook_path = checks.check_str(notebook_path, "notebook_path")
    if not notebook_path.endswith(".ipynb") or notebook_path.startswith("/"):
        raise checks.fail(ValueError, "notebook_path", "a path inside the repository ending in .ipynb, e.g. "
                          "'notebooks/01_x.ipynb'", repr(notebook_path))
    return notebook_path


def colab_url(notebook_path: str) -> str:
    """Colab's address for a notebook in this repository, e.g. ``notebooks/01_x.ipynb``."""
    notebook_path = _notebook_path(notebook_path)
    repo = repository_url().removeprefix("https://github.com/")
    return f"https://colab.research.google.com/github/{repo}/blob/{project_settings()['branch']}/{notebook_path}"


def badge_markdown(notebook_path: str) -> str:
    """The "Open in Colab" badge line that starts each chapter."""
    return f"[![Open In Colab]({BADGE_IMAGE})]({colab_url(notebook_path)})"


SETUP_CELL_TEMPLATE = """\
#@title Set-up: run this cell first (the same in every chapter) {{ display-mode: "form" }}
import os, subprocess, sys
COLAB = "google.colab" in sys.modules or bool(os.environ.get("{simulate_env}"))
HOME = os.environ.get("RNN_COLAB_HOME", "{colab_home}") if COLAB else ".."
if COLAB and not os.path.isdir(HOME):  # on Colab, clone the collection first
    URL = os.environ.get("RNN_REPO_URL", "{repo_url}")
    subprocess.run(["git", "clone", "-q", "--depth", "1", URL, HOME], check=True)
if os.path.isdir(f"{{HOME}}/utils") and os.path.abspath(HOME) not in sys.path:
    sys.path.insert(0, os.path.abspath(HOME))  # `import utils` without installing it
from utils import colab
if COLAB: colab.setup(HOME, "{chapter}")  # install what Colab lacks, fetch the data"""
"""The set-up cell. Locally it only makes ``utils`` importable (from ``..`` when run in notebooks/).
On Colab it clones the collection (the one thing that must happen before ``utils`` exists), then
:func:`setup` installs what Colab lacks and fetches the data. ``#@title`` with the form display mode
shows it on Colab as a titled, collapsed form; :data:`SETUP_CELL_METADATA` collapses it in JupyterLab."""

SETUP_CELL_METADATA = {"cellView": "form", "jupyter": {"source_hidden": True}}
"""Cell metadata of the set-up cell: Colab's form view and JupyterLab's hidden source."""


def setup_cell_source(chapter: str) -> str:
    """The exact source of the set-up cell for ``chapter`` (e.g. ``"03"``).

    >>> setup_cell_source("03").splitlines()[0].startswith("#@title Set-up")
    True
    """
    return SETUP_CELL_TEMPLATE.format(chapter=checks.check_chapter(chapter), repo_url=repository_url(),
                                      simulate_env=SIMULATE_ENV, colab_home=COLAB_HOME)


def is_setup_cell(source: str) -> bool:
    """True for a set-up cell, current or from before the cell was shortened (``# Set-up ...``)."""
    return source.startswith(("#@title Set-up", "# Set-up"))


def on_colab() -> bool:
    return "google.colab" in sys.modules or bool(os.environ.get(SIMULATE_ENV))


def setup(home: str | os.PathLike, chapter: str) -> None:
    """The Colab branch of the set-up cell: install what Colab lacks, fetch data, public tests.

    Called only on Colab (or when ``RNN_SIMULATE_COLAB`` is set by the tests).
    """
    home = checks.check_path(home, "home")
    chapter = checks.check_chapter(chapter)
    print(f"Colab set-up: code from {home}")
    requirements = home / "requirements-colab.txt"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    "-r", str(requirements)], check=True)
    from . import data

    data.fetch(quiet=True)
    print(f"Colab set-up: data ready in {config.data_dir()}")
    print(gpu_report())
    if Path("tests").is_dir() and any(Path("tests").glob(f"ch{chapter}_q*.py")):
        return
    # Otter's public checks (`grader.check(...)` in a student version) read ./tests next to the
    # notebook, which an uploaded notebook lacks: write this chapter's public checks there.
    from . import assignments

    written = assignments.write_public_tests(chapter, Path("tests"))
    print(f"Colab set-up: {len(written)} public check file(s) for chapter {chapter} in ./tests")


def gpu_report() -> str:
    """Say whether TensorFlow sees a GPU, with the right advice for where we run."""
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        return f"GPU: {len(gpus)} found ({gpus[0].name}). LSTM and GRU layers will use cuDNN."
    if on_colab():
        return ("GPU: none. On Colab choose Runtime > Change runtime type > T4 GPU, then run the "
                "notebook again. Every chapter also runs on the CPU, only more slowly.")
    return ("GPU: none, which is fine: every chapter is sized to run on a laptop CPU "
            "(full mode within about 5 minutes on 2 cores).")
