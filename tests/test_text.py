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
    with pytest.raises(ValueError, match="text must be a str that contains at least one non-blank character"):
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
    with pytest.raises(TypeError, match=r"tokens\[1\] must be str, got int 3"):
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
    with pytest.raises(ValueError, match=r"ids must be token ids in \[0, 4\) \(vocab_size\), got 7"):
        Vocabulary(["a", "b"]).decode([7])


# -- padding ----------------------------------------------------------------------------------


def test_pad_sequences_pads_right_truncates_end_and_returns_mask():
    ids, mask = text.pad_sequences([[1, 2, 3, 4], [5], np.array([6, 7])], max_len=3)
    assert ids.dtype == np.int32 and ids.shape == (3, 3)
    assert ids.tolist() == [[1, 2, 3], [5, 0, 0], [6, 7, 0]]
    assert mask.tolist() == [[True] * 3, [True, False, False], [True, True, False]]


def test_pad_sequences_rejects_bad_input():
    with pytest.raises(ValueError, match="max_len must be an int >= 1, got 0"):
        text.pad_sequences([[1]], max_len=0)
    with pytest.raises(ValueError, match=r"sequences\[1\] must be a sequence of at least one id, got an empty sequence"):
        text.pad_sequences([[1], []], max_len=2)
    with pytest.raises(ValueError, match="at least one sequence"):
        text.pad_sequences([], max_len=2)
    with pytest.raises(TypeError, match=r"sequences\[0\].*str"):
        text.pad_sequences(["abc"], max_len=2)
    with pytest.raises(TypeError, match=r"sequences\[0\] must be integer token ids, got dtype float64"):
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
    with pytest.raises(ValueError, match="alpha must be a finite add-alpha smoothing count > 0, got 0.0"):
        BigramLM(vocab_size=3, alpha=0)
    lm = BigramLM(vocab_size=3)
    with pytest.raises(ValueError, match="not fitted"):
        lm.nll([[0, 1]])
    with pytest.raises(ValueError, match=r"sequences\[0\] must be token ids in \[0, 3\) \(vocab_size\), got 5"):
        lm.fit([[0, 5]])
    with pytest.raises(ValueError, match="at least one sequence of 2 or more ids"):
        lm.fit([[0], [1]])
    with pytest.raises(TypeError, match=r"sequences\[0\] must be integer token ids, got dtype float64"):
        lm.fit([[0.5, 1.0]])
    lm.fit([[0, 1, 2]])
    with pytest.raises(ValueError, match=r"order must be one of \[1, 2\], got int 3"):
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
    with pytest.raises(ValueError, match="temperature must be a finite real number > 0"):
        text.apply_temperature([1.0, 2.0], bad)


def test_apply_temperature_rejects_bad_logits_and_types():
    with pytest.raises(TypeError, match="temperature must be a finite real number > 0, got str"):
        text.apply_temperature([1.0], "hot")
    with pytest.raises(ValueError, match=r"logits must be non-empty, got shape \(0,\)"):
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
    with pytest.raises(ValueError, match=r"k must be an int >= 1 and <= 3, got 4"):
        text.top_k([0.1, 0.2, 0.7], 4)
    with pytest.raises(ValueError, match=r"probs must be non-empty, got shape \(0,\)"):
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
    with pytest.raises(TypeError, match="predict_logits must be a function \\(callable\\)"):
        text.mean_token_nll("model", x, x)
    with pytest.raises(ValueError, match="same shape"):
        text.mean_token_nll(predict, x, x[:, :3])
    with pytest.raises(ValueError, match=r"mask must be of the shape of x \(2, 4\), got \(2, 3\)"):
        text.mean_token_nll(predict, x, x, np.ones((2, 3), bool))
    with pytest.raises(ValueError, match="nothing to score"):
        text.mean_token_nll(predict, x, x, np.zeros((2, 4), bool))
    with pytest.raises(ValueError, match=r"\(batch, time, vocab\) logits"):
        text.mean_token_nll(lambda ids: np.zeros((2, 3)), x, x)
    with pytest.raises(ValueError, match="batch_size must be an int >= 1, got 0"):
        text.mean_token_nll(predict, x, x, batch_size=0)


