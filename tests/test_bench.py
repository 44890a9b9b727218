"""The benchmark's pieces: choosing chapters, measuring memory, promoting a run into docs/results.

Running real chapters through the benchmark is tested in tests/test_notebooks.py (slow: chapters 01 and 02 run
again there, and must report the same metrics).
"""

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from utils import bench, results


def test_select_chapters():
    every = bench.select(None)
    assert list(every)[:3] == ["00", "01", "02"] and every["02"].name.startswith("02_")
    assert list(bench.select(["2", "00"])) == ["00", "02"]
    assert list(bench.select(["notebooks/04_lstm_gru_vs_simplernn.ipynb"])) == ["04"]
    with pytest.raises(bench.BenchError, match=r"no chapter '42': the chapters are 00 01"):
        bench.select(["42"])
    with pytest.raises(TypeError, match=r"chapters must be a list of chapter numbers"):
        bench.select("00")


def test_machine_names_cpu_cores_and_versions():
    info = bench.machine()
    assert set(info) == {"cpu", "cores", "gpu", "python", "tensorflow", "keras"}
    assert info["cpu"] and info["cores"] >= 1 and info["keras"].startswith("3.")


@pytest.mark.parametrize("use_proc", [False, True])
def test_peak_memory_of_a_child_process(monkeypatch, use_proc):
    """A child holding 200 MB is seen by the monitor (psutil, or /proc without it)."""
    if use_proc:
        if not Path("/proc/self/status").exists():
            pytest.skip("no /proc here")
        monkeypatch.setitem(sys.modules, "psutil", None)          # `import psutil` now fails
    child = subprocess.Popen([sys.executable, "-c", "import time; b = bytearray(200 * 2**20); b[::4096] = b'x' * "
                              "len(b[::4096]); print('ready', flush=True); time.sleep(30)"],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        monitor = bench.Monitor("test", interval=0.05, show_every=1e9)
        monitor.start()
        time.sleep(0.5)
        peak = monitor.stop()
    finally:
        child.kill()
        child.wait()
    assert 200 <= peak < 2000, f"peak {peak:.0f} MB"


def _fake_run(base: Path, name="20261201-120000-full", mode="full", status=None) -> Path:
    run = base / name
    (run / "results").mkdir(parents=True)
    status = status or {"02": "ok", "04": "ok"}
    info = {"mode": mode, "chapters": list(status), "status": status, "complete": all(s == "ok" for s in status.values()),
            "machine": {"cpu": "Test CPU", "cores": 4, "gpu": "", "python": "3.11.7", "tensorflow": "2.21.0",
                        "keras": "3.15.1"}}
    (run / "run.json").write_text(json.dumps(info))
    metrics = {"02": {"best_adam_test_accuracy": 0.998, "best_adam_run": "Adam lr=0.01"}, "04": {}}
    for chapter in status:
        (run / f"ch{chapter}.json").write_text(json.dumps({
            "chapter": chapter, "notebook": f"{chapter}_x.ipynb", "mode": mode, "status": status[chapter],
            "seconds": 61.4, "peak_rss_mb": 1536.2, "metrics": metrics[chapter], "date": "2026-12-01"}))
    comparison = pd.read_csv(results.COMPARISON)
    comparison.assign(score_mean=comparison["score_mean"] * 0.5).to_csv(run / "results" / "ch04_comparison.csv",
                                                                        index=False)
    return run


@pytest.fixture
def promoted(tmp_path):
    docs, readme = tmp_path / "docs", tmp_path / "README.md"
    shutil.copytree(results.PROMOTED, docs)
    (docs / "ch04_stale.csv").write_text("a\n1\n")
    shutil.copy(results.README, readme)
    return docs, readme


def test_promote_merges_rows_copies_tables_and_renders_readme(tmp_path, promoted):
    docs, readme = promoted
    before = pd.read_csv(docs / "chapters.csv", dtype={"chapter": str}).set_index("chapter")
    run = _fake_run(tmp_path / "bench")
    assert bench.promote(None, docs, readme, base=tmp_path / "bench") == run     # the latest run
    chapters = pd.read_csv(docs / "chapters.csv", dtype=str, keep_default_na=False).set_index("chapter")
    assert list(chapters.columns) == results.CHAPTER_COLUMNS[1:]
    assert list(chapters.index) == sorted(chapters.index) and len(chapters) == len(before)
    assert chapters.loc["02", "seconds"] == "61" and chapters.loc["02", "cpu"] == "Test CPU"
    assert chapters.loc["02", "peak_rss_mb"] == "1536" and chapters.loc["02", "keras"] == "3.15.1"
    assert chapters.loc["05", "seconds"] == str(before.loc["05", "seconds"]), "other chapters keep their rows"
    metrics_before = pd.read_csv(results.PROMOTED / "metrics.csv", dtype=str, keep_default_na=False)
    metrics = pd.read_csv(docs / "metrics.csv", dtype=str, keep_default_na=False)
    assert metrics[metrics.chapter == "02"].to_dict("records") == [
        {"chapter": "02", "metric": "best_adam_run", "value": "Adam lr=0.01"},
        {"chapter": "02", "metric": "best_adam_test_accuracy", "value": "0.998"}]
    assert metrics[metrics.chapter == "04"].empty, "the run's chapter 04 reported no metrics"
    kept = metrics_before[~metrics_before.chapter.isin(["02", "04"])]
    assert metrics[~metrics.chapter.isin(["02", "04"])].reset_index(drop=True).equals(kept.reset_index(drop=True)), \
        "other chapters keep their metrics"
    assert not (docs / "ch04_stale.csv").exists(), "tables the run did not report are removed"
    assert (docs / "ch04_comparison.csv").read_text() == (run / "results" / "ch04_comparison.csv").read_text()
    text = readme.read_text(encoding="utf-8")
    assert results.render_readme(text, docs) == text
    row = next(line for line in text.splitlines() if line.startswith("| 02 |"))
    assert "| 1 min 1 s | 1.5 GB |" in row, row
    assert "Test CPU (4 cores, no GPU)" in text and f"{before.loc['05', 'cpu']} ({before.loc['05', 'cores']} cores" in text, \
        "the run's machine and the machine of the chapters it did not run are both named"


@pytest.mark.parametrize("mode,status,message", [
    ("quick", {"02": "ok"}, r"is a quick-mode run; only full-mode runs are promoted"),
    ("full", {"02": "ok", "04": "failed"}, r"did not finish with every chapter passing \(failed or not run: 04\)"),
])
def test_promote_refuses_quick_or_failed_runs(tmp_path, promoted, mode, status, message):
    docs, readme = promoted
    run = _fake_run(tmp_path / "bench", mode=mode, status=status)
    before = {p.name: p.read_bytes() for p in docs.iterdir()}
    with pytest.raises(bench.BenchError, match=message):
        bench.promote(run, docs, readme)
    assert {p.name: p.read_bytes() for p in docs.iterdir()} == before, "nothing is changed"


def test_find_run_errors(tmp_path):
    with pytest.raises(bench.BenchError, match=r"no benchmark run under .*: run `python3 tasks.py bench` first"):
        bench.find_run(None, tmp_path)
    with pytest.raises(bench.BenchError, match=r"'nope' is not a benchmark run"):
        bench.find_run("nope", tmp_path)
    run = _fake_run(tmp_path)
    assert bench.find_run(run.name, tmp_path) == run == bench.find_run(str(run))


def test_cli_errors_are_one_line(capsys):
    assert bench.main(["42"]) == 1
    assert capsys.readouterr().err.strip() == "bench: error: no chapter '42': the chapters are " + " ".join(bench.select(None))
    assert bench.main(["--promote", "a", "b"]) == 1
    assert "--promote takes at most one run folder" in capsys.readouterr().err


def test_tasks_py_errors_are_one_line():
    result = subprocess.run([sys.executable, "tasks.py", "bogus"], capture_output=True, text=True,
                            cwd=results.config.repo_root())
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "tasks.py: error: argument command: invalid choice: 'bogus' (choose from 'setup', 'lab', 'test', 'bench', "
        "'time', 'speed', 'torch', 'assign') (see `python3 tasks.py --help`)"]


