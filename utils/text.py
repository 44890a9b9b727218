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

from . import checks

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
    raise checks.fail(ValueError, "tokenizer", f"one of {TOKENIZERS}", repr(name))


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
    checks.check_str(text, "text", nonempty=False)
    checks.check_str(tokenizer, "tokenizer", choices=TOKENIZERS)
    checks.check_bool(lowercase, "lowercase")
    if not text.strip():
        raise checks.fail(ValueError, "text", "a str that contains at least one non-blank character", repr(text))
    if tokenizer not in _TOKENIZER_CACHE:
        _TOKENIZER_CACHE[tokenizer] = _nltk_tokenizer(tokenizer)
    split = _TOKENIZER_CACHE[tokenizer]
    tokens = split(text.lower() if lowercase else text)
    if not tokens:  # e.g. only characters the tokenizer drops
        raise checks.fail(ValueError, "text", f"a text that gives tokens with the {tokenizer!r} tokenizer",
                          f"{text!r:.60}, which produced no tokens")
    return tokens


def tokenize_all(texts: Iterable[str], *, lowercase: bool = True,
                 tokenizer: TokenizerName = "tweet") -> list[list[str]]:
    """:func:`tokenize` every text; an error names the position of the offending text.

    >>> tokenize_all(["Good film.", "Bad!"])
    [['good', 'film', '.'], ['bad', '!']]
    """
    if isinstance(texts, (str, bytes)) or not isinstance(texts, Iterable):
        raise checks.fail(TypeError, "texts", "a list (or other iterable) of str", checks.describe(texts),
                          hint="a single str is one text: wrap it in a list, tokenize_all([text])")
    checks.check_str(tokenizer, "tokenizer", choices=TOKENIZERS)
    out = []
    for i, t in enumerate(texts):
        try:
            out.append(tokenize(t, lowercase=lowercase, tokenizer=tokenizer))
        except (TypeError, ValueError) as err:
            raise type(err)(f"texts[{i}]: {err}") from None
    if not out:
        raise checks.fail(ValueError, "texts", "at least one text", "none")
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
            raise checks.fail(TypeError, "tokens", "a sequence of str (one token each)", "a single str",
                              hint="for characters use Vocabulary(sorted(set(text)), ...)")
        if isinstance(tokens, (set, frozenset)):
            raise checks.fail(TypeError, "tokens", "an ordered sequence of str (ids follow the order)",
                              "a set, whose order changes from run to run", hint="use sorted(tokens)")
        tokens = checks.check_sequence_of(tokens, "tokens", str, nonempty=False)
        pad, oov = checks.check_bool(pad, "pad"), checks.check_bool(oov, "oov")
        specials = ([PAD] if pad else []) + ([OOV] if oov else [])
        clash = [t for t in tokens if t in specials]
        if clash:
            raise checks.fail(ValueError, "tokens", f"free of the special tokens {specials}", f"{clash[:3]}")
        dupes = [t for t, n in Counter(tokens).items() if n > 1]
        if dupes:
            raise checks.fail(ValueError, "tokens", "unique", f"duplicates {dupes[:5]}")
        if not tokens:
            raise checks.fail(ValueError, "tokens", "at least one token", "none")
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
        if isinstance(token_lists, (str, bytes)) or not isinstance(token_lists, Iterable):
            raise checks.fail(TypeError, "token_lists", "a list of token lists", checks.describe(token_lists))
        min_count = checks.check_int(min_count, "min_count", ge=1)
        pad, oov = checks.check_bool(pad, "pad"), checks.check_bool(oov, "oov")
        counts: Counter[str] = Counter()
        n_lists = 0
        for i, toks in enumerate(token_lists):
            if isinstance(toks, str) or not isinstance(toks, Iterable):
                raise checks.fail(TypeError, f"token_lists[{i}]", "a list of tokens", f"{checks.describe(toks)}",
                                  hint="tokenize it first")
            counts.update(toks)
            n_lists += 1
        if n_lists == 0:
            raise checks.fail(ValueError, "token_lists", "at least one token list", "none")
        bad = next((t for t in counts if not isinstance(t, str)), None)
        if bad is not None:
            raise checks.fail(TypeError, "token_lists", "lists of str tokens", f"a token {checks.describe(bad)}")
        for special in (PAD, OOV):
            counts.pop(special, None)
        kept = [t for t, n in counts.most_common() if n >= min_count]
        n_special = int(pad) + int(oov)
        if max_size is not None:
            max_size = checks.check_int(max_size, "max_size", gt=n_special,
                                        what="None or an int (counting the special tokens)")
            kept = kept[: max_size - n_special]
        if not kept:
            raise checks.fail(ValueError, "min_count", "a count that some token reaches",
                              f"min_count={min_count}: no token occurs at least min_count={min_count} times")
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
            raise checks.fail(TypeError, "tokens", "a sequence of str", checks.describe(tokens))
        if not isinstance(tokens, str):
            bad = next((t for t in tokens if not isinstance(t, str)), None)
            if bad is not None:
                raise checks.fail(TypeError, "tokens", "a sequence of str", f"a token {checks.describe(bad)}")
        if self.oov:
            unk = self.oov_id
            return [self.index.get(t, unk) for t in tokens]
        unknown = sorted({t for t in tokens if t not in self.index})
        if unknown:
            raise checks.fail(ValueError, "tokens", "tokens of the vocabulary (it has no [UNK])",
                              f"{len(unknown)} token(s) not in the vocabulary: {unknown[:10]}")
        return [self.index[t] for t in tokens]

    def decode(self, ids: Iterable[int]) -> list[str]:
        """Tokens for ``ids`` (integers); an id outside ``range(len(self))`` raises ``ValueError``."""
        if isinstance(ids, Iterable) and not isinstance(ids, (str, bytes, np.ndarray, list, tuple)):
            ids = list(ids)
        if isinstance(ids, (list, tuple)) and not ids:
            return []
        arr = checks.check_token_ids(ids, "ids", len(self.tokens), ndim=1, nonempty=False)
        return [self.tokens[i] for i in arr.tolist()]


