import matplotlib

matplotlib.use("Agg")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from utils import plotting, training  # noqa: E402


def _tiny_model():
    model = keras.Sequential([keras.Input((4, 1)), keras.layers.SimpleRNN(3), keras.layers.Dense(1)])
    model.compile("adam", "mse")
    return model


def test_fit_prints_compact_lines_and_returns_time(capsys):
    x, y = np.zeros((8, 4, 1), "float32"), np.zeros((8, 1), "float32")
    history, sec = training.fit(_tiny_model(), x, y, epochs=3, batch_size=4, validation_split=0.25)
    out = capsys.readouterr().out
    assert "epoch   1/3" in out and "epoch   3/3" in out and "s/epoch" in out
    assert "\x08" not in out and "\r" not in out, "no progress-bar control characters"
    assert len(history.history["loss"]) == 3 and "val_loss" in history.history
    assert sec > 0


def test_epoch_log_rejects_zero_epochs():
    with pytest.raises(ValueError, match="epochs must be an int >= 1, got 0"):
        training.EpochLog(0)


def test_plot_history_draws_train_and_validation():
    ax = plotting.plot_history({"loss": [3, 2, 1], "val_loss": [3, 2.5, 2]})
    assert [l.get_label() for l in ax.get_lines()] == ["train loss", "validation loss"]


def test_plot_history_unknown_metric():
    with pytest.raises(KeyError, match=r"metrics must be names in the history \['loss'\], got \['accuracy'\]"):
        plotting.plot_history({"loss": [1.0]}, metrics=("accuracy",))


def _padded(lengths, features=2, max_length=None, seed=0):
    rng = np.random.default_rng(seed)
    max_length = max_length or int(max(lengths))
    x = rng.uniform(0.1, 1.0, size=(len(lengths), max_length, features)).astype("float32")
    x[np.arange(max_length)[None, :] >= np.asarray(lengths)[:, None]] = 0
    return x


def test_length_buckets_cut_batches_to_their_bucket_and_keep_every_sequence():
    lengths = np.array([2, 3, 9, 10, 11, 25, 30, 4, 28, 1])
    x = _padded(lengths, max_length=40)
    y = np.arange(len(lengths)).astype("float32")
    dataset, n_batches = training.length_buckets(x, y, lengths, edges=[5, 10, 30], batch_size=2, seed=0)
    seen, batches = [], 0
    for xb, yb in dataset:
        xb, yb = xb.numpy(), yb.numpy().astype(int)
        batches += 1
        edge = xb.shape[1]
        assert edge in (5, 10, 30) and np.all(lengths[yb] <= edge)
        smaller = [e for e in (5, 10, 30) if e < edge]
        assert not smaller or np.all(lengths[yb] > max(smaller)), "each sequence sits in the first bucket that fits"
        np.testing.assert_array_equal(xb, x[yb, :edge])
        seen += yb.tolist()
    assert sorted(seen) == list(range(len(lengths))) and batches == n_batches == 5
    # a new order every epoch
    orders = [[int(v) for _, yb in dataset for v in yb.numpy()] for _ in range(3)]
    assert len({tuple(o) for o in orders}) > 1


def test_length_buckets_train_a_model_with_an_open_time_axis():
    lengths = np.array([3, 4, 12, 15] * 8)
    x, y = _padded(lengths, max_length=16), np.ones(32, "float32")
    dataset, n = training.length_buckets(x, y, lengths, edges=[4, 16], batch_size=8)
    model = keras.Sequential([keras.Input((None, 2)), keras.layers.Masking(), keras.layers.GRU(3), keras.layers.Dense(1)])
    model.compile("adam", "mse")
    history, _ = training.fit(model, dataset, epochs=2)
    assert len(history.history["loss"]) == 2 and np.isfinite(history.history["loss"]).all()


