"""Speech as sequences: padding utterances, summary features, strings of words, and CTC.

An utterance is a ``(frames, coefficients)`` array (MFCCs, LPC cepstra), and utterances differ in
length. The functions here cover what chapter 12 does twice or what is easy to get subtly wrong:

- :func:`pad_frames` pads a list of utterances to one array and returns their lengths (a longer
  utterance than the length asked for is an error, never cut);
- :func:`utterance_features` gives the order-free summary a non-recurrent baseline reads;
- :func:`join_utterances` glues a few utterances into one "spoken string" with its label sequence and
  where each word starts, for training a transcriber without frame labels;
- :func:`stack_frames` halves (or more) the number of time steps by joining neighbouring frames;
- CTC: :func:`ctc_collapse` (merge repeats, then drop blanks), :func:`ctc_targets` and
  :func:`ctc_loss` (a Keras loss that reads each string's frame count from ``y_true``),
  :class:`Unmask`, :func:`greedy_decode` and :func:`beam_decode`;
- scoring: :func:`edit_distance` and :func:`error_rate` (edits over reference tokens).

Labels for CTC are the words' ids plus one: class 0 is the blank (:data:`BLANK`).

>>> ctc_collapse([0, 3, 3, 0, 3, 5, 5, 0])
[3, 3, 5]
>>> edit_distance([1, 2, 3], [1, 3]), error_rate([[1, 2, 3], [4]], [[1, 3], [4]])
(1, 0.25)
"""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

from . import checks

#: The CTC blank's class id; a word with id ``w`` is class ``w + 1``.
BLANK = 0


def _utterances(utterances, name: str = "utterances") -> list[np.ndarray]:
    """A non-empty list of finite, non-empty 2-D arrays with the same number of coefficients."""
    if isinstance(utterances, np.ndarray):
        raise checks.fail(TypeError, name, "a list of (frames, coefficients) arrays, one per utterance",
                          f"a single array of shape {utterances.shape}", hint="wrap one utterance in a list: [u]")
    items = checks.check_sequence_of(utterances, name, what="(frames, coefficients) arrays")
    out = []
    for i, u in enumerate(items):
        arr = checks.check_array(u, f"{name}[{i}]", ndim=2, layout="(frames, coefficients)", dtype=np.float32)
        if out and arr.shape[1] != out[0].shape[1]:
            raise checks.fail(ValueError, f"{name}[{i}]", f"{out[0].shape[1]} coefficients per frame, like {name}[0]",
                              f"{arr.shape[1]}")
        out.append(arr)
    return out


