"""Every command in docs/teaching.md, in order, on a fresh copy of the repository (its ```bash blocks).

The copy holds the files git tracks or would track (no dist/, results/, data/ or .venv/); the environment
this test runs in stands for the `.venv/` that `python3 tasks.py setup` makes, and the fetched data for its
data/. The guide grades chapter 01's blank student version with `otter run`: it must score 0.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from utils import config

GUIDE = config.repo_root() / "docs" / "teaching.md"


def guide_commands() -> list[str]:
    blocks = re.findall(r"^```bash\n(.*?)^```", GUIDE.read_text(), re.M | re.S)
    return [b for b in blocks]


def fresh_copy(dest: Path) -> Path:
    root = config.repo_root()
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = root / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    (dest / ".venv").symlink_to(Path(sys.prefix))
    return dest


def test_guide_has_commands():
    commands = guide_commands()
    assert len(commands) >= 3 and any("otter run" in c for c in commands)


@pytest.mark.slow
def test_teaching_guide_commands_run_verbatim(tmp_path):
    root = config.repo_root()
    if subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        pytest.skip("needs a git checkout to copy from")
    copy = fresh_copy(tmp_path / "repo")
    script = "set -euo pipefail\n" + "\n".join(guide_commands())
    env = dict(os.environ, RNN_DATA_DIR=str(config.data_dir()), PIP_NO_INDEX="1", MPLBACKEND="Agg")
    done = subprocess.run(["bash", "-c", script], cwd=copy, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"a command of docs/teaching.md failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    results = json.loads((copy / "results" / "alice" / "results.json").read_text())
    scores = [t.get("score") or 0 for t in results["tests"] if t.get("max_score")]
    assert scores and sum(scores) == 0, f"the blank student version should score 0: {results['tests']}"
    assert (copy / "dist" / "03_char_level_hello" / "student" / "tests").is_dir()