def test_tasks_py_reports_what_a_run_changed_in_the_tree():
    import importlib.util

    spec = importlib.util.spec_from_file_location("tasks", results.config.repo_root() / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)
    before = [" M README.md", "?? notes.txt"]               # a developer's tree need not be clean
    assert tasks.tree_changes(before, list(before)) == []
    assert tasks.tree_changes(before, [" M README.md", " M docs/results/chapters.csv"]) == [
        "now:  M docs/results/chapters.csv", "was: ?? notes.txt"]
    assert tasks.tree_changes(None, ["?? x"]) == []             # not a git checkout: nothing to compare
    assert isinstance(tasks.git_status(), (list, type(None)))


def test_a_gpu_run_is_promoted_apart(tmp_path, promoted):
    docs, readme = promoted
    run = _fake_run(tmp_path / "bench")
    info = json.loads((run / "run.json").read_text())
    info["machine"]["gpu"] = "NVIDIA H200"
    (run / "run.json").write_text(json.dumps(info))
    before = {p.name: p.read_bytes() for p in docs.iterdir() if p.is_file()}
    readme_before = readme.read_text(encoding="utf-8")
    bench.promote(run, docs, readme)
    assert {p.name: p.read_bytes() for p in docs.iterdir() if p.is_file()} == before
    assert readme.read_text(encoding="utf-8") == readme_before
    gpu = pd.read_csv(docs / "gpu" / "chapters.csv", dtype=str)
    assert list(gpu["chapter"]) == ["02", "04"] and set(gpu["gpu"]) == {"NVIDIA H200"}
    assert (docs / "gpu" / "ch04_comparison.csv").is_file()
