"""Measured results that the README shows, rendered from the CSV files the notebooks write.

Chapter 04 writes ``docs/results/ch04_comparison.csv`` at the end of a full-mode run. The README's
comparison table is :func:`comparison_table` of that file, and a test checks that the two agree,
so no number in the README can drift from the run that produced it. After a new full run::

    python -m utils.results          # prints the table to paste into README.md
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from . import config

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
