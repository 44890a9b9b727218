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
    with pytest.raises(ValueError, match="epochs must be at least 1"):
        training.EpochLog(0)


def test_plot_history_draws_train_and_validation():
    ax = plotting.plot_history({"loss": [3, 2, 1], "val_loss": [3, 2.5, 2]})
    assert [l.get_label() for l in ax.get_lines()] == ["train loss", "validation loss"]


def test_plot_history_unknown_metric():
    with pytest.raises(KeyError, match=r"metrics \['accuracy'\] are not in the history"):
        plotting.plot_history({"loss": [1.0]}, metrics=("accuracy",))
