"""Project-wide pytest hooks: a table of notebook run times at the end.

tests/test_notebooks.py runs each chapter notebook and records its run time (``record_property``), which
reaches this process from every test worker; the time budget itself is checked in that test.
"""

import os

_durations: dict[str, tuple[float, float]] = {}


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
