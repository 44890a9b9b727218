"""Text helpers for the text chapters: tokenize, build a vocabulary, pad with a mask, n-gram baselines
and sampling.

Everything here works offline: the tokenizers are NLTK's rule-based ones, which need no downloaded
data (``punkt`` and friends are *not* used).

>>> from utils import text
>>> tokens = text.tokenize("I am going to the cinema!")
>>> tokens
['i', 'am', 'going', 'to', 'the', 'cinema', '!']
>>> vocab = text.Vocabulary.build([tokens, ["i", "am", "home"]])
>>> vocab.encode(["i", "am", "at", "home"])          # "at" is unknown: id 1, the [UNK] token
[2, 3, 1, 9]
>>> ids, mask = text.pad_sequences([[2, 3], [4]], max_len=3)
>>> ids.tolist(), mask.tolist()
([[2, 3, 0], [4, 0, 0]], [[True, True, False], [True, False, False]])

Conventions shared with Keras's ``TextVectorization``: id 0 is padding (the empty string) and id 1
is the out-of-vocabulary token ``"[UNK]"``. Sequences are padded on the right, which keeps the
LSTM/GRU layers on their fast cuDNN kernel when a GPU is present.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

import numpy as np

PAD = ""
OOV = "[UNK]"

TokenizerName = Literal["tweet", "treebank", "wordpunct", "toktok"]
TOKENIZERS: tuple[str, ...] = ("tweet", "treebank", "wordpunct", "toktok")


def _nltk_tokenizer(name: str):
    """The NLTK tokenizer called ``name`` (none of them needs downloaded NLTK data)."""
    from nltk.tokenize import ToktokTokenizer, TreebankWordTokenizer, TweetTokenizer, wordpunct_tokenize

    if name == "tweet":
        return TweetTokenizer(preserve_case=True, reduce_len=False).tokenize
    if name == "treebank":
        return TreebankWordTokenizer().tokenize
    if name == "wordpunct":
        return wordpunct_tokenize
    if name == "toktok":
        return ToktokTokenizer().tokenize
    raise ValueError(f"tokenizer must be one of {TOKENIZERS}, got {name!r}")


_TOKENIZER_CACHE: dict[str, object] = {}


def tokenize(text: str, *, lowercase: bool = True, tokenizer: TokenizerName = "tweet") -> list[str]:
    """Split ``text`` into word tokens with an NLTK tokenizer that needs no downloaded data.

    The default, NLTK's ``TweetTokenizer``, keeps contractions ("it's"), emoticons and "..."
    together and splits other punctuation off. Empty or blank text raises ``ValueError``.

    >>> tokenize("It's not bad... it's GREAT :)")
    ["it's", 'not', 'bad', '...', "it's", 'great', ':)']
    >>> tokenize("Don't stop", tokenizer="treebank")
    ['do', "n't", 'stop']
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}: {text!r:.60}")
    if tokenizer not in TOKENIZERS:
        raise ValueError(f"tokenizer must be one of {TOKENIZERS}, got {tokenizer!r}")
    if not text.strip():
        raise ValueError(f"text must contain at least one non-blank character, got {text!r}")
    if tokenizer not in _TOKENIZER_CACHE:
        _TOKENIZER_CACHE[tokenizer] = _nltk_tokenizer(tokenizer)
    split = _TOKENIZER_CACHE[tokenizer]
    tokens = split(text.lower() if lowercase else text)
    if not tokens:  # e.g. only characters the tokenizer drops
        raise ValueError(f"text produced no tokens with the {tokenizer!r} tokenizer: {text!r:.60}")
    return tokens


def tokenize_all(texts: Iterable[str], *, lowercase: bool = True,
                 tokenizer: TokenizerName = "tweet") -> list[list[str]]:
    """:func:`tokenize` every text; an error names the position of the offending text.

    >>> tokenize_all(["Good film.", "Bad!"])
    [['good', 'film', '.'], ['bad', '!']]
    """
    if isinstance(texts, str):
        raise TypeError("texts must be a list (or other iterable) of str, got a single str; "
                        "wrap it in a list: tokenize_all([text])")
    out = []
    for i, t in enumerate(texts):
        try:
            out.append(tokenize(t, lowercase=lowercase, tokenizer=tokenizer))
        except (TypeError, ValueError) as err:
            raise type(err)(f"texts[{i}]: {err}") from None
    if not out:
        raise ValueError("texts must hold at least one text, got none")
    return out


