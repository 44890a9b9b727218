"""Graded assignments with Otter-Grader: build, grade and check the chapters' exercises.

Each chapter notebook is also an Otter Assign "master" notebook: its ``## Exercises`` section holds
questions, solutions and public/hidden tests (see docs/authoring.md). This module only calls
Otter's own commands and reads their results:

- ``otter assign`` makes ``<out>/<chapter>/student/`` (solutions removed, public checks kept) and
  ``<out>/<chapter>/autograder/`` (solutions, hidden tests and the autograder zip);
- ``otter run`` grades one submission with that zip, without Docker.

Command line (inside the project's environment)::

    python -m utils.assignments build 03 --out dist     # student + autograder for chapter 03
    python -m utils.assignments answers 03              # every registered wrong/correct answer (plain Python)
    python -m utils.assignments check 03                # Otter round trip: blank = 0; one wrong answer loses points
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


def load_answers(chapter: str):
    """The answer registry ``tests/answers/chNN.py``: a module with ``WRONG`` and ``CORRECT``.

    ``WRONG[question]`` is a list of ``Wrong`` (or dicts with the same keys): a plausible slip, a
    regular expression that the *public* check's failure message must match (the message names the
    slip), and the code of the whole answer cell. ``CORRECT[question]`` is a list of answer cells written
    differently from the solution (loops vs vectorised, another random-number API), each of which must
    pass every public and hidden check.
    """
    path = config.repo_root() / "tests" / "answers" / f"ch{checks.check_chapter(chapter)}.py"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: every graded chapter registers wrong and correct answers")
    spec = importlib.util.spec_from_file_location(f"answers_ch{str(chapter).zfill(2)}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    wrong = {q: [w if isinstance(w, Wrong) else Wrong(**w) for w in ws] for q, ws in module.WRONG.items()}
    return wrong, dict(module.CORRECT)


@dataclass
class Wrong:
    """A registered wrong answer: what the slip is, how the public check must name it, the answer cell."""

    slip: str
    expect: str  # regular expression, searched (case-insensitive) in the public check's failure message
    code: str


def load_wrong_answer(chapter: str) -> tuple[str, str]:
    """``(question, code)``: the first registered wrong answer of a chapter (for the Otter round trip)."""
    wrong, _ = load_answers(chapter)
    question = sorted(wrong)[0]
    return question, wrong[question][0].code


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


# --- Checking answers as plain Python (no Otter run) ---------------------------------------------------
#
# Otter grades by executing the notebook, then calling each test function with the notebook's
# variables of the same names. The functions below do the same inside one kernel: execute the lesson
# once, then for each answer variant execute its answer cell and call the question's public and hidden
# test functions. CI uses this to try every registered wrong and correct answer in seconds.

HIDDEN_HEADER = '""" # BEGIN TEST CONFIG'


@dataclass
class Question:
    name: str
    points: float
    solution: str  # the answer cell as written in the chapter (with its solution)
    student: str  # the same cell as Otter Assign gives it to students (solutions replaced by ...)
    public: list[str]  # test cells
    hidden: list[str]
    defines: list[str]  # top-level names the solution defines (removed before each variant runs)
    after: list[str] = field(default_factory=list)  # other code cells of the question (not tests)


def _raw_starts(cell, text: str) -> bool:
    return cell.cell_type == "raw" and cell.source.lstrip().startswith(text)


def _defined_names(source: str) -> list[str]:
    import ast
    names = []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                names += [n.id for n in ast.walk(t) if isinstance(n, ast.Name)]
    return names


def student_version(source: str) -> str:
    """An answer cell as ``otter assign`` writes it for students (solutions replaced by ``...``)."""
    from otter.assign.solutions import replace_solutions
    return "\n".join(replace_solutions(source.split("\n"), "python"))


def exercise_start(nb) -> int:
    """Index of the ``# ASSIGNMENT CONFIG`` raw cell: the exercises run from here to the end."""
    for i, cell in enumerate(nb.cells):
        if _raw_starts(cell, "# ASSIGNMENT CONFIG"):
            return i
    raise ValueError("the notebook has no '# ASSIGNMENT CONFIG' raw cell")


