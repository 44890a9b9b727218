#!/usr/bin/env python3
"""Set up the collection and run it: the two commands in the README.

    python3 tasks.py lab     # set up (venv, pinned packages, data) and open JupyterLab
    python3 tasks.py test    # set up and run every test (what CI runs)

Other commands: ``setup`` (set up only), ``bench`` (run chapters one at a time in full mode and
record time, peak memory and results; ``bench --promote`` copies a finished run into docs/results/
and renders the README's tables from it), ``assign`` (make student and autograder versions of the
chapters with Otter).

Only the Python standard library is used here, so this runs on a fresh machine with Python 3.11+.
Set-up is idempotent: a second run skips what is already done.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("RNN_VENV", ROOT / ".venv"))
STAMP = VENV / ".rnn-tutorials-installed"
SUPPORTED = ((3, 11), (3, 13))  # inclusive range of Python versions


def say(msg: str) -> None:
    print(f"==> {msg}", flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(cmd: list[str], **kw) -> None:
    print("    $ " + " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def install_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("requirements.txt", "constraints.txt", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def byte_compile() -> None:
    """Byte-compile the installed packages on every core, leaving out their own test suites.

    pip compiles every file it installs, one at a time: 15,000 files here, 3,100 of them the packages'
    own tests, which nothing imports. Measured on the 2-core machine (2026-12-03): pip install 254 s;
    pip install --no-compile 109 s, then this 41 s. Without .pyc files every import would compile
    from source again in each process (the tests run with PYTHONDONTWRITEBYTECODE=1): 29 s against 11 s to
    import the collection's packages once.
    """
    site = subprocess.run([venv_python(), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    say("Byte-compiling the installed packages (their test suites left out)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cmd = [venv_python(), "-m", "compileall", "-q", "-j", "0", "-x", r"[/\\]tests?[/\\]", site]
    print("    $ " + " ".join(str(c) for c in cmd), flush=True)
    if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode:  # a file that fails only costs speed
        say("Some files could not be byte-compiled; Python compiles them when they are imported")


def setup(quiet_data: bool = False) -> None:
    """Create .venv, install the pinned packages and this repo's `utils`, fetch the data."""
    if not (SUPPORTED[0] <= sys.version_info[:2] <= SUPPORTED[1]):
        sys.exit(f"Python {sys.version.split()[0]} is not supported: use Python 3.11 to 3.13 "
                 "(3.11 is what the pins were measured on).")
    t0 = time.perf_counter()
    if not venv_python().exists():
        say(f"Creating a virtual environment in {VENV}")
        run([sys.executable, "-m", "venv", VENV])
    fingerprint = install_fingerprint()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        say("Packages already installed (requirements unchanged)")
    else:
        say("Installing pinned packages (first time: a few minutes)")
        t = time.perf_counter()
        run([venv_python(), "-m", "pip", "install", "--disable-pip-version-check", "-q", "--no-compile",
             "-r", ROOT / "requirements.txt", "-c", ROOT / "constraints.txt",
             "-e", ROOT], cwd=ROOT)
        say(f"Installed in {time.perf_counter() - t:.0f} s")
        t = time.perf_counter()
        byte_compile()
        say(f"Byte-compiled in {time.perf_counter() - t:.0f} s")
        STAMP.write_text(fingerprint)
    say("Fetching data (verified by SHA-256; skipped when already present)")
    t = time.perf_counter()
    run([venv_python(), "-m", "utils.data", "fetch"] + (["-q"] if quiet_data else []), cwd=ROOT)
    say(f"Data ready in {time.perf_counter() - t:.0f} s; set-up done in {time.perf_counter() - t0:.0f} s")


def lab(args: argparse.Namespace) -> None:
    setup()
    say("Opening JupyterLab on notebooks/ (Ctrl+C to stop)")
    cmd = [venv_python(), "-m", "jupyter", "lab", "--notebook-dir", ROOT, "notebooks/00_start_here.ipynb"]
    if args.no_browser:
        cmd.append("--no-browser")
    run(cmd, cwd=ROOT)


