"""An n-gram language model over token ids, the Markov baseline a recurrent model must beat.

:class:`NGramLM` counts every context of up to ``order - 1`` previous tokens in training sequences and
interpolates the orders with Witten-Bell weights, so that no token ever gets probability 0 and no
smoothing constant has to be tuned: the only choice is ``order``, made on validation data.

Witten-Bell interpolation (Chen and Goodman, 1998, section 2.3): for a context ``h`` seen ``N(h)`` times,
followed by ``T(h)`` distinct tokens,

    p(w | h) = λ(h) · c(h, w) / N(h) + (1 - λ(h)) · p(w | h'),   λ(h) = N(h) / (N(h) + T(h)),

where ``h'`` drops the oldest token of ``h``; below the unigram sits the uniform distribution over the
``vocab_size - 2`` tokens that can follow (id 0 is padding and ``start_id`` only begins a sequence: neither
is ever predicted). Each sequence starts from
``start_id`` tokens, so its first notes are predicted from "the start of a piece".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from . import checks


def _check_sequences(sequences, vocab_size: int, start_id: int, name: str, func: str) -> list[np.ndarray]:
    seqs = checks.check_sequence_of(sequences, name, what="token-id sequences", func=func)
    out = []
    for i, s in enumerate(seqs):
        if isinstance(s, (str, bytes)):
            raise checks.fail(TypeError, f"{name}[{i}]", "a sequence of int token ids", checks.describe(s), func=func)
        ids = checks.check_token_ids(s, f"{name}[{i}]", vocab_size, allow_padding=False, ndim=1, func=func)
        if (ids == start_id).any():
            raise checks.fail(ValueError, f"{name}[{i}]", f"the tokens after the start (the model adds start_id={start_id} "
                              "itself)", f"start_id at positions {np.flatnonzero(ids == start_id)[:3].tolist()}", func=func)
        out.append(ids)
    return out


class NGramLM:
    """A Witten-Bell interpolated n-gram model over ids ``1 .. vocab_size - 1`` (0 is padding).

    >>> lm = NGramLM(order=2, vocab_size=4, start_id=1).fit([[2, 3, 2, 3], [2, 3]])
    >>> round(float(lm.next_distribution([2])[3]), 3)        # after 2 comes 3 in every training case
    0.875
    >>> float(lm.next_distribution([2]).sum())
    1.0
    """

    def __init__(self, order: int, vocab_size: int, *, start_id: int = 1):
        self.order = checks.check_int(order, "order", ge=1, le=10, func="NGramLM")
        self.vocab_size = checks.check_int(vocab_size, "vocab_size", ge=3, func="NGramLM")
        self.start_id = checks.check_int(start_id, "start_id", ge=1, lt=self.vocab_size, func="NGramLM")
        self._counts: list[dict[tuple, Counter]] | None = None

    def __repr__(self) -> str:
        state = "fitted" if self._counts is not None else "not fitted"
        return f"NGramLM(order={self.order}, vocab_size={self.vocab_size}, {state})"

    def fit(self, sequences: Sequence[Sequence[int]]) -> NGramLM:
        """Count every (context, next token) pair of ``sequences`` (lists of ids, without the start tokens)."""
        seqs = _check_sequences(sequences, self.vocab_size, self.start_id, "sequences", "NGramLM.fit")
        counts: list[dict[tuple, Counter]] = [defaultdict(Counter) for _ in range(self.order)]
        pad = [self.start_id] * (self.order - 1)
        for s in seqs:
            q = pad + s.tolist()
            for i in range(self.order - 1, len(q)):
                for k in range(self.order):                  # k previous tokens of context
                    counts[k][tuple(q[i - k:i])][q[i]] += 1
        self._counts = [dict(c) for c in counts]
        self._totals = [{h: (sum(c.values()), len(c)) for h, c in level.items()} for level in self._counts]
        return self

    def _require_fit(self, func: str) -> None:
        if self._counts is None:
            raise RuntimeError(f"NGramLM.{func}: call .fit(sequences) first")

    def next_distribution(self, context: Sequence[int]) -> np.ndarray:
        """``p(· | context)`` as a vector of ``vocab_size`` probabilities (0 for padding and start; sums to 1).

        ``context`` is the ids so far (only the last ``order - 1`` are used; a shorter one is filled with
        ``start_id`` on the left, as at the start of a sequence).
        """
        self._require_fit("next_distribution")
        ctx = checks.check_token_ids(list(context), "context", self.vocab_size, allow_padding=False, ndim=1,
                                     nonempty=False, func="NGramLM.next_distribution").tolist()
        ctx = ([self.start_id] * (self.order - 1) + ctx)[len(ctx):] if self.order > 1 else []
        p = np.full(self.vocab_size, 1.0 / (self.vocab_size - 2))
        p[[0, self.start_id]] = 0.0
        for k in range(self.order):
            h = tuple(ctx[len(ctx) - k:]) if k else ()
            cnt = self._counts[k].get(h)
            if not cnt:
                continue
            n, t = self._totals[k][h]
            lam = n / (n + t)
            seen = np.zeros(self.vocab_size)
            seen[list(cnt)] = list(cnt.values())
            p = lam * seen / n + (1 - lam) * p
        return p

    def token_log_probs(self, sequences: Sequence[Sequence[int]]) -> list[np.ndarray]:
        """Natural-log probability of every token of every sequence, each given the tokens before it."""
        self._require_fit("token_log_probs")
        seqs = _check_sequences(sequences, self.vocab_size, self.start_id, "sequences", "NGramLM.token_log_probs")
        out = []
        for s in seqs:
            ids = s.tolist()
            out.append(np.array([np.log(self.next_distribution(ids[:i])[w]) for i, w in enumerate(ids)]))
        return out

    def nats_per_token(self, sequences: Sequence[Sequence[int]]) -> float:
        """Mean negative log-probability (nats) over all tokens of ``sequences``, pooled."""
        logs = self.token_log_probs(sequences)
        return float(-np.concatenate(logs).mean())


__all__ = ["NGramLM"]
