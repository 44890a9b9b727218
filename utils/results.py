"""Measured results: what each chapter reports (:func:`record`), and the README's tables rendered from them.

A notebook reports its headline numbers with one call, which writes only to a git-ignored folder
(``notebooks/artifacts/results/``, or ``$RNN_RESULTS_DIR``)::

    results.record("05", test_accuracy=0.781, bag_of_words_accuracy=0.778)
    results.record_table("04", "comparison", summary)     # a pandas DataFrame, written as CSV

``python3 tasks.py bench`` runs chapters with ``$RNN_RESULTS_DIR`` pointing into its run folder and
collects these files; ``python3 tasks.py bench --promote`` copies a finished full-mode run into
``docs/results/`` (``chapters.csv``, ``metrics.csv``, the tables) and re-renders the README from
those files and ``docs/results/goals.csv``. By hand::

    python -m utils.results readme           # rewrite README.md's generated blocks from docs/results
    python -m utils.results readme --check   # exit 1 if README.md differs (what the test checks)
    python -m utils.results table            # print the layer-comparison table

The file formats are described in ``docs/results/README.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import numbers
import os
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from . import checks, config

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
        if path.exists() and not path.is_dir():
            raise ValueError(f"{RESULTS_DIR_ENV} must name a folder, but {override!r} is a file")
        return path
    return config.repo_root() / "notebooks" / "artifacts" / "results"


def _check_chapter(chapter) -> str:
    checks.check_str(chapter, "chapter")
    if not _CHAPTER.match(chapter):
        raise checks.fail(ValueError, "chapter", "a two-digit str such as '05'", repr(chapter))
    return chapter


def _clean_value(name: str, value):
    if isinstance(value, str):
        if len(value) > 200:
            raise checks.fail(ValueError, f"metric {name!r}", "a str of at most 200 characters",
                              f"a str of {len(value)} characters")
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        return checks.check_int(value, f"metric {name!r}")
    return checks.check_real(value, f"metric {name!r}", what="a finite real number or a str")


def record(chapter: str, **metrics) -> Path:
    """Report a chapter's headline numbers (merged into ``results_dir()/chNN.json``); return the file.

    Values must be finite real numbers (NumPy scalars are fine; bools are not) or strings of at most
    200 characters; names are lower_snake_case. The file also records the mode (quick or full) and
    the date; a later call for the same chapter in the same mode adds or replaces keys, and a call
    in the other mode starts the file afresh.

    >>> record("05", test_accuracy=0.781)                     # doctest: +SKIP
    PosixPath('.../notebooks/artifacts/results/ch05.json')
    """
    _check_chapter(chapter)
    if not metrics:
        raise ValueError("record() needs at least one metric, e.g. record('05', test_accuracy=0.78)")
    clean = {}
    for name, value in metrics.items():
        if not _NAME.match(name):
            raise checks.fail(ValueError, "metric name", "lower_snake_case", repr(name))
        clean[name] = _clean_value(name, value)
    path = results_dir() / f"ch{chapter}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        old = json.loads(path.read_text()) if path.is_file() else {}
    except ValueError:
        old = {}  # a half-written file from an interrupted run: start again
    if not isinstance(old, dict) or old.get("mode") != config.mode_name():
        old = {}
    merged = {**old.get("metrics", {}), **clean}
    payload = {"chapter": chapter, "mode": config.mode_name(), "date": dt.date.today().isoformat(), "metrics": merged}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n")
    tmp.replace(path)
    return path


def record_table(chapter: str, name: str, frame: pd.DataFrame) -> Path:
    """Report a table of results as ``results_dir()/chNN_<name>.csv`` (e.g. chapter 04's comparison).

    A ``mode`` column (quick or full) is added unless the frame has one. The index is not written.
    """
    _check_chapter(chapter)
    checks.check_str(name, "name")
    if not _NAME.match(name):
        raise checks.fail(ValueError, "name", "a lower_snake_case str such as 'comparison'", repr(name))
    checks.check_dataframe(frame, "frame")
    columns = list(frame.columns)
    if not all(isinstance(c, str) and c for c in columns) or len(set(columns)) != len(columns):
        raise checks.fail(ValueError, "frame", "a DataFrame whose columns are distinct non-empty str", f"columns {columns}")
    path = results_dir() / f"ch{chapter}_{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    if "mode" not in frame.columns:
        frame = frame.assign(mode=config.mode_name())
    frame.to_csv(path, index=False)
    return path


def recorded(chapter: str, folder: Path | None = None) -> dict:
    """What ``chapter`` reported into ``folder`` (default :func:`results_dir`): mode, metrics, table files."""
    _check_chapter(chapter)
    folder = results_dir() if folder is None else Path(folder)
    path = folder / f"ch{chapter}.json"
    payload = json.loads(path.read_text()) if path.is_file() else {}
    return {"mode": payload.get("mode"), "metrics": payload.get("metrics", {}),
            "tables": sorted(folder.glob(f"ch{chapter}_*.csv"))}


def clear(chapter: str, folder: Path | None = None) -> list[Path]:
    """Delete what ``chapter`` reported into ``folder`` (default :func:`results_dir`); return the files removed."""
    _check_chapter(chapter)
    folder = results_dir() if folder is None else Path(folder)
    found = [folder / f"ch{chapter}.json", *folder.glob(f"ch{chapter}_*.csv")]
    removed = [p for p in found if p.is_file()]
    for path in removed:
        path.unlink()
    return removed


# --------------------------------------------------------------------------------------------
# The README's tables, rendered from docs/results
# --------------------------------------------------------------------------------------------

PROMOTED = config.repo_root() / "docs" / "results"
README = config.repo_root() / "README.md"
COMPARISON = PROMOTED / "ch04_comparison.csv"
CHAPTER_COLUMNS = ["chapter", "notebook", "seconds", "peak_rss_mb", "date", "cpu", "cores", "gpu",
                   "python", "tensorflow", "keras"]
GOAL_COLUMNS = ["chapter", "metric", "goal", "direction", "description"]
BLOCKS = {
    "learning-path": "<!-- begin learning-path: `python -m utils.results readme` renders the last three columns "
                     "from docs/results; edit the others -->",
    "comparison": "<!-- begin comparison: rendered by `python -m utils.results readme` from "
                  "docs/results/ch04_comparison.csv -->",
}
_END = "<!-- end {} -->"
_NEEDED = ["task", "model", "runs", "score_mean", "score_std", "metric", "baseline", "params",
           "sec_per_epoch_mean", "mode"]


def comparison_table(path: Path | str = COMPARISON) -> str:
    """The Markdown table of chapter 04's comparison (full-mode results only).

    >>> print(comparison_table().splitlines()[0])                       # doctest: +SKIP
    | task | model | score (mean ± sd over 3 seeds) | metric | baseline | parameters | s/epoch |
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: run `python3 tasks.py bench 04` (full mode), then "
                                "`python3 tasks.py bench --promote`")
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


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.is_file():
        return pd.DataFrame(columns=columns)
    frame = pd.read_csv(path, dtype={"chapter": str}, keep_default_na=False)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{path} lacks the columns {missing} (expected {columns})")
    bad = [c for c in frame["chapter"] if not _CHAPTER.match(c)]
    if bad:
        raise ValueError(f"{path}: chapter must be two digits such as '05', got {bad[:3]}")
    return frame


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def fmt(value) -> str:
    """A measured value for the README: 3 significant digits, thousands separated; text as it is."""
    number = _number(value)
    if number is None:
        return str(value)
    if abs(number) >= 1000 or number == int(number) and abs(number) >= 100:
        return f"{number:,.0f}"
    return f"{number:.3g}"


