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

import re
import time

import pytest

from utils import assignments

CHAPTERS = sorted(assignments.graded_chapters())
FULL_MODE_CHAPTER = "08"
_results: dict[tuple[str, bool], tuple[list, dict]] = {}


def _variants(chapter):
    wrong, correct = assignments.load_answers(chapter)
    questions = assignments.parse_questions(assignments.notebook_for(chapter))
    variants, labels = [], []
    for name, q in questions.items():
        variants.append((name, q.solution)); labels.append(("solution", name, None))
        for i, code in enumerate(correct.get(name, [])):
            variants.append((name, code)); labels.append((f"correct {i + 1}", name, None))
        for w in wrong.get(name, []):
            variants.append((name, w.code)); labels.append(("wrong", name, w))
    return questions, wrong, correct, variants, labels


def _run(chapter, quick=True):
    key = (chapter, quick)
    if key not in _results:
        questions, wrong, correct, variants, labels = _variants(chapter)
        t0 = time.perf_counter()
        out = assignments.check_answers(chapter, variants, quick=quick)
        out["seconds"]["total"] = time.perf_counter() - t0
        _results[key] = (labels, out)
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
            assert questions[q].public and questions[q].hidden, f"{q}: needs public and hidden checks"


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_answers(chapter):
    if chapter == FULL_MODE_CHAPTER:
        pytest.skip("checked in test_answers_full_mode_match_quick_mode, which also runs it in quick mode")
    _check(chapter)


def _check(chapter):
    labels, out = _run(chapter)
    print(f"chapter {chapter}: {len(labels)} answers checked; seconds {out['seconds']}")
    assert not out["blank_errors"], "the student version raised:\n" + "\n".join(out["blank_errors"])
    for q, tests in out["blank"].items():
        passed = [t["name"] for t in tests if t["passed"]]
        assert not passed, f"{q}: the blank answer (...) passes {passed}; it must score 0"
    for (kind, q, wrong), result in zip(labels, out["variants"]):
        public = [t for t in result["tests"] if not t["hidden"]]
        if wrong is None:
            failed = [f"{t['name']}: {t['message']}" for t in result["tests"] if not t["passed"]]
            assert result["error"] is None and not failed, (
                f"{q}, {kind} answer: error {result['error']}; failed {failed}")
        else:
            assert result["error"] is None, f"{q}, wrong answer '{wrong.slip}' should run, but raised {result['error']}"
            messages = [t["message"] for t in public if not t["passed"]]
            assert messages, f"{q}: the public check passes the wrong answer '{wrong.slip}'"
            assert any(re.search(wrong.expect, m, re.I) for m in messages), (
                f"{q}: the public check fails '{wrong.slip}' but its message does not name the slip "
                f"(expected /{wrong.expect}/):\n" + "\n".join(messages))


@pytest.mark.slow
def test_answers_full_mode_match_quick_mode():
    """Quick and full mode grade the same answers the same way (chapter 08)."""
    _check(FULL_MODE_CHAPTER)
    labels, quick = _run(FULL_MODE_CHAPTER, quick=True)
    _, full = _run(FULL_MODE_CHAPTER, quick=False)
    print(f"chapter {FULL_MODE_CHAPTER} full mode: seconds {full['seconds']}")
    verdicts = [[(t["name"], t["passed"]) for t in r["tests"]] for r in quick["variants"]]
    assert verdicts == [[(t["name"], t["passed"]) for t in r["tests"]] for r in full["variants"]]
    assert quick["blank"] == full["blank"]
