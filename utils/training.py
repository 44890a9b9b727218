"""Training helpers: compact, readable logs and measured time per epoch.

Keras's default progress bar (``verbose=1``) writes thousands of control characters into a saved
notebook. :func:`fit` trains silently and prints one short line every few epochs instead.

>>> history, sec_per_epoch = fit(model, x, y, epochs=10, batch_size=32)   # doctest: +SKIP
epoch   1/10  loss 0.9981
epoch  10/10  loss 0.0123   (0.21 s/epoch)
"""

from __future__ import annotations

import time

import keras
import numpy as np

from . import checks


class EpochLog(keras.callbacks.Callback):
    """Print one line every ``every`` epochs (and the first and last); record epoch times."""

    def __init__(self, epochs: int, every: int | None = None):
        super().__init__()
        epochs = checks.check_int(epochs, "epochs", ge=1)
        if every is not None:
            every = checks.check_int(every, "every", ge=1, what="None or an int")
        self.epochs = epochs
        self.every = every or max(1, epochs // 5)
        self.epoch_seconds: list[float] = []
        self._t0 = 0.0

    def on_epoch_begin(self, epoch, logs=None):
        self._t0 = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.epoch_seconds.append(time.perf_counter() - self._t0)
        n = epoch + 1
        if n == 1 or n == self.epochs or n % self.every == 0:
            metrics = "  ".join(f"{k} {v:.4f}" for k, v in (logs or {}).items()
                                if np.isscalar(v) and k != "learning_rate")
            tail = f"   ({self.seconds_per_epoch:.2f} s/epoch)" if n == self.epochs else ""
            print(f"epoch {n:>3}/{self.epochs}  {metrics}{tail}", flush=True)

    @property
    def seconds_per_epoch(self) -> float:
        """Median wall time of an epoch (the first, which includes tracing, is skipped if possible)."""
        times = self.epoch_seconds[1:] or self.epoch_seconds
        return float(np.median(times)) if times else float("nan")


def fit(model: keras.Model, x, y=None, *, epochs: int, batch_size: int | None = 32,
        every: int | None = None, callbacks: list | None = None, **kwargs):
    """``model.fit`` without a progress bar; returns ``(history, seconds_per_epoch)``.

    Extra keyword arguments (``validation_data``, ``shuffle``...) go to ``model.fit``. ``x`` may be a
    ``tf.data.Dataset`` such as :func:`length_buckets` returns (then ``batch_size`` is ignored).
    """
    if not callable(getattr(model, "fit", None)):
        raise checks.fail(TypeError, "model", "a compiled Keras model", checks.describe(model))
    if batch_size is not None:
        batch_size = checks.check_int(batch_size, "batch_size", ge=1, what="None or an int")
    if callbacks is not None:
        callbacks = checks.check_sequence_of(callbacks, "callbacks", nonempty=False, what="Keras callbacks")
    log = EpochLog(epochs, every)
    if hasattr(x, "element_spec"):            # a tf.data.Dataset arrives batched and shuffles itself
        batch_size = None
        kwargs.setdefault("shuffle", False)
    build_before_tracing(model, x, y)
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0,
                        callbacks=[log, *(callbacks or [])], **kwargs)
    return history, log.seconds_per_epoch


def predict(model: keras.Model, x, *, batch_size: int = 1024):
    """``model(x, training=False)`` as NumPy, in batches of ``batch_size``: a prediction without a traced graph.

    ``model.predict`` traces a graph for every model, and again for new input shapes, before it runs. A
    chapter that scores a few small arrays per model pays more for those traces than for the arithmetic
    (chapter 12, quick mode on the 2-core machine: 14 ``predict`` calls took 11 s); eager calls skip them.
    Use ``model.predict`` for many batches of one shape. ``x`` is an array or a list of arrays (a
    model with several inputs), all with the same number of examples; the outputs are concatenated in order.
    """
    if not callable(model):
        raise checks.fail(TypeError, "model", "a Keras model", checks.describe(model))
    batch_size = checks.check_int(batch_size, "batch_size", ge=1)
    inputs = list(x) if isinstance(x, (list, tuple)) else [x]
    if not inputs:
        raise checks.fail(ValueError, "x", "an array, or a non-empty list of arrays", "an empty list")
    for i, a in enumerate(inputs):
        if not hasattr(a, "shape") or len(a.shape) == 0:
            raise checks.fail(TypeError, "x" if len(inputs) == 1 else f"x[{i}]",
                              "an array with one row per example", checks.describe(a))
    n = int(inputs[0].shape[0])
    if n == 0 or any(int(a.shape[0]) != n for a in inputs):
        raise checks.fail(ValueError, "x", "arrays with the same number (>= 1) of examples",
                          f"{[int(a.shape[0]) for a in inputs]} examples")
    outs = []
    for start in range(0, n, batch_size):
        part = [a[start:start + batch_size] for a in inputs]
        out = model(part if isinstance(x, (list, tuple)) else part[0], training=False)
        outs.append(keras.tree.map_structure(lambda t: np.asarray(keras.ops.convert_to_numpy(t)), out))
    return keras.tree.map_structure(lambda *parts: np.concatenate(parts), *outs)


