"""Otter itself, kept to what proves the pipeline (the answers are tried in tests/test_exercises.py):

- for every chapter, ``otter assign`` builds, and the generated public and hidden test files hold exactly the
  notebook's checks (public ones in the student version, all of them in the autograder), and the student
  notebook's answer cells are the blank versions that tests/test_exercises.py runs;
- for chapter 00, a full round trip with ``otter run``: the untouched student version scores zero (without
  crashing); the solution with one registered wrong answer loses that question's points and earns full marks
  on every other question. (tests/test_teaching_guide.py grades chapter 01's blank version the same way.)
"""

import re

import nbformat
import pytest

from utils import assignments

CHAPTERS = sorted(assignments.graded_chapters())
ROUND_TRIP_CHAPTER = "00"


def _test_names(source: str) -> list[str]:
    return re.findall(r"^def (test_\w+)\(", source, re.M)


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_autograder_holds_every_check(chapter, tmp_path):
    made = assignments.build(chapter, tmp_path)
    questions = assignments.parse_questions(assignments.notebook_for(chapter))
    student_nb = nbformat.read(made.student, as_version=4)
    student_text = made.student.read_text()
    assert "# SOLUTION" not in student_text and "BEGIN SOLUTION" not in student_text, "the student version has solutions"
    for name, q in questions.items():
        public = [n for src in q.public for n in _test_names(src)]
        hidden = [n for src in q.hidden for n in _test_names(src)]
        assert len(set(public + hidden)) == len(public + hidden), f"{name}: test names must be unique"
        auto = (made.autograder.parent / "tests" / f"{name}.py").read_text()
        student = (made.student.parent / "tests" / f"{name}.py").read_text()
        cases = re.findall(r"@test_case\(points=None, hidden=(True|False)\)\ndef (test_\w+)\(", auto)
        assert cases == [("False", n) for n in public] + [("True", n) for n in hidden], (
            f"{name}: the autograder's tests differ from the notebook's: {cases}")
        assert _test_names(student) == public and "hidden=True" not in student, (
            f"{name}: the student's tests/{name}.py should hold the public checks only")
        assert re.search(rf"^points = {q.points:g}$", auto, re.M), f"{name}: {q.points:g} points"
        cells = [c.source for c in student_nb.cells if c.cell_type == "code"
                 and c.source.startswith(f"# Exercise {name}\n")]
        assert len(cells) == 1 and cells[0].strip() == q.student.strip(), (
            f"{name}: Otter's student answer cell differs from assignments.student_version:\n{cells}\n---\n{q.student}")
        solution_lines = [l.split("#")[0].strip() for l in q.solution.splitlines() if l.rstrip().endswith("# SOLUTION")]
        for line in solution_lines:
            if len(line) > 12:
                assert line not in cells[0], f"{name}: a solution line reached the student version: {line}"


@pytest.mark.slow
def test_round_trip(tmp_path):
    rt = assignments.round_trip(ROUND_TRIP_CHAPTER, tmp_path)
    print(f"chapter {rt.chapter}: blank {rt.blank}, solution with {rt.wrong_question} wrong {rt.wrong} "
          f"({rt.seconds:.0f} s)")
    assert rt.blank.possible > 0 and rt.blank.points == 0, f"an unanswered notebook scored {rt.blank}:\n{rt.blank.output}"
    assert rt.others, "the round-trip chapter needs a second question, answered with its solution"
    for question, (got, full) in rt.others.items():
        assert got == full > 0, f"the solution of {question} earned {got} of {full}:\n{rt.wrong.output[-3000:]}"
    wrong_q = rt.wrong.by_question[rt.wrong_question]
    assert wrong_q[0] < wrong_q[1], f"{rt.wrong_question} should lose points: {wrong_q}"
    assert rt.wrong.possible == rt.blank.possible, "both submissions are graded on the same questions"
    assert rt.ok
    assert list(tmp_path.glob("*/student/tests/*.py")), "the student version carries its public checks"


def test_wrong_answer_needs_a_marked_cell(tmp_path):
    with pytest.raises(ValueError, match="expected one answer cell starting with '# Exercise ch01_q9'"):
        assignments.replace_answer(assignments.notebook_for("01"), "ch01_q9", "x = 1", tmp_path / "x.ipynb")


def test_parse_questions_reads_the_otter_format():
    questions = assignments.parse_questions(assignments.notebook_for("01"))
    q1 = questions["ch01_q1"]
    assert q1.points == 2 and q1.defines == ["simple_rnn_params"]
    assert q1.student.splitlines()[-1].strip() == "..." and "units *" not in q1.student
    assert len(q1.public) >= 1 and len(q1.hidden) >= 1


def test_run_test_cell_passes_arguments_by_name_like_otter():
    src = "def test_x(a, b):\n    assert a + b == 3, 'sum'\ntest_x(a, b)\n"
    assert assignments.run_test_cell(src, {"a": 1, "b": 2}, hidden=False).passed
    failed = assignments.run_test_cell(src, {"a": 1}, hidden=True)   # b missing: passed as None, as Otter does
    assert not failed.passed and failed.hidden and "TypeError" in failed.message


def test_unknown_chapter():
    with pytest.raises(ValueError, match=r"notebook_for: chapter must be one of the chapters \[.*\], got '99'"):
        assignments.notebook_for("99")
