"""utils.speech: padding, summary features, glued strings, CTC collapse, loss and decoding, error rates."""

import doctest
import itertools

import keras
import numpy as np
import pytest
from keras import layers, ops

from utils import speech


def _utts(lengths=(3, 5, 2), dim=4, seed=0):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(n, dim)).astype("float32") for n in lengths]


def test_doctests():
    assert doctest.testmod(speech).failed == 0


def test_pad_frames_pads_at_the_end_and_never_cuts():
    utts = _utts()
    x, n = speech.pad_frames(utts)
    assert x.shape == (3, 5, 4) and x.dtype == np.float32 and n.tolist() == [3, 5, 2]
    for u, row in zip(utts, x):
        assert np.array_equal(row[:len(u)], u) and not row[len(u):].any()
    x8, _ = speech.pad_frames(utts, length=8, value=-1.0)
    assert x8.shape == (3, 8, 4) and (x8[2, 2:] == -1).all()
    with pytest.raises(ValueError, match=r"pad_frames: length must be at least the longest utterance \(5 frames\), "
                                         r"got 4 \(utterance 1 would be cut\)"):
        speech.pad_frames(utts, length=4)


@pytest.mark.parametrize("call,error,message", [
    (lambda: speech.pad_frames(np.zeros((2, 3, 4))), TypeError, r"pad_frames: utterances must be a list of .*single array"),
    (lambda: speech.pad_frames("abc"), TypeError, r"utterances must be a non-empty list"),
    (lambda: speech.pad_frames([]), ValueError, r"utterances must be a non-empty list .*empty list"),
    (lambda: speech.pad_frames([np.zeros(3)]), ValueError, r"utterances\[0\] must be .*2-D"),
    (lambda: speech.pad_frames([np.zeros((2, 3)), np.zeros((2, 4))]), ValueError,
     r"utterances\[1\] must be 3 coefficients per frame, like utterances\[0\], got 4"),
    (lambda: speech.pad_frames([np.full((2, 3), np.nan)]), ValueError, r"utterances\[0\] must be finite"),
    (lambda: speech.pad_frames([np.zeros((0, 3))]), ValueError, r"utterances\[0\] must be non-empty"),
    (lambda: speech.stack_frames(np.zeros((4, 2)), k=0), ValueError, r"stack_frames: k must be .*>= 1, got 0"),
    (lambda: speech.join_utterances(_utts(), [1, 2], 3, 1, 2), ValueError,
     r"join_utterances: labels must be one label per utterance \(3\), got 2 labels"),
    (lambda: speech.join_utterances(_utts(), [1, 2, 3], 3, 3, 2), ValueError, r"max_words must be an int >= min_words \(3\)"),
    (lambda: speech.join_utterances(_utts(), [1, 2, 3], 3, 1, 4), ValueError,
     r"max_words must be at most the number of utterances \(3\), got 4"),
    (lambda: speech.join_utterances(_utts(), [1.5, 2, 3], 3, 1, 2), TypeError, r"labels must be an array of integers"),
    (lambda: speech.ctc_collapse("0110"), TypeError, r"ctc_collapse: path must be"),
    (lambda: speech.ctc_collapse([1.0, 2.0]), TypeError, r"path must be an array of integers"),
    (lambda: speech.edit_distance("123", [1]), TypeError, r"edit_distance: reference must be .*write \['123'\]"),
    (lambda: speech.error_rate([[1]], [[1], [2]]), ValueError, r"error_rate: hypotheses must be one per reference \(1\), got 2"),
    (lambda: speech.error_rate([[]], [[1]]), ValueError, r"references must be at least one token in all"),
    (lambda: speech.ctc_targets([[1, 2, 3]], [5], max_words=2), ValueError, r"words\[0\] must be at most max_words = 2"),
    (lambda: speech.ctc_targets([[1, 2]], [1], max_words=2), ValueError, r"frames must be at least one frame per word"),
    (lambda: speech.ctc_targets([[1, -1]], [5], max_words=2), ValueError, r"words\[0\] must be word ids >= 0"),
    (lambda: speech.ctc_targets([[1]], [5, 6], max_words=2), ValueError, r"frames must be one frame count per string \(1\)"),
    (lambda: speech.greedy_decode(np.zeros((2, 5, 3)), [5, 6]), ValueError,
     r"greedy_decode: lengths must be one length in \[1, 5\] per string \(2\)"),
    (lambda: speech.beam_decode(np.zeros((2, 5)), [5, 5]), ValueError, r"beam_decode: logits must be .*3-D"),
    (lambda: speech.utterance_features(np.zeros((2, 3, 4))), TypeError, r"utterance_features: utterances must be a list"),
])
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_stack_frames_joins_neighbours_and_keeps_every_frame():
    u = np.arange(14.0).reshape(7, 2)
    s = speech.stack_frames(u, 3)
    assert s.shape == (3, 6)
    assert s[0].tolist() == [0, 1, 2, 3, 4, 5] and s[2].tolist() == [12, 13, 12, 13, 12, 13]
    assert np.array_equal(speech.stack_frames(u, 1), u)


def test_join_utterances_glues_distinct_utterances_with_their_labels():
    utts = _utts((3, 5, 2, 4), dim=2)
    strings, words, starts = speech.join_utterances(utts, [10, 11, 12, 13], count=40, min_words=2, max_words=3, seed=1)
    assert len(strings) == 40
    for s, w, st in zip(strings, words, starts):
        assert 2 <= len(w) <= 3 and len(set(w)) == len(w)
        pieces = [utts[label - 10] for label in w]
        assert np.array_equal(s, np.concatenate(pieces))
        assert st.tolist() == np.concatenate([[0], np.cumsum([len(p) for p in pieces])[:-1]]).tolist()
    again = speech.join_utterances(utts, [10, 11, 12, 13], count=40, min_words=2, max_words=3, seed=1)[1]
    assert again == words, "the same seed gives the same strings"


