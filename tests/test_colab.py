"""Run a chapter with its Colab branch simulated: clone, install what Colab lacks, fetch, public checks."""

import os
import subprocess

import nbformat
import pytest
from nbclient import NotebookClient

from utils import assignments, config


@pytest.mark.slow
def test_colab_branch_of_the_setup_cell(tmp_path, monkeypatch):
    root = config.repo_root()
    if subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        pytest.skip("needs a git checkout to clone from")
    content = tmp_path / "content"                 # stands for Colab's /content
    content.mkdir()
    monkeypatch.setenv("RNN_SIMULATE_COLAB", "1")
    monkeypatch.setenv("RNN_COLAB_HOME", str(content / "keras-rnn-tutorials"))
    monkeypatch.setenv("RNN_REPO_URL", str(root))  # clone this checkout instead of GitHub (offline)
    monkeypatch.setenv("RNN_DATA_DIR", str(config.data_dir()))
    monkeypatch.setenv("PIP_NO_INDEX", "1")        # everything Colab lacks is installed already here
    path = assignments.notebook_for("00")
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import utils; print('utils from', utils.__file__)"))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(content)}}).execute()
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "Colab set-up: code from" in text
    assert "Colab set-up: data ready" in text
    assert f"utils from {content / 'keras-rnn-tutorials' / 'utils'}" in text, "utils comes from the clone"
    assert sorted(p.name for p in (content / "tests").glob("*.py")) == ["ch00_q1.py", "ch00_q2.py"]
    assert "Runtime > Change runtime type" in text, "without a GPU, Colab users are told how to get one"