def pad_frames(utterances, length: int | None = None, value: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Pad utterances at the end to one ``(n, length, coefficients)`` float32 array; also return their lengths.

    ``length`` defaults to the longest utterance; an utterance longer than ``length`` raises (nothing is
    cut). Padding at the end (right) is what a Keras mask and the cuDNN kernel expect.

    >>> x, n = pad_frames([np.ones((2, 3)), np.ones((4, 3))])
    >>> x.shape, n.tolist(), float(x[0, 2:].sum())
    ((2, 4, 3), [2, 4], 0.0)
    """
    items = _utterances(utterances)
    lengths = np.array([len(u) for u in items], dtype=np.int64)
    if length is None:
        length = int(lengths.max())
    length = checks.check_int(length, "length", ge=1)
    if lengths.max() > length:
        k = int(np.argmax(lengths))
        raise checks.fail(ValueError, "length", f"at least the longest utterance ({lengths.max()} frames)",
                          f"{length} (utterance {k} would be cut)", hint="pass a larger length, or None")
    value = checks.check_real(value, "value")
    out = np.full((len(items), length, items[0].shape[1]), value, dtype=np.float32)
    for i, u in enumerate(items):
        out[i, :len(u)] = u
    return out, lengths


def utterance_features(utterances) -> np.ndarray:
    """Per coefficient, the mean and the standard deviation over an utterance's frames: ``(n, 2 * coefficients)``.

    The summary a non-recurrent baseline reads: it keeps the utterance's average spectrum and how much
    it varies, but not the order of the frames.

    >>> utterance_features([np.array([[0.0, 1.0], [2.0, 1.0]])]).tolist()
    [[1.0, 1.0, 1.0, 0.0]]
    """
    items = _utterances(utterances)
    return np.array([np.concatenate([u.mean(axis=0), u.std(axis=0)]) for u in items], dtype=np.float64)


def stack_frames(utterance, k: int = 2) -> np.ndarray:
    """Join each run of ``k`` neighbouring frames into one: ``(frames, c)`` -> ``(ceil(frames / k), k * c)``.

    A recurrent layer then takes ``k`` times fewer steps. If ``frames`` is not a multiple of ``k`` the last
    frame is repeated to fill the final group (nothing is dropped).

    >>> stack_frames(np.arange(6.0).reshape(3, 2)).tolist()
    [[0.0, 1.0, 2.0, 3.0], [4.0, 5.0, 4.0, 5.0]]
    """
    u = checks.check_array(utterance, "utterance", ndim=2, layout="(frames, coefficients)", dtype=np.float32)
    k = checks.check_int(k, "k", ge=1)
    fill = (-len(u)) % k
    if fill:
        u = np.concatenate([u, np.repeat(u[-1:], fill, axis=0)])
    return u.reshape(len(u) // k, k * u.shape[1])


def join_utterances(utterances, labels, count: int, min_words: int, max_words: int,
                    seed: int = 0) -> tuple[list[np.ndarray], list[list[int]], list[np.ndarray]]:
    """Make ``count`` "spoken strings": each glues ``min_words``-``max_words`` distinct utterances end to end.

    Returns ``(strings, words, starts)``: ``strings[i]`` is the glued ``(frames, coefficients)`` array,
    ``words[i]`` the labels of its utterances in order, ``starts[i]`` the frame where each utterance begins.
    Within one string no utterance is used twice; across strings an utterance is reused (pass only the
    utterances of one split, so that a test string never holds a training recording).

    >>> s, w, st = join_utterances([np.zeros((3, 2)), np.ones((5, 2))], [7, 8], count=1, min_words=2, max_words=2)
    >>> s[0].shape, sorted(w[0]), st[0].tolist() in ([0, 3], [0, 5])
    ((8, 2), [7, 8], True)
    """
    items = _utterances(utterances)
    labs = checks.check_array(labels, "labels", kind="integer", ndim=1, layout="(utterances,)")
    if len(labs) != len(items):
        raise checks.fail(ValueError, "labels", f"one label per utterance ({len(items)})", f"{len(labs)} labels")
    count = checks.check_int(count, "count", ge=1)
    min_words = checks.check_int(min_words, "min_words", ge=1)
    max_words = checks.check_int(max_words, "max_words", ge=min_words,
                                 what=f"an int >= min_words ({min_words})")
    if max_words > len(items):
        raise checks.fail(ValueError, "max_words", f"at most the number of utterances ({len(items)})", str(max_words))
    rng = np.random.default_rng(checks.check_int(seed, "seed", ge=0))
    strings, words, starts = [], [], []
    for _ in range(count):
        pick = rng.choice(len(items), size=int(rng.integers(min_words, max_words + 1)), replace=False)
        parts = [items[j] for j in pick]
        strings.append(np.concatenate(parts))
        words.append([int(labs[j]) for j in pick])
        starts.append(np.concatenate([[0], np.cumsum([len(p) for p in parts])[:-1]]))
    return strings, words, starts


def ctc_collapse(path, blank: int = BLANK) -> list[int]:
    """The CTC collapse of a frame-label path: merge runs of the same label, then drop the blanks.

    Merging comes first, so a blank between two equal labels keeps both: ``[3, 0, 3]`` is ``[3, 3]``
    while ``[3, 3]`` is ``[3]``.

    >>> ctc_collapse([1, 1, 0, 1, 2, 2, 0, 0])
    [1, 1, 2]
    """
    p = checks.check_array(path, "path", kind="integer", ndim=1, nonempty=False, layout="(frames,)")
    blank = checks.check_int(blank, "blank", ge=0)
    out, previous = [], None
    for label in p.tolist():
        if label != previous and label != blank:
            out.append(label)
        previous = label
    return out


def edit_distance(reference, hypothesis) -> int:
    """The Levenshtein distance: fewest substitutions, insertions and deletions turning one list into the other.

    >>> edit_distance([1, 2, 3, 4], [1, 3, 4, 4, 5])
    3
    """
    ref = checks.check_sequence_of(reference, "reference", nonempty=False)
    hyp = checks.check_sequence_of(hypothesis, "hypothesis", nonempty=False)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1]


def error_rate(references, hypotheses) -> float:
    """Edits over reference tokens, pooled over all strings: ``sum(edit_distance) / sum(len(reference))``.

    The word (here: digit) error rate of speech recognition. It can exceed 1 when a hypothesis inserts
    many tokens. Pooling weighs every reference token equally; averaging each string's own rate would
    weigh a short string's tokens more.
    """
    refs = checks.check_sequence_of(references, "references", what="token lists")
    hyps = checks.check_sequence_of(hypotheses, "hypotheses", what="token lists")
    if len(refs) != len(hyps):
        raise checks.fail(ValueError, "hypotheses", f"one per reference ({len(refs)})", f"{len(hyps)}")
    total = sum(len(checks.check_sequence_of(r, f"references[{i}]", nonempty=False)) for i, r in enumerate(refs))
    if total == 0:
        raise checks.fail(ValueError, "references", "at least one token in all", "only empty references")
    return sum(edit_distance(r, h) for r, h in zip(refs, hyps)) / total


def ctc_targets(words, frames, max_words: int) -> np.ndarray:
    """``y_true`` for :func:`ctc_loss`: column 0 the string's frame count, then its classes (word + 1), 0-padded.

    >>> ctc_targets([[4, 0], [9]], [30, 12], max_words=3).tolist()
    [[30, 5, 1, 0], [12, 10, 0, 0]]
    """
    seqs = checks.check_sequence_of(words, "words", what="word-id lists")
    n = checks.check_array(frames, "frames", kind="integer", ndim=1, layout="(strings,)")
    max_words = checks.check_int(max_words, "max_words", ge=1)
    if len(n) != len(seqs):
        raise checks.fail(ValueError, "frames", f"one frame count per string ({len(seqs)})", f"{len(n)}")
    out = np.zeros((len(seqs), 1 + max_words), dtype=np.int32)
    for i, w in enumerate(seqs):
        ids = checks.check_array(w, f"words[{i}]", kind="integer", ndim=1, layout="(words,)")
        if len(ids) > max_words:
            raise checks.fail(ValueError, f"words[{i}]", f"at most max_words = {max_words} words", f"{len(ids)}")
        if ids.min() < 0:
            raise checks.fail(ValueError, f"words[{i}]", "word ids >= 0 (the blank is added here)", str(ids.tolist()))
        if n[i] < len(ids):
            raise checks.fail(ValueError, "frames", f"at least one frame per word (string {i}: {len(ids)} words)",
                              str(int(n[i])))
        out[i, 0] = n[i]
        out[i, 1:1 + len(ids)] = ids + 1
    return out


@keras.saving.register_keras_serializable(package="rnn_tutorials")
def ctc_loss(y_true, y_pred):
    """CTC loss per string: ``y_true`` from :func:`ctc_targets`, ``y_pred`` the ``(batch, frames, classes)`` logits.

    The frame count in column 0 tells CTC where each string ends; the classes after it (0 = padding) are
    the target. A Keras loss, for ``model.compile(loss=speech.ctc_loss)``.
    """
    y_true = ops.cast(y_true, "int32")
    frames, target = y_true[:, 0], y_true[:, 1:]
    target_length = ops.sum(ops.cast(target > 0, "int32"), axis=1)
    return ops.ctc_loss(target, y_pred, target_length, frames, mask_index=BLANK)


@keras.saving.register_keras_serializable(package="rnn_tutorials")
class Unmask(keras.layers.Layer):
    """Pass the input through and drop its Keras mask.

    Keras multiplies a loss by the output's mask, frame by frame. The CTC loss is one number per
    string and already knows each string's length, so the model's last layer must not carry the mask.
    """

    def call(self, inputs):
        return inputs + 0.0          # a new tensor: the input's mask is not attached to it

    def compute_mask(self, inputs, mask=None):
        return None


def _logits_and_lengths(logits, lengths, func):
    z = checks.check_array(logits, "logits", ndim=3, layout="(strings, frames, classes)", dtype=np.float32, func=func)
    n = checks.check_array(lengths, "lengths", kind="integer", ndim=1, layout="(strings,)", func=func)
    if len(n) != len(z) or n.min() < 1 or n.max() > z.shape[1]:
        raise checks.fail(ValueError, "lengths", f"one length in [1, {z.shape[1]}] per string ({len(z)})",
                          f"{len(n)} lengths from {n.min()} to {n.max()}", func=func)
    return z, n


def greedy_decode(logits, lengths) -> list[list[int]]:
    """Best class per frame, collapsed (:func:`ctc_collapse`), as word ids (class - 1), for each string.

    Frames past a string's length are ignored.
    """
    z, n = _logits_and_lengths(logits, lengths, "greedy_decode")
    best = z.argmax(axis=2)
    return [[c - 1 for c in ctc_collapse(best[i, :n[i]])] for i in range(len(z))]


def beam_decode(logits, lengths, beam_width: int = 16) -> list[list[int]]:
    """The most probable label sequence by CTC beam search (``keras.ops.ctc_decode``), as word ids.

    Unlike :func:`greedy_decode`, it sums the probability of every frame path that collapses to the
    same sequence (within the beam).
    """
    z, n = _logits_and_lengths(logits, lengths, "beam_decode")
    beam_width = checks.check_int(beam_width, "beam_width", ge=1)
    decoded, _ = ops.ctc_decode(z, n, strategy="beam_search", beam_width=beam_width, top_paths=1,
                                mask_index=BLANK)
    best = np.asarray(ops.convert_to_numpy(decoded))[0]
    return [[int(c) - 1 for c in row if c > 0] for row in best]


__all__ = ["BLANK", "pad_frames", "utterance_features", "stack_frames", "join_utterances", "ctc_collapse",
           "edit_distance", "error_rate", "ctc_targets", "ctc_loss", "Unmask", "greedy_decode", "beam_decode"]
