"""Training helpers: compact, readable logs and measured time per epoch.

Keras's default progress bar (``verbose=1``) writes thousands of control characters into a saved
notebook. :func:`fit` trains silently and prints one short line every few epochs instead.

>>> history, sec_per_epoch = fit(model, x, y, epochs=10, batch_size=32)   # doctest: +SKIP
epoch   1/10  loss 0.9981
epoch  10/10  loss 0.0123   (0.21 s/epoch)
"""

from __future__ import annotations

import time

import keras
import numpy as np


class EpochLog(keras.callbacks.Callback):
    """Print one line every ``every`` epochs (and the first and last); record epoch times."""

    def __init__(self, epochs: int, every: int | None = None):
        super().__init__()
        if epochs < 1:
            raise ValueError(f"epochs must be at least 1, got {epochs}")
        self.epochs = epochs
        self.every = every or max(1, epochs // 5)
        self.epoch_seconds: list[float] = []
        self._t0 = 0.0

    def on_epoch_begin(self, epoch, logs=None):
        self._t0 = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.epoch_seconds.append(time.perf_counter() - self._t0)
        n = epoch + 1
        if n == 1 or n == self.epochs or n % self.every == 0:
            metrics = "  ".join(f"{k} {v:.4f}" for k, v in (logs or {}).items()
                                if np.isscalar(v) and k != "learning_rate")
            tail = f"   ({self.seconds_per_epoch:.2f} s/epoch)" if n == self.epochs else ""
            print(f"epoch {n:>3}/{self.epochs}  {metrics}{tail}", flush=True)

    @property
    def seconds_per_epoch(self) -> float:
        """Median wall time of an epoch (the first, which includes tracing, is skipped if possible)."""
        times = self.epoch_seconds[1:] or self.epoch_seconds
        return float(np.median(times)) if times else float("nan")


def fit(model: keras.Model, x, y=None, *, epochs: int, batch_size: int | None = 32,
        every: int | None = None, callbacks: list | None = None, **kwargs):
    """``model.fit`` without a progress bar; returns ``(history, seconds_per_epoch)``.

    Extra keyword arguments (``validation_data``, ``shuffle``...) go to ``model.fit``.
    """
    log = EpochLog(epochs, every)
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0,
                        callbacks=[log, *(callbacks or [])], **kwargs)
    return history, log.seconds_per_epoch