def test_utterance_features_are_mean_and_std_per_coefficient():
    utts = _utts()
    f = speech.utterance_features(utts)
    assert f.shape == (3, 8)
    assert np.allclose(f[1], np.concatenate([utts[1].mean(0), utts[1].std(0)]), atol=1e-6)


@pytest.mark.parametrize("path,blank,want", [
    ([], 0, []), ([0, 0], 0, []), ([1, 1, 1], 0, [1]), ([1, 0, 1], 0, [1, 1]), ([2, 2, 0, 0, 5, 5, 0, 5], 0, [2, 5, 5]),
    ([3, 1, 3], 3, [1]), ([1, 2, 1, 2], 0, [1, 2, 1, 2]),
])
def test_ctc_collapse_merges_then_drops_blanks(path, blank, want):
    assert speech.ctc_collapse(path, blank) == want


def test_edit_distance_against_brute_force_on_small_lists():
    def brute(a, b):                        # the recursive definition, fine for short lists
        if not a or not b:
            return len(a) + len(b)
        return min(brute(a[1:], b) + 1, brute(a, b[1:]) + 1, brute(a[1:], b[1:]) + (a[0] != b[0]))
    rng = np.random.default_rng(0)
    for _ in range(200):
        a = rng.integers(0, 3, size=int(rng.integers(0, 6))).tolist()
        b = rng.integers(0, 3, size=int(rng.integers(0, 6))).tolist()
        assert speech.edit_distance(a, b) == brute(a, b) == speech.edit_distance(b, a)


def test_error_rate_pools_over_reference_tokens():
    refs, hyps = [[1, 2, 3, 4], [5]], [[1, 3, 4], [6]]
    assert speech.error_rate(refs, hyps) == pytest.approx(2 / 5)
    assert speech.error_rate([[1, 2]], [[1, 2, 2, 2]]) == pytest.approx(1.0)      # insertions count
    assert speech.error_rate([[1, 2]], [[]]) == pytest.approx(1.0)


def test_ctc_loss_equals_the_sum_over_every_path():
    rng = np.random.default_rng(1)
    steps, classes = 5, 4
    logits = rng.normal(size=(2, steps, classes)).astype("float32")
    targets = [[0, 2], [1]]                                  # word ids: classes 1, 3 and 2
    y_true = speech.ctc_targets(targets, [steps, 4], max_words=2)
    loss = np.asarray(ops.convert_to_numpy(speech.ctc_loss(y_true, logits)))
    for i, (words, n) in enumerate(zip(targets, [steps, 4])):
        p = np.exp(logits[i, :n]) / np.exp(logits[i, :n]).sum(1, keepdims=True)
        total = sum(np.prod(p[np.arange(n), path]) for path in itertools.product(range(classes), repeat=n)
                    if speech.ctc_collapse(list(path)) == [w + 1 for w in words])
        assert loss[i] == pytest.approx(-np.log(total), abs=1e-4)


def test_a_masked_ctc_model_trains_and_decodes_a_toy_task():
    # Each "word" is a constant frame (its one-hot), a few steps long; strings of 1-3 words.
    rng = np.random.default_rng(0)
    words = [np.repeat(np.eye(3, dtype="float32")[w][None], 3, axis=0) for w in range(3)]
    strings, labels, _ = speech.join_utterances(words * 4, [0, 1, 2] * 4, count=256, min_words=1, max_words=3, seed=0)
    x, n = speech.pad_frames(strings)
    y = speech.ctc_targets(labels, n, max_words=3)
    keras.utils.set_random_seed(0)
    inp = keras.Input((None, 3))
    h = layers.Bidirectional(layers.GRU(16, return_sequences=True))(layers.Masking()(inp))
    model = keras.Model(inp, speech.Unmask()(layers.Dense(4)(h)))
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss=speech.ctc_loss)
    model.fit(x, y, epochs=30, batch_size=32, verbose=0)
    logits = model.predict(x[:64], verbose=0)
    greedy = speech.greedy_decode(logits, n[:64])
    assert speech.error_rate(labels[:64], greedy) < 0.1, "a CTC model learns to transcribe a trivial task"
    assert speech.beam_decode(logits, n[:64], beam_width=4) == greedy or \
        speech.error_rate(labels[:64], speech.beam_decode(logits, n[:64], beam_width=4)) < 0.1
    del rng


def test_unmask_drops_the_mask_and_keeps_the_values():
    x = np.array([[[1.0], [2.0], [0.0]]], dtype="float32")
    inp = keras.Input((None, 1))
    masked = layers.Masking()(inp)
    out = speech.Unmask()(masked)
    model = keras.Model(inp, out)
    assert np.array_equal(np.asarray(model(x)), x)
    assert speech.Unmask().compute_mask(x, np.array([[True, True, False]])) is None


def test_ctc_model_with_unmask_saves_and_loads(tmp_path):
    inp = keras.Input((None, 2))
    h = layers.GRU(4, return_sequences=True)(layers.Masking()(inp))
    model = keras.Model(inp, speech.Unmask()(layers.Dense(3)(h)))
    model.compile(optimizer="adam", loss=speech.ctc_loss)
    path = tmp_path / "ctc.keras"
    model.save(path)
    again = keras.models.load_model(path)
    x = np.random.default_rng(0).normal(size=(2, 5, 2)).astype("float32")
    assert np.allclose(model.predict(x, verbose=0), again.predict(x, verbose=0), atol=1e-6)
