"""The benchmark: run chapters one at a time and record wall time, peak memory and reported metrics.

    python3 tasks.py bench                   # every chapter, full mode (what a student runs)
    python3 tasks.py bench 00 02 --quick     # some chapters, quick mode (for trying it out)
    python3 tasks.py bench --promote         # copy the latest finished full-mode run into docs/results/

Each run gets a git-ignored folder ``notebooks/artifacts/bench/<YYYYmmdd-HHMMSS>-<mode>/`` holding
``run.json`` (mode, machine, versions, chapters and their status, ``complete``), ``chNN.json`` per
chapter (seconds, peak_rss_mb, status, metrics), ``chNN.out.ipynb`` (the executed notebook, to read
its outputs) and ``results/`` (what the chapter reported with :func:`utils.results.record` and
:func:`utils.results.record_table`; the kernel's ``$RNN_RESULTS_DIR`` points there).

The wall time includes starting the kernel and importing TensorFlow, as a student sees it. Peak
memory is the largest total resident set size of the kernel and its child processes, polled every
0.2 s (with psutil when installed, else /proc) and at least the kernel's own high-water mark.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

from . import config, results

BENCH_DIR = config.repo_root() / "notebooks" / "artifacts" / "bench"
_RUN_NAME = re.compile(r"^\d{8}-\d{6}-(full|quick)$")


class BenchError(RuntimeError):
    """A benchmark command cannot do what was asked (the message says why and what to run)."""


# --------------------------------------------------------------------------------------------
# What to run, and on what
# --------------------------------------------------------------------------------------------


def chapter_notebooks() -> dict[str, Path]:
    """``{"00": notebooks/00_start_here.ipynb, ...}``."""
    found = sorted((config.repo_root() / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    return {p.name[:2]: p for p in found}


def select(chapters: list[str] | tuple[str, ...] | None) -> dict[str, Path]:
    """The notebooks for ``chapters`` (two-digit strings, or notebook paths); all of them for None or []."""
    available = chapter_notebooks()
    if chapters is None or len(chapters) == 0:
        return available
    if isinstance(chapters, str) or not isinstance(chapters, (list, tuple)):
        raise TypeError(f"chapters must be a list of chapter numbers such as ['00', '02'], got {chapters!r}")
    chosen = {}
    for item in chapters:
        key = Path(str(item)).name[:2] if str(item).endswith(".ipynb") else str(item).zfill(2)
        if key not in available:
            raise BenchError(f"no chapter {item!r}: the chapters are {' '.join(available)}")
        chosen[key] = available[key]
    return dict(sorted(chosen.items()))


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return re.sub(r"\s+", " ", line.split(":", 1)[1]).strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def _gpu() -> str:
    if not shutil.which("nvidia-smi"):
        return ""
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"], capture_output=True,
                             text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return ""
    return "; ".join(line.strip() for line in out.stdout.splitlines() if line.strip()) if out.returncode == 0 else ""


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def machine() -> dict:
    """CPU model, cores, GPU (empty if none), and the Python/TensorFlow/Keras versions."""
    return {"cpu": _cpu_model(), "cores": os.cpu_count() or 0, "gpu": _gpu(),
            "python": platform.python_version(), "tensorflow": _version("tensorflow"), "keras": _version("keras")}


# --------------------------------------------------------------------------------------------
# Peak memory of the kernel (and its children)
# --------------------------------------------------------------------------------------------


def _proc_tree_rss(root_pid: int) -> tuple[int, int]:
    """(sum of RSS over the descendants of ``root_pid``, largest VmHWM among them), in bytes, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    total = hwm = 0
    stack = list(children.get(root_pid, []))
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        total += int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
        hwm = max(hwm, int(fields.get("VmHWM", "0 kB").split()[0]) * 1024)
    return total, hwm


