"""Tests for utils.seq2seq: date pairs, the cmudict parser, the split, teacher forcing, decoding, metrics."""

import datetime as dt
import itertools

import numpy as np
import pytest

from utils import seq2seq as s2s


def test_date_pairs_are_iso_and_seeded():
    days = s2s.all_dates(dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    a = s2s.date_pairs(days, 50, seed=3)
    b = s2s.date_pairs(days, 50, seed=3)
    assert a.equals(b)
    assert a.target.str.fullmatch(r"2019-\d\d-\d\d").all()
    assert set(zip(a.locale, a.date_style)) <= set(s2s.SEEN_FORMATS)
    assert s2s.date_pairs([dt.date(2019, 2, 3)], 1, [("fr", "long")]).source[0] == "3 février 2019"


def test_all_dates_covers_a_century():
    days = s2s.all_dates()
    assert len(days) == 36525 and days[0] == dt.date(1950, 1, 1) and days[-1] == dt.date(2049, 12, 31)
    with pytest.raises(ValueError, match="end must not be before start"):
        s2s.all_dates(dt.date(2020, 1, 2), dt.date(2020, 1, 1))


def test_formats_are_unambiguous_over_two_years():
    """No string names two different dates, among the seen formats and the seen + unseen ones."""
    days = s2s.all_dates(dt.date(1999, 1, 1), dt.date(2000, 12, 31)) + [dt.date(2049, 12, 31), dt.date(1950, 1, 1)]
    seen = {}
    for day, (loc, style) in itertools.product(days, s2s.SEEN_FORMATS + s2s.UNSEEN_FORMATS):
        text = s2s.format_date(day, loc, style)
        assert seen.setdefault(text, day) == day, f"{text!r} names {seen[text]} and {day}"


def test_date_pairs_validation():
    with pytest.raises(TypeError, match="days must be"):
        s2s.date_pairs("2019-01-01", 3)
    with pytest.raises(ValueError, match="n must be at least 1"):
        s2s.date_pairs([dt.date(2019, 1, 1)], 0)
    with pytest.raises(ValueError, match="style must be one of"):
        s2s.date_pairs([dt.date(2019, 1, 1)], 1, [("en", "tiny")])
    with pytest.raises(TypeError, match="formats must be"):
        s2s.date_pairs([dt.date(2019, 1, 1)], 1, "en")


def test_parse_cmudict_variants_comments_and_stress():
    text = ";;; header\n# comment\nread R IY1 D\nread(2) R EH1 D # past tense\naalto AA1 L T OW2 # name, finnish\n"
    text = text.replace(";;; header\n", "")
    rows = s2s.parse_cmudict(text)
    assert rows == [("read", 1, ("R", "IY", "D")), ("read", 2, ("R", "EH", "D")), ("aalto", 1, ("AA", "L", "T", "OW"))]
    assert s2s.parse_cmudict("read R IY1 D", stress=True) == [("read", 1, ("R", "IY1", "D"))]
    with pytest.raises(ValueError, match="line 1"):
        s2s.parse_cmudict("justaword")
    with pytest.raises(TypeError, match="text must be"):
        s2s.parse_cmudict(b"read R IY1 D")


def test_split_by_word_keeps_pronunciations_together():
    words = ["read", "read", "a", "b", "c", "d", "e", "f", "g", "h"]
    parts = s2s.split_by_word(words, (0.5, 0.25, 0.25), seed=1)
    assert set().union(*parts.values()) == set(words)
    assert not (parts["train"] & parts["val"]) and not (parts["train"] & parts["test"]) and not (parts["val"] & parts["test"])
    with pytest.raises(ValueError, match="fractions"):
        s2s.split_by_word(words, (0.5, 0.5, 0.5))
    with pytest.raises(TypeError, match="words must be"):
        s2s.split_by_word("read")


def test_codec_and_teacher_forcing():
    codec = s2s.Codec("abc")
    assert len(codec) == 6
    ids = codec.pad(["ab", "c"])
    assert ids.tolist() == [[3, 4], [5, 0]]
    assert codec.decode([1, 5, 3, 2, 4]) == ["c", "a"]
    x, y = s2s.teacher_forcing(ids)
    assert x.tolist() == [[1, 3, 4], [1, 5, 0]]
    assert y.tolist() == [[3, 4, 2], [5, 2, 0]]
    # the target is the input shifted one step left
    assert (x[:, 1:][y[:, :-1] != 2] == y[:, :-1][y[:, :-1] != 2]).all()
    with pytest.raises(ValueError, match="not in the codec"):
        codec.encode("abz")
    with pytest.raises(ValueError, match="2-D integer"):
        s2s.teacher_forcing(np.array([1, 2]))
    with pytest.raises(ValueError, match="must not include the special"):
        s2s.Codec(["<s>", "a"])


def _toy_step(table):
    """A step function from a fixed next-symbol log-probability table (previous id -> log-probs)."""
    table = np.log(np.asarray(table, dtype=float) + 1e-12)

    def step(tokens, state):
        (count,) = state
        return table[tokens], (count + 1,)

    return step


def test_greedy_and_beam_search():
    # vocab: 0 pad, 1 <s>, 2 </s>, 3 "a", 4 "b".  Greedy takes "a" (0.6) then is stuck with 0.5/0.5;
    # beam search finds "b" then </s> with 0.4 * 0.9 = 0.36 > 0.6 * 0.5 = 0.30.
    table = np.zeros((5, 5))
    table[1] = [0, 0, 0, 0.6, 0.4]
    table[3] = [0, 0, 0.5, 0.5, 0]
    table[4] = [0, 0, 0.9, 0, 0.1]
    step = _toy_step(table)
    state = (np.zeros(2),)
    greedy = s2s.greedy_decode(step, state, max_len=4)
    assert greedy.tolist() == [[3, 0, 0, 0]] * 2
    assert s2s.beam_search(step, state, max_len=4, beam_width=1).tolist() == greedy.tolist()
    assert s2s.beam_search(step, state, max_len=4, beam_width=2).tolist() == [[4, 0, 0, 0]] * 2
    with pytest.raises(ValueError, match="beam_width must be at least 1"):
        s2s.beam_search(step, state, max_len=4, beam_width=0)
    with pytest.raises(TypeError, match="state must be"):
        s2s.greedy_decode(step, np.zeros(2), max_len=4)


def test_edit_distance_and_error_rates():
    assert s2s.edit_distance("kitten", "sitting") == 3
    assert s2s.edit_distance([], ["A"]) == 1 and s2s.edit_distance("abc", "abc") == 0
    assert s2s.edit_distance("abc", "") == 3
    rates = s2s.error_rates([["K", "AE", "T"], ["D", "AO"]],
                            [[("K", "AE", "T")], [("D", "AO", "G"), ("D", "AA", "G")]])
    assert rates == {"per": pytest.approx(1 / 6), "wer": 0.5}
    with pytest.raises(ValueError, match="same length"):
        s2s.error_rates([["A"]], [])
    with pytest.raises(TypeError, match="references\\[0\\] must be a list of pronunciations"):
        s2s.error_rates([["A"]], [["A"]])
    with pytest.raises(TypeError, match="a must be"):
        s2s.edit_distance(3, "a")


def test_monotonicity():
    assert s2s.monotonicity(np.eye(4)) == 1.0
    assert s2s.monotonicity(np.eye(4)[::-1]) == 0.0
    w = np.array([[1, 0, 0], [0, 0, 1], [0, 1, 0]])   # forward, then one step back
    assert s2s.monotonicity(w) == 0.5
    with pytest.raises(ValueError, match="2-D"):
        s2s.monotonicity(np.ones(3))


def test_letter_baseline():
    table = s2s.letter_phoneme_table(["cat", "cot", "dog"], [["K", "AE", "T"], ["K", "AA", "T"], ["D", "AO", "G"]])
    assert table["c"] == "K" and table["t"] == "T"
    assert s2s.letter_baseline("ctt", table) == ["K", "T"]
    with pytest.raises(ValueError, match="no word has as many letters"):
        s2s.letter_phoneme_table(["ab"], [["A"]])


def test_beam_width_one_is_greedy_on_random_decoders():
    rng = np.random.default_rng(0)
    for _ in range(20):
        table = rng.dirichlet(np.ones(7) * 0.5, size=7)
        step = _toy_step(table)
        state = (np.zeros(3),)
        assert s2s.beam_search(step, state, 6, beam_width=1).tolist() == s2s.greedy_decode(step, state, 6).tolist()


def test_load_cmudict_from_the_catalogue():
    from utils import data

    if not data.is_fetched("cmudict"):
        pytest.skip("cmudict not fetched: run `python -m utils.data fetch cmudict`")
    frame = data.load_cmudict()
    assert frame.shape == (135166, 3) and frame.word.nunique() == 126052
    assert sorted(frame.query("word == 'read'").phonemes) == ["R EH D", "R IY D"]
    assert len(set(" ".join(frame.phonemes).split())) == 39
    assert sorted(data.load_cmudict(stress=True).phonemes[frame.word == "read"]) == ["R EH1 D", "R IY1 D"]
    with pytest.raises(TypeError, match="stress must be True or False"):
        data.load_cmudict(stress="no")