# ----------------------------------------------------------------------------- bad input (issue 13)
def test_token_ids_are_range_checked():
    lm = text.BigramLM(vocab_size=4).fit([[0, 1, 2, 3], [0, 1, 3]])
    with pytest.raises(ValueError, match=r"^BigramLM.prob: prev must be token ids in \[0, 4\) .*got -1"):
        lm.prob([-1], [2])
    with pytest.raises(ValueError, match=r"^BigramLM.prob: nxt must be token ids in \[0, 4\) .*got 4"):
        lm.prob([1], [4])
    with pytest.raises(TypeError, match=r"^BigramLM.prob: prev must be integer token ids, got dtype float64"):
        lm.prob([1.0], [2])
    with pytest.raises(ValueError, match=r"prev and nxt must be shapes that broadcast together"):
        lm.prob([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match=r"^BigramLM.next_distribution: prev must be a token id >= 0 and < 4, got -1"):
        lm.next_distribution(-1)
    assert lm.prob(np.int64(1), np.int64(2)).shape == ()
    with pytest.raises(ValueError, match=r"^BigramLM: alpha must be .*, got inf"):
        text.BigramLM(4, alpha=np.inf)
    with pytest.raises(TypeError, match=r"^BigramLM: vocab_size must be an int >= 2, got bool True"):
        text.BigramLM(True)
    with pytest.raises(TypeError, match=r"^BigramLM.fit: sequences must be a list of id sequences"):
        text.BigramLM(4).fit("0123")


def test_pad_sequences_refuses_padding_ids_and_int32_overflow():
    with pytest.raises(ValueError, match=r"^pad_sequences: sequences\[0\] must be token ids in \[1, 2147483648\).*0 is the padding id"):
        text.pad_sequences([[3, 0, 2]], max_len=4)
    with pytest.raises(ValueError, match=r"sequences\[0\] must be token ids in \[1, 2147483648\) .*, got 2147483648"):
        text.pad_sequences([[2 ** 31]], max_len=4)
    with pytest.raises(ValueError, match=r"got -1"):
        text.pad_sequences([[-1, 2]], max_len=4)
    with pytest.raises(ValueError, match=r"sequences\[0\] must be token ids other than pad_id=9"):
        text.pad_sequences([[1, 9]], max_len=4, pad_id=9)
    ids, mask = text.pad_sequences([[0, 1]], max_len=3, pad_id=9)       # with another pad id, 0 is a token
    assert ids.tolist() == [[0, 1, 9]] and mask.tolist() == [[True, True, False]]
    with pytest.raises(TypeError, match=r"^pad_sequences: max_len must be an int >= 1, got float 3.0"):
        text.pad_sequences([[1]], max_len=3.0)
    with pytest.raises(TypeError, match=r"^pad_sequences: sequences must be a list of id sequences, got int 5"):
        text.pad_sequences(5, max_len=3)
    assert text.pad_sequences([np.array([1, 2], np.int64)], max_len=np.int64(2))[0].tolist() == [[1, 2]]


def test_apply_temperature_is_stable_for_tiny_temperatures_and_huge_logits():
    for logits, t in [([1e308, -1e308, 0.0], 0.5), ([3.0, 1.0], 1e-310), ([1e300, 1e300], 1e-10)]:
        p = text.apply_temperature(logits, t)
        assert np.all(np.isfinite(p)) and np.isclose(p.sum(), 1.0), (logits, t, p)
    assert text.apply_temperature([3.0, 1.0], 1e-310).tolist() == [1.0, 0.0]
    assert text.apply_temperature([1e300, 1e300], 1e-10).tolist() == [0.5, 0.5]
    assert text.apply_temperature([2.0, 1.0], 1e308).round(6).tolist() == [0.5, 0.5]
    with pytest.raises(ValueError, match=r"^apply_temperature: logits must be finite"):
        text.apply_temperature([1.0, np.nan], 1.0)
    with pytest.raises(TypeError, match=r"temperature must be .*, got bool True"):
        text.apply_temperature([1.0], True)
    with pytest.raises(ValueError, match=r"^sample_token: logits must be 1-D"):
        text.sample_token(np.zeros((2, 3)), 1.0, np.random.default_rng(0))


def test_top_k_and_mean_token_nll_refuse_nan_and_bad_ids():
    with pytest.raises(ValueError, match=r"^top_k: probs must be finite"):
        text.top_k([0.5, np.nan], 1)
    with pytest.raises(TypeError, match=r"^top_k: k must be an int"):
        text.top_k([0.5, 0.5], 1.0)
    assert text.top_k(np.array([0.1, 0.9]), np.int64(1)).tolist() == [1]
    uniform = lambda ids: np.zeros(ids.shape + (4,))  # noqa: E731
    with pytest.raises(ValueError, match=r"^mean_token_nll: y must be target ids below the 4 logits per position, got id 4"):
        text.mean_token_nll(uniform, np.zeros((1, 2), int), np.array([[1, 4]]))
    with pytest.raises(ValueError, match=r"^mean_token_nll: y must be token ids in \[0, "):
        text.mean_token_nll(uniform, np.zeros((1, 2), int), np.array([[1, -1]]))
    with pytest.raises(ValueError, match=r"^mean_token_nll: predict_logits\(x\) must be finite"):
        text.mean_token_nll(lambda ids: np.full(ids.shape + (4,), np.nan), np.zeros((1, 2), int), np.ones((1, 2), int))
    with pytest.raises(TypeError, match=r"^mean_token_nll: mask must be an array of booleans"):
        text.mean_token_nll(uniform, np.zeros((1, 2), int), np.ones((1, 2), int), mask=np.ones((1, 2)))
    with pytest.raises(ValueError, match=r"^mean_token_nll: x must be non-empty"):
        text.mean_token_nll(uniform, np.zeros((0, 2), int), np.ones((0, 2), int))


def test_vocabulary_and_tokenize_bad_input():
    v = text.Vocabulary(["a", "b"])
    with pytest.raises(TypeError, match=r"^Vocabulary: tokens must be an ordered sequence of str .*got a set"):
        text.Vocabulary({"a", "b"})
    with pytest.raises(TypeError, match=r"^Vocabulary: pad must be True or False, got int 1"):
        text.Vocabulary(["a"], pad=1)
    with pytest.raises(TypeError, match=r"^Vocabulary.encode: tokens must be a sequence of str, got a token int 3"):
        v.encode(["a", 3])
    with pytest.raises(ValueError, match=r"^Vocabulary.decode: ids must be token ids in \[0, 4\) .*got -1"):
        v.decode([-1])
    with pytest.raises(TypeError, match=r"^Vocabulary.decode: ids must be integer token ids, got dtype float64"):
        v.decode([2.0])
    assert v.decode(iter([2, 3])) == ["a", "b"] and v.decode([]) == []
    with pytest.raises(TypeError, match=r"^Vocabulary.build: min_count must be an int >= 1, got float 1.5"):
        text.Vocabulary.build([["a"]], min_count=1.5)
    with pytest.raises(TypeError, match=r"^Vocabulary.build: token_lists must be lists of str tokens, got a token int 1"):
        text.Vocabulary.build([[1, 2]])
    with pytest.raises(ValueError, match=r"^Vocabulary.build: max_size must be None or an int \(counting the special tokens\) > 2, got 2"):
        text.Vocabulary.build([["a"]], max_size=2)
    with pytest.raises(ValueError, match=r"^tokenize: tokenizer must be one of"):
        text.tokenize("hi", tokenizer="spacy")
    with pytest.raises(TypeError, match=r"^tokenize: lowercase must be True or False"):
        text.tokenize("hi", lowercase="yes")
    with pytest.raises(TypeError, match=r"^tokenize_all: texts must be a list .*, got int 3"):
        text.tokenize_all(3)
    with pytest.raises(TypeError, match=r"^encode_texts: vocab must be a Vocabulary, got dict"):
        text.encode_texts(["a"], {"a": 1}, 3)
    with pytest.raises(ValueError, match=r"^encode_texts: max_len must be an int >= 1, got 0"):
        text.encode_texts(["a"], v, 0)