def parse_questions(notebook: Path | str) -> dict[str, Question]:
    """Every question of a chapter notebook, read the way Otter Assign reads it."""
    import re
    nb = nbformat.read(notebook, as_version=4)
    found, current, in_tests = {}, None, False
    for cell in nb.cells[exercise_start(nb):]:
        if _raw_starts(cell, "# BEGIN QUESTION"):
            name = re.search(r"^name:\s*(\S+)", cell.source, re.M).group(1)
            points = float(re.search(r"^points:\s*(\S+)", cell.source, re.M).group(1))
            current = Question(name, points, "", "", [], [], [])
        elif _raw_starts(cell, "# END QUESTION"):
            found[current.name], current = current, None
        elif _raw_starts(cell, "# BEGIN TESTS"):
            in_tests = True
        elif _raw_starts(cell, "# END TESTS"):
            in_tests = False
        elif current is not None and cell.cell_type == "code":
            if in_tests:
                (current.hidden if cell.source.lstrip().startswith(HIDDEN_HEADER) else current.public).append(cell.source)
            elif cell.source.lstrip().startswith(ANSWER_MARKER.format(question=current.name)):
                current.solution, current.student = cell.source, student_version(cell.source)
                current.defines = _defined_names(cell.source)
            else:
                current.after.append(cell.source)
    return found


@dataclass
class TestResult:
    name: str
    hidden: bool
    passed: bool
    message: str = ""


def run_test_cell(source: str, env: dict, hidden: bool) -> TestResult:
    """Call the test function of one test cell as Otter does: arguments looked up by name in ``env``.

    The function is defined in a fresh namespace (Otter's test files see only their arguments), and a
    name missing from ``env`` is passed as ``None``, as Otter does.
    """
    import ast
    import inspect
    tree = ast.parse(source)
    funcs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    if len(funcs) != 1:
        raise ValueError(f"a test cell holds exactly one function, found {len(funcs)}:\n{source[:300]}")
    scope: dict = {}
    exec(compile(ast.Module(body=[funcs[0]], type_ignores=[]), f"<test {funcs[0].name}>", "exec"), scope)
    func = scope[funcs[0].name]
    kwargs = {a: (env if a == "env" else env.get(a)) for a in inspect.signature(func).parameters}
    try:
        func(**kwargs)
    except Exception as exc:  # noqa: BLE001 - a failing check is a result, not a crash
        return TestResult(func.__name__, hidden, False, f"{type(exc).__name__}: {exc}")
    return TestResult(func.__name__, hidden, True)


def try_answer(env: dict, question: Question, code: str) -> dict:
    """Run one answer cell in ``env`` (after removing the solution's names), then every test of the question.

    Returns ``{"error": str or None, "tests": [TestResult as dict, ...]}``. Output of the answer cell
    (prints) is swallowed.
    """
    import contextlib
    import io
    from dataclasses import asdict
    for name in question.defines:
        env.pop(name, None)
    error = None
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            exec(compile(code, f"<answer {question.name}>", "exec"), env)
        except Exception as exc:  # noqa: BLE001
            error = f"{type(exc).__name__}: {exc}"
        results = [run_test_cell(src, env, False) for src in question.public]
        results += [run_test_cell(src, env, True) for src in question.hidden]
    return {"error": error, "tests": [asdict(r) for r in results]}


def try_answers(env: dict, notebook: str, variants: list[tuple[str, str]]) -> list[dict]:
    """``try_answer`` for each ``(question, code)`` in ``variants``; the solution is restored at the end."""
    questions = parse_questions(notebook)
    out = [dict(try_answer(env, questions[q], code), question=q) for q, code in variants]
    for q in {q for q, _ in variants}:
        try_answer(env, questions[q], questions[q].solution)
    return out


