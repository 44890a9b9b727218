"""The grading round trip, with Otter's own commands, for every chapter with exercises: the
untouched student version scores zero (without crashing); in the solution with one deliberately
wrong answer, that question loses points and every other question earns full marks."""

import pytest

from utils import assignments

CHAPTERS = sorted(assignments.graded_chapters())


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_round_trip(chapter, tmp_path):
    rt = assignments.round_trip(chapter, tmp_path)
    print(f"chapter {chapter}: blank {rt.blank}, solution with {rt.wrong_question} wrong {rt.wrong} "
          f"({rt.seconds:.0f} s)")
    assert rt.blank.possible > 0 and rt.blank.points == 0, f"an unanswered notebook scored {rt.blank}:\n{rt.blank.output}"
    assert rt.others, f"chapter {chapter} needs a second question, answered with its solution, in the graded run"
    for question, (got, full) in rt.others.items():
        assert got == full > 0, f"the solution of {question} earned {got} of {full}:\n{rt.wrong.output[-3000:]}"
    wrong_q = rt.wrong.by_question[rt.wrong_question]
    assert wrong_q[0] < wrong_q[1], f"{rt.wrong_question} should lose points: {wrong_q}"
    assert rt.wrong.possible == rt.blank.possible, "both submissions are graded on the same questions"
    assert rt.ok
    assert list(tmp_path.glob("*/student/tests/*.py")), "the student version carries its public checks"


def test_student_version_has_no_solutions(tmp_path):
    made = assignments.build("01", tmp_path)
    student = made.student.read_text()
    assert "# SOLUTION" not in student and "BEGIN SOLUTION" not in student
    assert "return units * (features + units + 1)" not in student
    assert 'grader.check(\\"ch01_q1\\")' in student
    hidden = (made.autograder.parent / "tests" / "ch01_q1.py").read_text()
    assert "hidden=True" in hidden and "hidden=True" not in (made.student.parent / "tests" / "ch01_q1.py").read_text()


def test_wrong_answer_needs_a_marked_cell(tmp_path):
    made = assignments.build("01", tmp_path)
    with pytest.raises(ValueError, match="expected one answer cell starting with '# Exercise ch01_q9'"):
        assignments.replace_answer(made.autograder, "ch01_q9", "x = 1", tmp_path / "x.ipynb")


def test_unknown_chapter():
    with pytest.raises(ValueError, match=r"notebook_for: chapter must be one of the chapters \[.*\], got '99'"):
        assignments.notebook_for("99")
