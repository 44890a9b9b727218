"""Word-level LSTM language models, and classifiers that start from one (chapters 05 and 06).

Chapter 06 trains a next-word model; chapter 05 pretrains the same kind of model on unlabelled
text and fine-tunes its embedding and LSTM as a sentiment classifier. Both use these functions:

>>> from utils import wordlm
>>> x, y, mask = wordlm.shift_pairs([[2, 5, 6, 3], [2, 7, 3]], length=4)
>>> x.tolist(), y.tolist()
([[2, 5, 6, 0], [2, 7, 0, 0]], [[5, 6, 3, 0], [7, 3, 0, 0]])
>>> model = wordlm.build_word_lstm(vocab_size=100, embed_dim=8, units=16)      # doctest: +SKIP
>>> history = wordlm.train(model, (x, y), (x, y), max_epochs=5, patience=1)     # doctest: +SKIP
>>> clf = wordlm.classifier_from_lm(model)                                     # doctest: +SKIP

The model's layers are named ``embed`` (``Embedding(mask_zero=True)``), ``lstm``
(``LSTM(return_sequences=True)``) and ``next_word`` (``Dense(vocab_size)`` logits), so a
classifier can copy the first two.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import text


def shift_pairs(seqs: Sequence[Sequence[int]], length: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Inputs and targets of a language model: ``x`` is each sequence without its last id, ``y`` without its first.

    Both are right-padded with 0 (and cut) to ``length``; ``mask`` is True where a real target
    sits. Shifting happens *before* padding, so the last real input never faces a padding target.
    Every sequence needs at least 2 ids (an input and its target).

    >>> x, y, mask = shift_pairs([[2, 4, 3]], length=3)
    >>> x.tolist(), y.tolist(), mask.tolist()
    ([[2, 4, 0]], [[4, 3, 0]], [[True, True, False]])
    """
    if isinstance(seqs, (str, bytes)) or not hasattr(seqs, "__len__"):
        raise TypeError(f"seqs must be a list of id sequences, got {type(seqs).__name__}")
    short = [i for i, s in enumerate(seqs) if len(s) < 2]
    if short:
        raise ValueError(f"seqs[{short[0]}] has {len(seqs[short[0]])} id(s); each sequence needs at least 2 "
                         "(an input and the target that follows it)")
    x, mask = text.pad_sequences([list(s)[:-1] for s in seqs], length)
    y, _ = text.pad_sequences([list(s)[1:] for s in seqs], length)
    return x, y, mask


def build_word_lstm(vocab_size: int, *, embed_dim: int = 64, units: int = 64, dropout: float = 0.2,
                    unigram: np.ndarray | None = None, learning_rate: float = 5e-3, output_size: int | None = None,
                    jit_compile: bool | str = False):
    """``Embedding(mask_zero) -> Dropout -> LSTM(return_sequences) -> Dropout -> Dense(vocab_size)`` logits.

    Input ``(batch, time)`` int ids, output ``(batch, time, vocab_size)`` logits, compiled with the
    sparse categorical cross-entropy on logits (the mask makes padded positions count for nothing).
    With ``unigram`` (a probability vector of length ``vocab_size``) the output bias starts at
    ``log(unigram)``: the untrained model then predicts word frequencies, not a uniform guess.
    ``output_size`` (default ``vocab_size``) predicts only the first ``output_size`` ids (the most frequent
    words of a :class:`utils.text.Vocabulary`); targets beyond it must be mapped to ``[UNK]``. The output
    layer is most of the cost, so a smaller output makes pretraining cheaper while the input keeps every word.
    ``jit_compile`` goes to ``model.compile``. It defaults to False: on the 2-core reference CPU, XLA
    (Keras's ``"auto"`` choice) made an epoch of this model about 3 times slower, and it compiles again
    for every new batch shape, which :func:`length_batches` makes several of.
    """
    import keras

    for name, value in (("vocab_size", vocab_size), ("embed_dim", embed_dim), ("units", units)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    if not 0 <= dropout < 1:
        raise ValueError(f"dropout must be in [0, 1), got {dropout!r}")
    output_size = vocab_size if output_size is None else output_size
    if isinstance(output_size, bool) or not isinstance(output_size, (int, np.integer)) or not 2 <= output_size <= vocab_size:
        raise ValueError(f"output_size must be an int in [2, vocab_size={vocab_size}], got {output_size!r}")
    bias = "zeros"
    if unigram is not None:
        unigram = np.asarray(unigram, dtype="float64")
        if unigram.shape != (output_size,) or not np.all(unigram > 0):
            raise ValueError(f"unigram must be a vector of {output_size} positive probabilities, got shape "
                             f"{unigram.shape} with minimum {unigram.min() if unigram.size else None}")
        bias = keras.initializers.Constant(np.log(unigram / unigram.sum()))
    ids = keras.Input(shape=(None,), dtype="int32", name="ids")                                # (batch, time)
    h = keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True, name="embed")(ids)       # (batch, time, d)
    h = keras.layers.Dropout(dropout)(h)
    h = keras.layers.LSTM(units, return_sequences=True, name="lstm")(h)                        # (batch, time, units)
    h = keras.layers.Dropout(dropout)(h)
    logits = keras.layers.Dense(output_size, bias_initializer=bias, name="next_word")(h)      # (batch, time, V)
    model = keras.Model(ids, logits, name="word_lstm")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), jit_compile=jit_compile)
    return model


