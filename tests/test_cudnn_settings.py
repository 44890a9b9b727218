"""The cuDNN conditions chapter 15 states (and chapter 04 lists), checked against Keras and against every chapter.

On a GPU, Keras runs LSTM and GRU on NVIDIA's fused cuDNN kernel only with certain settings and silently
falls back to a generic loop otherwise. This file checks (1) that the list the chapters teach is the one
Keras's own ``cudnn_ok`` applies, and (2) that no chapter or ``utils`` module builds an LSTM or GRU with a
setting that would switch the kernel off.
"""
import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = {"activation": "tanh", "recurrent_activation": "sigmoid", "unroll": False, "use_bias": True}
BLOCKING = {"activation": "relu", "recurrent_activation": "hard_sigmoid", "unroll": True, "use_bias": False}


def _cudnn_ok(**settings):
    from keras import activations
    import importlib

    rnn = importlib.import_module("keras.src.backend.tensorflow.rnn")

    args = {**DEFAULTS, **settings}
    for name in ("activation", "recurrent_activation"):
        args[name] = activations.get(args[name])
    if "reset_after" in args:                                   # a GRU
        return rnn._do_gru_arguments_support_cudnn(**args)
    return rnn._do_lstm_arguments_support_cudnn(**args)         # cudnn_ok() adds "and a GPU is present"


def test_the_taught_list_is_what_keras_checks():
    assert _cudnn_ok() and _cudnn_ok(reset_after=True)
    for name, value in BLOCKING.items():
        assert not _cudnn_ok(**{name: value}), f"LSTM: {name}={value!r} should block cuDNN"
        assert not _cudnn_ok(reset_after=True, **{name: value}), f"GRU: {name}={value!r} should block cuDNN"
    assert not _cudnn_ok(reset_after=False), "GRU: reset_after=False should block cuDNN"
    import inspect

    import keras
    for layer in (keras.layers.GRU, keras.layers.LSTM):
        assert "if not self.recurrent_dropout" in inspect.getsource(layer.inner_loop), \
            f"{layer.__name__}: recurrent_dropout > 0 should skip the cuDNN path"


def test_tensorflow_cudnn_path_stops_on_a_mask_not_padded_on_the_right():
    # chapter 15: on TensorFlow a right-padded mask keeps cuDNN; any other mask stops with an error
    import keras
    source = (Path(keras.__file__).parent / "src" / "backend" / "tensorflow" / "rnn.py").read_text()
    assert "does not correspond to " in source and "right-padded sequences" in source
    for func in ("lstm", "gru"):
        body = source[source.index(f"\ndef _cudnn_{func}("):]
        body = body[:body.index("\ndef ", 1)]
        assert "_assert_valid_mask(mask)" in body, func


def test_jax_and_torch_fast_paths_refuse_any_mask():
    # chapter 15: on TensorFlow a right-padded mask keeps cuDNN; on JAX and PyTorch (Keras 3.15) any mask
    # sends LSTM and GRU to the generic loop (their fused functions raise NotImplementedError, the fallback)
    import re

    import keras
    backend_dir = Path(keras.__file__).parent / "src" / "backend"
    for name in ("jax", "torch"):
        source = (backend_dir / name / "rnn.py").read_text()
        for func in ("lstm", "gru"):
            body = source[source.index(f"\ndef {func}("):]
            body = body[:body.index("\ndef ", 1)]
            assert re.search(r"mask is not None[^\n]*:\s*\n\s*raise NotImplementedError", body), (name, func)


def _code_sources():
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        for i, cell in enumerate(cells):
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
                yield f"{path.name} cell {i}", "\n".join(lines)
    for path in sorted((ROOT / "utils").rglob("*.py")):
        yield str(path.relative_to(ROOT)), path.read_text()


def _blockers(call: ast.Call, kind: str) -> list[str]:
    found = []
    for kw in call.keywords:
        value = kw.value.value if isinstance(kw.value, ast.Constant) else ...
        if kw.arg == "recurrent_dropout" and value not in (0, 0.0):
            found.append(f"recurrent_dropout={ast.unparse(kw.value)}")
        elif kw.arg in DEFAULTS and value is not ... and value != DEFAULTS[kw.arg]:
            found.append(f"{kw.arg}={value!r}")
        elif kw.arg in DEFAULTS and value is ...:
            found.append(f"{kw.arg}={ast.unparse(kw.value)} (not a constant: cannot be checked)")
        elif kw.arg == "reset_after" and kind == "GRU" and value is not True:
            found.append(f"reset_after={ast.unparse(kw.value)}")
    return found


ALLOWED = {   # (notebook, setting): why it is not a slip
    ("04_lstm_gru_vs_simplernn.ipynb", "GRU(reset_after=False)"):
        "section 2 builds the original GRU formula once, to compare it with NumPy; it is never trained",
}


def test_no_chapter_switches_the_cudnn_kernel_off():
    problems, calls = [], 0
    for where, source in _code_sources():
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue                                    # exercise cells with blanks for students
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("LSTM", "GRU"):
                calls += 1
                problems += [f"{where}: {name}({b})" for b in _blockers(node, name)
                             if (where.split(" cell")[0], f"{name}({b})") not in ALLOWED]
    assert calls > 20, f"found only {calls} LSTM/GRU calls: is the scan reading the notebooks?"
    assert not problems, "these LSTM/GRU settings switch cuDNN off on a GPU:\n" + "\n".join(problems)
