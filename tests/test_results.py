"""What chapters report (record, record_table), and the README rendered from docs/results."""

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from utils import config, results


@pytest.fixture
def folder(monkeypatch, tmp_path):
    monkeypatch.setenv("RNN_RESULTS_DIR", str(tmp_path / "results"))
    return tmp_path / "results"


# --------------------------------------------------------------------------------------------
# record / record_table
# --------------------------------------------------------------------------------------------


def test_record_writes_merges_and_accepts_numpy_scalars(folder, monkeypatch):
    monkeypatch.setattr(config, "QUICK", False)
    path = results.record("05", test_accuracy=np.float32(0.75), epochs=np.int64(12), best="LSTM")
    assert path == folder / "ch05.json"
    payload = json.loads(path.read_text())
    assert payload["mode"] == "full" and payload["chapter"] == "05"
    assert payload["metrics"] == {"test_accuracy": pytest.approx(0.75), "epochs": 12, "best": "LSTM"}
    assert isinstance(payload["metrics"]["epochs"], int)
    results.record("05", test_accuracy=0.8, baseline=0.5)          # adds and replaces keys
    assert json.loads(path.read_text())["metrics"] == {"test_accuracy": 0.8, "epochs": 12, "best": "LSTM",
                                                        "baseline": 0.5}


def test_record_in_the_other_mode_starts_afresh(folder, monkeypatch):
    monkeypatch.setattr(config, "QUICK", True)
    results.record("05", quick_only=1.0)
    monkeypatch.setattr(config, "QUICK", False)
    path = results.record("05", test_accuracy=0.8)
    assert json.loads(path.read_text()) | {"date": None} == {"chapter": "05", "mode": "full", "date": None,
                                                             "metrics": {"test_accuracy": 0.8}}


def test_record_survives_a_half_written_file(folder):
    folder.mkdir(parents=True)
    (folder / "ch05.json").write_text('{"chapter": "05", "mo')
    assert json.loads(results.record("05", a=1).read_text())["metrics"] == {"a": 1}


@pytest.mark.parametrize("call,error,message", [
    (lambda: results.record(5, a=1), TypeError, r"record: chapter must be a non-empty str, got int 5"),
    (lambda: results.record("5", a=1), ValueError, r"record: chapter must be a two-digit str such as '05', got '5'"),
    (lambda: results.record("05"), ValueError, r"needs at least one metric"),
    (lambda: results.record("05", Accuracy=1), ValueError, r"record: metric name must be lower_snake_case, got 'Accuracy'"),
    (lambda: results.record("05", a=float("nan")), ValueError, r"record: metric 'a' must be a finite real number or a str, got nan"),
    (lambda: results.record("05", a=np.inf), ValueError, r"metric 'a' must be a finite real number or a str, got inf"),
    (lambda: results.record("05", a=True), TypeError, r"metric 'a' must be a finite real number or a str, got bool True"),
    (lambda: results.record("05", a=np.bool_(False)), TypeError, r"metric 'a' must be a finite real number or a str, got bool"),
    (lambda: results.record("05", a=1 + 2j), TypeError, r"got complex"),
    (lambda: results.record("05", a=[0.5]), TypeError, r"got list"),
    (lambda: results.record("05", a=np.array([0.5])), TypeError, r"got ndarray of shape \(1,\)"),
    (lambda: results.record("05", a="x" * 201), ValueError, r"metric 'a' must be a str of at most 200 characters, got a str of 201"),
    (lambda: results.record_table("05", "Comparison", pd.DataFrame({"a": [1]})), ValueError,
     r"record_table: name must be a lower_snake_case str such as 'comparison', got 'Comparison'"),
    (lambda: results.record_table("05", 3, pd.DataFrame({"a": [1]})), TypeError, r"name must be a non-empty str, got int 3"),
    (lambda: results.record_table("05", "t", [{"a": 1}]), TypeError, r"record_table: frame must be a pandas DataFrame, got list"),
    (lambda: results.record_table("05", "t", pd.DataFrame({"a": []})), ValueError,
     r"frame must be a DataFrame with at least one row, got 0 rows"),
    (lambda: results.record_table("05", "t", pd.DataFrame([[1, 2]], columns=["a", "a"])), ValueError,
     r"frame must be a DataFrame whose columns are distinct non-empty str, got columns \['a', 'a'\]"),
    (lambda: results.record_table("05", "t", pd.DataFrame([[1, 2]])), ValueError, r"got columns \[0, 1\]"),
    (lambda: results.recorded("x"), ValueError, r"recorded: chapter must be a two-digit str"),
])
def test_bad_arguments_are_named(folder, call, error, message):
    with pytest.raises(error, match=message):
        call()
    assert not (folder / "ch05.json").exists(), "a refused call writes nothing"


def test_results_dir_must_be_absolute_and_a_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("RNN_RESULTS_DIR", "relative/results")
    with pytest.raises(ValueError, match="RNN_RESULTS_DIR must be an absolute path, got 'relative/results'"):
        results.record("05", a=1)
    (tmp_path / "f").write_text("")
    monkeypatch.setenv("RNN_RESULTS_DIR", str(tmp_path / "f"))
    with pytest.raises(ValueError, match="must name a folder"):
        results.record("05", a=1)
    monkeypatch.delenv("RNN_RESULTS_DIR")
    assert results.results_dir() == config.repo_root() / "notebooks" / "artifacts" / "results"


