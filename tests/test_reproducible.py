"""Same seed, same machine -> same metrics: chapters 02 (NumPy) and 01 (Keras) run twice through the benchmark.

Each chapter runs twice in quick mode, each time in a fresh kernel, through ``utils.bench.run`` (so this
also tests the benchmark end to end), and the metrics the chapter reported with ``results.record`` are
compared. Cost: four quick-mode runs, about 50 s of one worker.
"""

import json
import math

import pytest

from utils import bench

pytestmark = pytest.mark.slow


def run_twice(chapter, tmp_path):
    metrics = []
    for i in (1, 2):
        run_dir = bench.run([chapter], quick=True, out=tmp_path / f"run{i}")
        info = json.loads((run_dir / "run.json").read_text())
        record = json.loads((run_dir / f"ch{chapter}.json").read_text())
        assert info["complete"] and record["status"] == "ok", record["error"]
        assert record["mode"] == "quick" and record["seconds"] > 0
        assert record["peak_rss_mb"] > 100, "a kernel that imported NumPy and Keras holds more than 100 MB"
        assert (run_dir / f"ch{chapter}.out.ipynb").is_file()
        assert record["metrics"], f"chapter {chapter} should report metrics with results.record"
        metrics.append(record["metrics"])
    assert metrics[0].keys() == metrics[1].keys()
    return metrics


def test_numpy_chapter_gives_identical_metrics(tmp_path):
    # Exact equality: chapter 02 is NumPy in float64 with seeded generators. On one machine the same
    # BLAS library with the same thread count adds in the same order, so every bit repeats.
    first, second = run_twice("02", tmp_path)
    assert first == second


# Chapter 01 trains Keras models on the CPU. Measured on the 2-core machine: the two runs agree
# exactly. The tolerance allows for TensorFlow splitting a float32 reduction across several
# intra-op threads in a different order from run to run (last-bit differences, about 1e-7 relative,
# grown through two epochs of Adam); a seeding mistake changes these numbers by whole percents.
KERAS_RTOL = 1e-5


def test_keras_chapter_gives_the_same_metrics(tmp_path):
    first, second = run_twice("01", tmp_path)
    for name, value in first.items():
        if isinstance(value, str):
            assert value == second[name], name
        else:
            assert math.isclose(value, second[name], rel_tol=KERAS_RTOL, abs_tol=1e-12), (name, value, second[name])