def duration(seconds) -> str:
    """``20 s``, ``3 min 51 s`` (empty or missing: ``not measured``)."""
    number = _number(seconds)
    if number is None:
        return "not measured"
    total = int(round(number))
    return f"{total} s" if total < 60 else f"{total // 60} min {total % 60} s"


def memory(megabytes) -> str:
    number = _number(megabytes)
    if number is None:
        return "—"
    return f"{number / 1024:.1f} GB" if number >= 1024 else f"{number:.0f} MB"


def _goal_value(chapter: str, metric: str, direction: str, metrics: dict, folder: Path) -> tuple[float | None, str]:
    """The measured value for a goal: a recorded metric, or ``table/task/model`` (model ``*``: the best)."""
    if "/" not in metric:
        return _number(metrics.get(metric)), ""
    table, task, model = (metric.split("/", 2) + ["", ""])[:3]
    path = folder / f"ch{chapter}_{table}.csv"
    if not path.is_file():
        return None, ""
    rows = pd.read_csv(path)
    rows = rows[rows["task"] == task]
    if model != "*":
        rows = rows[rows["model"] == model]
    if rows.empty:
        return None, ""
    best = rows.loc[rows["score_mean"].idxmax() if direction == ">=" else rows["score_mean"].idxmin()]
    return float(best["score_mean"]), (f", {best['model']}" if model == "*" else "")


def goals_cell(chapter: str, goals: pd.DataFrame, metrics: dict, folder: Path) -> str:
    """``label value (goal ≥ x: met)`` for each goal of ``chapter``; ``—`` when it has none."""
    parts = []
    for goal in goals[goals["chapter"] == chapter].itertuples():
        if goal.direction not in (">=", "<="):
            raise ValueError(f"goals.csv, chapter {chapter}, {goal.metric}: direction must be '>=' or '<=', "
                             f"got {goal.direction!r}")
        target = _number(goal.goal)
        if target is None:
            raise ValueError(f"goals.csv, chapter {chapter}, {goal.metric}: goal must be a number, got {goal.goal!r}")
        value, which = _goal_value(chapter, goal.metric, goal.direction, metrics, folder)
        sign = "≥" if goal.direction == ">=" else "≤"
        if value is None:
            parts.append(f"{goal.description}: not measured (goal {sign} {fmt(target)})")
            continue
        met = value >= target if goal.direction == ">=" else value <= target
        shown = fmt(value)
        for digits in (4, 5, 6):   # a value that misses (or meets) its goal must not print as the goal itself
            if shown != fmt(target):
                break
            shown = f"{value:.{digits}g}"
        parts.append(f"{goal.description} {shown}{which} (goal {sign} {fmt(target)}: "
                     f"{'met' if met else '**missed**'})")
    return "; ".join(parts) if parts else "—"


