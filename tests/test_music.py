"""utils.music and utils.ngram: note tokens, tune groups, sampling, the statistics that judge melodies,
sound and MIDI files, and the Witten-Bell n-gram baseline."""

import itertools
import wave

import numpy as np
import pytest

from utils import music
from utils.ngram import NGramLM


# --- keys and tokens --------------------------------------------------------------------------------------------

def test_key_shift_moves_every_key_to_c_major_or_a_minor():
    for tonic, mode in itertools.product(range(12), music.MODES):
        s = music.key_shift(tonic, mode)
        assert -6 <= s <= 5
        assert (tonic + s) % 12 == (0 if mode == "major" else 9)


@pytest.mark.parametrize("bad, match", [((12, "major"), "tonic"), ((3, "dorian"), "mode"), (("C", "major"), "tonic")])
def test_key_shift_names_a_bad_argument(bad, match):
    with pytest.raises((ValueError, TypeError), match=match):
        music.key_shift(*bad)


def test_transpose_keeps_rests_and_refuses_to_leave_the_midi_range():
    assert music.transpose([60, 0, 127], -1).tolist() == [59, 0, 126]
    with pytest.raises(ValueError, match="shift"):
        music.transpose([127], 1)
    with pytest.raises(TypeError, match="pitches"):
        music.transpose([60.5], 1)


def test_codec_round_trip_and_ids():
    notes = [(60, 1.0), (62, 0.5), (0, 2.0), (60, 0.5)]
    codec = music.NoteCodec(notes)
    assert len(codec) == 6 and codec.notes[0] == (0, 2.0)
    p, d = [60, 0, 62, 60], [1.0, 2.0, 0.5, 0.5]
    ids = codec.encode(p, d)
    assert ids.min() >= 2
    back_p, back_d = codec.decode(ids)
    assert back_p.tolist() == p and back_d.tolist() == d


def test_codec_never_maps_an_unknown_note_to_a_neighbour():
    codec = music.NoteCodec([(60, 1.0)])
    with pytest.raises(KeyError, match=r"pitch 60, duration 0.5\) at note 1"):
        codec.encode([60, 60], [1.0, 0.5])
    with pytest.raises(ValueError, match="durations"):
        codec.encode([60], [1.0, 1.0])
    with pytest.raises(ValueError, match="start id"):
        codec.decode([1, 2])
    with pytest.raises(ValueError, match="ids"):
        codec.decode([0])
    with pytest.raises(TypeError, match="notes"):
        music.NoteCodec("C4")
    with pytest.raises(ValueError, match="durations"):
        music.NoteCodec([(60, 0.0)])


def test_melody_groups_join_one_tune_in_two_keys_and_same_titles():
    up = [60, 62, 64, 65, 67, 69, 71]
    same_tune_in_d = [p + 2 for p in up]
    other = [72, 71, 69, 67, 65, 64, 62]
    leaps = [60, 67, 55, 72, 48, 60, 50]
    groups = music.melody_groups([up, same_tune_in_d, other, leaps], ["a", "b", "c", "c"], n=3)
    assert groups[0] == groups[1]                      # the same intervals in another key
    assert groups[2] == groups[3]                      # the same title, different notes
    assert groups[0] != groups[2]
    with pytest.raises(ValueError, match="titles"):
        music.melody_groups([up], ["a", "b"])
    with pytest.raises(TypeError, match="titles"):
        music.melody_groups([up], "a")


# --- sampling ---------------------------------------------------------------------------------------------------

def _fixed(p):
    return lambda prefixes: np.tile(np.asarray(p, float), (len(prefixes), 1))


def test_sampling_never_draws_padding_or_start_and_follows_the_distribution():
    rng = np.random.default_rng(0)
    out = music.sample_continuations(_fixed([0.45, 0.45, 0.025, 0.075]), [[1], [1, 2]], 400, rng=rng)
    tokens = np.concatenate(out)
    assert set(tokens.tolist()) <= {2, 3}
    assert abs((tokens == 3).mean() - 0.75) < 0.05


def test_temperature_sharpens_and_flattens():
    p = _fixed([0, 0, 0.2, 0.8])
    share = {t: (np.concatenate(music.sample_continuations(p, [[1]] * 4, 500, temperature=t,
                                                           rng=np.random.default_rng(1))) == 3).mean()
             for t in (0.25, 1.0, 4.0)}
    # p**(1/T) renormalised: T=0.25 -> 0.8**4/(0.8**4+0.2**4) = 0.996; T=4 -> 0.586
    assert share[0.25] > 0.98 and abs(share[1.0] - 0.8) < 0.04 and abs(share[4.0] - 0.586) < 0.05