class Vocabulary:
    """A mapping between tokens (words or characters) and integer ids.

    With ``pad=True`` id 0 is the padding token ``""``; with ``oov=True`` the next id is
    ``"[UNK]"``, which every unknown token is encoded as. Without ``oov`` an unknown token is an
    error (right for a character vocabulary built from the whole text).

    >>> v = Vocabulary(["the", "film"])
    >>> v.tokens, len(v)
    (['', '[UNK]', 'the', 'film'], 4)
    >>> v.encode(["the", "movie"]), v.decode([2, 3, 1])
    ([2, 1], ['the', 'film', '[UNK]'])
    """

    def __init__(self, tokens: Sequence[str], *, pad: bool = True, oov: bool = True):
        if isinstance(tokens, str):
            raise TypeError("tokens must be a sequence of str (one token each), got a single str; "
                            "for characters use Vocabulary(sorted(set(text)), ...)")
        tokens = list(tokens)
        bad = [t for t in tokens if not isinstance(t, str)]
        if bad:
            raise TypeError(f"tokens must all be str, got {type(bad[0]).__name__}: {bad[0]!r}")
        specials = ([PAD] if pad else []) + ([OOV] if oov else [])
        clash = [t for t in tokens if t in specials]
        if clash:
            raise ValueError(f"tokens must not contain the special tokens {specials}, got {clash[:3]}")
        dupes = [t for t, n in Counter(tokens).items() if n > 1]
        if dupes:
            raise ValueError(f"tokens must be unique, got duplicates {dupes[:5]}")
        if not tokens:
            raise ValueError("tokens must hold at least one token, got none")
        self.pad = pad
        self.oov = oov
        self.tokens: list[str] = specials + tokens
        self.index: dict[str, int] = {t: i for i, t in enumerate(self.tokens)}

    @classmethod
    def build(cls, token_lists: Iterable[Sequence[str]], *, min_count: int = 1,
              max_size: int | None = None, pad: bool = True, oov: bool = True) -> Vocabulary:
        """Keep tokens seen at least ``min_count`` times, the most frequent first.

        ``max_size`` caps the total size, special tokens included. Ties are broken by first
        appearance, so the result is the same run to run.

        >>> Vocabulary.build([["a", "b", "a"], ["c", "a", "b"]], min_count=2).tokens
        ['', '[UNK]', 'a', 'b']
        """
        if isinstance(token_lists, str):
            raise TypeError("token_lists must be a list of token lists, got a single str")
        if not isinstance(min_count, int) or min_count < 1:
            raise ValueError(f"min_count must be an int >= 1, got {min_count!r}")
        counts: Counter[str] = Counter()
        n_lists = 0
        for i, toks in enumerate(token_lists):
            if isinstance(toks, str):
                raise TypeError(f"token_lists[{i}] must be a list of tokens, got the str {toks!r:.40}; "
                                "tokenize it first")
            counts.update(toks)
            n_lists += 1
        if n_lists == 0:
            raise ValueError("token_lists must hold at least one token list, got none")
        for special in (PAD, OOV):
            counts.pop(special, None)
        kept = [t for t, n in counts.most_common() if n >= min_count]
        n_special = int(pad) + int(oov)
        if max_size is not None:
            if not isinstance(max_size, int) or max_size <= n_special:
                raise ValueError(f"max_size must be an int > {n_special} (the special tokens), "
                                 f"got {max_size!r}")
            kept = kept[: max_size - n_special]
        if not kept:
            raise ValueError(f"no token occurs at least min_count={min_count} times")
        return cls(kept, pad=pad, oov=oov)

    def __len__(self) -> int:
        return len(self.tokens)

    def __contains__(self, token: object) -> bool:
        return token in self.index

    def __repr__(self) -> str:
        return f"Vocabulary({len(self)} tokens, pad={self.pad}, oov={self.oov})"

    @property
    def pad_id(self) -> int:
        if not self.pad:
            raise ValueError("this vocabulary has no padding token (built with pad=False)")
        return 0

    @property
    def oov_id(self) -> int:
        if not self.oov:
            raise ValueError("this vocabulary has no out-of-vocabulary token (built with oov=False)")
        return int(self.pad)

    def encode(self, tokens: Sequence[str]) -> list[int]:
        """Token ids; unknown tokens become ``oov_id`` (or raise ``ValueError`` without one).

        A str is read as a sequence of characters, which suits a character vocabulary.
        """
        if not isinstance(tokens, (str, Sequence)):
            raise TypeError(f"tokens must be a sequence of str, got {type(tokens).__name__}")
        if self.oov:
            unk = self.oov_id
            return [self.index.get(t, unk) for t in tokens]
        unknown = sorted({t for t in tokens if t not in self.index})
        if unknown:
            raise ValueError(f"tokens holds {len(unknown)} token(s) not in the vocabulary and the "
                             f"vocabulary has no [UNK]: {unknown[:10]}")
        return [self.index[t] for t in tokens]

    def decode(self, ids: Iterable[int]) -> list[str]:
        """Tokens for ``ids``; an id outside ``range(len(self))`` raises ``ValueError``."""
        out = []
        for i in ids:
            i = int(i)
            if not 0 <= i < len(self.tokens):
                raise ValueError(f"ids must be in range(0, {len(self.tokens)}), got {i}")
            out.append(self.tokens[i])
        return out