def _block(text: str, name: str) -> tuple[int, int]:
    begin, end = BLOCKS[name], _END.format(name)
    start = text.find(begin)
    stop = text.find(end)
    if start < 0 or stop < start:
        raise ValueError(f"README.md lacks the generated block {name!r}: it must lie between the lines "
                         f"{begin!r} and {end!r}")
    return start + len(begin), stop


def _split_row(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def learning_path_table(old: str, folder: Path | str = PROMOTED) -> str:
    """Re-render the learning path table: the first five columns from ``old``, the rest from ``folder``."""
    folder = Path(folder)
    chapters = _read_csv(folder / "chapters.csv", CHAPTER_COLUMNS).set_index("chapter")
    metrics = _read_csv(folder / "metrics.csv", ["chapter", "metric", "value"])
    goals = _read_csv(folder / "goals.csv", GOAL_COLUMNS)
    rows = [line for line in old.strip().splitlines() if line.startswith("|")]
    if len(rows) < 3:
        raise ValueError("the learning-path block holds no table rows")
    lines = ["| # | chapter | what you build | concepts | quick | full | peak memory | goal → reached |",
             "|---|---|---|---|---|---|---|---|"]
    for line in rows[2:]:
        cells = _split_row(line)
        if len(cells) < 5:
            raise ValueError(f"learning-path row has {len(cells)} cells, expected at least 5: {line!r}")
        chapter = cells[0]
        row = chapters.loc[chapter] if chapter in chapters.index else None
        chapter_metrics = dict(metrics.loc[metrics["chapter"] == chapter, ["metric", "value"]].to_numpy())
        full = duration(row["seconds"]) if row is not None else "not measured"
        peak = memory(row["peak_rss_mb"]) if row is not None else "—"
        lines.append("| " + " | ".join(cells[:5] + [full, peak, goals_cell(chapter, goals, chapter_metrics, folder)])
                     + " |")
    return "\n".join(lines)


def machine_line(folder: Path | str = PROMOTED) -> str:
    """One sentence: where and when the promoted times were measured."""
    chapters = _read_csv(Path(folder) / "chapters.csv", CHAPTER_COLUMNS)
    if chapters.empty:
        return "No benchmark has been promoted yet: run `python3 tasks.py bench`, then `python3 tasks.py bench --promote`."
    dates = sorted(set(chapters["date"]))
    when = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    machines = sorted({f"{r.cpu} ({r.cores} cores, " + (f"GPU {r.gpu})" if r.gpu else "no GPU)")
                       for r in chapters.itertuples()})
    versions = sorted({", ".join(f"{k} {getattr(r, k)}" for k in ("python", "tensorflow", "keras") if getattr(r, k))
                       for r in chapters.itertuples()})
    return (f"Measured {when} on {'; '.join(machines)}"
            + (f", with {'; '.join(v for v in versions if v)}" if any(versions) else "") + ".")


def render_readme(text: str, folder: Path | str = PROMOTED) -> str:
    """``text`` (README.md) with its generated blocks re-rendered from ``folder`` (docs/results)."""
    checks.check_str(text, "text")
    folder = Path(folder)
    start, stop = _block(text, "learning-path")
    table = learning_path_table(text[start:stop], folder)
    text = text[:start] + f"\n{machine_line(folder)}\n\n{table}\n" + text[stop:]
    start, stop = _block(text, "comparison")
    return text[:start] + f"\n{comparison_table(folder / 'ch04_comparison.csv')}\n" + text[stop:]


def write_readme(readme: Path | str = README, folder: Path | str = PROMOTED) -> bool:
    """Re-render ``readme`` in place; return True if it changed."""
    readme = Path(readme)
    old = readme.read_text(encoding="utf-8")
    new = render_readme(old, folder)
    if new != old:
        readme.write_text(new, encoding="utf-8")
    return new != old


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.results", description="Render the README's measured tables.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_readme = sub.add_parser("readme", help="rewrite README.md's generated blocks from docs/results")
    p_readme.add_argument("--check", action="store_true", help="only check; exit 1 if README.md differs")
    p_table = sub.add_parser("table", help="print the layer-comparison table")
    p_table.add_argument("path", nargs="?", default=str(COMPARISON))
    args = parser.parse_args(argv)
    try:
        if args.command == "table":
            print(comparison_table(args.path))
            return 0
        if args.check:
            same = render_readme(README.read_text(encoding="utf-8")) == README.read_text(encoding="utf-8")
            print("README.md matches docs/results" if same else
                  "README.md differs from docs/results: run `python -m utils.results readme`")
            return 0 if same else 1
        changed = write_readme()
        print("README.md rewritten from docs/results" if changed else "README.md already matches docs/results")
        return 0
    except (ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
