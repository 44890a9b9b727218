"""Unit tests for utils.text: tokenizing, vocabularies, padding, n-gram baselines, sampling."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest

from utils import text
from utils.text import BigramLM, Vocabulary


def test_doctests_pass():
    result = doctest.testmod(text, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) in utils/text.py failed"


# -- tokenize ---------------------------------------------------------------------------------


def test_tokenize_lowercases_and_keeps_contractions():
    assert text.tokenize("It's GOOD, isn't it?") == ["it's", "good", ",", "isn't", "it", "?"]


def test_tokenize_can_keep_case_and_use_other_tokenizers():
    assert text.tokenize("Hi Bob", lowercase=False) == ["Hi", "Bob"]
    assert text.tokenize("don't go", tokenizer="treebank") == ["do", "n't", "go"]
    assert text.tokenize("don't go", tokenizer="wordpunct") == ["don", "'", "t", "go"]
    assert text.tokenize("don't go", tokenizer="toktok")[-1] == "go"


def test_tokenize_handles_unknown_characters():
    # Characters never seen in training (accents, emoji, CJK) still tokenize: no data is needed.
    tokens = text.tokenize("Café ☕ 映画 was naïve 😀")
    assert "café" in tokens and "naïve" in tokens and "😀" in tokens


@pytest.mark.parametrize("bad", ["", "   ", "\n\t"])
def test_tokenize_rejects_empty_text(bad):
    with pytest.raises(ValueError, match="text must contain at least one non-blank character"):
        text.tokenize(bad)


@pytest.mark.parametrize("bad", [None, 3, ["a", "b"], b"bytes"])
def test_tokenize_rejects_non_str(bad):
    with pytest.raises(TypeError, match="text must be a str"):
        text.tokenize(bad)


def test_tokenize_rejects_unknown_tokenizer():
    with pytest.raises(ValueError, match="tokenizer must be one of"):
        text.tokenize("hello", tokenizer="punkt")


def test_tokenize_all_names_the_bad_position():
    with pytest.raises(ValueError, match=r"texts\[1\]"):
        text.tokenize_all(["fine", " "])
    with pytest.raises(TypeError, match="single str"):
        text.tokenize_all("one text")
    with pytest.raises(ValueError, match="at least one text"):
        text.tokenize_all([])


# -- Vocabulary -------------------------------------------------------------------------------


def test_vocabulary_build_orders_by_count_and_applies_min_count_and_max_size():
    lists = [["b", "a", "a", "c"], ["a", "b", "d"]]
    v = Vocabulary.build(lists)
    assert v.tokens == ["", "[UNK]", "a", "b", "c", "d"]
    assert Vocabulary.build(lists, min_count=2).tokens == ["", "[UNK]", "a", "b"]
    assert Vocabulary.build(lists, max_size=3).tokens == ["", "[UNK]", "a"]
    assert len(v) == 6 and "a" in v and "z" not in v


def test_vocabulary_encode_unknown_words_as_oov_and_decode():
    v = Vocabulary(["the", "film"])
    assert v.pad_id == 0 and v.oov_id == 1
    assert v.encode(["the", "café", "film"]) == [2, 1, 3]
    assert v.decode([2, 1, 3, 0]) == ["the", "[UNK]", "film", ""]


def test_character_vocabulary_without_specials_rejects_unknown_characters():
    v = Vocabulary(sorted(set("to be")), pad=False, oov=False)
    assert v.tokens == [" ", "b", "e", "o", "t"]
    assert v.decode(v.encode("to be")) == list("to be")
    with pytest.raises(ValueError, match=r"not in the vocabulary.*'!'.*'é'"):
        v.encode("tobé!")
    with pytest.raises(ValueError, match="no padding token"):
        _ = v.pad_id
    with pytest.raises(ValueError, match="no out-of-vocabulary token"):
        _ = v.oov_id


def test_vocabulary_rejects_bad_input():
    with pytest.raises(TypeError, match="single str"):
        Vocabulary("abc")
    with pytest.raises(TypeError, match="tokens must all be str"):
        Vocabulary(["a", 3])
    with pytest.raises(ValueError, match="unique"):
        Vocabulary(["a", "a"])
    with pytest.raises(ValueError, match="special tokens"):
        Vocabulary(["[UNK]", "a"])
    with pytest.raises(ValueError, match="at least one token"):
        Vocabulary([])
    with pytest.raises(ValueError, match="min_count"):
        Vocabulary.build([["a"]], min_count=0)
    with pytest.raises(ValueError, match="max_size"):
        Vocabulary.build([["a"]], max_size=2)
    with pytest.raises(ValueError, match="min_count=5"):
        Vocabulary.build([["a"]], min_count=5)
    with pytest.raises(TypeError, match=r"token_lists\[0\].*tokenize it first"):
        Vocabulary.build(["a text"])
    with pytest.raises(ValueError, match="at least one token list"):
        Vocabulary.build([])
    with pytest.raises(ValueError, match=r"ids must be in range\(0, 4\), got 7"):
        Vocabulary(["a", "b"]).decode([7])


# -- padding ----------------------------------------------------------------------------------


def test_pad_sequences_pads_right_truncates_end_and_returns_mask():
    ids, mask = text.pad_sequences([[1, 2, 3, 4], [5], np.array([6, 7])], max_len=3)
    assert ids.dtype == np.int32 and ids.shape == (3, 3)
    assert ids.tolist() == [[1, 2, 3], [5, 0, 0], [6, 7, 0]]
    assert mask.tolist() == [[True] * 3, [True, False, False], [True, True, False]]


def test_pad_sequences_rejects_bad_input():
    with pytest.raises(ValueError, match="max_len must be a positive int, got 0"):
        text.pad_sequences([[1]], max_len=0)
    with pytest.raises(ValueError, match=r"sequences\[1\] is empty"):
        text.pad_sequences([[1], []], max_len=2)
    with pytest.raises(ValueError, match="at least one sequence"):
        text.pad_sequences([], max_len=2)
    with pytest.raises(TypeError, match=r"sequences\[0\].*str"):
        text.pad_sequences(["abc"], max_len=2)
    with pytest.raises(TypeError, match=r"sequences\[0\] must be a 1-D sequence of ints"):
        text.pad_sequences([[1.5, 2.0]], max_len=2)


def test_encode_texts_matches_manual_pipeline_and_keras_text_vectorization():
    keras = pytest.importorskip("keras")
    texts = ["A good film!", "Not a good film, a great one", "Zorblax"]
    vocab = Vocabulary.build(text.tokenize_all(texts))
    ids, mask = text.encode_texts(texts, vocab, max_len=5)
    assert ids[0].tolist() == vocab.encode(["a", "good", "film", "!"]) + [0]
    assert mask.sum(axis=1).tolist() == [4, 5, 1]
    # Keras's TextVectorization, given the same vocabulary and pre-tokenized text, agrees.
    tv = keras.layers.TextVectorization(standardize=None, split="whitespace",
                                        output_sequence_length=5, vocabulary=vocab.tokens[2:])
    joined = [" ".join(t) for t in text.tokenize_all(texts)]
    assert np.array_equal(np.asarray(tv(joined)), ids)
    unseen = text.encode_texts(["an unseen word"], vocab, max_len=4)[0]
    assert unseen.tolist() == [[1, 1, 1, 0]]
    with pytest.raises(TypeError, match="vocab must be a Vocabulary"):
        text.encode_texts(texts, {"a": 2}, max_len=3)


# -- BigramLM ---------------------------------------------------------------------------------


def test_bigram_probabilities_sum_to_one_and_match_hand_computation():
    seqs = [[0, 1, 2, 3], [0, 1, 3], [0, 2]]
    lm = BigramLM(vocab_size=4, lam=0.6, alpha=0.5).fit(seqs)
    # targets: 1 2 3 1 3 2 -> counts [0, 2, 2, 2], N = 6
    assert np.allclose(lm.unigram, (np.array([0, 2, 2, 2]) + 0.5) / (6 + 0.5 * 4))
    for prev in range(4):
        assert math.isclose(lm.next_distribution(prev).sum(), 1.0, rel_tol=1e-12)
    # c(1, 2) = 1, c(1, .) = 2
    expected = 0.6 * 1 / 2 + 0.4 * lm.unigram[2]
    assert math.isclose(float(lm.prob([1], [2])[0]), expected)
    # id 3 is never a context: the bigram falls back to the unigram
    assert np.allclose(lm.next_distribution(3), lm.unigram)


def test_bigram_nll_beats_unigram_on_predictable_text_and_accepts_one_long_sequence():
    stream = np.array([0, 1, 2] * 200)
    lm = BigramLM(vocab_size=3, lam=0.9).fit(stream)
    assert lm.nll(stream, order=2) < lm.nll(stream, order=1)
    assert math.isclose(lm.nll(stream, order=1), math.log(3), rel_tol=1e-2)


def test_bigram_rejects_bad_input():
    with pytest.raises(ValueError, match="vocab_size must be an int >= 2"):
        BigramLM(vocab_size=1)
    with pytest.raises(ValueError, match=r"lam must be in \[0, 1\)"):
        BigramLM(vocab_size=3, lam=1.0)
    with pytest.raises(ValueError, match="alpha must be > 0"):
        BigramLM(vocab_size=3, alpha=0)
    lm = BigramLM(vocab_size=3)
    with pytest.raises(ValueError, match="not fitted"):
        lm.nll([[0, 1]])
    with pytest.raises(ValueError, match=r"ids outside range\(0, 3\)"):
        lm.fit([[0, 5]])
    with pytest.raises(ValueError, match="at least one sequence of 2 or more ids"):
        lm.fit([[0], [1]])
    with pytest.raises(TypeError, match="1-D sequence of int ids"):
        lm.fit([[0.5, 1.0]])
    lm.fit([[0, 1, 2]])
    with pytest.raises(ValueError, match="order must be 1"):
        lm.nll([[0, 1]], order=3)


# -- temperature, sampling, top-k -------------------------------------------------------------


def test_apply_temperature_sharpens_and_flattens():
    logits = np.array([2.0, 1.0, 0.0])
    p1 = text.apply_temperature(logits, 1.0)
    assert np.allclose(p1, np.exp(logits) / np.exp(logits).sum())
    cold, hot = text.apply_temperature(logits, 0.2), text.apply_temperature(logits, 20.0)
    assert cold[0] > p1[0] > hot[0]
    assert np.allclose(hot, 1 / 3, atol=0.02)
    batch = text.apply_temperature(np.zeros((2, 4)), 0.7)
    assert np.allclose(batch.sum(axis=-1), 1.0)


@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), float("inf")])
def test_apply_temperature_rejects_non_positive_temperature(bad):
    with pytest.raises(ValueError, match="temperature must be a finite number > 0"):
        text.apply_temperature([1.0, 2.0], bad)


def test_apply_temperature_rejects_bad_logits_and_types():
    with pytest.raises(TypeError, match="temperature must be a number"):
        text.apply_temperature([1.0], "hot")
    with pytest.raises(ValueError, match="at least one entry"):
        text.apply_temperature([], 1.0)
    with pytest.raises(ValueError, match="finite"):
        text.apply_temperature([1.0, float("nan")], 1.0)


def test_sample_token_follows_the_distribution():
    rng = np.random.default_rng(0)
    draws = [text.sample_token(np.log([0.7, 0.2, 0.1]), 1.0, rng) for _ in range(3000)]
    freq = np.bincount(draws, minlength=3) / len(draws)
    assert np.allclose(freq, [0.7, 0.2, 0.1], atol=0.03)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        text.sample_token([0.0, 1.0], 1.0, rng=42)
    with pytest.raises(ValueError, match="must be 1-D"):
        text.sample_token(np.zeros((2, 2)), 1.0, rng)


def test_top_k():
    assert text.top_k([0.1, 0.5, 0.2, 0.2], 2).tolist() == [1, 2]
    with pytest.raises(ValueError, match=r"k must be an int in \[1, 3\], got 4"):
        text.top_k([0.1, 0.2, 0.7], 4)
    with pytest.raises(ValueError, match="non-empty 1-D"):
        text.top_k([], 1)


# -- mean_token_nll ---------------------------------------------------------------------------


def test_mean_token_nll_matches_a_hand_computation_and_respects_the_mask():
    rng = np.random.default_rng(0)
    table = rng.normal(size=(5, 5))              # logits of the next id given the current id
    predict = lambda ids: table[ids]             # (batch, time) -> (batch, time, 5)
    x = rng.integers(0, 5, size=(7, 6))
    y = rng.integers(0, 5, size=(7, 6))
    mask = rng.random((7, 6)) < 0.6
    log_p = table - np.log(np.exp(table).sum(axis=1, keepdims=True))
    expected = -np.mean(log_p[x[mask], y[mask]])
    for batch_size in (1, 3, 100):
        assert math.isclose(text.mean_token_nll(predict, x, y, mask, batch_size=batch_size), expected, rel_tol=1e-9)
    assert math.isclose(text.mean_token_nll(predict, x, y), -np.mean(log_p[x, y]), rel_tol=1e-9)


def test_mean_token_nll_rejects_bad_input():
    predict = lambda ids: np.zeros(ids.shape + (3,))
    x = np.zeros((2, 4), int)
    with pytest.raises(TypeError, match="predict_logits must be callable"):
        text.mean_token_nll("model", x, x)
    with pytest.raises(ValueError, match="same shape"):
        text.mean_token_nll(predict, x, x[:, :3])
    with pytest.raises(ValueError, match="mask must have the shape"):
        text.mean_token_nll(predict, x, x, np.ones((2, 3), bool))
    with pytest.raises(ValueError, match="nothing to score"):
        text.mean_token_nll(predict, x, x, np.zeros((2, 4), bool))
    with pytest.raises(ValueError, match=r"\(batch, time, vocab\) logits"):
        text.mean_token_nll(lambda ids: np.zeros((2, 3)), x, x)
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        text.mean_token_nll(predict, x, x, batch_size=0)
