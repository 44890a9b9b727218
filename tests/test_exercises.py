"""The answer registries (tests/answers/chNN.py) are complete and well formed, without running anything.

The registered answers are tried against the checks in tests/test_notebooks.py, in the kernel that runs
each chapter notebook; Otter itself runs in tests/test_assignments.py.
"""

from utils import assignments

CHAPTERS = sorted(assignments.graded_chapters())


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