def offline_prefix() -> list[str]:
    """A command prefix that runs the tests with no network (Linux network namespace).

    Only the loopback interface is up, which Jupyter kernels need to talk to the test runner.
    Returns [] where namespaces are unavailable (macOS, Windows, some containers); CI requires it.
    """
    if sys.platform != "linux" or not shutil.which("unshare") or not shutil.which("ip"):
        return []
    probe = subprocess.run(["unshare", "-rn", "sh", "-c", "ip link set lo up && true"],
                           capture_output=True)
    if probe.returncode != 0:
        return []
    return ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$0" "$@"']


def git_status() -> list[str] | None:
    """``git status --porcelain`` lines (untracked files included), or None outside a git checkout."""
    if not shutil.which("git"):
        return None
    result = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                            capture_output=True, text=True)
    return result.stdout.splitlines() if result.returncode == 0 else None


def tree_changes(before: list[str] | None, after: list[str] | None) -> list[str]:
    """What a run changed in the working tree: status lines that appeared or went away."""
    if before is None or after is None:
        return []
    return [f"now: {line}" for line in after if line not in before] + \
           [f"was: {line}" for line in before if line not in after]


def test(args: argparse.Namespace) -> int:
    setup(quiet_data=True)
    before = git_status()
    env = dict(os.environ, RNN_QUICK="1", PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg")
    # Two test workers share the cores: one compute thread per TensorFlow process avoids
    # oversubscription (measured: 23 s -> 17 s for chapter 01 on 2 busy cores). Sizes only.
    env.update(TF_NUM_INTRAOP_THREADS="1", TF_NUM_INTEROP_THREADS="2", OMP_NUM_THREADS="1")
    # ...and the kernels of the chapters on JAX run on one core each (tests/test_notebooks.py, cores_for)
    env["RNN_PIN_TEST_WORKERS"] = "1"
    prefix = [] if args.online else offline_prefix()
    if prefix:
        env["RNN_EXPECT_OFFLINE"] = "1"
        say("Network: OFF for every test and notebook (unshare -rn; only loopback is up)")
    elif os.environ.get("CI") and not args.online:
        sys.exit("CI must prove the notebooks run offline, but `unshare -rn` is not available here.")
    else:
        say("Network: left on (no network namespace available on this system)")
    workers = str(args.workers or min(2, os.cpu_count() or 1))
    cmd = prefix + [str(venv_python()), "-m", "pytest", "-n", workers, "--dist", "loadgroup",
                    "-p", "no:cacheprovider", "-q",
                    "-rfE", "--durations=12", *args.pytest_args]
    say("Running unit tests, every notebook (quick mode), and the assignment round trip")
    print("    $ " + " ".join(cmd), flush=True)
    t0 = time.perf_counter()
    code = subprocess.run(cmd, cwd=ROOT, env=env).returncode
    say(f"Tests finished in {time.perf_counter() - t0:.0f} s with exit code {code}")
    changed = tree_changes(before, git_status())
    if changed:  # notebooks and tests must write only to git-ignored places
        say("ERROR: the test run changed the working tree (`git status --porcelain`, before -> after):")
        print("\n".join("    " + line for line in changed), flush=True)
        return code or 1
    if before is not None:
        say("Working tree unchanged by the test run (git status)")
    return code


def bench(args: argparse.Namespace) -> int:
    """Benchmark chapters (full mode unless --quick), or promote a finished run into docs/results/."""
    setup(quiet_data=True)
    cmd = [venv_python(), "-m", "utils.bench", *(["--quick"] if args.quick else []),
           *(["--promote"] if args.promote else []), *args.chapters]
    env = dict(os.environ, MPLBACKEND="Agg")
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env).returncode


def assign(args: argparse.Namespace) -> int:
    setup(quiet_data=True)
    cmd = [venv_python(), "-m", "utils.assignments", "build", *args.chapters, "--out", args.out]
    return subprocess.run([str(c) for c in cmd], cwd=ROOT).returncode