def _tree_rss(root_pid: int) -> tuple[int, int]:
    try:
        import psutil
    except ImportError:
        return _proc_tree_rss(root_pid) if Path("/proc/self/status").exists() else (0, 0)
    total = 0
    try:
        kids = psutil.Process(root_pid).children(recursive=True)
    except psutil.Error:
        return 0, 0
    for kid in kids:
        try:
            total += kid.memory_info().rss
        except psutil.Error:
            pass
    hwm = 0
    for kid in kids:  # the high-water mark catches peaks between two polls (Linux only)
        try:
            status = Path(f"/proc/{kid.pid}/status").read_text()
            hwm = max(hwm, int(status.split("VmHWM:")[1].split()[0]) * 1024)
        except (OSError, IndexError, ValueError):
            pass
    return total, hwm


class Monitor(threading.Thread):
    """Polls the memory of this process's children (the kernel) and shows a progress line."""

    def __init__(self, label: str, interval: float = 0.2, show_every: float | None = None):
        super().__init__(daemon=True)
        self.label, self.interval = label, interval
        self.tty = sys.stdout.isatty()
        self.show_every = show_every if show_every is not None else (1.0 if self.tty else 60.0)
        self.peak = 0
        self.t0 = time.perf_counter()
        self._stop_event = threading.Event()

    def run(self):
        last_shown = time.perf_counter()
        while not self._stop_event.wait(self.interval):
            total, hwm = _tree_rss(os.getpid())
            self.peak = max(self.peak, total, hwm)
            if time.perf_counter() - last_shown >= self.show_every:
                last_shown = time.perf_counter()
                line = f"{self.label}  {duration_text(time.perf_counter() - self.t0)} elapsed, peak {self.peak / 2**20:,.0f} MB"
                print(("\r" + line + "   ") if self.tty else line, end="" if self.tty else "\n", flush=True)

    def stop(self) -> float:
        """Stop polling; return the peak in MB."""
        self._stop_event.set()
        self.join()
        if self.tty:
            print("\r" + " " * 100 + "\r", end="", flush=True)
        return self.peak / 2**20