def length_batches(x: np.ndarray, y: np.ndarray, *, batch_size: int, edges: Sequence[int] = (8, 16, 24, 32),
                   seed: int = 0):
    """Batches of right-padded id sequences of similar length, each cut to the smallest edge that holds it.

    A language model pays for every position of a batch, padding included: its output layer computes
    ``vocab_size`` scores at each one. Most sentences are far shorter than the longest, so grouping
    sentences of similar length and cutting the padding cuts the work (about in half for chapter 05's
    sentences). ``x`` must be right-padded with 0 (what :func:`shift_pairs` makes); ``y`` has the same shape
    (targets per position) or one row per sequence. ``x.shape[1]`` is added as the last edge. The batch
    order is shuffled anew every epoch (seeded). Returns a ``tf.data.Dataset`` of ``(x, y)`` batches for ``model.fit``.

    >>> ds = length_batches(np.array([[2, 3, 0, 0], [4, 0, 0, 0]]), np.ones((2, 4)), batch_size=2, edges=(2,))
    >>> [tuple(xb.shape) for xb, yb in ds]
    [(2, 2)]
    """
    import tensorflow as tf

    x, y = np.asarray(x), np.asarray(y)
    if x.ndim != 2 or len(y) != len(x):
        raise ValueError(f"x must be 2-D (batch, time) ids and y hold one row per sequence, got shapes {x.shape} "
                         f"and {y.shape}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    lengths = (x != 0).sum(axis=1)
    if np.any((x != 0) != (np.arange(x.shape[1])[None, :] < lengths[:, None])):
        raise ValueError("x must be right-padded with 0 (real ids first, then only zeros)")
    edges = sorted({int(e) for e in edges if 0 < int(e) < x.shape[1]} | {x.shape[1]})
    cut = np.asarray(edges)[np.searchsorted(edges, np.maximum(lengths, 1))]        # the edge each sequence needs
    per_position = y.ndim == 2 and y.shape == x.shape
    rng = np.random.default_rng(seed)
    groups = [(edge, np.flatnonzero(cut == edge)) for edge in edges if np.any(cut == edge)]
    n_batches = sum(-(-len(idx) // batch_size) for _, idx in groups)

    def batches():                                   # called once per epoch: a new order every time
        plan = []
        for edge, idx in groups:
            idx = rng.permutation(idx)
            plan += [(edge, idx[i:i + batch_size]) for i in range(0, len(idx), batch_size)]
        for k in rng.permutation(len(plan)):
            edge, idx = plan[k]
            yield x[idx, :edge], (y[idx, :edge] if per_position else y[idx])

    y_shape = (None, None) if per_position else (None, *y.shape[1:])
    signature = (tf.TensorSpec((None, None), tf.as_dtype(x.dtype)), tf.TensorSpec(y_shape, tf.as_dtype(y.dtype)))
    dataset = tf.data.Dataset.from_generator(batches, output_signature=signature)
    return dataset.apply(tf.data.experimental.assert_cardinality(n_batches)).prefetch(2)


def train(model, train_data, val_data, *, max_epochs: int, patience: int = 1, batch_size: int = 128,
          monitor: str = "val_loss", every: int = 1, edges: Sequence[int] | None = None):
    """Fit until the validation score stops improving (at most ``max_epochs``); keep the best epoch's weights.

    ``train_data`` and ``val_data`` are ``(x, y)`` pairs. ``monitor`` is ``"val_loss"`` (lower is better)
    or any ``"val_..."`` metric, which is maximised (e.g. ``"val_accuracy"``). With ``edges`` the
    training batches come from :func:`length_batches` (less padding, same result per sentence). Returns
    ``(history, seconds_per_epoch, best_epoch)`` with ``best_epoch`` counted from 1.
    """
    import keras

    from . import training

    if isinstance(max_epochs, bool) or not isinstance(max_epochs, (int, np.integer)) or max_epochs < 1:
        raise ValueError(f"max_epochs must be a positive int, got {max_epochs!r}")
    if not isinstance(monitor, str) or not monitor.startswith("val_"):
        raise ValueError(f"monitor must name a validation metric such as 'val_loss', got {monitor!r}")
    for name, pair in (("train_data", train_data), ("val_data", val_data)):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"{name} must be an (x, y) pair, got {type(pair).__name__}")
    mode = "min" if monitor == "val_loss" else "max"
    stop = keras.callbacks.EarlyStopping(monitor=monitor, mode=mode, patience=patience, restore_best_weights=True)
    if edges is None:
        history, sec = training.fit(model, train_data[0], train_data[1], epochs=int(max_epochs), batch_size=batch_size,
                                    validation_data=tuple(val_data), callbacks=[stop], every=every)
    else:
        batches = length_batches(train_data[0], train_data[1], batch_size=batch_size, edges=edges)
        history, sec = training.fit(model, batches, epochs=int(max_epochs), batch_size=None,
                                    validation_data=tuple(val_data), callbacks=[stop], every=every)
    scores = history.history[monitor]
    best = int(np.argmin(scores) if mode == "min" else np.argmax(scores)) + 1
    return history, sec, best


def classifier_from_lm(lm=None, *, vocab_size: int | None = None, embed_dim: int = 64, units: int = 64,
                       dropout: float = 0.4, learning_rate: float = 1e-3, metrics=(), jit_compile: bool | str = False):
    """A many-to-one sentiment classifier with the architecture of :func:`build_word_lstm`'s first layers.

    ``Embedding(mask_zero) -> Dropout -> LSTM (last state) -> Dropout -> Dense(1, sigmoid)``. With ``lm``
    (a model from :func:`build_word_lstm`) the embedding and LSTM start from its trained weights
    (pretraining); without it, give ``vocab_size`` and they start random, the same model from scratch.
    Compiled with binary cross-entropy, which accepts soft targets in [0, 1]; ``jit_compile`` as in
    :func:`build_word_lstm`.
    """
    import keras

    if lm is not None:
        embed, lstm = lm.get_layer("embed"), lm.get_layer("lstm")
        vocab_size, embed_dim, units = embed.input_dim, embed.output_dim, lstm.units
    elif vocab_size is None:
        raise ValueError("give either lm (a model from build_word_lstm) or vocab_size, got neither")
    ids = keras.Input(shape=(None,), dtype="int32", name="ids")
    x = keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True, name="embed")(ids)
    x = keras.layers.Dropout(dropout)(x)
    x = keras.layers.LSTM(units, name="lstm")(x)
    x = keras.layers.Dropout(dropout)(x)
    p = keras.layers.Dense(1, activation="sigmoid", name="p_positive")(x)
    model = keras.Model(ids, p, name="pretrained_lstm" if lm is not None else "lstm_from_scratch")
    if lm is not None:
        model.get_layer("embed").set_weights(embed.get_weights())
        model.get_layer("lstm").set_weights(lstm.get_weights())
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy",
                  metrics=list(metrics), jit_compile=jit_compile)
    return model


