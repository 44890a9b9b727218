"""Graded assignments with Otter-Grader: build, grade and check the chapters' exercises.

Each chapter notebook is also an Otter Assign "master" notebook: its ``## Exercises`` section holds
questions, solutions and public/hidden tests (see docs/authoring.md). This module only calls
Otter's own commands and reads their results:

- ``otter assign`` makes ``<out>/<chapter>/student/`` (solutions removed, public checks kept) and
  ``<out>/<chapter>/autograder/`` (solutions, hidden tests and the autograder zip);
- ``otter run`` grades one submission with that zip, without Docker.

Command line (inside the project's environment)::

    python -m utils.assignments build 03 --out dist     # student + autograder for chapter 03
    python -m utils.assignments check 03                # blank = 0; one wrong answer loses points, the rest full
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import checks, config

ANSWER_MARKER = "# Exercise {question}"


def notebooks_dir() -> Path:
    return config.repo_root() / "notebooks"


def chapter_notebooks() -> dict[str, Path]:
    """``{"01": Path(".../notebooks/01_....ipynb"), ...}`` for every chapter notebook."""
    found = {}
    for path in sorted(notebooks_dir().glob("[0-9][0-9]_*.ipynb")):
        found[path.name[:2]] = path
    return found


def notebook_for(chapter: str) -> Path:
    chapters = chapter_notebooks()
    key = checks.check_chapter(chapter)
    if key not in chapters:
        raise checks.fail(ValueError, "chapter", f"one of the chapters {sorted(chapters)}", repr(chapter))
    return chapters[key]


def has_exercises(path: Path) -> bool:
    """True when the notebook has an Otter ``# ASSIGNMENT CONFIG`` raw cell."""
    nb = nbformat.read(path, as_version=4)
    return any(c.cell_type == "raw" and c.source.lstrip().startswith("# ASSIGNMENT CONFIG")
               for c in nb.cells)


def graded_chapters() -> dict[str, Path]:
    return {k: p for k, p in chapter_notebooks().items() if has_exercises(p)}


