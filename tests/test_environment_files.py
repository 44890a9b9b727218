"""requirements.txt, environment.yml and constraints.txt must describe the same environment."""

import re

from utils import config

ROOT = config.repo_root()
PIN = re.compile(r"^\s*-?\s*([A-Za-z0-9_.\-]+)==([^\s;#]+)")


def _pins(text):
    return {m.group(1).lower().replace("_", "-"): m.group(2)
            for line in text.splitlines() if (m := PIN.match(line))}


def test_every_requirement_is_pinned():
    lines = [l for l in (ROOT / "requirements.txt").read_text().splitlines() if l.strip() and not l.startswith("#")]
    assert lines and all("==" in l for l in lines), lines


def test_environment_yml_matches_requirements():
    env = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*-\s*python=3\.11\b", env, re.M), "environment.yml pins Python 3.11"
    req, yml = _pins((ROOT / "requirements.txt").read_text()), _pins(env)
    assert req == yml, f"differences: requirements.txt {set(req.items()) - set(yml.items())}, environment.yml {set(yml.items()) - set(req.items())}"


def test_constraints_agree_with_requirements():
    req, cons = _pins((ROOT / "requirements.txt").read_text()), _pins((ROOT / "constraints.txt").read_text())
    for name, version in req.items():
        assert cons.get(name) == version, f"constraints.txt has {name}=={cons.get(name)}, requirements.txt {version}"


def test_colab_requirements_never_touch_tensorflow():
    colab = _pins((ROOT / "requirements-colab.txt").read_text())
    assert not {"tensorflow", "keras", "numpy"} & set(colab), "Colab's own TensorFlow, Keras and NumPy stay"
    assert colab.items() <= _pins((ROOT / "requirements.txt").read_text()).items()