def build_before_tracing(model: keras.Model, x, y=None) -> bool:
    """Create a compiled model's optimizer and metric variables before its first training step is traced.

    Keras on TensorFlow, when no ``tf.distribute`` strategy is set, creates the optimizer's slots (Adam's
    moments) and the compiled metrics' variables *inside* the first traced training step; a
    ``tf.function`` that creates variables is traced a second time, so every model's first ``fit`` pays
    for building its training graph twice (on the 2-core CI machine: a small masked GRU's first one-epoch
    ``fit`` took 2.7 s, 2.0 s with this; tests/test_training_plotting.py checks one trace and equal
    weights). This builds them first, from the shapes of ``x``/``y`` (a ``tf.data.Dataset``'s
    ``element_spec``, or the first example of the arrays), with Keras's own ``Model._symbolic_build``,
    what Keras does itself under a distribution strategy or on JAX. The weights and training are
    unchanged. Returns True when it built something; on another backend, an already built optimizer, or a
    Keras without that method it does nothing (training is then only slower), and if building fails,
    ``model.fit`` reports the problem itself.
    """
    if keras.backend.backend() != "tensorflow" or getattr(model, "optimizer", None) is None:
        return False
    if model.optimizer.built or not callable(getattr(model, "_symbolic_build", None)):
        return False
    if hasattr(x, "element_spec"):
        spec = x.element_spec
        batch = tuple(spec[:2]) if isinstance(spec, tuple) else (spec, None)
    else:
        batch = (keras.tree.map_structure(lambda a: a[:1], x),
                 None if y is None else keras.tree.map_structure(lambda a: a[:1], y))
    try:
        model._symbolic_build(data_batch=batch)
    except Exception:  # noqa: BLE001 - an optimisation only: model.fit builds and reports errors itself
        return False
    return True


def starting_point(model: keras.Model, x, y=None):
    """Remember a compiled model's untrained state; return a function that puts it back.

    Keras on TensorFlow traces a training graph for every model object, and on this collection's small
    quick-mode runs that trace costs more than the training itself (chapter 12's digit GRU: about 1 s a
    model on the 2-core machine, 2-3 s when it is busy). A chapter that trains *one architecture* several
    times, on other data or other splits, can instead train one model object again and again, each time
    from the same start, and trace it once::

        restart = training.starting_point(model, batches)   # before the first fit
        ...fit...
        restart()                                           # the weights and optimizer state of before
        ...fit on other data...

    It builds the optimizer and metric variables first (:func:`build_before_tracing`, from the shapes of
    ``x``/``y``), then copies every variable of the model (weights, and the random-seed states of layers
    such as ``Dropout``) and of its optimizer (Adam's moments and step count). Restoring them gives the
    training a new model built from the same seed would get: tests/test_training_plotting.py checks equal
    weights after training. A compiled ``fit`` also resets the metrics at every epoch. Keep a copy of the
    weights (``model.get_weights()``) of each run you still need: the next run overwrites them.
    """
    if not callable(getattr(model, "fit", None)) or getattr(model, "optimizer", None) is None:
        raise checks.fail(TypeError, "model", "a compiled Keras model (call model.compile first)",
                          checks.describe(model))
    build_before_tracing(model, x, y)
    if not model.optimizer.built:
        model.optimizer.build(model.trainable_variables)
    variables = list(model.variables) + list(model.optimizer.variables)
    saved = [np.array(keras.ops.convert_to_numpy(v)) for v in variables]

    def restart() -> None:
        for v, value in zip(variables, saved):
            v.assign(value)
        model.stop_training = False

    return restart


