"""Project-wide pytest hooks: a time budget per notebook, and a timing table at the end."""

import os

import pytest

NOTEBOOK_BUDGET_S = float(os.environ.get("RNN_NOTEBOOK_BUDGET_S", "60"))
_durations: dict[str, float] = {}


def _is_notebook(item_or_report) -> bool:
    return item_or_report.nodeid.split("::")[0].endswith(".ipynb")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.when == "call" and _is_notebook(item) and report.passed and call.duration > NOTEBOOK_BUDGET_S:
        report.outcome = "failed"
        report.longrepr = (f"{item.nodeid} ran for {call.duration:.0f} s in quick mode; the budget is "
                           f"{NOTEBOOK_BUDGET_S:.0f} s. Shrink the quick-mode sizes in its parameters cell.")


def pytest_runtest_logreport(report):
    if report.when == "call" and _is_notebook(report):
        _durations[report.nodeid] = report.duration


def pytest_terminal_summary(terminalreporter):
    if not _durations:
        return
    mode = "quick" if os.environ.get("RNN_QUICK") not in (None, "", "0") else "full"
    terminalreporter.section(f"notebook run times ({mode} mode, budget {NOTEBOOK_BUDGET_S:.0f} s each)")
    for nodeid, seconds in sorted(_durations.items()):
        terminalreporter.write_line(f"{seconds:6.1f} s  {nodeid}")