def test_sampling_sees_its_own_tokens_and_counts_per_prefix():
    seen = []

    def probs(prefixes):
        seen.append([list(p) for p in prefixes])
        return _fixed([0, 0, 1, 0])(prefixes)

    out = music.sample_continuations(probs, [[1], [1, 3]], [1, 3], rng=np.random.default_rng(0))
    assert [len(o) for o in out] == [1, 3]
    assert seen[1] == [[1, 3, 2]] and seen[2] == [[1, 3, 2, 2]]      # the finished prefix drops out


@pytest.mark.parametrize("kwargs, match", [
    (dict(n_new=[1]), "n_new"), (dict(n_new=0), "n_new"), (dict(temperature=0), "temperature"),
    (dict(rng=0), "rng"), (dict(prefixes="12"), "prefixes"),
])
def test_sampling_names_bad_arguments(kwargs, match):
    args = dict(next_probs=_fixed([0, 0, 1]), prefixes=[[1], [1]], n_new=2, rng=np.random.default_rng(0))
    args.update(kwargs)
    with pytest.raises((ValueError, TypeError), match=match):
        music.sample_continuations(**args)


def test_sampling_rejects_a_model_that_returns_nonsense():
    with pytest.raises(ValueError, match="next_probs"):
        music.sample_continuations(lambda p: np.ones((1, 3)), [[1], [1]], 1, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="next_probs"):
        music.sample_continuations(lambda p: np.full((len(p), 3), np.nan), [[1]], 1, rng=np.random.default_rng(0))


# --- statistics -------------------------------------------------------------------------------------------------

def test_histograms():
    pc = music.pitch_class_histogram([60, 0, 72, 61])
    assert pc[0] == pytest.approx(2 / 3) and pc[1] == pytest.approx(1 / 3) and pc.sum() == pytest.approx(1)
    iv = music.interval_histogram([60, 0, 62, 80, 50], max_interval=12)
    assert len(iv) == 25
    assert iv[12 + 2] == pytest.approx(1 / 3)           # 60 -> 62 across the rest
    assert iv[24] == pytest.approx(1 / 3) and iv[0] == pytest.approx(1 / 3)   # +18 and -30 in the end bins
    du = music.duration_histogram([1.0, 0.5, 1.0, 2.0], [0.5, 1.0, 2.0])
    assert du.tolist() == [0.25, 0.5, 0.25]
    with pytest.raises(ValueError, match=r"also \[3.0\]"):
        music.duration_histogram([1.0, 3.0], [1.0])
    with pytest.raises(ValueError, match="nothing to count"):
        music.pitch_class_histogram([0, 0])


def test_note_counts_sum_to_the_histograms():
    melodies = [([60, 0, 62, 67], [1.0, 0.5, 1.0, 2.0]), ([72], [1.0]), ([0, 0], [1.0, 1.0])]
    values = [0.5, 1.0, 2.0]
    counts = [music.note_counts(p, d, values) for p, d in melodies]
    assert counts[1]["interval"].sum() == 0 and counts[2]["pitch class"].sum() == 0   # zeros, not an error
    assert counts[0]["interval"][12 + 2] == 1 and counts[0]["interval"][12 + 5] == 1   # the rest is stepped over
    first = counts[0]
    np.testing.assert_allclose(first["pitch class"] / first["pitch class"].sum(),
                               music.pitch_class_histogram(melodies[0][0]))
    np.testing.assert_allclose(first["duration"] / first["duration"].sum(),
                               music.duration_histogram(melodies[0][1], values))
    total = sum(c["interval"] for c in counts)
    assert total.sum() == 2, "no step is counted from one melody into the next"
    with pytest.raises(ValueError, match="durations among values"):
        music.note_counts([60], [3.0], values)
    with pytest.raises(ValueError, match="one duration per pitch"):
        music.note_counts([60, 62], [1.0], values)
    with pytest.raises(ValueError, match="max_interval"):
        music.note_counts([60], [1.0], values, max_interval=0)


def test_in_key_share_knows_the_minor_leading_tone():
    a_minor = [57, 59, 60, 62, 64, 65, 67, 68, 69]     # A B C D E F G G# A
    assert music.in_key_share(a_minor, tonic=9, mode="minor") == 1.0
    assert music.in_key_share([60, 61], tonic=0, mode="major") == 0.5
    with pytest.raises(ValueError, match="only rests"):
        music.in_key_share([0, 0])


def test_total_variation():
    assert music.total_variation([1, 0], [1, 0]) == 0
    assert music.total_variation([1, 0], [0, 1]) == 1
    with pytest.raises(ValueError, match="summing to 1"):
        music.total_variation([2, 0], [1, 0])
    with pytest.raises(ValueError, match="same 2 bins"):
        music.total_variation([1, 0], [1, 0, 0])
    with pytest.raises(ValueError, match="p"):
        music.total_variation([np.nan, 1], [0, 1])