def length_buckets(x, y, lengths, edges, batch_size: int, *, seed: int = 0):
    """Batches of sequences of similar length, each batch cut to its bucket's edge.

    A recurrent layer pays for every time step of a batch, padding included. When lengths vary a
    lot (here from 2 to 300 steps), padding every batch to the longest sequence wastes most of the
    work. This puts each sequence in the first bucket whose edge is at least its length, batches
    each bucket separately (shuffled anew every epoch, buckets interleaved at random) and cuts
    each batch to ``x[:, :edge]``. ``x`` must be right-padded with all-zero steps (what
    ``utils.gates.symbol_task`` makes), so the cut removes padding only; put a
    ``keras.layers.Masking()`` layer first so the remaining padding is skipped too, and give the
    model ``keras.Input((None, features))`` so one model takes every length.

    Returns ``(dataset, batches_per_epoch)``: a ``tf.data.Dataset`` of ``(x_batch, y_batch)`` for
    ``model.fit``, and the number of batches per epoch (for a learning-rate schedule).

    >>> ds, n = length_buckets(x, y, lengths, edges=[10, 30, 100, 300], batch_size=64)  # doctest: +SKIP
    """
    import tensorflow as tf

    x = checks.check_array(x, "x", ndim=3, layout="(sequences, time, features)")
    y = checks.check_array(y, "y", ndim=(1, 2, 3))
    lengths = checks.check_array(lengths, "lengths", kind="integer", ndim=1, layout="(one length per sequence)")
    if len(y) != len(x) or len(lengths) != len(x):
        raise checks.fail(ValueError, "x, y and lengths", "arrays describing the same sequences",
                          f"{len(x)}, {len(y)} and {len(lengths)} sequences")
    if lengths.min() < 1 or lengths.max() > x.shape[1]:
        raise checks.fail(ValueError, "lengths", f"whole numbers from 1 to x.shape[1] = {x.shape[1]}",
                          f"{lengths.min()} to {lengths.max()}")
    beyond = np.arange(x.shape[1])[None, :] >= lengths[:, None]
    if np.any(x[beyond] != 0):
        bad = int(np.argmax(np.any(beyond[:, :, None] & (x != 0), axis=(1, 2))))
        raise ValueError(f"sequence {bad} has non-zero values after its length {lengths[bad]}: x must be "
                         "right-padded with zeros, or those steps would be cut off silently")
    edges = checks.check_sequence_of(edges, "edges", lambda e, name: checks.check_int(e, name, ge=1),
                                     what="bucket lengths (ints)")
    if any(b <= a for a, b in zip(edges, edges[1:])):
        raise checks.fail(ValueError, "edges", "increasing bucket lengths", f"{edges}")
    if edges[-1] < lengths.max():
        raise ValueError(f"the longest sequence has {lengths.max()} steps but the last bucket edge is {edges[-1]}: "
                         f"add an edge >= {lengths.max()}, or those sequences would be dropped")
    batch_size = checks.check_int(batch_size, "batch_size", ge=1)
    seed = checks.check_int(seed, "seed", ge=0)
    bucket = np.searchsorted(edges, lengths)                 # first edge >= length
    groups = [(edge, np.flatnonzero(bucket == b)) for b, edge in enumerate(edges) if np.any(bucket == b)]
    n_batches = sum(-(-len(idx) // batch_size) for _, idx in groups)
    rng = np.random.default_rng(seed)

    def batches():                                           # called once per epoch: a new order each time
        plan = []
        for edge, idx in groups:
            idx = rng.permutation(idx)
            plan += [(edge, idx[i:i + batch_size]) for i in range(0, len(idx), batch_size)]
        for k in rng.permutation(len(plan)):
            edge, idx = plan[k]
            yield x[idx, :edge], y[idx]

    signature = (tf.TensorSpec((None, None, x.shape[2]), tf.as_dtype(x.dtype)),
                 tf.TensorSpec((None, *y.shape[1:]), tf.as_dtype(y.dtype)))
    dataset = tf.data.Dataset.from_generator(batches, output_signature=signature)
    return dataset.apply(tf.data.experimental.assert_cardinality(n_batches)).prefetch(2), n_batches