def pad_sequences(sequences: Sequence[Sequence[int]], max_len: int, *,
                  pad_id: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Right-pad (and cut at the end) id sequences to ``max_len``; return ``(ids, mask)``.

    ``ids`` has shape ``(n, max_len)`` (int32) and ``mask`` the same shape (bool, True on real
    tokens). Right padding is what cuDNN's LSTM/GRU kernels accept together with a mask.
    An empty sequence raises ``ValueError``: a sequence with no token has nothing to classify.
    Ids must be >= 0, fit an int32, and differ from ``pad_id`` (id 0 by default is padding, so a
    0 inside a sequence would be masked out by ``Embedding(mask_zero=True)`` although ``mask`` says
    it is a token).

    >>> ids, mask = pad_sequences([[5, 6, 7, 8], [9]], max_len=3)
    >>> ids.tolist(), mask.sum(axis=1).tolist()
    ([[5, 6, 7], [9, 0, 0]], [3, 1])
    """
    max_len = checks.check_int(max_len, "max_len", ge=1)
    pad_id = checks.check_int(pad_id, "pad_id", ge=0, lt=checks.INT32_LIMIT)
    if isinstance(sequences, (str, bytes)) or not hasattr(sequences, "__len__") or (
            isinstance(sequences, np.ndarray) and np.ndim(sequences) < 2 and sequences.dtype != object):
        raise checks.fail(TypeError, "sequences", "a list of id sequences", checks.describe(sequences))
    n = len(sequences)
    if n == 0:
        raise checks.fail(ValueError, "sequences", "at least one sequence", "none")
    ids = np.full((n, max_len), pad_id, dtype="int32")
    mask = np.zeros((n, max_len), dtype=bool)
    for i, seq in enumerate(sequences):
        if isinstance(seq, (str, bytes)):
            raise checks.fail(TypeError, f"sequences[{i}]", "a sequence of int ids", f"the str {seq!r:.40}")
        if isinstance(seq, (list, tuple)) and len(seq) == 0:
            raise checks.fail(ValueError, f"sequences[{i}]", "a sequence of at least one id", "an empty sequence")
        seq = checks.check_token_ids(seq, f"sequences[{i}]", ndim=1, allow_padding=pad_id != 0)
        if pad_id != 0 and (seq == pad_id).any():
            raise checks.fail(ValueError, f"sequences[{i}]", f"token ids other than pad_id={pad_id}",
                              f"pad_id at position {int(np.argmax(seq == pad_id))}")
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
        raise checks.fail(TypeError, "vocab", "a Vocabulary", checks.describe(vocab))
    if not vocab.pad:
        raise checks.fail(ValueError, "vocab", "a Vocabulary with a padding token (pad=True) to pad sequences",
                          repr(vocab))
    max_len = checks.check_int(max_len, "max_len", ge=1)
    token_lists = tokenize_all(texts, tokenizer=tokenizer)
    return pad_sequences([vocab.encode(t) for t in token_lists], max_len, pad_id=vocab.pad_id)


# ------------------------------------------------------------------------------------------------
# Count-based baselines for language models
# ------------------------------------------------------------------------------------------------


def _check_id_sequences(sequences, vocab_size: int, name: str) -> list[np.ndarray]:
    if isinstance(sequences, np.ndarray) and sequences.ndim == 1 and sequences.dtype != object:
        sequences = [sequences]
    if isinstance(sequences, (str, bytes)) or not isinstance(sequences, Iterable):
        raise checks.fail(TypeError, name, "a list of id sequences (or one long array of ids)",
                          checks.describe(sequences))
    out = []
    for i, seq in enumerate(sequences):
        if isinstance(seq, (str, bytes)):
            raise checks.fail(TypeError, f"{name}[{i}]", "a 1-D sequence of int ids", checks.describe(seq))
        if isinstance(seq, (list, tuple)) and len(seq) == 0:
            continue
        out.append(checks.check_token_ids(seq, f"{name}[{i}]", vocab_size, ndim=1, nonempty=False))
    if not any(len(a) >= 2 for a in out):
        raise checks.fail(ValueError, name, "at least one sequence of 2 or more ids (a token and the one that "
                          "follows it)", "none")
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
        self.vocab_size = checks.check_int(vocab_size, "vocab_size", ge=2)
        self.lam = checks.check_real(lam, "lam")
        if not 0.0 <= self.lam < 1.0:
            raise checks.fail(ValueError, "lam", "in [0, 1) so that unseen pairs keep some probability", repr(lam))
        self.alpha = checks.check_real(alpha, "alpha", gt=0, what="a finite add-alpha smoothing count")
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
            raise ValueError(f"{type(self).__name__} is not fitted yet: call fit(sequences) first")

    def prob(self, prev: np.ndarray | Sequence[int], nxt: np.ndarray | Sequence[int]) -> np.ndarray:
        """Interpolated bigram probabilities :math:`p(\\text{nxt} \\mid \\text{prev})`, elementwise.

        ``prev`` and ``nxt`` are integer ids in ``[0, vocab_size)`` (-1 is an error, not "the last id")
        of shapes that broadcast together.
        """
        self._require_fit()
        prev = checks.check_token_ids(prev, "prev", self.vocab_size)
        nxt = checks.check_token_ids(nxt, "nxt", self.vocab_size)
        try:
            np.broadcast_shapes(prev.shape, nxt.shape)
        except ValueError:
            raise checks.fail(ValueError, "prev and nxt", "shapes that broadcast together",
                              f"{prev.shape} and {nxt.shape}") from None
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
        prev = checks.check_int(prev, "prev", ge=0, lt=self.vocab_size, what="a token id")
        return self.prob(np.full(self.vocab_size, prev), np.arange(self.vocab_size))

    def nll(self, sequences: Sequence[Sequence[int]], order: Literal[1, 2] = 2) -> float:
        """Mean negative log-likelihood in nats per predicted token (``exp`` of it is perplexity)."""
        self._require_fit()
        order = checks.check_choice(order, "order", (1, 2))
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
    checks.check_callable(predict_logits, "predict_logits")
    x = checks.check_token_ids(x, "x", ndim=2)
    y = checks.check_token_ids(y, "y", ndim=2)
    if y.shape != x.shape:
        raise checks.fail(ValueError, "x and y", "2-D (batch, time) arrays of the same shape",
                          f"{x.shape} and {y.shape}")
    mask = np.ones(x.shape, dtype=bool) if mask is None else checks.check_array(mask, "mask", kind="bool")
    if mask.shape != x.shape:
        raise checks.fail(ValueError, "mask", f"of the shape of x {x.shape}", f"{mask.shape}")
    if not mask.any():
        raise checks.fail(ValueError, "mask", "a mask selecting at least one position", "none: nothing to score")
    batch_size = checks.check_int(batch_size, "batch_size", ge=1)
    total, count = 0.0, 0
    for start in range(0, len(x), batch_size):
        sl = slice(start, start + batch_size)
        logits = checks.check_array(predict_logits(x[sl]), "predict_logits(x)", ndim=3, layout="(batch, time, vocab) logits")
        if logits.shape[:2] != x[sl].shape:
            raise checks.fail(ValueError, "predict_logits", "a function returning (batch, time, vocab) logits",
                              f"shape {logits.shape} for input {x[sl].shape}")
        targets = y[sl][mask[sl]]
        if targets.size and targets.max() >= logits.shape[-1]:
            raise checks.fail(ValueError, "y", f"target ids below the {logits.shape[-1]} logits per position",
                              f"id {int(targets.max())}")
        real = logits[mask[sl]]                                   # (n_real, vocab): skip padded positions
        top = real.max(axis=-1, keepdims=True)
        log_norm = top[:, 0] + np.log(np.exp(real - top).sum(axis=-1))   # log-sum-exp, computed stably
        picked = real[np.arange(len(real)), targets]
        total += float(np.sum(log_norm - picked, dtype=np.float64))
        count += len(real)
    return total / count


# ------------------------------------------------------------------------------------------------
# Choosing the next token
# ------------------------------------------------------------------------------------------------


def apply_temperature(logits: np.ndarray | Sequence[float], temperature: float) -> np.ndarray:
    """Softmax of ``logits / temperature``: a probability vector (last axis sums to 1).

    Low temperatures sharpen the distribution towards the most likely token, high ones flatten it
    towards uniform; ``temperature=1`` returns the model's own probabilities. Computed in log space
    with the maximum subtracted first, so that a tiny temperature or huge logits give the limit
    (all mass on the largest logits) instead of overflowing to NaN.

    >>> apply_temperature([2.0, 1.0, 0.0], 1.0).round(3).tolist()
    [0.665, 0.245, 0.09]
    >>> apply_temperature([2.0, 1.0, 0.0], 0.1).round(3).tolist()
    [1.0, 0.0, 0.0]
    >>> apply_temperature([1e308, -1e308], 1e-300).tolist()          # no overflow to NaN
    [1.0, 0.0]
    """
    temperature = checks.check_real(temperature, "temperature", gt=0)
    z = checks.check_array(logits, "logits", ndim=tuple(range(1, 6)), dtype=np.float64)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        scaled = z / temperature
        if np.all(np.isfinite(scaled)):
            z = scaled - scaled.max(axis=-1, keepdims=True)
        else:                                       # overflow: shift first, then scale (shifted values are <= 0)
            z = (z - z.max(axis=-1, keepdims=True)) / temperature
            z = np.where(np.isnan(z), 0.0, z)        # inf - inf cannot happen: logits are finite; 0/0 guarded
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
        raise checks.fail(TypeError, "rng", "a numpy.random.Generator (np.random.default_rng(seed))",
                          checks.describe(rng))
    checks.check_array(logits, "logits", ndim=1, layout="(one score per token)")
    p = apply_temperature(logits, temperature)
    return int(rng.choice(len(p), p=p))


def top_k(probs: np.ndarray | Sequence[float], k: int) -> np.ndarray:
    """Indices of the ``k`` largest entries, largest first (ties: the lower index first).

    >>> top_k([0.1, 0.5, 0.2, 0.2], 3).tolist()
    [1, 2, 3]
    """
    p = checks.check_array(probs, "probs", ndim=1, dtype=np.float64)
    k = checks.check_int(k, "k", ge=1, le=p.size)
    return np.argsort(-p, kind="stable")[:k]