def _otter(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("otter")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "otter"]
    result = subprocess.run(cmd + list(args), cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"`otter {' '.join(args)}` failed ({result.returncode}):\n"
                           f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


@dataclass
class Build:
    chapter: str
    student: Path  # the student notebook
    autograder: Path  # the solution notebook inside the autograder folder
    zip: Path  # the autograder configuration zip for `otter run`


def build(chapter: str, out: Path | str) -> Build:
    """Run ``otter assign`` on a chapter: ``<out>/<NN_name>/{student,autograder}``."""
    master = notebook_for(chapter)
    if not has_exercises(master):
        raise ValueError(f"{master.name} has no '# ASSIGNMENT CONFIG' cell, so no exercises to build")
    dest = checks.check_path(out, "out").resolve() / master.stem
    if dest.exists():
        shutil.rmtree(dest)
    _otter("assign", "--no-pdfs", "--no-run-tests", str(master), str(dest), cwd=master.parent)
    zips = sorted((dest / "autograder").glob("*.zip"))
    if len(zips) != 1:
        raise RuntimeError(f"expected one autograder zip in {dest / 'autograder'}, found {zips}")
    return Build(chapter=master.name[:2], student=dest / "student" / master.name,
                 autograder=dest / "autograder" / master.name, zip=zips[0])


@dataclass
class Grade:
    points: float
    possible: float
    by_question: dict[str, tuple[float, float]] = field(default_factory=dict)
    output: str = ""

    def __str__(self) -> str:
        return f"{self.points:g} / {self.possible:g}"


def grade(submission: Path | str, autograder_zip: Path | str) -> Grade:
    """Grade one notebook with ``otter run`` (no Docker) and return its score."""
    submission = checks.check_path(submission, "submission")
    autograder_zip = checks.check_path(autograder_zip, "autograder_zip")
    for name, p in (("submission", submission), ("autograder_zip", autograder_zip)):
        if not p.is_file():
            raise checks.fail(FileNotFoundError, name, "an existing file", str(p))
    with tempfile.TemporaryDirectory(prefix="otter-run-") as tmp:
        _otter("run", "-a", str(autograder_zip), "-o", tmp, "--no-logo", str(submission))
        results = json.loads((Path(tmp) / "results.json").read_text())
    by_question = {}
    outputs = []
    for test in results["tests"]:
        outputs.append(f"{test.get('name')}: {test.get('output', '')}")
        if test.get("max_score") is not None:
            by_question[test["name"]] = (float(test.get("score") or 0.0), float(test["max_score"]))
    return Grade(points=sum(s for s, _ in by_question.values()),
                 possible=sum(m for _, m in by_question.values()),
                 by_question=by_question, output="\n".join(outputs))


def load_wrong_answer(chapter: str) -> tuple[str, str]:
    """``(question, code)`` from ``tests/wrong_answers/chNN.py``: a deliberately wrong answer."""
    path = config.repo_root() / "tests" / "wrong_answers" / f"ch{checks.check_chapter(chapter)}.py"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: every graded chapter registers one wrong answer")
    spec = importlib.util.spec_from_file_location(f"wrong_answer_{chapter}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.QUESTION, module.CODE


def replace_answer(notebook: Path, question: str, code: str, out: Path) -> Path:
    """Copy ``notebook`` to ``out`` with the answer cell of ``question`` replaced by ``code``."""
    notebook, out = checks.check_path(notebook, "notebook"), checks.check_path(out, "out")
    checks.check_str(question, "question")
    checks.check_str(code, "code", nonempty=False)
    nb = nbformat.read(notebook, as_version=4)
    marker = ANSWER_MARKER.format(question=question)
    cells = [c for c in nb.cells if c.cell_type == "code" and c.source.lstrip().startswith(marker)]
    if len(cells) != 1:
        raise ValueError(f"expected one answer cell starting with {marker!r} in {notebook.name}, "
                         f"found {len(cells)}")
    cells[0].source = code
    nbformat.write(nb, out)
    return out


def write_public_tests(chapter: str, dest: Path | str) -> list[Path]:
    """Write a chapter's public Otter checks into ``dest`` (existing files are kept).

    Used on Colab, where an uploaded student notebook arrives without its ``tests/`` folder.
    """
    dest = checks.check_path(dest, "dest")
    chapter = checks.check_chapter(chapter)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="otter-assign-") as tmp:
        made = build(chapter, tmp)
        for test in sorted((made.student.parent / "tests").glob("*.py")):
            target = dest / test.name
            if not target.exists():
                shutil.copy(test, target)
                written.append(target)
    return written


@dataclass
class RoundTrip:
    chapter: str
    blank: Grade
    wrong: Grade
    wrong_question: str
    seconds: float

    @property
    def others(self) -> dict[str, tuple[float, float]]:
        """Scores of the questions answered with the solution in the ``wrong`` submission."""
        return {q: s for q, s in self.wrong.by_question.items() if q != self.wrong_question}

    @property
    def ok(self) -> bool:
        """Blank scores 0; the wrong answer loses points; every other solution earns full marks."""
        got, possible = self.wrong.by_question.get(self.wrong_question, (0.0, 0.0))
        return (self.blank.points == 0 and bool(self.others) and got < possible
                and all(p == full > 0 for p, full in self.others.values()))


def round_trip(chapter: str, workdir: Path | str) -> RoundTrip:
    """Build a chapter; grade its blank student version and the solution with one answer made wrong.

    Two ``otter run`` gradings cover the three cases a teacher relies on: the untouched student
    version scores 0 without crashing; in the second submission every question answered with the
    solution earns full marks through Otter, and the one deliberately wrong answer
    (``tests/wrong_answers/chNN.py``) loses points. (The solution of that one question passes its
    checks too: they run inline whenever the chapter notebook is executed, as in the notebook tests.)
    """
    t0 = time.perf_counter()
    made = build(chapter, workdir)
    question, code = load_wrong_answer(made.chapter)
    wrong_nb = replace_answer(made.autograder, question, code,
                              made.autograder.with_name(f"wrong_{made.autograder.name}"))
    return RoundTrip(
        chapter=made.chapter,
        blank=grade(made.student, made.zip),
        wrong=grade(wrong_nb, made.zip),
        wrong_question=question,
        seconds=time.perf_counter() - t0,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.assignments", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_build = sub.add_parser("build", help="student and autograder versions (otter assign)")
    p_build.add_argument("chapters", nargs="*", help="chapter numbers (default: all with exercises)")
    p_build.add_argument("--out", default="dist")
    p_check = sub.add_parser("check", help="grade solution, blank and wrong versions (otter run)")
    p_check.add_argument("chapters", nargs="*")
    args = parser.parse_args(argv)
    chapters = [c.zfill(2) for c in args.chapters] or sorted(graded_chapters())
    if args.command == "build":
        for ch in chapters:
            made = build(ch, args.out)
            print(f"chapter {made.chapter}: student {made.student}\n"
                  f"            autograder zip {made.zip}")
        return 0
    failed = False
    for ch in chapters:
        with tempfile.TemporaryDirectory(prefix=f"check-{ch}-") as tmp:
            rt = round_trip(ch, tmp)
        ok = rt.ok
        failed |= not ok
        print(f"chapter {rt.chapter}: blank {rt.blank}, solution with {rt.wrong_question} wrong {rt.wrong}  "
              f"({rt.seconds:.0f} s)  {'OK' if ok else 'FAIL'}")
        if not ok:
            for name, g in (("blank", rt.blank), ("wrong", rt.wrong)):
                print(f"--- {name}: {g.by_question}\n{g.output[-2500:]}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
