"""Project-wide pytest hooks: a table of notebook run times at the end.

tests/test_notebooks.py runs each chapter notebook and records its run time (``record_property``), which
reaches this process from every test worker; the time budget itself is checked in that test.
"""

import os

_durations: dict[str, tuple[float, float]] = {}

# Chapter 15 starts three more Python processes (a JAX worker and a two-process job) and uses more than one
# core at times; run beside another notebook, both slowed past their budgets in CI (chapter 15 at 66 s, chapter
# 12 at 67 s, when each ran in 40-48 s beside unit tests). It therefore runs last, when the other test worker
# is finishing the light unit tests. The budget itself is unchanged.
RUN_LAST = ("tests/test_notebooks.py::test_notebook[15]",)


def pytest_collection_modifyitems(session, config, items):
    last = [item for item in items if item.nodeid in RUN_LAST]
    items[:] = [item for item in items if item.nodeid not in RUN_LAST] + last


def pytest_runtest_logreport(report):
    props = dict(report.user_properties)
    if report.when == "call" and "notebook_seconds" in props:
        _durations[props["notebook"]] = (props["notebook_seconds"], props.get("notebook_cpu_seconds", float("nan")))


def pytest_terminal_summary(terminalreporter):
    if not _durations:
        return
    mode = "quick" if os.environ.get("RNN_QUICK") not in (None, "", "0") else "full"
    budget = float(os.environ.get("RNN_NOTEBOOK_BUDGET_S", "60"))
    terminalreporter.section(f"notebook run times ({mode} mode, budget {budget:.0f} s each in quick mode)")
    terminalreporter.write_line("  wall   kernel CPU")
    for name, (seconds, cpu) in sorted(_durations.items()):
        terminalreporter.write_line(f"{seconds:6.1f} s  {cpu:6.1f} s  notebooks/{name}")
