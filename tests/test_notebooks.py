"""Every chapter notebook, top to bottom, as a student's "Run All"; then, in the same kernel, its exercises.

One Jupyter kernel per chapter (``assignments.check_registry(..., whole=True)``):

1. the whole notebook runs in the mode of the test run (``RNN_QUICK``; ``python3 tasks.py test`` sets quick
   mode), exercise solutions and checks included. A cell that raises fails the test with its traceback; in
   quick mode the run must also fit the time budget (``RNN_NOTEBOOK_BUDGET_S``, 60 s), kernel start included;
2. then, for a chapter with exercises, as plain Python in that kernel:
   - the **student** version of the exercises (answers replaced by ``...``, as Otter Assign makes it) runs
     without raising, and every test of every question fails on it (a blank notebook scores 0);
   - the solution and every answer in ``tests/answers/chNN.py``'s ``CORRECT`` pass every public and hidden test;
   - every answer in ``WRONG`` fails the question's **public** check (what a student sees from
     ``grader.check``) with a message matching the registered pattern, i.e. naming the slip.

Chapter 03's lesson runs a second time in full mode: the same answers must get the same verdicts (exercises
grade on fixed inputs or on quantities the check computes from the student's own objects, never on numbers
that depend on training sizes), and the full-mode run's own assertions must hold. Chapter 03 is the graded
chapter with the shortest full mode (19 s in the benchmark of docs/results/chapters.csv; chapter 08, used
until 2026-12-04, added about 40 s to a test worker). Otter itself runs in tests/test_assignments.py.

Running the lesson once for both purposes halves the test command's notebook time (measured in CI on the
2-core machine: the lessons ran twice before, 829 s of tests).

Same seed, same machine, same metrics: chapters 02 (NumPy) and 01 (Keras) run once more, in a fresh kernel,
through the benchmark (``utils.bench.run``, so this also tests the benchmark end to end), and the metrics that
run reported with ``results.record`` must equal those of the lesson run above: exactly for chapter 02, to
1e-5 relative for chapter 01 (``REPRODUCED``). (tests/test_reproducible.py ran each of them twice for this, two more runs.)
"""

import contextlib
import json
import math
import os
import time
import warnings

import pytest

from utils import assignments, backends, bench, results, speed

NOTEBOOKS = assignments.chapter_notebooks()
GRADED = set(assignments.graded_chapters())
FULL_MODE_CHAPTER = "03"
BUDGET_S = float(os.environ.get("RNN_NOTEBOOK_BUDGET_S", "60"))
QUICK = os.environ.get("RNN_QUICK") not in (None, "", "0")
# Longest first, so that the two test workers finish together (from the CI's timing table; chapter 03's test
# also runs its lesson in full mode). The rest follow in chapter order.
LONGEST_FIRST = ("10", "05", "03", "12", "15", "04", "11", "09", "08", "13", "14", "06", "07")
ORDER = list(dict.fromkeys([c for c in LONGEST_FIRST if c in NOTEBOOKS] + sorted(NOTEBOOKS)))


# `python3 tasks.py test` runs two test workers on the 2 cores. TensorFlow kernels keep to one compute thread
# (TF_NUM_INTRAOP_THREADS=1); JAX has no such setting and sizes its thread pool by the cores a process may use, so
# the kernels of the chapters that train on JAX are pinned to one core of their own (a kernel inherits the
# worker's CPU affinity). Measured on the 2-core machine, chapters 09 (JAX) and 10 side by side: 53.6 s and
# 50.0 s unpinned, 44.1 s and 41.7 s pinned; pinning every chapter instead slowed the TensorFlow ones that run
# first (chapter 05: 32 s -> 54 s in CI). Chapter 15 runs its JAX code in worker processes of its own.
PIN_ENV = "RNN_PIN_TEST_WORKERS"
# Chapter 15 also trains on PyTorch where that optional backend is installed (python3 tasks.py torch; CI's set-up
# does not install it). Measured on the 2-core machine on 2026-12-03: 65 s in quick mode with it, 39-41 s without;
# every assertion held. There, a run over the quick-mode budget is reported as a warning, not a failure.
OPTIONAL_BACKEND_CHAPTERS = ("15",)
PINNED = {c for c in NOTEBOOKS if speed.chapter_option(c) == "jax"}


@contextlib.contextmanager
def cores_for(chapter):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if os.environ.get(PIN_ENV) != "1" or not worker.startswith("gw") or not hasattr(os, "sched_setaffinity"):
        yield None
        return
    before = os.sched_getaffinity(0)
    cpus = sorted(before)
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if chapter not in PINNED or len(cpus) < workers:
        yield before
        return
    mine = {cpus[int(worker[2:]) % len(cpus)]}
    os.sched_setaffinity(0, mine)
    try:
        yield mine
    finally:
        os.sched_setaffinity(0, before)


# In quick mode a chapter on JAX spends most of its time in XLA compiling each model and input shape, and quick
# mode's few small batches barely run the compiled code. The test run therefore compiles those kernels with
# LLVM's optimisation off: measured on the 2-core machine on 2026-12-03, two notebooks side by side, chapter 09
# 64 s -> 44 s and chapter 13 58 s -> 47 s, every printed result the same (timings aside). Full mode, what a
# student runs, keeps XLA's default.
QUICK_XLA_FLAG = "--xla_backend_optimization_level=0"