def check_answers(chapter: str, variants: list[tuple[str, str]], quick: bool = True,
                  timeout: int = 900, whole: bool = False) -> dict:
    """Execute a chapter's lesson once in a kernel, then try answer variants against its checks.

    1. the lesson (every cell before the exercises) runs as a student runs it (quick or full mode);
       with ``whole=True`` the whole notebook runs instead, exercises with their solutions included, as
       a student's "Run All" does (``seconds["lesson"]`` is then the notebook's run time, kernel start
       included), and the solutions' names are removed before step 2;
    2. the exercises run as the **student** version (answers replaced by ``...``; test cells left out),
       which must not raise; then every test of every question is called on those blank answers;
    3. each ``(question, answer cell)`` in ``variants`` runs, followed by that question's tests.

    A cell that raises (without a ``raises-exception`` tag) stops the run with nbclient's
    ``CellExecutionError``, which shows the cell and its traceback.

    Returns ``{"blank_errors": [...], "blank": {question: [TestResult dict]}, "variants": [...],
    "seconds": {...}}`` (``seconds["slowest_cells"]``: the five slowest lesson cells as ``(seconds, first
    line)``). One kernel, one lesson run: each variant costs only its own cell and checks.
    """
    import os
    from nbclient import NotebookClient
    path = notebook_for(chapter)
    nb = nbformat.read(path, as_version=4)
    graded = has_exercises(path)
    if not graded and not whole:
        raise ValueError(f"{path.name} has no '# ASSIGNMENT CONFIG' cell, so no exercises to check")
    start = exercise_start(nb) if graded else len(nb.cells)
    questions = parse_questions(path) if graded else {}
    answer_cells = {q.solution: q.student for q in questions.values()}
    test_cells = {src for q in questions.values() for src in q.public + q.hidden}
    lesson = nbformat.v4.new_notebook(metadata=nb.metadata)
    lesson.cells = [c for c in nb.cells[:len(nb.cells) if whole else start] if c.cell_type == "code"]
    blank_cells = [nbformat.v4.new_code_cell(answer_cells.get(c.source, c.source)) for c in nb.cells[start:]
                   if c.cell_type == "code" and c.source not in test_cells]
    if whole and questions:
        names = sorted({n for q in questions.values() for n in q.defines})
        blank_cells.insert(0, nbformat.v4.new_code_cell(f"for _name in {names!r}:\n    globals().pop(_name, None)"))
    marker = "@@ASSIGNMENTS@@"
    probe_blank = nbformat.v4.new_code_cell(
        "import json as _json\nfrom utils import assignments as _assignments\n"
        f"_qs = _assignments.parse_questions({str(path)!r})\n"
        "print(" + repr(marker) + " + _json.dumps({q: [_assignments.asdict_result(_assignments.run_test_cell(s, globals(), h))"
        " for s, h in [(s, False) for s in v.public] + [(s, True) for s in v.hidden]] for q, v in _qs.items()}))")
    probe_variants = nbformat.v4.new_code_cell(
        "print(" + repr(marker) + " + _json.dumps(_assignments.try_answers(globals(), "
        f"{str(path)!r}, _json.loads({json.dumps(json.dumps(variants))}))))")
    saved = os.environ.get("RNN_QUICK")
    os.environ["RNN_QUICK"] = "1" if quick else "0"
    seconds, blank_errors = {}, []
    try:
        client = NotebookClient(lesson, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        t0 = time.perf_counter()
        with client.setup_kernel():
            if not whole:
                t0 = time.perf_counter()
            cell_seconds = []
            for i, cell in enumerate(lesson.cells):
                t_cell = time.perf_counter()
                client.execute_cell(cell, i)
                cell_seconds.append((time.perf_counter() - t_cell, cell.source.split("\n", 1)[0][:70]))
            seconds["lesson"] = time.perf_counter() - t0
            seconds["slowest_cells"] = sorted(cell_seconds, reverse=True)[:5]
            seconds["lesson_cpu"] = _kernel_cpu_seconds(client, lesson)
            if not questions:
                return {"blank_errors": [], "seconds": seconds, "blank": {}, "variants": []}
            t0 = time.perf_counter()
            lesson.cells += blank_cells
            for i, cell in enumerate(blank_cells, start=len(lesson.cells) - len(blank_cells)):
                cell.metadata["tags"] = ["raises-exception"]  # record, do not stop
                client.execute_cell(cell, i)
                blank_errors += [f"{o.get('ename')}: {o.get('evalue')}\n--- in ---\n{cell.source[:400]}"
                                 for o in cell.outputs if o.get("output_type") == "error"]
            results = {}
            for key, probe in (("blank", probe_blank), ("variants", probe_variants)):
                lesson.cells.append(probe)
                client.execute_cell(probe, len(lesson.cells) - 1)
                text = "".join(o.get("text", "") for o in probe.outputs if o.get("output_type") == "stream")
                results[key] = json.loads(text.split(marker, 1)[1].strip())
            seconds["exercises"] = time.perf_counter() - t0
    finally:
        if saved is None:
            os.environ.pop("RNN_QUICK", None)
        else:
            os.environ["RNN_QUICK"] = saved
    return {"blank_errors": blank_errors, "seconds": seconds, **results}


def _kernel_cpu_seconds(client, nb) -> float:
    """CPU time (user + system, its child processes included) the kernel has used since it started."""
    marker = "@@CPU@@"
    probe = nbformat.v4.new_code_cell(
        "import resource as _resource\n"
        "print(" + repr(marker) + ", sum(getattr(_resource.getrusage(w), f) for w in "
        "(_resource.RUSAGE_SELF, _resource.RUSAGE_CHILDREN) for f in ('ru_utime', 'ru_stime')))")
    nb.cells.append(probe)
    client.execute_cell(probe, len(nb.cells) - 1)
    text = "".join(o.get("text", "") for o in probe.outputs if o.get("output_type") == "stream")
    return float(text.split(marker, 1)[1].split()[0])


def check_registry(chapter: str, quick: bool = True, whole: bool = False) -> tuple[list[str], dict]:
    """Try every registered answer of a chapter (``tests/answers/chNN.py``) and list what is wrong.

    Returns ``(problems, details)``: ``problems`` is empty when the blank student version runs and scores 0,
    the solution and every CORRECT answer pass every public and hidden test, and every WRONG answer runs but
    fails its question's public check with a message matching its pattern. ``details`` holds, per variant,
    ``(kind, question, slip, verdict)`` and the timings.
    """
    import re
    wrong, correct = load_answers(chapter)
    questions = parse_questions(notebook_for(chapter))
    variants, labels = [], []
    for name, q in questions.items():
        variants.append((name, q.solution)); labels.append(("solution", name, None))
        for i, code in enumerate(correct.get(name, [])):
            variants.append((name, code)); labels.append((f"correct {i + 1}", name, None))
        for w in wrong.get(name, []):
            variants.append((name, w.code)); labels.append(("wrong", name, w))
    out = check_answers(chapter, variants, quick=quick, whole=whole)
    problems = [f"the student version raised: {e}" for e in out["blank_errors"]]
    for q, tests in out["blank"].items():
        passed = [t["name"] for t in tests if t["passed"]]
        if passed:
            problems.append(f"{q}: the blank answer (...) passes {passed}; it must score 0")
    for (kind, q, w), result in zip(labels, out["variants"]):
        if w is None:
            failed = [f"{t['name']}: {t['message']}" for t in result["tests"] if not t["passed"]]
            if result["error"] or failed:
                problems.append(f"{q}, {kind} answer: error {result['error']}; failed {failed}")
            continue
        messages = [t["message"] for t in result["tests"] if not t["hidden"] and not t["passed"]]
        if result["error"]:
            problems.append(f"{q}: wrong answer '{w.slip}' should run, but raised {result['error']}")
        elif not messages:
            problems.append(f"{q}: the public check passes the wrong answer '{w.slip}'")
        elif not any(re.search(w.expect, m, re.I) for m in messages):
            problems.append(f"{q}: the public check fails '{w.slip}' without naming the slip "
                            f"(expected /{w.expect}/): {messages}")
    out["labels"] = [(k, q, w.slip if w else None) for k, q, w in labels]
    return problems, out


def asdict_result(result: TestResult) -> dict:
    from dataclasses import asdict
    return asdict(result)


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
    (the first registered in ``tests/answers/chNN.py``) loses points. Every other registered answer is
    tried without Otter by :func:`check_registry`.
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
    p_answers = sub.add_parser("answers", help="try every registered wrong/correct answer (tests/answers/chNN.py)")
    p_answers.add_argument("chapters", nargs="*")
    p_answers.add_argument("--full", action="store_true", help="run the lesson in full mode (default: quick)")
    args = parser.parse_args(argv)
    chapters = [c.zfill(2) for c in args.chapters] or sorted(graded_chapters())
    if args.command == "build":
        for ch in chapters:
            made = build(ch, args.out)
            print(f"chapter {made.chapter}: student {made.student}\n"
                  f"            autograder zip {made.zip}")
        return 0
    if args.command == "answers":
        failed = False
        for ch in chapters:
            problems, out = check_registry(ch, quick=not args.full)
            failed |= bool(problems)
            print(f"chapter {ch}: {len(out['labels'])} answers, {len(problems)} problems "
                  f"(lesson {out['seconds']['lesson']:.0f} s, answers {out['seconds']['exercises']:.0f} s)")
            for p in problems:
                print("  - " + p)
        return 1 if failed else 0
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
