"""Keeping committed notebooks clean: no outputs, no execution counts, no editor metadata.

    python -m utils.notebooks clean                 # every notebook under notebooks/
    python -m utils.notebooks clean path/to/x.ipynb
    python -m utils.notebooks sync                  # rewrite Colab badges and set-up cells

`sync` is what to run after changing the repository address in pyproject.toml: every badge and
set-up cell is rewritten from `utils.colab`, and the format tests pass again.
"""

from __future__ import annotations

import argparse
import copy
from pathlib import Path

import nbformat

from . import checks, config

KEEP_NOTEBOOK_METADATA = ("kernelspec", "language_info")


def notebook_paths() -> list[Path]:
    return sorted((config.repo_root() / "notebooks").glob("*.ipynb"))


def is_clean(nb: nbformat.NotebookNode) -> bool:
    """True when no code cell has outputs or an execution count."""
    return all(not c.get("outputs") and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code")


def clean(path: Path) -> bool:
    """Strip outputs and editor metadata in place; return True if the file changed."""
    path = checks.check_path(path, "path")
    before = path.read_text(encoding="utf-8")
    from .colab import SETUP_CELL_METADATA, is_setup_cell

    nb = nbformat.read(path, as_version=4)
    setup = next((c for c in nb.cells if c.cell_type == "code"), None)
    for cell in nb.cells:
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in ("tags",)}
        if cell is setup and is_setup_cell(cell.source):
            cell.metadata.update(copy.deepcopy(SETUP_CELL_METADATA))  # shown collapsed (Colab form, JupyterLab)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in KEEP_NOTEBOOK_METADATA}
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    after = nbformat.writes(nb) + "\n"
    if after != before:
        Path(path).write_text(after, encoding="utf-8")
        return True
    return False


BADGE_PREFIX = "[![Open In Colab]"


def chapter_of(path: Path) -> str:
    """``"03"`` for ``notebooks/03_char_level_hello.ipynb``."""
    name = checks.check_path(path, "path").name
    if not (len(name) > 3 and name[:2].isdigit() and name[2] == "_"):
        raise checks.fail(ValueError, "path", "a notebook named NN_topic.ipynb", repr(name))
    return name[:2]


def sync(path: Path) -> bool:
    """Rewrite the badge line and the set-up cell (the first code cell) of one chapter; True if changed."""
    from . import colab

    path = checks.check_path(path, "path")
    nb = nbformat.read(path, as_version=4)
    rel = f"notebooks/{Path(path).name}"
    changed = False
    setup = next((c for c in nb.cells if c.cell_type == "code"), None)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and BADGE_PREFIX in cell.source:
            lines = [colab.badge_markdown(rel) if line.startswith(BADGE_PREFIX) else line
                     for line in cell.source.split("\n")]
            new = "\n".join(lines)
            changed |= new != cell.source
            cell.source = new
        if cell is setup and colab.is_setup_cell(cell.source):
            new = colab.setup_cell_source(chapter_of(path))
            meta = {**cell.metadata, **copy.deepcopy(colab.SETUP_CELL_METADATA)}
            changed |= new != cell.source or meta != cell.metadata
            cell.source, cell.metadata = new, meta
    if changed:
        nbformat.write(nb, path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.notebooks")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("clean", help="strip outputs and metadata in place")
    p.add_argument("paths", nargs="*", type=Path)
    p_sync = sub.add_parser("sync", help="rewrite Colab badges and set-up cells from utils.colab")
    p_sync.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    for path in args.paths or notebook_paths():
        if args.command == "sync" and sync(path):
            print(f"synced {path}")
        if clean(path):
            print(f"cleaned {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