def pad_sequences(sequences: Sequence[Sequence[int]], max_len: int, *,
                  pad_id: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Right-pad (and cut at the end) id sequences to ``max_len``; return ``(ids, mask)``.

    ``ids`` has shape ``(n, max_len)`` (int32) and ``mask`` the same shape (bool, True on real
    tokens). Right padding is what cuDNN's LSTM/GRU kernels accept together with a mask.
    An empty sequence raises ``ValueError``: a sequence with no token has nothing to classify.

    >>> ids, mask = pad_sequences([[5, 6, 7, 8], [9]], max_len=3)
    >>> ids.tolist(), mask.sum(axis=1).tolist()
    ([[5, 6, 7], [9, 0, 0]], [3, 1])
    """
    if not isinstance(max_len, (int, np.integer)) or isinstance(max_len, bool) or max_len < 1:
        raise ValueError(f"max_len must be a positive int, got {max_len!r}")
    if isinstance(sequences, (str, np.ndarray)) and np.ndim(sequences) < 2 and not (
            isinstance(sequences, np.ndarray) and sequences.dtype == object):
        raise TypeError(f"sequences must be a list of id sequences, got {type(sequences).__name__}")
    n = len(sequences)
    if n == 0:
        raise ValueError("sequences must hold at least one sequence, got none")
    ids = np.full((n, max_len), pad_id, dtype="int32")
    mask = np.zeros((n, max_len), dtype=bool)
    for i, seq in enumerate(sequences):
        if isinstance(seq, str):
            raise TypeError(f"sequences[{i}] must be a sequence of int ids, got the str {seq!r:.40}")
        seq = np.asarray(seq)
        if seq.size == 0:
            raise ValueError(f"sequences[{i}] is empty; every sequence needs at least one id")
        if seq.ndim != 1 or not np.issubdtype(seq.dtype, np.integer):
            raise TypeError(f"sequences[{i}] must be a 1-D sequence of ints, got dtype {seq.dtype} "
                            f"and shape {seq.shape}")
        k = min(len(seq), max_len)
        ids[i, :k] = seq[:k]
        mask[i, :k] = True
    return ids, mask


def encode_texts(texts: Iterable[str], vocab: Vocabulary, max_len: int, *,
                 tokenizer: TokenizerName = "tweet") -> tuple[np.ndarray, np.ndarray]:
    """Tokenize, encode and pad in one call: ``(ids, mask)`` of shape ``(n, max_len)``.

    >>> v = Vocabulary(["good", "film"])
    >>> encode_texts(["Good film", "bad"], v, max_len=3)[0].tolist()
    [[2, 3, 0], [1, 0, 0]]
    """
    if not isinstance(vocab, Vocabulary):
        raise TypeError(f"vocab must be a Vocabulary, got {type(vocab).__name__}")
    if not vocab.pad:
        raise ValueError("vocab must have a padding token (pad=True) to pad sequences")
    token_lists = tokenize_all(texts, tokenizer=tokenizer)
    return pad_sequences([vocab.encode(t) for t in token_lists], max_len, pad_id=vocab.pad_id)


# ------------------------------------------------------------------------------------------------
# Count-based baselines for language models
# ------------------------------------------------------------------------------------------------


def _check_id_sequences(sequences, vocab_size: int, name: str) -> list[np.ndarray]:
    if not isinstance(vocab_size, (int, np.integer)) or vocab_size < 2:
        raise ValueError(f"vocab_size must be an int >= 2, got {vocab_size!r}")
    if isinstance(sequences, np.ndarray) and sequences.ndim == 1:
        sequences = [sequences]
    out = []
    for i, seq in enumerate(sequences):
        arr = np.asarray(seq)
        if arr.ndim != 1 or (arr.size and not np.issubdtype(arr.dtype, np.integer)):
            raise TypeError(f"{name}[{i}] must be a 1-D sequence of int ids, got shape {arr.shape} "
                            f"dtype {arr.dtype}")
        if arr.size and (arr.min() < 0 or arr.max() >= vocab_size):
            raise ValueError(f"{name}[{i}] holds ids outside range(0, {vocab_size}): "
                             f"min {arr.min()}, max {arr.max()}")
        out.append(arr.astype(np.int64))
    if not any(len(a) >= 2 for a in out):
        raise ValueError(f"{name} must hold at least one sequence of 2 or more ids "
                         "(a token and the one that follows it)")
    return out


class BigramLM:
    """Count-based unigram and bigram language models over integer ids, the baselines for an RNN.

    Both models predict every token of a sequence from the token before it, except the first
    token (the one an RNN also never predicts, typically a start marker).

    * unigram: :math:`p(w) = (c(w) + \\alpha) / (N + \\alpha V)` (add-alpha smoothing)
    * bigram, interpolated with the unigram so that unseen pairs keep some probability:
      :math:`p(w \\mid v) = \\lambda\\, c(v, w) / c(v) + (1 - \\lambda)\\, p(w)`; when ``v`` was
      never seen as a context, :math:`p(w \\mid v) = p(w)`.

    >>> lm = BigramLM(vocab_size=4, lam=0.5).fit([[0, 1, 2, 3], [0, 1, 3]])
    >>> round(lm.nll([[0, 1, 2]], order=2), 3), round(lm.nll([[0, 1, 2]], order=1), 3)
    (0.712, 1.301)
    """

    def __init__(self, vocab_size: int, *, lam: float = 0.8, alpha: float = 1.0):
        if not isinstance(vocab_size, (int, np.integer)) or vocab_size < 2:
            raise ValueError(f"vocab_size must be an int >= 2, got {vocab_size!r}")
        if not 0.0 <= lam < 1.0:
            raise ValueError(f"lam must be in [0, 1) so that unseen pairs keep some probability, got {lam!r}")
        if not alpha > 0:
            raise ValueError(f"alpha must be > 0 (add-alpha smoothing of the unigram), got {alpha!r}")
        self.vocab_size = int(vocab_size)
        self.lam = float(lam)
        self.alpha = float(alpha)
        self.unigram: np.ndarray | None = None
        self._pairs: np.ndarray | None = None  # sorted codes prev * V + next
        self._pair_counts: np.ndarray | None = None
        self._context_counts: np.ndarray | None = None

    def fit(self, sequences: Sequence[Sequence[int]]) -> BigramLM:
        """Count tokens and pairs in ``sequences`` (a list of id sequences, or one long one)."""
        seqs = _check_id_sequences(sequences, self.vocab_size, "sequences")
        V = self.vocab_size
        targets = np.concatenate([s[1:] for s in seqs])
        prev = np.concatenate([s[:-1] for s in seqs])
        counts = np.bincount(targets, minlength=V).astype(np.float64)
        self.unigram = (counts + self.alpha) / (counts.sum() + self.alpha * V)
        codes, pair_counts = np.unique(prev * V + targets, return_counts=True)
        self._pairs, self._pair_counts = codes, pair_counts.astype(np.float64)
        self._context_counts = np.bincount(prev, minlength=V).astype(np.float64)
        return self

    def _require_fit(self) -> None:
        if self.unigram is None:
            raise ValueError("the model is not fitted yet: call fit(sequences) first")

    def prob(self, prev: np.ndarray | Sequence[int], nxt: np.ndarray | Sequence[int]) -> np.ndarray:
        """Interpolated bigram probabilities :math:`p(\\text{nxt} \\mid \\text{prev})`, elementwise."""
        self._require_fit()
        prev = np.asarray(prev, dtype=np.int64)
        nxt = np.asarray(nxt, dtype=np.int64)
        codes = prev * self.vocab_size + nxt
        pos = np.searchsorted(self._pairs, codes)
        pos_clipped = np.minimum(pos, len(self._pairs) - 1)
        found = self._pairs[pos_clipped] == codes
        pair = np.where(found, self._pair_counts[pos_clipped], 0.0)
        ctx = self._context_counts[prev]
        p_uni = self.unigram[nxt]
        with np.errstate(divide="ignore", invalid="ignore"):
            p_bi = np.where(ctx > 0, pair / np.maximum(ctx, 1.0), 0.0)
        lam = np.where(ctx > 0, self.lam, 0.0)
        return lam * p_bi + (1.0 - lam) * p_uni

    def next_distribution(self, prev: int) -> np.ndarray:
        """The whole distribution over the next id after ``prev``: shape ``(vocab_size,)``."""
        self._require_fit()
        return self.prob(np.full(self.vocab_size, int(prev)), np.arange(self.vocab_size))

    def nll(self, sequences: Sequence[Sequence[int]], order: Literal[1, 2] = 2) -> float:
        """Mean negative log-likelihood in nats per predicted token (``exp`` of it is perplexity)."""
        self._require_fit()
        if order not in (1, 2):
            raise ValueError(f"order must be 1 (unigram) or 2 (bigram), got {order!r}")
        seqs = _check_id_sequences(sequences, self.vocab_size, "sequences")
        targets = np.concatenate([s[1:] for s in seqs])
        if order == 1:
            p = self.unigram[targets]
        else:
            p = self.prob(np.concatenate([s[:-1] for s in seqs]), targets)
        return float(-np.mean(np.log(p)))


def mean_token_nll(predict_logits: Callable[[np.ndarray], np.ndarray], x: np.ndarray, y: np.ndarray,
                   mask: np.ndarray | None = None, *, batch_size: int = 256) -> float:
    """Mean negative log-likelihood, in nats per predicted token, of a next-token model.

    ``predict_logits`` maps an int array ``(batch, time)`` to logits ``(batch, time, vocab)`` (for
    a Keras model: ``lambda ids: model.predict_on_batch(ids)``). ``y`` holds the target id at each
    position and ``mask`` (optional, same shape) which positions count. Batching keeps memory small:
    the full ``(n, time, vocab)`` array is never built. ``exp`` of the result is the perplexity.

    >>> uniform = lambda ids: np.zeros(ids.shape + (4,))
    >>> round(mean_token_nll(uniform, np.zeros((3, 5), int), np.ones((3, 5), int)), 4)  # log(4)
    1.3863
    """
    if not callable(predict_logits):
        raise TypeError(f"predict_logits must be callable, got {type(predict_logits).__name__}")
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim != 2 or y.shape != x.shape:
        raise ValueError(f"x and y must be 2-D (batch, time) arrays of the same shape, got {x.shape} and {y.shape}")
    if x.shape[0] == 0:
        raise ValueError("x must hold at least one sequence, got none")
    mask = np.ones(x.shape, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    if mask.shape != x.shape:
        raise ValueError(f"mask must have the shape of x {x.shape}, got {mask.shape}")
    if not mask.any():
        raise ValueError("mask selects no position: there is nothing to score")
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    total, count = 0.0, 0
    for start in range(0, len(x), batch_size):
        sl = slice(start, start + batch_size)
        logits = np.asarray(predict_logits(x[sl]))
        if logits.ndim != 3 or logits.shape[:2] != x[sl].shape:
            raise ValueError(f"predict_logits must return (batch, time, vocab) logits, got shape {logits.shape} "
                             f"for input {x[sl].shape}")
        real = logits[mask[sl]]                                   # (n_real, vocab): skip padded positions
        top = real.max(axis=-1, keepdims=True)
        log_norm = top[:, 0] + np.log(np.exp(real - top).sum(axis=-1))   # log-sum-exp, computed stably
        picked = real[np.arange(len(real)), y[sl][mask[sl]].astype(np.int64)]
        total += float(np.sum(log_norm - picked, dtype=np.float64))
        count += len(real)
    return total / count


# ------------------------------------------------------------------------------------------------
# Choosing the next token
# ------------------------------------------------------------------------------------------------


def apply_temperature(logits: np.ndarray | Sequence[float], temperature: float) -> np.ndarray:
    """Softmax of ``logits / temperature``: a probability vector (last axis sums to 1).

    Low temperatures sharpen the distribution towards the most likely token, high ones flatten it
    towards uniform; ``temperature=1`` returns the model's own probabilities.

    >>> apply_temperature([2.0, 1.0, 0.0], 1.0).round(3).tolist()
    [0.665, 0.245, 0.09]
    >>> apply_temperature([2.0, 1.0, 0.0], 0.1).round(3).tolist()
    [1.0, 0.0, 0.0]
    """
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float, np.floating)):
        raise TypeError(f"temperature must be a number, got {type(temperature).__name__}")
    if not temperature > 0 or not np.isfinite(temperature):
        raise ValueError(f"temperature must be a finite number > 0, got {temperature!r}")
    z = np.asarray(logits, dtype=np.float64)
    if z.ndim == 0 or z.shape[-1] == 0:
        raise ValueError(f"logits must have at least one entry on the last axis, got shape {z.shape}")
    if not np.all(np.isfinite(z)):
        raise ValueError("logits must be finite (no nan or inf)")
    z = z / temperature
    z = z - z.max(axis=-1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=-1, keepdims=True)


def sample_token(logits: np.ndarray | Sequence[float], temperature: float,
                 rng: np.random.Generator) -> int:
    """Draw one id from ``softmax(logits / temperature)`` with the NumPy generator ``rng``.

    >>> rng = np.random.default_rng(0)
    >>> sample_token([10.0, 0.0, 0.0], 0.5, rng)
    0
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator (np.random.default_rng(seed)), "
                        f"got {type(rng).__name__}")
    p = apply_temperature(logits, temperature)
    if p.ndim != 1:
        raise ValueError(f"logits must be 1-D (one score per token), got shape {p.shape}")
    return int(rng.choice(len(p), p=p))


def top_k(probs: np.ndarray | Sequence[float], k: int) -> np.ndarray:
    """Indices of the ``k`` largest entries, largest first (ties: the lower index first).

    >>> top_k([0.1, 0.5, 0.2, 0.2], 3).tolist()
    [1, 2, 3]
    """
    p = np.asarray(probs, dtype=np.float64)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"probs must be a non-empty 1-D array, got shape {p.shape}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= p.size:
        raise ValueError(f"k must be an int in [1, {p.size}], got {k!r}")
    return np.argsort(-p, kind="stable")[:k]