@contextlib.contextmanager
def compile_flags_for(chapter, quick):
    before = os.environ.get("XLA_FLAGS")
    if not quick or chapter not in PINNED or "xla_backend_optimization_level" in (before or ""):
        yield before
        return
    os.environ["XLA_FLAGS"] = f"{before} {QUICK_XLA_FLAG}".strip() if before else QUICK_XLA_FLAG
    try:
        yield os.environ["XLA_FLAGS"]
    finally:
        if before is None:
            os.environ.pop("XLA_FLAGS", None)
        else:
            os.environ["XLA_FLAGS"] = before


# Chapter 02 is NumPy in float64 with seeded generators: on one machine the same BLAS library with the same
# thread count adds in the same order, so every bit repeats. Chapter 01 trains Keras models on the CPU; measured
# on the 2-core machine, its runs agree exactly. The tolerance allows for TensorFlow splitting a float32
# reduction across several intra-op threads in a different order from run to run (last-bit differences, about
# 1e-7 relative, grown through two epochs of Adam); a seeding mistake changes these numbers by whole percents.
REPRODUCED = {"02": 0.0, "01": 1e-5}   # chapter: relative tolerance of its metrics between two runs


def _same_metrics_again(chapter, lesson_dir, tmp_path):
    """Run the chapter again through the benchmark; the problems found (none: the same metrics)."""
    lesson = results.recorded(chapter, lesson_dir)["metrics"]
    run_dir = bench.run([chapter], quick=True, out=tmp_path / "bench")
    info = json.loads((run_dir / "run.json").read_text())
    record = json.loads((run_dir / f"ch{chapter}.json").read_text())
    if not (info["complete"] and record["status"] == "ok"):
        return [f"the benchmark's run failed: {record['error']}"]
    problems = []
    if record["mode"] != "quick" or not record["seconds"] > 0 or not (run_dir / f"ch{chapter}.out.ipynb").is_file():
        problems.append(f"the benchmark's record is incomplete: {record}")
    if not record["peak_rss_mb"] > 100:
        problems.append(f"peak memory {record['peak_rss_mb']} MB: a kernel that imported NumPy holds more than 100 MB")
    again, rtol = record["metrics"], REPRODUCED[chapter]
    if not lesson or again.keys() != lesson.keys():
        return problems + [f"the two runs reported different metrics: {sorted(lesson)} and {sorted(again)}"]
    for name, value in lesson.items():
        same = value == again[name] if isinstance(value, str) or rtol == 0 else \
            math.isclose(value, again[name], rel_tol=rtol, abs_tol=1e-12)
        if not same:
            problems.append(f"not reproducible: {name} was {value!r} in the lesson run, {again[name]!r} in a fresh kernel")
    return problems


def _verdicts(out):
    return ([[(t["name"], t["passed"]) for t in r["tests"]] for r in out["variants"]],
            {q: [(t["name"], t["passed"]) for t in ts] for q, ts in out["blank"].items()})


@pytest.mark.slow
@pytest.mark.parametrize("chapter", ORDER)
def test_notebook(chapter, record_property, tmp_path, monkeypatch):
    name = NOTEBOOKS[chapter].name
    if chapter in REPRODUCED:   # the lesson's kernel reports its metrics here (it inherits the variable)
        monkeypatch.setenv(results.RESULTS_DIR_ENV, str(tmp_path / "lesson"))
    t0 = time.perf_counter()
    with cores_for(chapter), compile_flags_for(chapter, QUICK):
        if chapter in GRADED:
            problems, out = assignments.check_registry(chapter, quick=QUICK, whole=True)
        else:
            problems, out = [], assignments.check_answers(chapter, [], quick=QUICK, whole=True)
    seconds = out["seconds"]["lesson"]
    record_property("notebook", name)
    record_property("notebook_seconds", seconds)
    record_property("notebook_cpu_seconds", out["seconds"]["lesson_cpu"])
    print(f"{name}: notebook {seconds:.1f} s, kernel CPU {out['seconds']['lesson_cpu']:.1f} s "
          f"({'quick' if QUICK else 'full'} mode); "
          f"{len(out.get('labels', []))} answers checked in {out['seconds'].get('exercises', 0):.1f} s; "
          f"total {time.perf_counter() - t0:.1f} s")
    if QUICK and seconds > BUDGET_S:
        slowest = "; ".join(f"{t:.1f} s {line!r}" for t, line in out["seconds"]["slowest_cells"])
        message = (f"{name} ran for {seconds:.0f} s in quick mode (kernel CPU "
                   f"{out['seconds']['lesson_cpu']:.0f} s); the budget is {BUDGET_S:.0f} s. Shrink its "
                   f"quick-mode sizes, or the number of models it compiles (docs/authoring.md, Budgets). "
                   f"Slowest cells: {slowest}")
        if chapter in OPTIONAL_BACKEND_CHAPTERS and backends.installed()["torch"]:
            warnings.warn(f"{message}. PyTorch, the optional fourth backend (python3 tasks.py torch), is "
                          f"installed here, so chapter {chapter} trained on it too; the budget holds for the "
                          f"set-up CI runs, without it")
        else:
            problems.insert(0, message)
    if chapter == FULL_MODE_CHAPTER and QUICK and not problems:
        with cores_for(chapter):
            full_problems, full = assignments.check_registry(chapter, quick=False)
        print(f"chapter {chapter} full mode: seconds {full['seconds']}")
        problems += [f"full mode: {p}" for p in full_problems]
        if not full_problems and _verdicts(out) != _verdicts(full):
            problems.append("quick and full mode grade the registered answers differently:\n"
                            f"quick {_verdicts(out)}\nfull  {_verdicts(full)}")
    if chapter in REPRODUCED and QUICK and not problems:
        problems += _same_metrics_again(chapter, tmp_path / "lesson", tmp_path)
    assert not problems, f"chapter {chapter}:\n" + "\n".join(problems)
