"""Unit tests for utils.wordlm: language-model inputs, the word LSTM, pretraining transfer, per-token NLL."""

from __future__ import annotations

import doctest
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils import text, wordlm  # noqa: E402


def test_doctests_pass():
    result = doctest.testmod(wordlm, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) in utils/wordlm.py failed"


def test_shift_pairs_shifts_before_padding_and_cuts_long_sequences():
    x, y, mask = wordlm.shift_pairs([[2, 5, 6, 3], [2, 7, 3]], length=4)
    assert x.tolist() == [[2, 5, 6, 0], [2, 7, 0, 0]]          # no </s> (3) left in x facing a padding target
    assert y.tolist() == [[5, 6, 3, 0], [7, 3, 0, 0]]
    assert mask.tolist() == [[True, True, True, False], [True, True, False, False]]
    x, y, _ = wordlm.shift_pairs([[2, 4, 4, 4, 4, 3]], length=3)
    assert x.tolist() == [[2, 4, 4]] and y.tolist() == [[4, 4, 4]]


@pytest.mark.parametrize("bad, kind, words", [([[2]], ValueError, "at least 2"), ("abc", TypeError, "list of id")])
def test_shift_pairs_rejects_bad_input(bad, kind, words):
    with pytest.raises(kind, match=words):
        wordlm.shift_pairs(bad, 4)


def test_build_word_lstm_starts_at_the_unigram_and_names_its_layers():
    unigram = np.array([0.05, 0.05, 0.1, 0.2, 0.6])
    model = wordlm.build_word_lstm(5, embed_dim=3, units=4, unigram=unigram)
    assert [layer.name for layer in model.layers if layer.name in ("embed", "lstm", "next_word")] == \
        ["embed", "lstm", "next_word"]
    logits = np.asarray(model.predict(np.array([[2, 3, 4]]), verbose=0))
    assert logits.shape == (1, 3, 5)
    # Untrained, the hidden part contributes little next to the bias, so the prediction is near the unigram.
    p = text.apply_temperature(logits[0, 0], 1.0)
    assert np.abs(np.log(p) - np.log(unigram)).max() < 0.5


@pytest.mark.parametrize("kwargs, words", [({"vocab_size": 0}, "vocab_size"), ({"vocab_size": 5, "dropout": 1.0}, "dropout"),
                                           ({"vocab_size": 5, "unigram": np.ones(4)}, "unigram")])
def test_build_word_lstm_rejects_bad_arguments(kwargs, words):
    with pytest.raises(ValueError, match=words):
        wordlm.build_word_lstm(**kwargs)


def test_train_stops_early_and_reports_the_best_epoch():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    seqs = [[2] + list(rng.integers(4, 9, size=6)) + [3] for _ in range(64)]
    x, y, _ = wordlm.shift_pairs(seqs, 8)
    model = wordlm.build_word_lstm(9, embed_dim=4, units=8, learning_rate=1e-2)
    history, sec, best = wordlm.train(model, (x, y), (x[:16], y[:16]), max_epochs=3, patience=1, batch_size=32)
    losses = history.history["val_loss"]
    assert 1 <= best <= len(losses) <= 3 and losses[best - 1] == min(losses) and sec > 0
    with pytest.raises(ValueError, match="monitor"):
        wordlm.train(model, (x, y), (x, y), max_epochs=1, monitor="loss")


def test_classifier_from_lm_copies_the_embedding_and_the_lstm():
    keras.utils.set_random_seed(0)
    lm = wordlm.build_word_lstm(7, embed_dim=3, units=4)
    clf = wordlm.classifier_from_lm(lm)
    for name in ("embed", "lstm"):
        for a, b in zip(lm.get_layer(name).get_weights(), clf.get_layer(name).get_weights()):
            np.testing.assert_array_equal(a, b)
    ids = np.array([[2, 3, 4, 0, 0]])
    # The classifier's LSTM reads the same words with the same weights: its last state is the LM's state
    # after the last real word (the mask skips the padding).
    states = keras.Model(lm.input, lm.get_layer("lstm").output)(ids, training=False)
    last = keras.Model(clf.input, clf.get_layer("lstm").output)(ids, training=False)
    np.testing.assert_allclose(np.asarray(last)[0], np.asarray(states)[0, 2], atol=1e-6)
    p = np.asarray(clf.predict(ids, verbose=0))
    assert p.shape == (1, 1) and 0 < p[0, 0] < 1
    scratch = wordlm.classifier_from_lm(vocab_size=7, embed_dim=3, units=4)
    assert scratch.count_params() == clf.count_params()
    with pytest.raises(ValueError, match="vocab_size"):
        wordlm.classifier_from_lm()


def test_token_nll_matches_the_mean_and_the_order_of_the_mask():
    rng = np.random.default_rng(1)
    logits = rng.normal(size=(3, 4, 6))
    x = rng.integers(1, 6, size=(3, 4))
    y = rng.integers(1, 6, size=(3, 4))
    mask = np.array([[1, 1, 0, 0], [1, 1, 1, 1], [1, 0, 0, 0]], bool)
    per = wordlm.token_nll(lambda a: logits[: len(a)] if len(a) == 3 else None, x, y, mask, batch_size=3)
    assert per.shape == (mask.sum(),)
    assert np.isclose(per.mean(), text.mean_token_nll(lambda a: logits, x, y, mask))
    p = text.apply_temperature(logits[1, 2], 1.0)                # 5th real position = row 1, step 2
    assert np.isclose(per[4], -np.log(p[y[1, 2]]))
    with pytest.raises(ValueError, match="mask"):
        wordlm.token_nll(lambda a: logits, x, y, np.zeros_like(mask))


def test_length_batches_cut_padding_and_cover_every_sequence_once():
    rng = np.random.default_rng(2)
    lengths = rng.integers(1, 11, size=50)
    x = np.zeros((50, 10), "int32")
    for i, n in enumerate(lengths):
        x[i, :n] = rng.integers(1, 9, size=n)
    y = x * 10
    ds = wordlm.length_batches(x, y, batch_size=8, edges=(4, 7))
    seen = []
    for xb, yb in ds:
        xb, yb = np.asarray(xb), np.asarray(yb)
        assert xb.shape[1] in (4, 7, 10) and len(xb) <= 8
        np.testing.assert_array_equal(yb, xb * 10)          # targets cut like the inputs
        seen += [tuple(r) for r in xb]
    assert len(seen) == 50
    assert sorted(tuple(r[r != 0]) for r in x) == sorted(tuple(np.array(r)[np.array(r) != 0]) for r in seen)
    with pytest.raises(ValueError, match="right-padded"):
        wordlm.length_batches(np.array([[0, 3]]), np.ones((1, 2)), batch_size=1)
