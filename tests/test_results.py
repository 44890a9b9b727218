"""The README's measured comparison is exactly what chapter 04's full-mode run wrote."""

import pandas as pd
import pytest

from utils import config, results


def test_readme_comparison_table_is_the_recorded_run():
    readme = (config.repo_root() / "README.md").read_text(encoding="utf-8")
    table = results.comparison_table()
    assert table in readme, (
        "README.md's comparison table differs from docs/results/ch04_comparison.csv: after a full-mode run of "
        "chapter 04, paste the output of `python -m utils.results` into the README")


def test_comparison_table_refuses_quick_mode_and_missing_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="run notebooks/04_lstm_gru_vs_simplernn.ipynb in full mode"):
        results.comparison_table(tmp_path / "none.csv")
    frame = pd.read_csv(results.COMPARISON)
    frame.assign(mode="quick").to_csv(tmp_path / "quick.csv", index=False)
    with pytest.raises(ValueError, match="full-mode runs only"):
        results.comparison_table(tmp_path / "quick.csv")
    frame.drop(columns=["baseline"]).to_csv(tmp_path / "old.csv", index=False)
    with pytest.raises(ValueError, match="lacks the columns \\['baseline'\\]"):
        results.comparison_table(tmp_path / "old.csv")
