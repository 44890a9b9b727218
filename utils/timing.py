"""Measure how long each notebook takes, top to bottom, and record it in docs/timings.csv.

    python3 tasks.py time                      # every notebook, full mode (what a student runs)
    python3 tasks.py time --quick notebooks/01_simple_rnn_dummy_data.ipynb

The wall time includes starting the kernel and importing TensorFlow, as a student would see it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from . import config

TIMINGS = config.repo_root() / "docs" / "timings.csv"
FIELDS = ["notebook", "mode", "seconds", "cpus", "python", "date"]


def execute(path: Path, timeout: int = 900) -> float:
    """Execute a notebook in its own folder (outputs are discarded); return wall seconds."""
    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - t0


def record(path: Path, mode: str, seconds: float) -> None:
    rows = []
    if TIMINGS.exists():
        with open(TIMINGS, newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if not (r["notebook"] == path.name and r["mode"] == mode)]
    rows.append({"notebook": path.name, "mode": mode, "seconds": f"{seconds:.0f}",
                 "cpus": str(os.cpu_count()), "python": platform.python_version(),
                 "date": dt.date.today().isoformat()})
    rows.sort(key=lambda r: (r["notebook"], r["mode"]))
    TIMINGS.parent.mkdir(exist_ok=True)
    with open(TIMINGS, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.timing")
    parser.add_argument("--quick", action="store_true", help="label the run as quick mode")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else "full"
    if config.QUICK != args.quick:
        raise SystemExit(f"RNN_QUICK does not match --quick: run through `python3 tasks.py time`")
    paths = [p.resolve() for p in args.notebooks] or sorted((config.repo_root() / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        seconds = execute(path)
        record(path, mode, seconds)
        print(f"{path.name:<45} {mode:>5} {seconds:7.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