# --- sound and files --------------------------------------------------------------------------------------------

def test_synthesize_plays_the_right_pitch_for_the_right_time():
    sr = 8000
    x = music.synthesize([69, 0], [1.0, 1.0], bpm=60, sample_rate=sr)
    assert x.dtype == np.float32 and len(x) == 2 * sr and np.abs(x).max() <= 0.8 + 1e-6
    spectrum = np.abs(np.fft.rfft(x[:sr]))
    assert abs(np.argmax(spectrum) * sr / sr - 440) <= 1       # A4 = 440 Hz, 1 Hz bins
    assert np.abs(x[sr:]).max() == 0                           # the rest is silent


def test_write_wav_reads_back(tmp_path):
    x = music.synthesize([60, 64], [0.5, 0.5], sample_rate=8000)
    path = music.write_wav(tmp_path / "a" / "m.wav", x, sample_rate=8000)
    with wave.open(str(path)) as w:
        assert w.getframerate() == 8000 and w.getnframes() == len(x) and w.getsampwidth() == 2
    with pytest.raises(ValueError, match="samples"):
        music.write_wav(tmp_path / "b.wav", np.array([2.0]))


def test_write_midi_is_read_back_by_music21(tmp_path):
    music21 = pytest.importorskip("music21")
    p, d = [60, 0, 64, 67], [1.0, 0.5, 0.5, 2.0]
    path = music.write_midi(tmp_path / "m.mid", p, d, bpm=90)
    notes = list(music21.converter.parse(str(path)).flatten().notes)
    assert [n.pitch.midi for n in notes] == [60, 64, 67]
    assert [float(n.offset) for n in notes] == [0.0, 1.5, 2.0]            # the rest moves the second note
    assert [float(n.quarterLength) for n in notes] == [1.0, 0.5, 2.0]


def test_piano_roll_draws_one_bar_per_note():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    music.piano_roll(ax, [60, 0, 62], [1.0, 1.0, 2.0], label="x")
    assert len(ax.collections) == 2
    plt.close(fig)


# --- the n-gram baseline ----------------------------------------------------------------------------------------

def test_ngram_matches_witten_bell_by_hand():
    lm = NGramLM(order=2, vocab_size=4).fit([[2, 3, 2, 3], [2, 3]])
    # uniform over {2, 3}: 0.5; unigram: N=6, T=2, lambda=0.75 -> 0.5; after 2: N=3, T=1 -> 0.75*1 + 0.25*0.5
    assert lm.next_distribution([2])[3] == pytest.approx(0.875)
    # after the start: 2 in both training sequences, N=2, T=1 -> 2/3 * 1 + 1/3 * 0.5
    assert lm.next_distribution([])[2] == pytest.approx(2 / 3 + 1 / 6)
    assert lm.nats_per_token([[2, 3]]) == pytest.approx(-(np.log(5 / 6) + np.log(0.875)) / 2)


def test_ngram_distributions_sum_to_one_and_skip_padding_and_start():
    rng = np.random.default_rng(0)
    seqs = [rng.integers(2, 9, size=rng.integers(1, 20)).tolist() for _ in range(30)]
    for order in (1, 2, 3, 5):
        lm = NGramLM(order=order, vocab_size=9).fit(seqs)
        for ctx in ([], [2], [3, 4, 5, 6, 7, 8]):
            p = lm.next_distribution(ctx)
            assert p.sum() == pytest.approx(1) and p[0] == 0 and p[1] == 0 and (p[2:] > 0).all()


def test_higher_orders_fit_training_data_better():
    rng = np.random.default_rng(1)
    seqs = [rng.integers(2, 6, size=30).tolist() for _ in range(20)]
    nats = [NGramLM(order=o, vocab_size=6).fit(seqs).nats_per_token(seqs) for o in (1, 2, 3)]
    assert nats[0] > nats[1] > nats[2]


def test_ngram_names_bad_input():
    with pytest.raises(RuntimeError, match="fit"):
        NGramLM(2, 5).next_distribution([2])
    lm = NGramLM(2, 5).fit([[2, 3]])
    with pytest.raises(ValueError, match="vocab_size|< 5"):
        lm.token_log_probs([[2, 9]])
    with pytest.raises(ValueError, match="start_id"):
        lm.fit([[1, 2]])
    with pytest.raises(TypeError, match=r"sequences\[0\]"):
        lm.fit(["23"])
    with pytest.raises(TypeError, match="sequences"):
        lm.fit("23")
    with pytest.raises(ValueError, match="order"):
        NGramLM(0, 5)
