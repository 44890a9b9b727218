"""Measured results: what each chapter reports (:func:`record`), and the README's tables rendered from them.

A notebook reports its headline numbers with one call, which writes only to a git-ignored folder
(``notebooks/artifacts/results/``, or ``$RNN_RESULTS_DIR``)::

    results.record("05", test_accuracy=0.781, bag_of_words_accuracy=0.778)
    results.record_table("04", "comparison", summary)     # a pandas DataFrame, written as CSV

The benchmark (``python3 tasks.py bench``) reads these files after each chapter has run.

Chapter 04 writes ``docs/results/ch04_comparison.csv`` at the end of a full-mode run. The README's
comparison table is :func:`comparison_table` of that file, and a test checks that the two agree,
so no number in the README can drift from the run that produced it. After a new full run::

    python -m utils.results          # prints the table to paste into README.md
"""

from __future__ import annotations

import datetime as dt
import json
import math
import numbers
import os
import re
import sys
from pathlib import Path

import pandas as pd

from . import config

RESULTS_DIR_ENV = "RNN_RESULTS_DIR"
_CHAPTER = re.compile(r"^[0-9]{2}$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def results_dir() -> Path:
    """Where notebooks report their results: ``$RNN_RESULTS_DIR`` or ``notebooks/artifacts/results`` (git-ignored)."""
    override = os.environ.get(RESULTS_DIR_ENV)
    if override:
        path = Path(override).expanduser()
        if not path.is_absolute():
            raise ValueError(f"{RESULTS_DIR_ENV} must be an absolute path, got {override!r}")
        return path
    return config.repo_root() / "notebooks" / "artifacts" / "results"


def _check_chapter(chapter) -> str:
    if not isinstance(chapter, str) or not _CHAPTER.match(chapter):
        raise ValueError(f"chapter must be a two-digit string such as '05', got {chapter!r}")
    return chapter


def record(chapter: str, **metrics) -> Path:
    """Report a chapter's headline numbers (merged into ``results_dir()/chNN.json``); return the file.

    Values must be finite numbers (NumPy scalars are fine) or short strings. The file also records
    the mode (quick or full) and the date; a later call for the same chapter adds or replaces keys.

    >>> record("05", test_accuracy=0.781)                     # doctest: +SKIP
    PosixPath('.../notebooks/artifacts/results/ch05.json')
    """
    _check_chapter(chapter)
    if not metrics:
        raise ValueError("record() needs at least one metric, e.g. record('05', test_accuracy=0.78)")
    clean = {}
    for name, value in metrics.items():
        if not _NAME.match(name):
            raise ValueError(f"metric name {name!r} must be lower_snake_case")
        if isinstance(value, bool) or not isinstance(value, (numbers.Real, str)):
            raise TypeError(f"metric {name!r} must be a real number or a string, got {type(value).__name__}: {value!r}")
        if isinstance(value, str):
            if len(value) > 200:
                raise ValueError(f"metric {name!r} is a string of {len(value)} characters; at most 200")
            clean[name] = value
            continue
        value = float(value) if not isinstance(value, numbers.Integral) else int(value)
        if not math.isfinite(value):
            raise ValueError(f"metric {name!r} must be finite, got {value!r}")
        clean[name] = value
    path = results_dir() / f"ch{chapter}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    old = json.loads(path.read_text()) if path.is_file() else {}
    if old.get("mode") != config.mode_name():
        old = {}
    merged = {**old.get("metrics", {}), **clean}
    payload = {"chapter": chapter, "mode": config.mode_name(), "date": dt.date.today().isoformat(), "metrics": merged}
    path.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n")
    return path


def record_table(chapter: str, name: str, frame: pd.DataFrame) -> Path:
    """Report a table of results as ``results_dir()/chNN_<name>.csv`` (e.g. chapter 04's comparison)."""
    _check_chapter(chapter)
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"name must be lower_snake_case, got {name!r}")
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise ValueError(f"frame must be a non-empty pandas DataFrame, got {type(frame).__name__}")
    path = results_dir() / f"ch{chapter}_{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    if "mode" not in frame.columns:
        frame = frame.assign(mode=config.mode_name())
    frame.to_csv(path, index=False)
    return path


COMPARISON = config.repo_root() / "docs" / "results" / "ch04_comparison.csv"
_NEEDED = ["task", "model", "runs", "score_mean", "score_std", "metric", "baseline", "params",
           "sec_per_epoch_mean", "mode"]


def comparison_table(path: Path | str = COMPARISON) -> str:
    """The Markdown table of chapter 04's comparison (full-mode results only).

    >>> print(comparison_table().splitlines()[0])                       # doctest: +SKIP
    | task | model | score (mean ± sd over 3 seeds) | metric | baseline | parameters | s/epoch |
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: run notebooks/04_lstm_gru_vs_simplernn.ipynb in full mode "
                                "(the default) to write it")
    frame = pd.read_csv(path)
    missing = [c for c in _NEEDED if c not in frame.columns]
    if missing:
        raise ValueError(f"{path} lacks the columns {missing}; it was written by an older chapter 04: run it again")
    if frame.empty:
        raise ValueError(f"{path} holds no rows: run chapter 04 in full mode again")
    if set(frame["mode"]) != {"full"}:
        raise ValueError(f"{path} holds {sorted(set(frame['mode']))} results; the README shows full-mode runs only")
    seeds = sorted(set(frame["runs"]))
    if len(seeds) != 1:
        raise ValueError(f"{path} mixes runs over {seeds} seeds; chapter 04 trains every model on the same seeds")
    seeds_text = f"{seeds[0]} seed{'s' if seeds[0] != 1 else ''}"
    lines = [f"| task | model | score (mean ± sd over {seeds_text}) | metric | baseline | parameters | s/epoch |",
             "|---|---|---|---|---|---|---|"]
    for row in frame.itertuples():
        digits = 4 if row.score_mean < 0.1 else 3
        spread = "n/a" if pd.isna(row.score_std) else f"{row.score_std:.{digits}f}"
        lines.append(f"| {row.task} | {row.model} | {row.score_mean:.{digits}f} ± {spread} | {row.metric} | "
                     f"{row.baseline:.3f} | {row.params:,} | {row.sec_per_epoch_mean:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) > 1:
        print("usage: python -m utils.results [path/to/ch04_comparison.csv]", file=sys.stderr)
        return 2
    print(comparison_table(*argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