def test_record_table_adds_the_mode_and_recorded_finds_it(folder, monkeypatch):
    monkeypatch.setattr(config, "QUICK", True)
    frame = pd.DataFrame({"task": ["a", "b"], "score": [0.5, 0.25]}, index=[7, 8])
    path = results.record_table("04", "comparison", frame)
    assert path == folder / "ch04_comparison.csv"
    back = pd.read_csv(path)
    assert list(back.columns) == ["task", "score", "mode"] and set(back["mode"]) == {"quick"}
    results.record("04", a=1)
    got = results.recorded("04")
    assert got["mode"] == "quick" and got["metrics"] == {"a": 1} and got["tables"] == [path]
    assert sorted(results.clear("04")) == sorted([folder / "ch04.json", path])
    assert results.recorded("04") == {"mode": None, "metrics": {}, "tables": []}


# --------------------------------------------------------------------------------------------
# The README, rendered from docs/results
# --------------------------------------------------------------------------------------------


def test_readme_is_rendered_from_docs_results():
    readme = results.README.read_text(encoding="utf-8")
    assert results.render_readme(readme) == readme, (
        "README.md's measured tables differ from docs/results: run `python -m utils.results readme` "
        "(after `python3 tasks.py bench --promote`) and commit both")


def test_comparison_table_refuses_quick_mode_and_missing_files(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"run `python3 tasks.py bench 04`"):
        results.comparison_table(tmp_path / "none.csv")
    frame = pd.read_csv(results.COMPARISON)
    frame.assign(mode="quick").to_csv(tmp_path / "quick.csv", index=False)
    with pytest.raises(ValueError, match="full-mode runs only"):
        results.comparison_table(tmp_path / "quick.csv")
    frame.drop(columns=["baseline"]).to_csv(tmp_path / "old.csv", index=False)
    with pytest.raises(ValueError, match="lacks the columns \\['baseline'\\]"):
        results.comparison_table(tmp_path / "old.csv")


@pytest.fixture
def docs(tmp_path):
    """A copy of docs/results to render from."""
    target = tmp_path / "docs"
    shutil.copytree(results.PROMOTED, target)
    return target


def _row(text, chapter):
    return next(line for line in text.splitlines() if line.startswith(f"| {chapter} |"))


def test_goals_met_missed_and_missing(docs):
    (docs / "metrics.csv").write_text("chapter,metric,value\n05,test_accuracy,0.771\n07,nats,1.9\n09,ratio,1.0021\n")
    (docs / "goals.csv").write_text("chapter,metric,goal,direction,description\n"
                                    "05,test_accuracy,0.78,>=,test accuracy\n"
                                    "07,nats,2.0,<=,nats/char\n"
                                    "08,mae,1,<=,MAE\n"
                                    "09,ratio,1,<=,ratio\n")
    text = results.render_readme(results.README.read_text(encoding="utf-8"), docs)
    assert _row(text, "05").endswith("| test accuracy 0.771 (goal ≥ 0.78: **missed**) |")
    assert _row(text, "07").endswith("| nats/char 1.9 (goal ≤ 2: met) |")
    assert _row(text, "08").endswith("| MAE: not measured (goal ≤ 1) |")
    assert _row(text, "09").endswith("| ratio 1.002 (goal ≤ 1: **missed**) |"), "a miss never prints as the goal"
    assert _row(text, "01").endswith("| — |"), "a chapter without goals renders a dash"


def test_renderer_tolerates_missing_files_and_chapters(docs):
    (docs / "goals.csv").unlink()
    (docs / "metrics.csv").unlink()
    chapters = pd.read_csv(docs / "chapters.csv", dtype={"chapter": str})
    chapters[chapters["chapter"] != "03"].to_csv(docs / "chapters.csv", index=False)
    text = results.render_readme(results.README.read_text(encoding="utf-8"), docs)
    assert "| not measured | — | — |" in _row(text, "03")


def test_renderer_names_what_is_wrong(docs):
    readme = results.README.read_text(encoding="utf-8")
    (docs / "goals.csv").write_text("chapter,metric,goal,direction,description\n05,acc,0.7,>,accuracy\n")
    with pytest.raises(ValueError, match=r"chapter 05, acc: direction must be '>=' or '<=', got '>'"):
        results.render_readme(readme, docs)
    (docs / "goals.csv").write_text("chapter,metric,goal,direction\n")
    with pytest.raises(ValueError, match=r"goals\.csv lacks the columns \['description'\]"):
        results.render_readme(readme, docs)
    (docs / "goals.csv").unlink()
    with pytest.raises(ValueError, match=r"lacks the generated block 'learning-path'"):
        results.render_readme(readme.replace("<!-- end learning-path -->", ""), docs)
    with pytest.raises(TypeError, match="render_readme: text must be a non-empty str, got None"):
        results.render_readme(None, docs)


@pytest.mark.parametrize("value,text", [(0.7417, "0.742"), (2.9579, "2.96"), (0.00665, "0.00665"), (1153, "1,153"),
                                        (12, "12"), ("LSTM", "LSTM")])
def test_fmt(value, text):
    assert results.fmt(value) == text


def test_duration_and_memory():
    assert [results.duration(s) for s in (20, 231, "", None)] == ["20 s", "3 min 51 s", "not measured", "not measured"]
    assert [results.memory(m) for m in (740.4, 2048, "")] == ["740 MB", "2.0 GB", "—"]


def test_cli_check(capsys):
    assert results.main(["readme", "--check"]) == 0
    assert "README.md matches docs/results" in capsys.readouterr().out