def duration_text(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


# --------------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------------


def _write_json(path: Path, payload: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n")
    tmp.replace(path)


def run_chapter(chapter: str, path: Path, run_dir: Path, label: str, timeout: int = 1800) -> dict:
    """Execute one notebook in a fresh kernel; return (and write to ``run_dir/chNN.json``) its record."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    results_folder = run_dir / "results"
    results_folder.mkdir(parents=True, exist_ok=True)
    results.clear(chapter, results_folder)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    monitor = Monitor(label)
    status, error = "ok", ""
    t0 = time.perf_counter()
    monitor.start()
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as err:
        status = "failed"
        lines = [line for line in str(err).strip().splitlines() if line.strip()]
        error = (lines[-1] if lines else type(err).__name__)[:300]
    finally:
        seconds = time.perf_counter() - t0
        peak = monitor.stop()
    nbformat.write(nb, run_dir / f"ch{chapter}.out.ipynb")
    reported = results.recorded(chapter, results_folder)
    if status == "ok" and reported["mode"] not in (None, config.mode_name()):
        status, error = "failed", f"the chapter reported {reported['mode']}-mode results in a {config.mode_name()}-mode run"
    record = {"chapter": chapter, "notebook": path.name, "mode": config.mode_name(), "status": status, "error": error,
              "seconds": round(seconds, 1), "peak_rss_mb": round(peak, 1), "metrics": reported["metrics"],
              "tables": [p.name for p in reported["tables"]], "date": dt.date.today().isoformat()}
    _write_json(run_dir / f"ch{chapter}.json", record)
    return record


def run(chapters: list[str] | None = None, quick: bool = False, out: Path | None = None) -> Path:
    """Run ``chapters`` (default: all) one at a time in a new run folder; return the folder.

    Sets ``RNN_QUICK`` and ``RNN_RESULTS_DIR`` for the kernels. A failed chapter is recorded and the
    run goes on; ``run.json``'s ``complete`` is true only when every chapter passed.
    """
    selected = select(chapters)
    if not isinstance(quick, bool):
        raise TypeError(f"quick must be True or False, got {type(quick).__name__}: {quick!r}")
    saved_env = {k: os.environ.get(k) for k in (config.QUICK_ENV, results.RESULTS_DIR_ENV, "MPLBACKEND")}
    saved_quick = config.QUICK
    try:
        return _run(selected, quick, BENCH_DIR if out is None else Path(out))
    finally:  # the kernels inherited these; this process gets its own settings back
        config.QUICK = saved_quick
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _run(selected: dict[str, Path], quick: bool, base: Path) -> Path:
    os.environ[config.QUICK_ENV] = "1" if quick else "0"
    config.QUICK = quick  # this process labels what the kernels run
    mode = config.mode_name()
    run_dir = base / f"{dt.datetime.now():%Y%m%d-%H%M%S}-{mode}"
    while run_dir.exists():  # two runs in the same second (tests)
        time.sleep(1)
        run_dir = base / f"{dt.datetime.now():%Y%m%d-%H%M%S}-{mode}"
    run_dir.mkdir(parents=True)
    os.environ[results.RESULTS_DIR_ENV] = str(run_dir / "results")
    os.environ.setdefault("MPLBACKEND", "Agg")
    info = {"mode": mode, "started": dt.datetime.now().isoformat(timespec="seconds"), "finished": None,
            "machine": machine(), "chapters": list(selected), "status": {}, "complete": False}
    _write_json(run_dir / "run.json", info)
    print(f"bench: {len(selected)} chapter(s) in {mode} mode -> {run_dir}", flush=True)
    t_all = time.perf_counter()
    for i, (chapter, path) in enumerate(selected.items(), 1):
        label = f"[{i}/{len(selected)}] {chapter} {path.stem}"
        print(f"{label}  starting", flush=True)
        record = run_chapter(chapter, path, run_dir, label)
        info["status"][chapter] = record["status"]
        _write_json(run_dir / "run.json", info)
        what = (f"{len(record['metrics'])} metric(s), {len(record['tables'])} table(s)" if record["status"] == "ok"
                else f"FAILED: {record['error']}")
        print(f"{label}  {duration_text(record['seconds'])} ({record['seconds']:.0f} s), peak "
              f"{record['peak_rss_mb']:,.0f} MB, {what}  [{i}/{len(selected)} done, "
              f"{duration_text(time.perf_counter() - t_all)} in all]", flush=True)
    info["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    info["complete"] = all(s == "ok" for s in info["status"].values())
    _write_json(run_dir / "run.json", info)
    failed = [c for c, s in info["status"].items() if s != "ok"]
    print(f"bench: finished in {duration_text(time.perf_counter() - t_all)}; "
          + (f"FAILED: {' '.join(failed)}" if failed else "all passed. " + (
              "Promote it with `python3 tasks.py bench --promote`." if mode == "full"
              else "(A quick-mode run: only full-mode runs can be promoted.)")), flush=True)
    return run_dir


# --------------------------------------------------------------------------------------------
# Promoting a run into docs/results
# --------------------------------------------------------------------------------------------


def find_run(run: str | Path | None = None, base: Path | None = None) -> Path:
    """The run folder named ``run`` (a path, or a name under the bench folder); the latest run for None."""
    base = BENCH_DIR if base is None else Path(base)
    if run is None:
        runs = sorted(p for p in base.glob("*") if p.is_dir() and _RUN_NAME.match(p.name)) if base.is_dir() else []
        if not runs:
            raise BenchError(f"no benchmark run under {base}: run `python3 tasks.py bench` first")
        return runs[-1]
    path = Path(run)
    for candidate in (path, base / str(run)):
        if (candidate / "run.json").is_file():
            return candidate
    raise BenchError(f"{run!r} is not a benchmark run (no run.json in {path} or {base / str(run)})")


def _csv_rows(path: Path) -> list[dict]:
    import csv

    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def promote(run: str | Path | None = None, docs: Path | None = None, readme: Path | None = None,
            base: Path | None = None) -> Path:
    """Copy a complete full-mode run into ``docs`` (docs/results) and re-render ``readme``; return the run.

    Rows of the run's chapters replace those in ``chapters.csv`` and ``metrics.csv``; other chapters
    keep theirs. The run's tables replace that chapter's ``chNN_*.csv`` files. A run on a machine
    with a GPU goes to ``docs/gpu/`` instead (same files), and the README is left as it is.
    """
    run_dir = find_run(run, base)
    docs = results.PROMOTED if docs is None else Path(docs)
    readme = results.README if readme is None else Path(readme)
    info = json.loads((run_dir / "run.json").read_text())
    if info.get("mode") != "full":
        raise BenchError(f"{run_dir.name} is a {info.get('mode')}-mode run; only full-mode runs are promoted "
                         "(run `python3 tasks.py bench` without --quick)")
    failed = [c for c in info["chapters"] if info["status"].get(c) != "ok"]
    if failed or not info.get("complete"):
        raise BenchError(f"{run_dir.name} did not finish with every chapter passing (failed or not run: "
                         f"{' '.join(failed) or 'none'}); fix them and run the benchmark again")
    records = [json.loads((run_dir / f"ch{c}.json").read_text()) for c in info["chapters"]]
    promoted = {r["chapter"] for r in records}
    m = info["machine"]
    if m.get("gpu"):  # GPU times are kept apart: the README shows the CPU reference machine
        docs = docs / "gpu"
    chapters = [r for r in _csv_rows(docs / "chapters.csv") if r["chapter"] not in promoted]
    chapters += [{"chapter": r["chapter"], "notebook": r["notebook"], "seconds": f"{r['seconds']:.0f}",
                  "peak_rss_mb": f"{r['peak_rss_mb']:.0f}", "date": r["date"], "cpu": m["cpu"], "cores": m["cores"],
                  "gpu": m["gpu"], "python": m["python"], "tensorflow": m["tensorflow"], "keras": m["keras"]}
                 for r in records]
    metrics = [r for r in _csv_rows(docs / "metrics.csv") if r["chapter"] not in promoted]
    metrics += [{"chapter": r["chapter"], "metric": k, "value": v} for r in records for k, v in sorted(r["metrics"].items())]
    docs.mkdir(parents=True, exist_ok=True)
    _write_csv(docs / "chapters.csv", results.CHAPTER_COLUMNS, sorted(chapters, key=lambda r: r["chapter"]))
    _write_csv(docs / "metrics.csv", ["chapter", "metric", "value"], sorted(metrics, key=lambda r: (r["chapter"], r["metric"])))
    for chapter in sorted(promoted):
        for old in docs.glob(f"ch{chapter}_*.csv"):
            old.unlink()
        for table in sorted((run_dir / "results").glob(f"ch{chapter}_*.csv")):
            shutil.copyfile(table, docs / table.name)
    if not m.get("gpu"):
        results.write_readme(readme, docs)
    return run_dir


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", help="chapter numbers such as 00 02 (default: all); with --promote, "
                                                    "the run to promote (default: the latest)")
    parser.add_argument("--quick", action="store_true", help="quick mode (for trying the benchmark out)")
    parser.add_argument("--promote", action="store_true", help="copy a finished full-mode run into docs/results/")
    args = parser.parse_args(argv)
    try:
        if args.promote:
            if len(args.chapters) > 1 or args.quick:
                raise BenchError("--promote takes at most one run folder and no --quick")
            run_dir = promote(args.chapters[0] if args.chapters else None)
            print(f"promoted {run_dir} into {results.PROMOTED}; README.md rendered from it. Review `git diff` and commit.")
            return 0
        run_dir = run(args.chapters, quick=args.quick)
        return 0 if json.loads((run_dir / "run.json").read_text())["complete"] else 1
    except KeyboardInterrupt:
        print("\nbench: interrupted (the run folder is kept, marked incomplete)", file=sys.stderr)
        return 130
    except (BenchError, ValueError, TypeError, OSError) as err:
        print(f"bench: error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