TORCH = "torch==2.13.0"
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def torch(args: argparse.Namespace) -> int:
    """Add the optional PyTorch backend (chapter 15), CPU build, to .venv."""
    setup(quiet_data=True)
    # PyPI's Linux wheel of torch pulls CUDA libraries (about 3 GB). PyTorch's own CPU index offers
    # 2.13.0+cpu, which pip prefers to PyPI's 2.13.0 (a local version sorts higher), about 200 MB.
    say(f"Installing {TORCH}, CPU build ({TORCH_CPU_INDEX})")
    cmd = [venv_python(), "-m", "pip", "install", "--disable-pip-version-check", "-q", TORCH,
           "--extra-index-url", TORCH_CPU_INDEX, "-c", ROOT / "constraints.txt"]
    return subprocess.run([str(c) for c in cmd], cwd=ROOT).returncode


def speed(args: argparse.Namespace) -> int:
    """Time each chapter's main training loop under TensorFlow, TensorFlow + XLA and JAX (utils/speed.py)."""
    setup(quiet_data=True)
    cmd = [venv_python(), "-m", "utils.speed", *args.chapters]
    return subprocess.run([str(c) for c in cmd], cwd=ROOT, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")).returncode


def main() -> int:
    parser = _Parser(prog="tasks.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("setup", help="create .venv, install pinned packages, fetch data")
    p_lab = sub.add_parser("lab", help="set up, then open JupyterLab")
    p_lab.add_argument("--no-browser", action="store_true")
    p_test = sub.add_parser("test", help="set up, then run every test (quick mode, offline)")
    p_test.add_argument("--workers", type=int, default=0, help="parallel workers (default 2)")
    p_test.add_argument("--online", action="store_true", help="do not cut the network")
    p_test.add_argument("pytest_args", nargs="*", help="extra pytest arguments, after --")
    for name, text in [("bench", "run chapters one at a time (full mode unless --quick): time, peak memory, "
                                 "results; --promote copies a finished run into docs/results/"),
                       ("time", "the same as bench (its former name)")]:
        p_bench = sub.add_parser(name, help=text)
        p_bench.add_argument("--quick", action="store_true", help="quick mode (to try the benchmark out)")
        p_bench.add_argument("--promote", action="store_true",
                             help="promote a finished full-mode run (default: the latest) into docs/results/")
        p_bench.add_argument("chapters", nargs="*", help="chapter numbers such as 00 02 (default: all), "
                                                         "or with --promote the run folder")
    p_speed = sub.add_parser("speed", help="time each chapter's main training loop under TensorFlow, "
                                           "TensorFlow + XLA and JAX; writes docs/results/speed.md")
    p_speed.add_argument("chapters", nargs="*", help="chapter numbers (default: all)")
    sub.add_parser("torch", help="add the optional PyTorch backend (CPU build, about 200 MB) for chapter 15")
    p_assign = sub.add_parser("assign", help="student + autograder versions (Otter Assign)")
    p_assign.add_argument("chapters", nargs="*", help="chapter numbers, e.g. 01 03 (default: all)")
    p_assign.add_argument("--out", default="dist", help="output folder (default: dist/)")
    args = parser.parse_args()
    if args.command == "setup":
        setup()
        return 0
    if args.command == "lab":
        lab(args)
        return 0
    return {"test": test, "bench": bench, "time": bench, "assign": assign, "torch": torch,
            "speed": speed}[args.command](args)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line instead of usage + message
        self.exit(2, f"{self.prog}: error: {message} (see `python3 tasks.py --help`)\n")


def cli() -> int:
    """main(), with failures reported in one line and a non-zero exit status instead of a traceback."""
    try:
        return main()
    except subprocess.CalledProcessError as err:
        cmd = " ".join(str(c) for c in err.cmd)
        print(f"==> error: `{cmd}` failed with exit code {err.returncode} (its output is above)", file=sys.stderr)
        return err.returncode or 1
    except KeyboardInterrupt:
        print("\n==> interrupted", file=sys.stderr)
        return 130
    except OSError as err:
        print(f"==> error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(cli())
