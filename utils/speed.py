"""How fast each chapter's main training loop runs under each Keras backend option, side by side in one run.

    python3 tasks.py speed            # every chapter in SPECS: TensorFlow, TensorFlow + XLA, JAX
    python3 tasks.py speed 05 09      # some chapters

Chapter 15 compares the options on one model; this module measures the model behind each chapter's main
training loop (the layers, sizes, batch and loss the chapter uses in full mode, on random data of the same
shapes: speed does not depend on the values). Every option runs in a :class:`utils.backends.Worker` of its
own backend, one chapter after another, so the options are measured side by side on the same machine.

For each model and option: a first ``fit`` of ``WARMUP_STEPS`` batches (compiling), then ``TIMED_EPOCHS``
epochs of ``TIMED_STEPS`` batches each; the fastest of those gives milliseconds per batch, and seconds per
full-mode epoch is that times the chapter's batches per epoch. Results go to ``docs/results/speed.csv``
and the table in ``docs/results/speed.md``, with each option's time relative to the fastest.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from . import backends, checks, config

OPTIONS = {"tensorflow": ("tensorflow", False), "tensorflow + XLA": ("tensorflow", True), "jax": ("jax", "auto")}
WARMUP_STEPS = 3
TIMED_STEPS = 12
TIMED_EPOCHS = 3
CSV_PATH = config.repo_root() / "docs" / "results" / "speed.csv"
MD_PATH = config.repo_root() / "docs" / "results" / "speed.md"


@dataclass(frozen=True)
class Spec:
    """One chapter's main training loop: the model (as code), its inputs, targets, batch and epoch size.

    ``build`` is Python source defining ``build()``, which returns the uncompiled model, and ``LOSS``
    (and optionally ``METRICS``); ``inputs`` lists one ``(kind, shape, high)`` per model input and
    ``target`` is one more: kind ``"float"`` (standard normal), ``"ids"`` (integers 1..high-1, a token id
    per step, no padding), ``"classes"`` (integers 0..high-1) or ``"ctc"`` (``high`` frames, then digit
    labels 1..10). ``batch`` and ``steps_per_epoch`` are the
    chapter's, in full mode. ``source`` says where in the chapter the model is.
    """

    chapter: str
    name: str
    build: str
    inputs: tuple
    target: tuple
    batch: int
    steps_per_epoch: int
    source: str
    notes: str = ""
    learning_rate: float = 1e-3
    extra: dict = field(default_factory=dict)


_TIMER = f'''
import time
import numpy as np

def _make(kind, shape, high, n, rng):
    if kind == "float":
        return rng.standard_normal((n, *shape)).astype("float32")
    if kind == "ctc":                  # [frames, label 1..10 x (shape - 1)]: every frame real
        labels = rng.integers(1, 11, size=(n, shape[0] - 1))
        return np.concatenate([np.full((n, 1), high), labels], axis=1).astype("int32")
    low = 1 if kind == "ids" else 0
    return rng.integers(low, high, size=(n, *shape)).astype("int32")

class _Times(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.seconds = []
    def on_epoch_begin(self, epoch, logs=None):
        self.t0 = time.perf_counter()
    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.t0)

def time_spec(build_code, inputs, target, batch, learning_rate, jit):
    namespace = {{"keras": keras, "__name__": "speed_spec"}}
    exec(build_code, namespace)
    keras.utils.set_random_seed(0)
    model = namespace["build"]()
    model.compile(keras.optimizers.Adam(learning_rate), namespace["LOSS"], metrics=namespace.get("METRICS"),
                  jit_compile=jit)
    rng = np.random.default_rng(0)
    n = batch * {TIMED_STEPS}
    xs = [_make(*spec, n, rng) for spec in inputs]
    y = _make(*target, n, rng)
    x = xs[0] if len(xs) == 1 else xs
    t0 = time.perf_counter()
    warm = {WARMUP_STEPS} * batch
    model.fit(xs[0][:warm] if len(xs) == 1 else [a[:warm] for a in xs], y[:warm], batch_size=batch,
              epochs=1, shuffle=False, verbose=0)
    first = time.perf_counter() - t0
    timer = _Times()
    model.fit(x, y, batch_size=batch, epochs={TIMED_EPOCHS}, shuffle=False, verbose=0, callbacks=[timer])
    keras.backend.clear_session()
    return {{"first_fit_s": first, "ms_per_step": 1000 * min(timer.seconds) / {TIMED_STEPS},
            "epoch_s": timer.seconds}}
'''


def measure(specs: list[Spec], options: dict | None = None) -> list[dict]:
    """Time every spec under every option (default :data:`OPTIONS`); one row per (chapter, option)."""
    options = OPTIONS if options is None else options
    specs = checks.check_sequence_of(specs, "specs", Spec)
    needed = sorted({backend for backend, _ in options.values()})
    workers = {}
    rows = []
    try:
        for backend in needed:
            workers[backend] = backends.Worker(backend)
            workers[backend].run(_TIMER)
        for spec in specs:
            for label, (backend, jit) in options.items():
                call = (f"RESULT.update(time_spec({spec.build!r}, {list(spec.inputs)!r}, {spec.target!r}, "
                        f"{spec.batch}, {spec.learning_rate}, {jit!r}))")
                out = workers[backend].run(call)
                rows.append({"chapter": spec.chapter, "model": spec.name, "option": label,
                             "ms_per_step": round(out["ms_per_step"], 2),
                             "s_per_epoch": round(out["ms_per_step"] * spec.steps_per_epoch / 1000, 3),
                             "first_fit_s": round(out["first_fit_s"], 2), "batch": spec.batch,
                             "steps_per_epoch": spec.steps_per_epoch})
                print(f"{spec.chapter} {label:>17}: {out['ms_per_step']:8.1f} ms per batch, "
                      f"first fit {out['first_fit_s']:.1f} s", flush=True)
    finally:
        for worker in workers.values():
            worker.close()
    for row in rows:
        fastest = min(r["ms_per_step"] for r in rows if r["chapter"] == row["chapter"])
        row["vs_fastest"] = round(row["ms_per_step"] / fastest, 2)
    return rows


def write(rows: list[dict], specs: list[Spec], csv_path: Path = CSV_PATH, md_path: Path = MD_PATH) -> None:
    """Write the rows to ``csv_path`` and a Markdown table (one line per chapter) to ``md_path``."""
    fields = ["chapter", "model", "option", "ms_per_step", "s_per_epoch", "vs_fastest", "first_fit_s", "batch",
              "steps_per_epoch"]
    with open(csv_path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    from . import bench

    m = bench.machine()
    labels = list(dict.fromkeys(r["option"] for r in rows))
    by = {(r["chapter"], r["option"]): r for r in rows}
    lines = [
        "# Training speed of each chapter's main loop, by backend option",
        "",
        f"Measured {dt.date.today().isoformat()} on {m.get('cpu', '?')} ({m.get('cores', '?')} cores, "
        f"{'GPU ' + m['gpu'] if m.get('gpu') else 'no GPU'}), Keras {m.get('keras', '?')}, TensorFlow "
        f"{m.get('tensorflow', '?')}, JAX {bench._version('jax')}, with `python3 tasks.py speed` "
        "(`utils/speed.py`): each chapter's main model, its full-mode batch and epoch size, on random data of "
        f"the same shapes; after a first fit of {WARMUP_STEPS} batches (compiling), the fastest of "
        f"{TIMED_EPOCHS} epochs of {TIMED_STEPS} batches. Seconds per full-mode epoch = ms per batch × the "
        "chapter's batches per epoch. In brackets: time relative to the fastest option for that chapter.",
        "",
        "| chapter | main model | batch × batches per epoch | " + " | ".join(f"{o}: s per epoch" for o in labels)
        + " | first fit (s): " + " / ".join(labels) + " |",
        "|---|---|---|" + "---|" * len(labels) + "---|",
    ]
    for spec in specs:
        if (spec.chapter, labels[0]) not in by:
            continue
        cells = [f"{by[spec.chapter, o]['s_per_epoch']:.3g} ({by[spec.chapter, o]['vs_fastest']:.1f}×)" for o in labels]
        first = " / ".join(f"{by[spec.chapter, o]['first_fit_s']:.1f}" for o in labels)
        lines.append(f"| {spec.chapter} | {spec.name} | {spec.batch} × {spec.steps_per_epoch} | "
                     + " | ".join(cells) + f" | {first} |")
    notes = [f"- {s.chapter}: {s.notes}" for s in specs if s.notes]
    if notes:
        lines += ["", "Notes:", *notes]
    md_path.write_text("\n".join(lines) + "\n")


GOAL = 1.3   # issue 19: each chapter's main loop within 1.3x of the fastest option measured side by side


def read_table(csv_path: Path = CSV_PATH) -> dict[str, dict[str, dict]]:
    """The committed speed table as ``{chapter: {option: row}}`` (numbers as floats)."""
    if not Path(csv_path).is_file():
        raise FileNotFoundError(f"{csv_path} is missing: it is part of the repository (restore it with "
                                f"`git checkout -- docs/results/speed.csv`, or measure it: python3 tasks.py speed)")
    table: dict[str, dict[str, dict]] = {}
    with open(csv_path, newline="") as f:
        for row in csv.DictReader(f):
            for key in ("ms_per_step", "s_per_epoch", "vs_fastest", "first_fit_s"):
                row[key] = float(row[key])
            table.setdefault(row["chapter"], {})[row["option"]] = row
    return table


_USE_OPTION = re.compile(r'speed\.use_option\(\s*"(\d\d)"\s*,\s*"([^"]+)"\s*\)')


def chapter_option(chapter: str) -> str:
    """The option chapter ``chapter``'s notebook names with :func:`use_option`, else ``"tensorflow"`` (Keras's default)."""
    import json

    chapter = checks.check_str(chapter, "chapter")
    paths = sorted((config.repo_root() / "notebooks").glob(f"{chapter}_*.ipynb"))
    if len(paths) != 1:
        raise checks.fail(ValueError, "chapter", "the number of one notebook in notebooks/", repr(chapter),
                          hint=f"found {len(paths)} notebooks named {chapter}_*.ipynb")
    cells = json.loads(paths[0].read_text())["cells"]
    calls = _USE_OPTION.findall("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code"))
    if len(calls) > 1 or any(ch != chapter for ch, _ in calls):
        raise ValueError(f"{paths[0].name} must call speed.use_option at most once, with its own number: {calls}")
    return calls[0][1] if calls else "tensorflow"


def use_option(chapter: str, option: str, csv_path: Path = CSV_PATH) -> bool | str:
    """Run this notebook's Keras on ``option`` of the speed table and print what the table measured for it.

    ``option`` is one of :data:`OPTIONS` (``"tensorflow"``, ``"tensorflow + XLA"``, ``"jax"``); call this
    before the first ``import keras`` (it calls :func:`utils.config.use_backend`). Returns the value for
    ``model.compile(jit_compile=...)``: ``False`` (plain TensorFlow graphs), ``True`` (XLA) or ``"auto"``
    (JAX, which always compiles with XLA). ``tests/test_speed.py`` checks that the option each chapter names
    is within :data:`GOAL` of the fastest one measured for it.

    >>> use_option("09", "jax")                                            # doctest: +SKIP
    Keras backend: jax. This chapter's main model, GRU(32), weather, trained a full-mode epoch in ...
    'auto'
    """
    chapter = checks.check_str(chapter, "chapter")
    option = checks.check_str(option, "option", choices=tuple(OPTIONS))
    table = read_table(csv_path)
    if chapter not in table:
        raise checks.fail(ValueError, "chapter", f"a chapter measured in {Path(csv_path).name} "
                          f"({', '.join(sorted(table))})", repr(chapter), hint="measure it: python3 tasks.py speed")
    rows = table[chapter]
    if option not in rows:
        raise checks.fail(ValueError, "option", f"an option measured for chapter {chapter} ({', '.join(rows)})",
                          repr(option))
    backend, jit = OPTIONS[option]
    config.use_backend(backend)
    measured = ", ".join(f"{r['s_per_epoch']:.3g} s on {o}" for o, r in sorted(rows.items(),
                                                                              key=lambda kv: kv[1]["s_per_epoch"]))
    print(f"Keras backend: {backend}{' with XLA (jit_compile=True)' if jit is True else ''}. This chapter's main "
          f"model, {rows[option]['model']}, trained a full-mode epoch in {measured} "
          f"(docs/results/speed.md, a 2-core CPU).")
    return jit


def _model(body: str, loss: str) -> str:
    """Source defining ``build()`` (inputs -> ``outputs``, written in ``body``) and ``LOSS``."""
    return ("from keras import layers, ops\n\ndef build():\n" + textwrap.indent(textwrap.dedent(body).strip(), "    ")
            + "\n    return keras.Model(inputs, outputs)\n\nLOSS = " + loss + "\n")


_SCCE_LOGITS = "keras.losses.SparseCategoricalCrossentropy(from_logits=True)"
_CTC = """
from keras import ops

