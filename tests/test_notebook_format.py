"""Every chapter follows the collection's format (docs/authoring.md); these checks keep it so."""

import re
from pathlib import Path

import nbformat
import pytest

from utils import assignments, colab, config, notebooks

NOTEBOOKS = notebooks.notebook_paths()
IDS = [p.name for p in NOTEBOOKS]

FORBIDDEN = {
    r"\btf\.keras\b": "use Keras 3 (`import keras`), not tf.keras",
    r"\breset_states\(": "Keras 3 has no reset_states() on models: carry states explicitly",
    r"keras\.datasets": "keras.datasets downloads at run time: use utils.data",
    r"nltk\.download": "NLTK data cannot be downloaded offline: use tokenizers that need none",
    r"urlopen|requests\.get|get_file\(|wget |curl ": "notebooks must not download anything",
    r"RNN_QUICK": "read quick mode through utils.config, nowhere else",
    r"verbose\s*=\s*1\b": "progress bars fill saved notebooks with control characters: use utils.training.fit",
    r"(?<!\.weights)\.h5['\"]": "save weights as .weights.h5 and models as .keras",
}


def _code(nb):
    return [c.source for c in nb.cells if c.cell_type == "code"]


def test_there_are_chapters():
    assert [p.name[:2] for p in NOTEBOOKS][:2] == ["00", "01"]


def test_names_and_numbers_are_unique():
    numbers = [p.name[:2] for p in NOTEBOOKS]
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", p.name) for p in NOTEBOOKS), IDS
    assert len(numbers) == len(set(numbers)), f"two chapters share a number: {IDS}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    assert notebooks.is_clean(nb), f"{path.name} carries outputs: run `python -m utils.notebooks clean`"
    assert set(nb.metadata) <= {"kernelspec", "language_info"}, f"{path.name} metadata: {sorted(nb.metadata)}"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_title_badge_and_setup_cell(path):
    nb = nbformat.read(path, as_version=4)
    number = path.name[:2]
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith(f"# {number} · "), \
        f"{path.name} must open with a title '# {number} · Topic'"
    badges = [line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()
              if "colab-badge" in line]
    assert badges == [colab.badge_markdown(f"notebooks/{path.name}")], (
        f"{path.name}: its one Colab badge must point to {colab.colab_url('notebooks/' + path.name)}; "
        "run `python -m utils.notebooks sync`")
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert first_code.source == colab.setup_cell_source(number), (
        f"{path.name}: the first code cell must be the standard set-up cell; run `python -m utils.notebooks sync`")
    assert {k: first_code.metadata.get(k) for k in colab.SETUP_CELL_METADATA} == colab.SETUP_CELL_METADATA, (
        f"{path.name}: the set-up cell is shown collapsed (Colab form, JupyterLab hidden source); "
        "run `python -m utils.notebooks sync`")


def test_setup_cell_is_short_and_narrow():
    lines = colab.setup_cell_source("01").splitlines()
    assert len(lines) <= 11, f"the set-up cell is the first thing a student sees: {len(lines)} lines"
    assert max(map(len, lines)) <= 105, "no horizontal scroll in JupyterLab: keep set-up lines short"
    assert lines[0].startswith("#@title "), "Colab shows the cell as a titled form"


def test_setup_cell_rejects_bad_chapter():
    for bad in ("003", "ab", "-1"):
        with pytest.raises(ValueError, match="setup_cell_source: chapter must be a chapter number such as '03'"):
            colab.setup_cell_source(bad)


def test_badges_follow_the_configured_repository():
    url = colab.repository_url()
    assert url.startswith("https://github.com/") and url.count("/") == 4, url
    assert colab.colab_url("notebooks/x.ipynb") == (
        f"https://colab.research.google.com/github/{url[19:]}/blob/{colab.project_settings()['branch']}/notebooks/x.ipynb")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_parameters_cell(path):
    code = "\n".join(_code(nbformat.read(path, as_version=4)))
    assert "config.mode_name()" in code, f"{path.name}: the parameters cell prints the mode"
    assert "config.seed_everything(" in code, f"{path.name}: the parameters cell seeds everything"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_forbidden_code(path):
    for source in _code(nbformat.read(path, as_version=4)):
        for pattern, why in FORBIDDEN.items():
            if pattern == r"RNN_QUICK" or pattern.startswith(r"urlopen"):
                source_checked = source.replace(colab.setup_cell_source(path.name[:2]), "")
            else:
                source_checked = source
            assert not re.search(pattern, source_checked), f"{path.name}: {why}\n---\n{source[:300]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_chapter_has_graded_exercises(path):
    nb = nbformat.read(path, as_version=4)
    number = path.name[:2]
    assert assignments.has_exercises(path), f"{path.name} must end with Otter exercises (docs/authoring.md)"
    config_cell = next(c.source for c in nb.cells if c.cell_type == "raw" and "# ASSIGNMENT CONFIG" in c.source)
    for line in (f"name: ch{number}", "init_cell: false", "export_cell: false", "files: true", "ok_format: false"):
        assert line in config_cell, f"{path.name}: assignment config needs '{line}'"
    assert "import otter\ngrader = otter.Notebook()" in _code(nb), f"{path.name}: start the grader with otter.Notebook()"
    questions = re.findall(r"^name: (\S+)", "\n".join(c.source for c in nb.cells if c.cell_type == "raw"
                                                     and c.source.startswith("# BEGIN QUESTION")), re.M)
    assert len(questions) >= 2, f"{path.name}: at least two exercises"
    assert all(q.startswith(f"ch{number}_q") for q in questions), questions
    for q in questions:
        answers = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(f"# Exercise {q}\n")]
        assert len(answers) == 1, f"{path.name}: question {q} needs one answer cell starting '# Exercise {q}'"
    wrong_question, _ = assignments.load_wrong_answer(number)
    assert wrong_question in questions


def test_readme_lists_every_chapter():
    readme = (config.repo_root() / "README.md").read_text()
    for path in NOTEBOOKS:
        assert f"(notebooks/{path.name})" in readme, f"README's learning path lacks {path.name}"