def token_nll(predict_logits, x: np.ndarray, y: np.ndarray, mask: np.ndarray, *,
              batch_size: int = 256) -> np.ndarray:
    """Negative log-likelihood (nats) of every real target, in the order of ``y[mask]`` (row by row).

    Like :func:`utils.text.mean_token_nll`, without averaging: ``predict_logits`` maps ``(batch, time)``
    ids to ``(batch, time, vocab)`` logits. Because ``x[mask]`` lists the input at each of those
    positions, ``x[mask]`` is the previous token of each target: group by it to compare a model
    with a bigram on positions where the bigram sees the same context.

    >>> uniform = lambda ids: np.zeros(ids.shape + (4,))
    >>> token_nll(uniform, np.ones((1, 3), int), np.ones((1, 3), int), np.array([[1, 1, 0]], bool)).round(4).tolist()
    [1.3863, 1.3863]
    """
    if not callable(predict_logits):
        raise TypeError(f"predict_logits must be callable, got {type(predict_logits).__name__}")
    x, y, mask = np.asarray(x), np.asarray(y), np.asarray(mask, dtype=bool)
    if x.ndim != 2 or y.shape != x.shape or mask.shape != x.shape:
        raise ValueError(f"x, y and mask must be 2-D (batch, time) arrays of one shape, got {x.shape}, {y.shape} "
                         f"and {mask.shape}")
    if not mask.any():
        raise ValueError("mask selects no position: there is nothing to score")
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    out = []
    for start in range(0, len(x), batch_size):
        sl = slice(start, start + batch_size)
        logits = np.asarray(predict_logits(x[sl]), dtype="float64")
        if logits.ndim != 3 or logits.shape[:2] != x[sl].shape:
            raise ValueError(f"predict_logits must return (batch, time, vocab) logits, got shape {logits.shape} "
                             f"for input {x[sl].shape}")
        real = logits[mask[sl]]
        top = real.max(axis=-1, keepdims=True)
        log_norm = top[:, 0] + np.log(np.exp(real - top).sum(axis=-1))
        out.append(log_norm - real[np.arange(len(real)), y[sl][mask[sl]].astype(np.int64)])
    return np.concatenate(out)
