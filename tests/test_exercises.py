"""Every exercise's checks, tried against registered answers, as plain Python (no Otter run).

For each chapter with exercises, one Jupyter kernel runs the lesson once in quick mode
(``assignments.check_answers``); then, in that kernel:

- the **student** version of the exercises (answers replaced by ``...``, as Otter Assign makes it) runs
  without raising, and every test of every question fails on it (a blank notebook scores 0);
- the solution and every answer in ``tests/answers/chNN.py``'s ``CORRECT`` pass every public and hidden test;
- every answer in ``WRONG`` fails the question's **public** check (what a student sees from
  ``grader.check``) with a message matching the registered pattern, i.e. naming the slip.

Chapter 08 runs a second time in full mode: the same answers must get the same verdicts (exercises grade
on fixed inputs or on quantities the check computes from the student's own objects, never on numbers
that depend on training sizes). Otter itself runs in tests/test_assignments.py.
"""

import time

import pytest

from utils import assignments

CHAPTERS = sorted(assignments.graded_chapters())
FULL_MODE_CHAPTER = "08"
_results: dict[tuple[str, bool], tuple[list, dict]] = {}


def _run(chapter, quick=True):
    key = (chapter, quick)
    if key not in _results:
        t0 = time.perf_counter()
        problems, out = assignments.check_registry(chapter, quick=quick)
        out["seconds"]["total"] = time.perf_counter() - t0
        _results[key] = (problems, out)
    return _results[key]


def test_every_question_registers_answers():
    for chapter in CHAPTERS:
        wrong, correct = assignments.load_answers(chapter)
        questions = assignments.parse_questions(assignments.notebook_for(chapter))
        assert set(wrong) == set(questions) == set(correct), (
            f"chapter {chapter}: tests/answers/ch{chapter}.py must register every question "
            f"{sorted(questions)}; WRONG has {sorted(wrong)}, CORRECT {sorted(correct)}")
        for q in questions:
            assert len(wrong[q]) >= 2, f"{q}: register at least two wrong answers (of different kinds)"
            assert len({w.slip for w in wrong[q]}) == len(wrong[q]), f"{q}: each wrong answer is a different slip"
            assert len(correct[q]) >= 2, f"{q}: register at least two correct answers written differently"
            codes = [questions[q].solution] + list(correct[q]) + [w.code for w in wrong[q]]
            assert len(set(codes)) == len(codes), f"{q}: registered answers must differ from each other and the solution"
            for code in codes:
                assert code.lstrip().startswith(f"# Exercise {q}\n"), f"{q}: an answer is a whole answer cell"
                compile(code, q, "exec")
            try:
                compile(questions[q].student, q, "exec")
            except SyntaxError as exc:
                raise AssertionError(f"{q}: the student version (solutions replaced by ...) is not valid Python: {exc}. "
                                     "Mark a block with # BEGIN SOLUTION / # END SOLUTION instead of ending a "
                                     "for/if line with # SOLUTION") from None
            assert questions[q].public and questions[q].hidden, f"{q}: needs public and hidden checks"


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_answers(chapter):
    if chapter == FULL_MODE_CHAPTER:
        pytest.skip("checked in test_answers_full_mode_match_quick_mode, which also runs it in quick mode")
    _check(chapter)


def _check(chapter):
    problems, out = _run(chapter)
    print(f"chapter {chapter}: {len(out['labels'])} answers checked; seconds "
          + ", ".join(f"{k} {v:.1f}" for k, v in out["seconds"].items()))
    assert not problems, f"chapter {chapter}:\n" + "\n".join(problems)


@pytest.mark.slow
def test_answers_full_mode_match_quick_mode():
    """Quick and full mode grade the same answers the same way (chapter 08)."""
    _check(FULL_MODE_CHAPTER)
    _, quick = _run(FULL_MODE_CHAPTER, quick=True)
    problems, full = _run(FULL_MODE_CHAPTER, quick=False)
    print(f"chapter {FULL_MODE_CHAPTER} full mode: seconds {full['seconds']}")
    assert not problems, "full mode:\n" + "\n".join(problems)
    verdicts = [[(t["name"], t["passed"]) for t in r["tests"]] for r in quick["variants"]]
    assert verdicts == [[(t["name"], t["passed"]) for t in r["tests"]] for r in full["variants"]]
    assert ({q: [(t["name"], t["passed"]) for t in ts] for q, ts in quick["blank"].items()}
            == {q: [(t["name"], t["passed"]) for t in ts] for q, ts in full["blank"].items()})