def test_length_buckets_refuse_to_lose_data():
    lengths = np.array([3, 8])
    x = _padded(lengths)
    with pytest.raises(ValueError, match="longest sequence has 8 steps but the last bucket edge is 5"):
        training.length_buckets(x, np.zeros(2), lengths, edges=[5], batch_size=2)
    bad = x.copy()
    bad[0, 5] = 1.0
    with pytest.raises(ValueError, match="sequence 0 has non-zero values after its length 3"):
        training.length_buckets(bad, np.zeros(2), lengths, edges=[8], batch_size=2)
    with pytest.raises(ValueError, match="x, y and lengths must be arrays describing the same sequences, got 2, 3 and 2"):
        training.length_buckets(x, np.zeros(3), lengths, edges=[8], batch_size=2)
    with pytest.raises(ValueError, match="x must be 3-D"):
        training.length_buckets(x[0], np.zeros(2), lengths, edges=[8], batch_size=2)
    with pytest.raises(ValueError, match="edges must be increasing"):
        training.length_buckets(x, np.zeros(2), lengths, edges=[8, 4], batch_size=2)
    with pytest.raises(ValueError, match="lengths must be whole numbers from 1 to"):
        training.length_buckets(x, np.zeros(2), np.array([3, 9]), edges=[9], batch_size=2)


def test_bad_input_issue_13():
    import numpy as np
    import pytest

    from utils import plotting, training

    with pytest.raises(TypeError, match=r"^plot_history: metrics must be a non-empty list of metric names, got str 'loss'"):
        plotting.plot_history({"loss": [1.0, 0.5]}, metrics="loss")
    with pytest.raises(TypeError, match=r"^plot_history: history must be a Keras History or its .history dict, got list"):
        plotting.plot_history([1.0, 0.5])
    with pytest.raises(TypeError, match=r"^plot_history: history\['loss'\] must be an array of real numbers"):
        plotting.plot_history({"loss": ["a", "b"]})
    with pytest.raises(ValueError, match=r"^plot_history: history\['loss'\] must be non-empty"):
        plotting.plot_history({"loss": []})
    with pytest.raises(TypeError, match=r"^EpochLog: every must be None or an int >= 1, got float 2.0"):
        training.EpochLog(10, every=2.0)
    with pytest.raises(TypeError, match=r"^fit: model must be a compiled Keras model, got str"):
        training.fit("model", np.zeros((2, 3, 1)), np.zeros(2), epochs=1)
    with pytest.raises(TypeError, match=r"^fit: callbacks must be a list of Keras callbacks"):
        training.fit(object.__new__(type("M", (), {"fit": lambda self: None})), np.zeros(1), epochs=1, callbacks="cb")
    x = np.zeros((2, 4, 1), np.float32)
    with pytest.raises(ValueError, match=r"^length_buckets: x must be finite"):
        training.length_buckets(np.full((2, 4, 1), np.nan), np.zeros(2), [2, 3], [4], 2)
    with pytest.raises(TypeError, match=r"^length_buckets: lengths must be an array of integers"):
        training.length_buckets(x, np.zeros(2), [2.0, 3.0], [4], 2)
    with pytest.raises(TypeError, match=r"^length_buckets: edges\[0\] must be an int >= 1, got float 4.5"):
        training.length_buckets(x, np.zeros(2), [2, 3], [4.5], 2)
    with pytest.raises(ValueError, match=r"^length_buckets: x must be non-empty"):
        training.length_buckets(np.zeros((0, 4, 1)), np.zeros(0), np.zeros(0, int), [4], 2)


class CountingModel(keras.Sequential):
    """Counts how often its training step is traced (each trace runs this Python code once)."""

    traces = 0

    def train_step(self, data):
        type(self).traces += 1
        return super().train_step(data)


def _counting_gru(seed):
    keras.utils.set_random_seed(seed)
    model = CountingModel([keras.Input((None, 2)), keras.layers.Masking(), keras.layers.GRU(3),
                            keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.Adam(1e-2), "binary_crossentropy", metrics=["accuracy"])
    return model


@pytest.mark.parametrize("as_dataset", [False, True])
def test_fit_traces_the_training_step_once_and_trains_the_same(as_dataset):
    if keras.backend.backend() != "tensorflow":
        pytest.skip("the double trace is TensorFlow's")
    lengths = np.array([3, 4, 12, 15] * 8)
    x, y = _padded(lengths, max_length=16), (np.arange(32) % 2).astype("float32")
    data = (lambda: training.length_buckets(x, y, lengths, edges=[4, 16], batch_size=8, seed=1)[0]) if as_dataset \
        else (lambda: x)
    plain = _counting_gru(0)
    CountingModel.traces = 0
    plain.fit(data(), None if as_dataset else y, epochs=2, batch_size=None if as_dataset else 8, verbose=0,
              shuffle=False)
    plain_traces = CountingModel.traces
    ours = _counting_gru(0)
    CountingModel.traces = 0
    training.fit(ours, data(), None if as_dataset else y, epochs=2, batch_size=8, shuffle=False)
    assert plain_traces == 2, f"Keras on TensorFlow traced the first step {plain_traces} times (expected 2)"
    assert CountingModel.traces == 1, f"training.fit traced the step {CountingModel.traces} times"
    for a, b in zip(plain.get_weights(), ours.get_weights()):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-6)
    assert training.build_before_tracing(ours, data()) is False, "nothing left to build"


