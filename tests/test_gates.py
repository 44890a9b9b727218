"""utils.gates: NumPy LSTM/GRU steps equal Keras's layers; parameter counts; long-range tasks."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from utils import gates

keras = pytest.importorskip("keras")


def _layer_with_random_weights(layer, features, rng, scale=0.5):
    """Build ``layer`` and give it random weights, biases included (zeros would hide bias mistakes)."""
    layer.build((None, None, features))
    weights = [scale * rng.normal(size=w.shape).astype("float32") for w in layer.get_weights()]
    layer.set_weights(weights)
    return weights


# --------------------------------------------------------------------------------------------
# NumPy equals Keras
# --------------------------------------------------------------------------------------------


def test_lstm_forward_equals_keras():
    rng = np.random.default_rng(0)
    layer = keras.layers.LSTM(5, return_sequences=True, return_state=True)
    weights = _layer_with_random_weights(layer, 3, rng)
    x = rng.normal(size=(4, 9, 3)).astype("float32")
    seq, h_last, c_last = (np.asarray(a) for a in layer(x))
    trace = gates.lstm_forward(x, *weights)
    np.testing.assert_allclose(trace.h, seq, atol=1e-5)
    np.testing.assert_allclose(trace.c[:, -1], c_last, atol=1e-5)
    np.testing.assert_allclose(trace.h[:, -1], h_last, atol=1e-5)


def test_lstm_step_from_a_given_state_equals_keras():
    rng = np.random.default_rng(1)
    layer = keras.layers.LSTM(4, return_state=True)
    weights = _layer_with_random_weights(layer, 2, rng)
    x = rng.normal(size=(3, 1, 2)).astype("float32")
    h0, c0 = rng.normal(size=(3, 4)).astype("float32"), rng.normal(size=(3, 4)).astype("float32")
    _, h_keras, c_keras = layer(x, initial_state=[h0, c0])
    h, c, g = gates.lstm_step(x[:, 0], h0, c0, *weights)
    np.testing.assert_allclose(h, h_keras, atol=1e-5)
    np.testing.assert_allclose(c, c_keras, atol=1e-5)
    assert set(g) == {"i", "f", "g", "o"} and all(v.shape == (3, 4) for v in g.values())


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_forward_equals_keras(reset_after):
    rng = np.random.default_rng(2)
    layer = keras.layers.GRU(6, return_sequences=True, reset_after=reset_after)
    weights = _layer_with_random_weights(layer, 3, rng)
    assert weights[2].shape == ((2, 18) if reset_after else (18,))
    x = rng.normal(size=(2, 7, 3)).astype("float32")
    trace = gates.gru_forward(x, *weights)            # the variant is read from the bias shape
    np.testing.assert_allclose(trace.h, np.asarray(layer(x)), atol=1e-5)


def test_gru_variants_differ_so_the_check_can_catch_the_wrong_one():
    rng = np.random.default_rng(3)
    layer = keras.layers.GRU(4, return_sequences=True)          # reset_after=True
    kernel, rec, bias = _layer_with_random_weights(layer, 2, rng)
    x = rng.normal(size=(2, 5, 2)).astype("float32")
    right = gates.gru_forward(x, kernel, rec, bias).h
    wrong = gates.gru_forward(x, kernel, rec, bias[0] + bias[1], reset_after=False).h
    np.testing.assert_allclose(right, np.asarray(layer(x)), atol=1e-5)
    assert np.abs(wrong - right).max() > 1e-2


def test_gru_step_from_a_given_state_equals_keras():
    rng = np.random.default_rng(4)
    layer = keras.layers.GRU(3, return_state=True)
    weights = _layer_with_random_weights(layer, 2, rng)
    x = rng.normal(size=(5, 1, 2)).astype("float32")
    h0 = rng.normal(size=(5, 3)).astype("float32")
    _, h_keras = layer(x, initial_state=[h0])
    h, g = gates.gru_step(x[:, 0], h0, *weights)
    np.testing.assert_allclose(h, h_keras, atol=1e-5)
    assert np.all((g["z"] > 0) & (g["z"] < 1)) and np.all(np.abs(g["h"]) < 1)


@pytest.mark.parametrize("features,units", [(1, 1), (3, 7), (10, 32)])
def test_parameter_counts_equal_keras(features, units):
    def count(layer):
        layer.build((None, 5, features))
        return layer.count_params()

    assert gates.simple_rnn_params(features, units) == count(keras.layers.SimpleRNN(units))
    assert gates.lstm_params(features, units) == count(keras.layers.LSTM(units))
    assert gates.gru_params(features, units) == count(keras.layers.GRU(units))
    assert gates.gru_params(features, units, reset_after=False) == count(keras.layers.GRU(units, reset_after=False))


def test_input_gradient_norms_shape_and_last_step_nonzero():
    layer = keras.layers.SimpleRNN(4)
    norms = gates.input_gradient_norms(layer, np.random.default_rng(0).normal(size=(3, 12, 2)))
    assert norms.shape == (12,) and np.all(norms >= 0) and norms[0] > 0
    with pytest.raises(ValueError, match="return_sequences=False"):
        gates.input_gradient_norms(keras.layers.SimpleRNN(4, return_sequences=True), np.zeros((1, 3, 2)))


# --------------------------------------------------------------------------------------------
# Pure NumPy behaviour
# --------------------------------------------------------------------------------------------


def test_lstm_with_open_forget_gate_and_closed_input_keeps_its_cell():
    H, F = 2, 1
    bias = np.zeros(4 * H)
    bias[H:2 * H] = 50.0          # forget gate = 1
    bias[:H] = -50.0              # input gate = 0
    c0 = np.array([[0.3, -0.7]])
    trace = gates.lstm_forward(np.ones((1, 20, F)), np.zeros((F, 4 * H)), np.zeros((H, 4 * H)), bias,
                               c0=c0)
    np.testing.assert_allclose(trace.c[:, -1], c0, atol=1e-12)


def test_split_gates_order():
    blocks = gates.split_gates(np.arange(8.0), gates.LSTM_GATES)
    assert blocks["f"].tolist() == [2.0, 3.0] and blocks["o"].tolist() == [6.0, 7.0]
    with pytest.raises(ValueError, match="multiple of 4"):
        gates.split_gates(np.zeros((2, 6)), gates.LSTM_GATES)


def test_sequence_lengths_are_log_uniform_and_inclusive():
    lengths = gates.sequence_lengths(20_000, 2, 300, seed=0)
    assert lengths.dtype == np.int64 and lengths.min() == 2 and lengths.max() == 300
    # log-uniform: as many lengths in 10-30 as in 100-300 (each a factor of 3)
    share = lambda lo, hi: np.mean((lengths >= lo) & (lengths < hi))
    assert abs(share(10, 30) - share(100, 300)) < 0.02
    assert np.all(gates.sequence_lengths(5, 7, 7) == 7)


def test_symbol_task_symbol_first_noise_then_right_padding():
    lengths = np.array([1, 4, 15, 15, 9])
    x, y = gates.symbol_task(lengths, n_symbols=3, noise=0.5, seed=1)
    assert x.shape == (5, 15, 4) and x.dtype == np.float32 and y.dtype == np.int64
    assert np.all(x[np.arange(5), 0, y] == 1) and np.all(x[:, 0, 3] == 0)       # the symbol, alone, at step 0
    assert np.all(x[:, 1:, :3] == 0), "only step 0 holds a symbol"
    for k, length in enumerate(lengths):
        assert np.all(x[k, length:] == 0), "padding after the sequence is all zero"
        assert np.all(np.any(x[k, :length] != 0, axis=1)), "no real step looks like padding (Masking would skip it)"
    x2, _ = gates.symbol_task(lengths, n_symbols=3, noise=0.5, max_length=20, seed=1)
    assert x2.shape == (5, 20, 4) and np.array_equal(x2[:, :15], x)


def test_symbol_task_masking_gives_the_unpadded_answer():
    lengths = np.array([3, 8])
    x, _ = gates.symbol_task(lengths, seed=2, max_length=30)
    model = keras.Sequential([keras.Input((None, 5)), keras.layers.Masking(), keras.layers.LSTM(4)])
    padded = np.asarray(model(x))
    for k, length in enumerate(lengths):
        alone = np.asarray(model(x[k:k + 1, :length]))
        np.testing.assert_allclose(padded[k], alone[0], atol=1e-6)


def test_adding_problem_targets_halves_and_baseline():
    lengths = gates.sequence_lengths(4000, 2, 60, seed=3)
    x, y = gates.adding_problem(lengths, seed=2)
    marks = x[:, :, 1]
    assert np.all(marks.sum(axis=1) == 2)
    first = marks.argmax(axis=1)
    second = x.shape[1] - 1 - marks[:, ::-1].argmax(axis=1)
    assert np.all(first < lengths // 2) and np.all(second >= lengths // 2) and np.all(second < lengths)
    np.testing.assert_allclose(y, (x[:, :, 0] * marks).sum(axis=1), atol=1e-6)
    assert abs(np.mean((y - 1.0) ** 2) - 1 / 6) < 0.01     # always answering 1 scores 1/6
    steps = np.arange(x.shape[1])[None, :]
    assert np.all(x[steps >= lengths[:, None]] == 0) and np.all(x[:, :, 0][steps < lengths[:, None]] > 0)


def test_mean_by_length_and_summaries():
    table = gates.mean_by_length([1, 0, 1, 1], [1, 3, 6, 9], bins=[1, 5])
    assert table["mean"].tolist() == [0.5, 1.0] and table["n"].tolist() == [2, 2]
    assert table[["from", "to"]].values.tolist() == [[1, 4], [5, 9]]
    runs = pd.DataFrame({"task": ["t"] * 3, "model": ["a", "a", "b"], "acc": [0.5, 0.7, 0.9]})
    summary = gates.summarize_runs(runs, ["task", "model"], ["acc"])
    assert summary["runs"].tolist() == [2, 1]
    assert summary["acc_mean"].round(6).tolist() == [0.6, 0.9]
    assert np.isnan(summary["acc_std"].iloc[1])
    assert gates.mean_pm_std(0.5, float("nan")) == "0.500 ± n/a"


def test_draw_cell_labels():
    for kind, needed in [("lstm", {"$c_t$", "$h_t$", "$f$", "$i$", "$o$"}), ("gru", {"$h_t$", "$z$", "$r$"})]:
        ax = gates.draw_cell(kind)
        assert needed <= {t.get_text() for t in ax.texts}


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


def test_driving_by_itself_changes_nothing():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(3, 8, 2))
    lstm_w = [rng.normal(size=(2, 16)), rng.normal(size=(4, 16)), rng.normal(size=16)]
    gru_w = [rng.normal(size=(2, 12)), rng.normal(size=(4, 12)), rng.normal(size=(2, 12))]
    own = gates.lstm_forward(x, *lstm_w)
    for start in (0, 1, 5, 8):
        driven = gates.lstm_forward(x, *lstm_w, drive=own.h, drive_from=start)
        np.testing.assert_allclose(driven.h, own.h, atol=1e-12)
        np.testing.assert_allclose(driven.c, own.c, atol=1e-12)
        gru_own = gates.gru_forward(x, *gru_w)
        np.testing.assert_allclose(gates.gru_forward(x, *gru_w, drive=gru_own.h, drive_from=start).h, gru_own.h,
                                   atol=1e-12)


def test_driven_difference_shrinks_by_the_forget_or_update_gate():
    """Two runs differ only at step 0; B's gates read A's state from step 1: the difference keeps prod(f) or prod(z)."""
    rng = np.random.default_rng(8)
    xa = rng.normal(size=(5, 12, 3))
    xb = xa.copy()
    xb[:, 0] = rng.normal(size=(5, 3))                                 # only the first input differs
    lstm_w = [rng.normal(size=(3, 16)), rng.normal(size=(4, 16)), rng.normal(size=16)]
    a = gates.lstm_forward(xa, *lstm_w)
    b = gates.lstm_forward(xb, *lstm_w, drive=a.h, drive_from=1)
    expected = (b.c[:, 0] - a.c[:, 0])[:, None, :] * np.cumprod(a.f[:, 1:], axis=1)
    np.testing.assert_allclose(b.c[:, 1:] - a.c[:, 1:], expected, atol=1e-12)
    np.testing.assert_allclose(b.f[:, 1:], a.f[:, 1:], atol=1e-12)     # the gates are A's
    free = gates.lstm_forward(xb, *lstm_w)
    assert np.abs(free.c[:, 1:] - b.c[:, 1:]).max() > 1e-2, "without the drive the loop carries more"

    gru_w = [rng.normal(size=(3, 12)), rng.normal(size=(4, 12)), rng.normal(size=(2, 12))]
    a = gates.gru_forward(xa, *gru_w)
    b = gates.gru_forward(xb, *gru_w, drive=a.h, drive_from=1)
    expected = (b.h[:, 0] - a.h[:, 0])[:, None, :] * np.cumprod(a.z[:, 1:], axis=1)
    np.testing.assert_allclose(b.h[:, 1:] - a.h[:, 1:], expected, atol=1e-12)


def test_drive_arguments_are_checked():
    H = 2
    x = np.zeros((1, 4, 3))
    k, r, b = np.zeros((3, 4 * H)), np.zeros((H, 4 * H)), np.zeros(4 * H)
    with pytest.raises(ValueError, match="drive must be the hidden states of a run on inputs of this shape"):
        gates.lstm_forward(x, k, r, b, drive=np.zeros((1, 3, H)))
    with pytest.raises(ValueError, match="drive_from must be a whole number of steps >= 0 and <= 4, got 5"):
        gates.gru_forward(x, np.zeros((3, 3 * H)), np.zeros((H, 3 * H)), np.zeros((2, 3 * H)),
                          drive=np.zeros((1, 4, H)), drive_from=5)
    with pytest.raises(TypeError, match="drive_from must be a whole number of steps"):
        gates.lstm_forward(x, k, r, b, drive=np.zeros((1, 4, H)), drive_from=1.5)


def test_bad_input_names_the_argument():
    H = 3
    k, r, b = np.zeros((2, 4 * H)), np.zeros((H, 4 * H)), np.zeros(4 * H)
    with pytest.raises(ValueError, match="x_t must be \\(batch, features\\) with features=2"):
        gates.lstm_step(np.zeros((1, 5)), np.zeros((1, H)), np.zeros((1, H)), k, r, b)
    with pytest.raises(ValueError, match=r"c_prev must be of shape \(batch, units\) = \(1, 3\), got \(2, 3\)"):
        gates.lstm_step(np.zeros((1, 2)), np.zeros((1, H)), np.zeros((2, H)), k, r, b)
    with pytest.raises(ValueError, match=r"recurrent_kernel must be of shape \(units, 3\*units\) for a GRU, got \(3, 12\)"):
        gates.gru_step(np.zeros((1, 2)), np.zeros((1, H)), k, r, b)
    with pytest.raises(ValueError, match=r"bias must be of shape \(2, 3\*units\) = \(2, 9\) .*for a GRU with reset_after=True, got \(9,\)"):
        gates.gru_forward(np.zeros((1, 4, 2)), np.zeros((2, 3 * H)), np.zeros((H, 3 * H)), np.zeros(3 * H),
                          reset_after=True)
    with pytest.raises(ValueError, match="x must be 3-D \\(batch, time, features\\)"):
        gates.lstm_forward(np.zeros((1, 4)), k, r, b)
    with pytest.raises(TypeError, match="kernel must be a NumPy array"):
        gates.lstm_forward(np.zeros((1, 4, 2)), "kernel", r, b)
    with pytest.raises(ValueError, match="kernel must be finite"):
        gates.lstm_forward(np.zeros((1, 4, 2)), np.full((2, 4 * H), np.nan), r, b)
    with pytest.raises(TypeError, match="reset_after must be True, False or None"):
        gates.gru_step(np.zeros((1, 2)), np.zeros((1, H)), np.zeros((2, 3 * H)), np.zeros((H, 3 * H)),
                       np.zeros((2, 3 * H)), reset_after="yes")
    with pytest.raises(TypeError, match="units must be an int >= 1, got float 2.5"):
        gates.lstm_params(3, 2.5)
    with pytest.raises(ValueError, match="features must be an int >= 1"):
        gates.gru_params(0, 4)
    with pytest.raises(TypeError, match="reset_after must be True or False, got None"):
        gates.gru_params(1, 4, reset_after=None)
    with pytest.raises(ValueError, match=r"max_length must be None or >= 7 .*, got max_length=5, shorter than the longest sequence \(7 steps\)"):
        gates.symbol_task(np.array([3, 7]), max_length=5)
    with pytest.raises(ValueError, match=r"noise must be > 0 \(a noise step must not look like padding\), got 0.0"):
        gates.symbol_task(np.array([3]), noise=0.0)
    with pytest.raises(ValueError, match=r"lengths must be at least 2 for every sequence, got a sequence of length 1"):
        gates.adding_problem(np.array([1, 5]))
    with pytest.raises(TypeError, match="lengths must be a non-empty 1-D array of whole numbers.*, got dtype float64"):
        gates.adding_problem(np.array([2.5, 4.0]))
    with pytest.raises(ValueError, match="longest must be at least shortest, got shortest=10, longest=2"):
        gates.sequence_lengths(3, 10, 2)
    with pytest.raises(ValueError, match="bins must be increasing"):
        gates.mean_by_length([0], [0], bins=[3, 1])
    with pytest.raises(ValueError, match="left of the first bin edge 2: it would be dropped"):
        gates.mean_by_length([1.0, 0.0], [1, 5], bins=[2, 4])
    with pytest.raises(ValueError, match=r"values must be finite \(no NaN or infinity\)"):
        gates.mean_by_length([np.nan], [3], bins=[1])
    with pytest.raises(ValueError, match="columns \\['acc'\\] are not in results"):
        gates.summarize_runs(pd.DataFrame({"model": ["a"]}), ["model"], ["acc"])
    with pytest.raises(ValueError, match=r"kind must be one of \['lstm', 'gru'\], got 'rnn'"):
        gates.draw_cell("rnn")


def test_tasks_do_not_depend_on_the_padding_width():
    lengths = np.array([2, 6, 9])
    x, y = gates.adding_problem(lengths, seed=4)
    x2, y2 = gates.adding_problem(lengths, max_length=50, seed=4)
    assert np.array_equal(x2[:, :9], x) and np.array_equal(y, y2) and np.all(x2[:, 9:] == 0)


def test_more_bad_input_issue_13():
    H = 3
    k, r, b = np.zeros((2, 4 * H)), np.zeros((H, 4 * H)), np.zeros(4 * H)
    runs = pd.DataFrame({"model": ["a", "a"], "acc": [0.5, 0.7], "name": ["x", "y"]})
    cases = [
        (lambda: gates.summarize_runs(runs, "model", ["acc"]), TypeError,
         r"^summarize_runs: by must be a non-empty list of column names, got str 'model' .*write \['model'\]"),
        (lambda: gates.summarize_runs(runs, ["model"], "acc"), TypeError, r"^summarize_runs: values must be a non-empty list"),
        (lambda: gates.summarize_runs(runs, ["model"], ["name"]), TypeError,
         r"^summarize_runs: values column 'name' must be numbers"),
        (lambda: gates.summarize_runs(runs.to_dict(), ["model"], ["acc"]), TypeError,
         r"^summarize_runs: results must be a pandas DataFrame, got dict"),
        (lambda: gates.summarize_runs(runs.iloc[:0], ["model"], ["acc"]), ValueError, r"results must be a DataFrame with at least one row"),
        (lambda: gates.split_gates(np.zeros((3, 8)), "ifco"), TypeError, r"^split_gates: gates must be a non-empty list"),
        (lambda: gates.split_gates(np.zeros((3, 7)), gates.LSTM_GATES), ValueError, r"multiple of 4"),
        (lambda: gates.lstm_forward(np.zeros((1, 0, 2)), k, r, b), ValueError,
         r"^lstm_forward: x must be non-empty \(batch, time, features\), got shape \(1, 0, 2\)"),
        (lambda: gates.gru_forward(np.zeros((1, 0, 2)), np.zeros((2, 9)), np.zeros((3, 9)), np.zeros((2, 9))),
         ValueError, r"^gru_forward: x must be non-empty"),
        (lambda: gates.lstm_step(np.full((1, 2), np.inf), np.zeros((1, H)), np.zeros((1, H)), k, r, b), ValueError,
         r"^lstm_step: x_t must be finite"),
        (lambda: gates.lstm_forward(np.zeros((1, 4, 2), complex), k, r, b), TypeError, r"x must be an array of real numbers"),
        (lambda: gates.lstm_forward(np.zeros((1, 4, 2)), k, r, np.zeros((2, 2, 2))), ValueError, r"bias must be 1-D or 2-D"),
        (lambda: gates.symbol_task([3, 5], noise=np.inf), ValueError, r"^symbol_task: noise must be a finite real number, got inf"),
        (lambda: gates.symbol_task([3, 5], n_symbols=True), TypeError, r"n_symbols must be an int >= 2, got bool True"),
        (lambda: gates.symbol_task([], n_symbols=3), ValueError, r"^symbol_task: lengths must be non-empty"),
        (lambda: gates.adding_problem("12"), TypeError, r"^adding_problem: lengths must be a NumPy array"),
        (lambda: gates.sequence_lengths(np.int64(3), 1, 5, seed=-1), ValueError, r"seed must be an int >= 0, got -1"),
        (lambda: gates.mean_by_length([1.0, 2.0], [1, 2, 3], bins=[1]), ValueError,
         r"^mean_by_length: values and lengths must be 1-D arrays of one length"),
        (lambda: gates.mean_by_length([1.0], [1.5], bins=[1]), TypeError, r"lengths must be an array of integers"),
        (lambda: gates.mean_by_length([1.0], [2], bins=[np.nan]), ValueError, r"bins must be finite"),
        (lambda: gates.mean_by_length([], [], bins=[1]), ValueError, r"values must be non-empty"),
        (lambda: gates.mean_pm_std(np.nan, 0.1), ValueError, r"^mean_pm_std: mean must be a finite real number, got nan"),
        (lambda: gates.mean_pm_std(0.5, -0.1), ValueError, r"std must be a finite real number >= 0"),
        (lambda: gates.mean_pm_std(0.5, 0.1, digits=2.0), TypeError, r"digits must be an int"),
        (lambda: gates.input_gradient_norms("lstm", np.zeros((1, 3, 2))), TypeError, r"^input_gradient_norms: layer must be a function"),
        (lambda: gates.input_gradient_norms(lambda x: x, np.zeros((1, 0, 2))), ValueError, r"x must be non-empty"),
        (lambda: gates.draw_cell(3), TypeError, r"^draw_cell: kind must be one of"),
    ]
    for call, exc, pattern in cases:
        with pytest.raises(exc, match=pattern):
            call()
    assert gates.mean_pm_std(np.float32(0.5), np.nan) == "0.500 ± n/a"
    assert gates.mean_by_length(np.array([True, False, True]), [1, 2, 3], bins=[1])["mean"].round(3).tolist() == [0.667]
    assert gates.summarize_runs(runs, ("model",), pd.Index(["acc"]))["runs"].tolist() == [2]
    assert gates.lstm_params(np.int64(1), np.int32(50)) == 10400


def test_doctests_of_every_part():
    import doctest
    import importlib
    import pkgutil

    parts = [gates] + [importlib.import_module(f"{gates.__name__}.{m.name}") for m in pkgutil.iter_modules(gates.__path__)]
    results = [doctest.testmod(part, extraglobs=vars(gates)) for part in parts]   # examples use the package's names
    assert sum(r.failed for r in results) == 0 and sum(r.attempted for r in results) > 5
