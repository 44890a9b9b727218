"""One plotting style for every chapter, and plots that several chapters draw."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt

from . import checks


def use_style() -> None:
    """A clean, readable style: larger fonts, light grid, no top/right spines."""
    mpl.rcParams.update({
        "figure.figsize": (8, 4),
        "figure.dpi": 100,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 12,
        "axes.labelsize": 11,
        "legend.frameon": False,
    })


def plot_history(history, metrics: tuple[str, ...] = ("loss",), title: str | None = None, ax=None):
    """Training (and validation, if present) curves from a Keras ``History``.

    ``history`` may be a ``History`` object or its ``.history`` dict. ``metrics`` is a list or tuple of
    names (``("loss",)``; a single str is refused rather than read letter by letter). Returns the axes.
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict):
        raise checks.fail(TypeError, "history", "a Keras History or its .history dict", checks.describe(history))
    metrics = checks.check_sequence_of(metrics, "metrics", str, unique=True, what="metric names")
    if title is not None:
        checks.check_str(title, "title", nonempty=False)
    missing = [m for m in metrics if m not in logs]
    if missing:
        raise KeyError(f"plot_history: metrics must be names in the history {sorted(logs)}, got {missing}, which "
                       "it lacks")
    for m in metrics:
        checks.check_array(logs[m], f"history[{m!r}]", ndim=1, finite=False)   # a diverged run may hold inf/NaN
    if ax is None:
        _, ax = plt.subplots()
    for m in metrics:
        epochs = range(1, len(logs[m]) + 1)
        ax.plot(epochs, logs[m], label=f"train {m}")
        if f"val_{m}" in logs:
            ax.plot(epochs, logs[f"val_{m}"], "--", label=f"validation {m}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(", ".join(metrics))
    if title:
        ax.set_title(title)
    ax.legend()
    return ax
