"""The command line: ``python -m utils.data fetch [KEY ...] | verify [KEY ...] | list``.

Errors print one line (``error: ...``) and exit with status 1 (2 for a wrong command line), never a traceback.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from . import integrity
from .fetching import catalogue, fetch
from .sources import DATASETS, DataDirError, dataset_keys, fetch_command


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line instead of usage + message
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def _verify(keys: list[str]) -> int:
    bad = 0
    for key in dataset_keys(keys):
        problems = integrity.verify(DATASETS[key])
        if problems:
            bad += 1
            print(f"{key:<12} {problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
                  + f": run `{fetch_command(key)}`")
        else:
            print(f"{key:<12} ok ({DATASETS[key].expected_files} file(s), sizes and SHA-256 match the manifest)")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m utils.data", description="Fetch, verify and list the data sets.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p_fetch = sub.add_parser("fetch", help="download, verify and extract data sets")
    p_fetch.add_argument("keys", nargs="*", help=f"data sets to fetch (default: all of {sorted(DATASETS)})")
    p_fetch.add_argument("--force", action="store_true", help="extract again even if up to date")
    p_fetch.add_argument("-q", "--quiet", action="store_true")
    p_verify = sub.add_parser("verify", help="check extracted files against their manifest (exit 1 if any differ)")
    p_verify.add_argument("keys", nargs="*", help="data sets to check (default: all)")
    sub.add_parser("list", help="show the catalogue and what is fetched")
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            fetch(args.keys, force=args.force, quiet=args.quiet)
        elif args.command == "verify":
            return _verify(args.keys)
        else:
            with pd.option_context("display.max_colwidth", 60, "display.width", 160):
                print(catalogue())
    except KeyboardInterrupt:
        print("error: interrupted; the next fetch removes what was left half-done", file=sys.stderr)
        return 130
    except (DataDirError, ValueError, TypeError, RuntimeError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
