"""Loaders return what the chapters rely on; bad input and missing files give clear errors."""

import shutil

import numpy as np
import pandas as pd
import pytest

from utils import config, data


def test_catalogue_lists_every_dataset_fetched():
    cat = data.catalogue()
    assert list(cat.index) == ["sentiment", "sp500", "nyc_weather", "shakespeare"]
    assert cat["fetched"].all(), "run `python -m utils.data fetch` (tasks.py setup does it)"


def test_sentiment_movie():
    df = data.load_sentiment("movie")
    assert df.shape == (10605, 4)
    assert list(df.columns) == ["id", "valence", "text", "label"]
    assert df["valence"].dtype == np.float64 and df["label"].dtype == np.int64
    assert df["valence"].between(-4, 4).all()
    assert df["text"].str.len().min() > 0
    assert df.iloc[0]["id"] == "1" and df.iloc[0]["text"].startswith("The Rock is destined")
    assert df.iloc[-1]["id"] == "10605"
    assert 0.48 < df["label"].mean() < 0.51          # about 49% positive
    assert (df["label"] == (df["valence"] > 0)).all()


@pytest.mark.parametrize("corpus,rows", [("tweets", 4200), ("nyt", 5190), ("amazon", 3708)])
def test_sentiment_other_corpora(corpus, rows):
    assert len(data.load_sentiment(corpus)) == rows


def test_sentences_concatenates_all_corpora():
    df = data.load_sentences()
    assert len(df) == 10605 + 4200 + 5190 + 3708
    assert set(df["corpus"]) == {"tweets", "nyt", "amazon", "movie"}
    assert list(df.columns) == ["corpus", "id", "text", "valence"]


def test_sentiment_unknown_corpus():
    with pytest.raises(ValueError, match=r"corpus must be one of \['amazon', 'movie', 'nyt', 'tweets'\]"):
        data.load_sentiment("imdb")


def test_sp500():
    df = data.load_sp500()
    assert df.shape == (5031, 6)
    assert list(df.columns) == ["Open", "High", "Low", "Close", "Adj Close", "Volume"]
    assert isinstance(df.index, pd.DatetimeIndex) and df.index.is_monotonic_increasing
    assert df.index[0] == pd.Timestamp("1999-01-04") and df.index[-1] == pd.Timestamp("2018-12-31")
    assert df["Volume"].dtype == np.int64 and df["Close"].dtype == np.float64
    assert (df["High"] >= df["Low"]).all()
    assert df.iloc[0]["Close"] == pytest.approx(1228.099976)


def test_weather_one_airport():
    df = data.load_nyc_weather("JFK")
    assert isinstance(df.index, pd.DatetimeIndex) and str(df.index.tz) == "UTC"
    assert df.index.is_monotonic_increasing
    assert df.index[0] == pd.Timestamp("2013-01-01 06:00", tz="UTC")
    assert df.index[-1] == pd.Timestamp("2013-12-30 23:00", tz="UTC")
    assert {"temp", "dewp", "humid", "wind_dir", "wind_speed", "pressure", "precip", "visib"} <= set(df.columns)
    assert df["temp"].dtype == np.float64
    assert 8000 < len(df) < 8800


def test_weather_all_airports():
    df = data.load_nyc_weather(None)
    assert len(df) == 26115
    assert set(df["origin"]) == {"EWR", "JFK", "LGA"}
    assert df["wind_gust"].isna().sum() > 0, "missing readings stay NaN (NA in the file)"


def test_weather_unknown_origin():
    with pytest.raises(ValueError, match="origin must be one of"):
        data.load_nyc_weather("BOS")


def test_shakespeare():
    plays = data.list_plays()
    assert len(plays) == 38 and set(plays["genre"]) >= {"tragedies", "comedies", "histories"}
    texts = data.load_shakespeare(["hamlet", "macbeth"])
    assert list(texts) == ["hamlet", "macbeth"]
    assert texts["hamlet"].startswith("# Hamlet") and "**BERNARDO**" in texts["hamlet"]


def test_shakespeare_unknown_play_lists_choices():
    with pytest.raises(ValueError, match=r"unknown play\(s\) \['hamlett'\]; choose from"):
        data.load_shakespeare(["hamlett"])


def test_missing_data_names_the_fetch_command(monkeypatch, tmp_path):
    monkeypatch.setenv("RNN_DATA_DIR", str(tmp_path))
    with pytest.raises(data.DataNotFoundError, match=r"python -m utils\.data fetch sp500"):
        data.load_sp500()
    assert not data.is_fetched("sp500")


def test_unknown_dataset_key():
    with pytest.raises(ValueError, match="unknown data set 'imdb'"):
        data.fetch(["imdb"])


def test_fetch_skips_what_is_present(capsys):
    data.fetch(["sp500"])
    assert "up to date" in capsys.readouterr().out


def test_fetch_extracts_from_cached_archive_without_network(monkeypatch, tmp_path):
    """A verified archive in data/downloads is extracted without calling pip."""
    archive = config.data_dir() / "downloads" / data.SOURCES["arch"].filename
    monkeypatch.setenv("RNN_DATA_DIR", str(tmp_path))
    (tmp_path / "downloads").mkdir()
    shutil.copy(archive, tmp_path / "downloads")
    monkeypatch.setattr(data.subprocess, "run", lambda *a, **k: pytest.fail("must not download"))
    data.fetch(["sp500"], quiet=True)
    assert data.is_fetched("sp500")
    assert len(data.load_sp500()) == 5031


def test_checksum_mismatch_is_clear_and_leaves_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("RNN_DATA_DIR", str(tmp_path))
    bad = tmp_path / "downloads" / data.SOURCES["arch"].filename
    bad.parent.mkdir()
    bad.write_bytes(b"not the real wheel")
    with pytest.raises(data.ChecksumError, match="has SHA-256 .* but the catalogue expects"):
        data.fetch(["sp500"], quiet=True)
    assert not bad.exists(), "the corrupt archive is deleted"
    assert not (tmp_path / "sp500").exists(), "no partial extraction is left"
    assert [p.name for p in tmp_path.iterdir()] == ["downloads"]


def test_failed_download_names_the_problem(monkeypatch, tmp_path):
    monkeypatch.setenv("RNN_DATA_DIR", str(tmp_path))

    class Failed:
        returncode = 1
        stderr = "ERROR: No matching distribution"

    monkeypatch.setattr(data.subprocess, "run", lambda *a, **k: Failed())
    with pytest.raises(RuntimeError, match="pip download arch==8.0.0.*Fetching needs access to PyPI"):
        data.fetch(["sp500"], quiet=True)
    assert not any((tmp_path / "downloads").iterdir()), "no partial download is left"