def _ctc(y_true, y_pred):                       # as utils/speech.py: [frames, labels...], 0-padded
    y_true = ops.cast(y_true, "int32")
    frames, target = y_true[:, 0], y_true[:, 1:]
    return ops.ctc_loss(target, y_pred, ops.sum(ops.cast(target > 0, "int32"), axis=1), frames, mask_index=0)


class _Unmask(keras.layers.Layer):
    def call(self, inputs):
        return inputs + 0.0

    def compute_mask(self, inputs, mask=None):
        return None
"""

SPECS: list[Spec] = [
    Spec("01", "SimpleRNN(50)", _model("""
        inputs = keras.Input((10, 1))
        outputs = layers.Dense(1)(layers.SimpleRNN(50)(inputs))""", '"mse"'),
         (("float", (10, 1), 0),), ("float", (1,), 0), 32, 25, "cell 20"),
    Spec("03", "Masking → SimpleRNN(16), every step", _model("""
        inputs = keras.Input((6, 11))
        h = layers.SimpleRNN(16, return_sequences=True)(layers.Masking()(inputs))
        outputs = layers.Dense(11, activation="softmax")(h)""", '"sparse_categorical_crossentropy"'),
         (("float", (6, 11), 0),), ("classes", (6,), 11), 6, 1, "the hello model", learning_rate=0.02),
    Spec("04", "Masking → GRU(32), adding task", _model("""
        inputs = keras.Input((None, 2))
        outputs = layers.Dense(1)(layers.GRU(32)(layers.Masking()(inputs)))""", '"mse"'),
         (("float", (150, 2), 0),), ("float", (1,), 0), 64, 54, "section 5",
         notes="lengths 2-300 in length buckets; timed at 150 steps, the middle"),
    Spec("05", "Embedding(mask) → LSTM(64)", _model("""
        inputs = keras.Input((None,), dtype="int32")
        h = layers.Dropout(0.4)(layers.Embedding(8835, 64, mask_zero=True)(inputs))
        outputs = layers.Dense(1, activation="sigmoid")(layers.Dropout(0.4)(layers.LSTM(64)(h)))""",
                                                       '"binary_crossentropy"'),
         (("ids", (48,), 8835),), ("classes", (1,), 2), 64, 133, "build_classifier"),
    Spec("06", "Embedding(mask) → LSTM(64) language model", _model("""
        inputs = keras.Input((None,), dtype="int32")
        h = layers.LSTM(64, return_sequences=True)(layers.Embedding(3000, 64, mask_zero=True)(inputs))
        outputs = layers.Dense(3000)(h)""", _SCCE_LOGITS),
         (("ids", (20,), 3000),), ("classes", (20,), 3000), 128, 150, "wordlm",
         notes="sentences up to 26 words in length buckets; timed at 20", learning_rate=5e-3),
    Spec("07", "Embedding → GRU(256), characters", _model("""
        inputs = keras.Input((None,), dtype="int32")
        h = layers.GRU(256, return_sequences=True)(layers.Embedding(65, 32)(inputs))
        outputs = layers.Dense(65)(h)""", _SCCE_LOGITS),
         (("ids", (100,), 65),), ("classes", (100,), 65), 64, 80, "the char model", learning_rate=3e-3),
    Spec("08", "GRU(32), returns", _model("""
        inputs = keras.Input((20, 3))
        outputs = layers.Dense(2)(layers.GRU(32)(inputs))""", '"mae"'),
         (("float", (20, 3), 0),), ("float", (2,), 0), 64, 55, "the GRU forecaster"),
    Spec("09", "GRU(32), weather", _model("""
        inputs = keras.Input((48, 9))
        outputs = layers.Dense(2)(layers.GRU(32)(inputs))""", '"mae"'),
         (("float", (48, 9), 0),), ("float", (2,), 0), 64, 95, "the GRU forecaster"),
    Spec("10", "BiGRU encoder, GRU(128) decoder, attention (dates)", _model("""
        src = keras.Input((None,), dtype="int32")
        dec_in = keras.Input((None,), dtype="int32")
        enc, fwd, bwd = layers.Bidirectional(layers.GRU(64, return_sequences=True, return_state=True))(
            layers.Embedding(86, 32, mask_zero=True)(src))
        dec, _ = layers.GRU(128, return_sequences=True, return_state=True)(
            layers.Embedding(14, 32, mask_zero=True)(dec_in), initial_state=layers.Concatenate()([fwd, bwd]))
        context = layers.Attention()([dec, enc], mask=[ops.not_equal(dec_in, 0), ops.not_equal(src, 0)])
        outputs = layers.Dense(14)(layers.Dense(128, activation="tanh")(layers.Concatenate()([dec, context])))
        inputs = [src, dec_in]""", _SCCE_LOGITS),
         (("ids", (35,), 86), ("ids", (11,), 14)), ("classes", (11,), 14), 256, 59, "build_seq2seq",
         learning_rate=3e-3),
    Spec("11", "GRU(64), smartwatch windows", _model("""
        inputs = keras.Input((100, 6))
        outputs = layers.Dense(7, activation="softmax")(layers.GRU(64)(inputs))""",
                                                  '"sparse_categorical_crossentropy"'),
         (("float", (100, 6), 0),), ("classes", (), 7), 64, 42, "the exercise GRU", learning_rate=2e-3),
    Spec("12", "Masking → BiGRU(64), CTC", _CTC + _model("""
        inputs = keras.Input((None, 26))
        h = layers.Bidirectional(layers.GRU(64, return_sequences=True))(layers.Masking()(inputs))
        outputs = _Unmask()(layers.Dense(11)(h))""", "_ctc"),
         (("float", (60, 26), 0),), ("ctc", (8,), 60), 32, 95, "the CTC transcriber",
         notes="16-103 frames in length buckets; timed at 60", learning_rate=2e-3),
    Spec("13", "Embedding(mask) → BiGRU(32), e-mails", _model("""
        inputs = keras.Input((None,), dtype="int32")
        h = layers.Bidirectional(layers.GRU(32))(layers.Embedding(16680, 64, mask_zero=True)(inputs))
        outputs = layers.Dense(1)(h)""", "keras.losses.BinaryCrossentropy(from_logits=True)"),
         (("ids", (300,), 16680),), ("classes", (1,), 2), 64, 34, "the spam GRU"),
    Spec("14", "Embedding(mask) → LSTM(128), notes", _model("""
        inputs = keras.Input((None,), dtype="int32")
        h = layers.Dropout(0.3)(layers.Embedding(188, 32, mask_zero=True)(inputs))
        outputs = layers.Dense(188)(layers.Dropout(0.3)(layers.LSTM(128, return_sequences=True)(h)))""",
                                                       _SCCE_LOGITS),
         (("ids", (100,), 188),), ("classes", (100,), 188), 16, 18, "the melody LSTM",
         notes="chorales up to 186 notes in length buckets; timed at 100"),
    Spec("15", "GRU(32), weather (this chapter's model)", _model("""
        inputs = keras.Input((None, 9))
        outputs = layers.Dense(1)(layers.GRU(32)(inputs))""", '"mse"'),
         (("float", (48, 9), 0),), ("float", (1,), 0), 64, 94, "section 1"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.speed", description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", help="chapter numbers such as 05 09 (default: every chapter in SPECS)")
    args = parser.parse_args(argv)
    chosen = [s for s in SPECS if not args.chapters or s.chapter in args.chapters]
    if not chosen:
        parser.error(f"no spec for chapters {args.chapters}; SPECS has {[s.chapter for s in SPECS]}")
    rows = measure(chosen)
    write(rows, chosen)
    print(f"wrote {CSV_PATH.relative_to(config.repo_root())} and {MD_PATH.relative_to(config.repo_root())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
