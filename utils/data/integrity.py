"""Checking that extracted data is what was extracted: the manifest, verification, stale temp folders.

At extraction, ``data/<key>/.manifest.json`` records every file's size and SHA-256; the
``.complete`` stamp (the archive's SHA-256) is written last. :func:`verify` compares a folder with
its manifest. Hashing all the data (about 20 MB) takes well under 0.1 s, so both the fetch step and
the loaders hash the files they trust. :func:`check_frame` compares a parsed file with its
catalogue :class:`~utils.data.sources.FileSpec` (row count, column kinds).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pandas as pd

from .sources import DATASETS, Dataset, DataIntegrityError, FileSpec, data_root, downloads_dir, fetch_command

STAMP = ".complete"
MANIFEST = ".manifest.json"
TEMP_PREFIX = ".fetch-"  # temporary folders: .fetch-<pid>-<what>-<random>
_TEMP = re.compile(r"^\.fetch-(\d+)-")


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def build_manifest(folder: Path, dataset: Dataset) -> dict:
    """Every file under ``folder`` (except the stamp and manifest): relative POSIX path -> size, SHA-256."""
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel in (STAMP, MANIFEST):
            continue
        files[rel] = {"size": path.stat().st_size, "sha256": sha256_of(path)}
    return {"dataset": dataset.key, "archive": dataset.source.filename,
            "archive_sha256": dataset.source.sha256, "files": files}


def write_stamp_and_manifest(folder: Path, dataset: Dataset) -> dict:
    """Write the manifest, then the ``.complete`` stamp (last, so a stamp implies a manifest)."""
    manifest = build_manifest(folder, dataset)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    (folder / STAMP).write_text(dataset.source.sha256 + "\n")
    return manifest


def read_manifest(dataset: Dataset) -> dict | None:
    """The manifest of ``data/<key>/``, or None if it is missing or unreadable."""
    try:
        manifest = json.loads((dataset.folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or not all(isinstance(v, dict) and {"size", "sha256"} <= set(v) for v in files.values()):
        return None
    return manifest


def file_problem(dataset: Dataset, rel: str, entry: dict, hashes: bool = True) -> str | None:
    """Why ``data/<key>/<rel>`` differs from its manifest entry (None when it does not)."""
    path = dataset.folder / rel
    if not path.is_file():
        return f"{path} is missing"
    size = path.stat().st_size
    if size != entry["size"]:
        return f"{path} has {size:,} bytes, but {entry['size']:,} were extracted"
    if hashes and sha256_of(path) != entry["sha256"]:
        return f"{path} has the right size but a different SHA-256 than was extracted (its content changed)"
    return None


def verify(dataset: Dataset, hashes: bool = True) -> list[str]:
    """Problems with ``data/<key>/`` (empty when it can be trusted): stamp, manifest, sizes, hashes."""
    folder = dataset.folder
    if not folder.is_dir():
        return [f"{folder} does not exist"]
    stamp = folder / STAMP
    if not stamp.is_file():
        return [f"{folder} has no {STAMP} stamp (an interrupted or unfinished extraction)"]
    if stamp.read_text().strip() != dataset.source.sha256:
        return [f"{folder} was extracted from a different archive than {dataset.source.filename}"]
    manifest = read_manifest(dataset)
    if manifest is None:
        return [f"{folder} has no readable {MANIFEST} (extracted by an older version of utils.data)"]
    problems = [p for rel, entry in manifest["files"].items() if (p := file_problem(dataset, rel, entry, hashes))]
    if len(manifest["files"]) != dataset.expected_files:
        problems.append(f"{folder} lists {len(manifest['files'])} files in its manifest, "
                        f"the catalogue expects {dataset.expected_files}")
    return problems


def trusted_file(dataset: Dataset, rel: str) -> Path:
    """The path of an extracted file after checking it against the manifest (size and SHA-256).

    Raises :class:`DataIntegrityError` naming the file and the command that re-extracts it.
    Missing files are the caller's business (they raise ``DataNotFoundError`` first).
    """
    manifest = read_manifest(dataset)
    path = dataset.folder / rel
    if manifest is None:
        raise DataIntegrityError(
            f"{dataset.folder} has no readable {MANIFEST} (it was extracted by an older version of utils.data, "
            f"or the manifest was deleted), so {path.name} cannot be checked. Run `{fetch_command(dataset.key)}`: "
            "it extracts again from the verified archive (no network needed if data/downloads has it).")
    entry = manifest["files"].get(rel)
    if entry is None:
        raise DataIntegrityError(f"{path} is not in {dataset.folder / MANIFEST}. Run `{fetch_command(dataset.key)}`.")
    problem = file_problem(dataset, rel, entry)
    if problem:
        raise DataIntegrityError(f"{problem}. Run `{fetch_command(dataset.key)}`: it notices the change and extracts "
                                 "the data set again from the verified archive.")
    return path


def _kind_ok(series: pd.Series, kind: str) -> bool:
    if kind == "int":
        return pd.api.types.is_integer_dtype(series.dtype)
    if kind == "number":
        return pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype)
    return not pd.api.types.is_numeric_dtype(series.dtype)


def check_frame(frame: pd.DataFrame, spec: FileSpec | None, path: Path, key: str) -> pd.DataFrame:
    """Raise :class:`DataIntegrityError` unless ``frame`` (parsed from ``path``) has ``spec``'s rows and kinds."""
    if spec is None:
        return frame
    repair = f"Run `{fetch_command(key, force=True)}` to extract it again from the verified archive."
    if len(frame) != spec.rows:
        raise DataIntegrityError(f"{path} holds {len(frame):,} rows, the catalogue expects {spec.rows:,} "
                                 f"(the file is truncated or altered). {repair}")
    for column, kind in spec.columns:
        if column not in frame.columns:
            raise DataIntegrityError(f"{path} has no column {column!r} (columns: {list(frame.columns)}). {repair}")
        series = frame[column]
        if not _kind_ok(series, kind):
            bad = ""
            if kind in ("int", "number"):
                numeric = pd.to_numeric(series, errors="coerce")
                odd = series[numeric.isna() & series.notna()]
                if len(odd):
                    bad = f"; row {odd.index[0]} holds {odd.iloc[0]!r}"
            raise DataIntegrityError(f"{path}: column {column!r} should hold {kind} values but was read as "
                                     f"{series.dtype}{bad}. {repair}")
    return frame


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own folders are removed before we return: this one is from an earlier process
    if os.name == "nt":
        try:
            import psutil

            return psutil.pid_exists(pid)
        except ImportError:
            return True  # cannot tell: leave it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stale_temp_folders() -> list[Path]:
    """Temporary folders left by interrupted fetches (their process is gone), including older names."""
    root = data_root()
    found = []
    legacy_root = tuple(f".{key}-" for key in DATASETS)  # names used before the .fetch-<pid>- scheme
    for folder, legacy in ((root, legacy_root), (downloads_dir(), (".download-",))):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            match = _TEMP.match(path.name)
            if (match and not _pid_alive(int(match.group(1)))) or (not match and path.name.startswith(legacy)):
                found.append(path)
    return sorted(found)


def clean_stale_temp_folders() -> list[Path]:
    """Remove :func:`stale_temp_folders`; return what was removed."""
    removed = []
    for path in stale_temp_folders():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def temp_prefix(what: str) -> str:
    """Prefix for a new temporary folder, which :func:`stale_temp_folders` recognises once its process is gone."""
    return f"{TEMP_PREFIX}{os.getpid()}-{what}-"