def test_predict_equals_model_predict_in_batches():
    model = _tiny_model()
    x = np.random.default_rng(0).normal(size=(7, 4, 1)).astype("float32")
    np.testing.assert_allclose(training.predict(model, x, batch_size=3), model.predict(x, verbose=0), atol=1e-6)
    src, extra = keras.Input((3,)), keras.Input((2,))
    two = keras.Model([src, extra], [keras.layers.Dense(1)(src), keras.layers.Dense(2)(extra)])
    a, b = np.ones((5, 3), "float32"), np.ones((5, 2), "float32")
    got = training.predict(two, [a, b], batch_size=2)
    want = two.predict([a, b], verbose=0)
    assert len(got) == 2 and got[0].shape == (5, 1) and got[1].shape == (5, 2)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, atol=1e-6)


def test_predict_names_bad_input():
    model = _tiny_model()
    with pytest.raises(ValueError, match="batch_size must be an int >= 1, got 0"):
        training.predict(model, np.zeros((2, 4, 1)), batch_size=0)
    with pytest.raises(ValueError, match="x .*same number .*examples.*\\[2, 3\\]"):
        training.predict(model, [np.zeros((2, 4, 1)), np.zeros((3, 4, 1))])
    with pytest.raises(ValueError, match="x .*examples.*\\[0\\]"):
        training.predict(model, np.zeros((0, 4, 1)))
    with pytest.raises(TypeError, match="x must be an array"):
        training.predict(model, "text")
    with pytest.raises(TypeError, match="model must be a Keras model"):
        training.predict("model", np.zeros((2, 4, 1)))


def _dropout_gru(seed):
    keras.utils.set_random_seed(seed)
    model = CountingModel([keras.Input((None, 2)), keras.layers.Masking(), keras.layers.GRU(3),
                           keras.layers.Dropout(0.3), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.Adam(1e-2), "binary_crossentropy", metrics=["accuracy"])
    return model


def test_starting_point_trains_one_model_again_as_a_new_one_and_traces_once():
    if keras.backend.backend() != "tensorflow":
        pytest.skip("the trace count is TensorFlow's")
    lengths = np.array([3, 4, 12, 15] * 8)
    x = _padded(lengths, max_length=16)
    ys = [(np.arange(32) % 2).astype("float32"), (np.arange(32) // 16).astype("float32")]   # two tasks
    def batches(y):                                       # a new dataset per run: each reshuffles from its seed
        return training.length_buckets(x, y, lengths, edges=[4, 16], batch_size=8, seed=1)[0]

    fresh = []
    for y in ys:                                          # the usual way: a new model per run, same seed
        model = _dropout_gru(0)
        training.fit(model, batches(y), epochs=3, validation_data=(x[:8], ys[0][:8]))
        fresh.append(model.get_weights())
    reused = _dropout_gru(0)
    restart = training.starting_point(reused, batches(ys[0]))
    CountingModel.traces = 0
    for i, y in enumerate(ys):
        if i:
            restart()
        training.fit(reused, batches(y), epochs=3, validation_data=(x[:8], ys[0][:8]))
        for a, b in zip(fresh[i], reused.get_weights()):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-6)
    assert CountingModel.traces == 1, f"the training step was traced {CountingModel.traces} times for two runs"
    with pytest.raises(TypeError, match="model must be a compiled Keras model"):
        training.starting_point(keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)]), x)
