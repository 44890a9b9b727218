"""Sequence-to-sequence helpers for chapter 10: data (dates, pronunciations), decoding and scoring.

Everything here is NumPy and the standard library (plus ``babel`` for dates); the Keras models stay in
the notebook. The pieces:

- :func:`date_pairs`: the same date written in several languages and styles, paired with ISO ``YYYY-MM-DD``.
- :func:`parse_cmudict`: the CMU Pronouncing Dictionary's lines as ``(word, variant, phonemes)``.
- :func:`split_by_word`: a train/validation/test split in which every pronunciation of a word is on one side.
- :class:`Codec`: symbols <-> ids with padding 0, start 1, end 2; :func:`teacher_forcing` builds
  ``(decoder input, decoder target)``, the target shifted one step left.
- :func:`greedy_decode` and :func:`beam_search`: decode with any step function that carries its state.
- :func:`edit_distance`, :func:`error_rates` (phoneme and word error rates), :func:`monotonicity`.
- :func:`letter_phoneme_table` / :func:`letter_baseline`: the letter -> most frequent phoneme baseline.

>>> edit_distance("kitten", "sitting")
3
>>> error_rates([["K", "AE", "T"]], [[("K", "AE", "T"), ("K", "AA", "T")]])
{'per': 0.0, 'wer': 0.0}
"""

from __future__ import annotations

import datetime as _dt
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

import numpy as np

PAD, START, END = 0, 1, 2
SPECIALS = ("<pad>", "<s>", "</s>")

#: (locale, style) pairs the chapter trains on: babel's full/long/medium styles in five languages, and
#: the numeric "short" style where it cannot be confused with another one (en M/d/yy against es/hi d/M/yy).
SEEN_FORMATS = tuple([(loc, style) for loc in ("en", "fr", "es", "de", "hi") for style in ("full", "long", "medium")]
                     + [("en", "short"), ("fr", "short"), ("de", "short")])
#: Formats held out of training: three languages the model never saw (Italian, Portuguese, Dutch).
UNSEEN_FORMATS = tuple([(loc, style) for loc in ("it", "pt", "nl") for style in ("full", "long", "medium")]
                       + [("nl", "short")])
DATE_STYLES = ("full", "long", "medium", "short")


def _check_int(name: str, value, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}: {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def _check_formats(formats) -> list[tuple[str, str]]:
    if isinstance(formats, str) or not isinstance(formats, (list, tuple)) or not formats:
        raise TypeError(f"formats must be a non-empty list of (locale, style) pairs such as [('en', 'full')], "
                        f"got {type(formats).__name__}: {formats!r}")
    out = []
    for item in formats:
        if not (isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            raise TypeError(f"each format must be a (locale, style) pair of str, got {item!r}")
        if item[1] not in DATE_STYLES:
            raise ValueError(f"style must be one of {DATE_STYLES}, got {item[1]!r} in {item!r}")
        out.append((item[0], item[1]))
    return out


def all_dates(start: _dt.date = _dt.date(1950, 1, 1), end: _dt.date = _dt.date(2049, 12, 31)) -> list[_dt.date]:
    """Every calendar day from ``start`` to ``end`` inclusive (the default: 36,525 days, 1950-2049).

    With two-digit years in the short styles, a century of dates keeps every string unambiguous:
    ``yy`` below 50 is 20yy, otherwise 19yy.
    """
    if not isinstance(start, _dt.date) or not isinstance(end, _dt.date):
        raise TypeError(f"start and end must be datetime.date, got {type(start).__name__} and {type(end).__name__}")
    if end < start:
        raise ValueError(f"end must not be before start, got start={start}, end={end}")
    return [start + _dt.timedelta(days=i) for i in range((end - start).days + 1)]


def format_date(day: _dt.date, locale: str, style: str) -> str:
    """``day`` written by babel (CLDR data) in ``locale`` and ``style`` (full, long, medium or short)."""
    from babel.dates import format_date as _format

    if style not in DATE_STYLES:
        raise ValueError(f"style must be one of {DATE_STYLES}, got {style!r}")
    return _format(day, style, locale=locale)


def date_pairs(days: Sequence[_dt.date], n: int, formats=SEEN_FORMATS, seed: int = 0):
    """``n`` (source, target, locale, style) rows: a date from ``days`` written in a random format, and its ISO form.

    The date and the format are drawn uniformly and independently (seeded). Returns a pandas DataFrame
    with columns ``source``, ``target`` (``YYYY-MM-DD``), ``locale``, ``date_style``.

    >>> import datetime as dt
    >>> date_pairs([dt.date(2019, 2, 3)], 1, [("fr", "long")]).iloc[0].tolist()
    ['3 février 2019', '2019-02-03', 'fr', 'long']
    """
    import pandas as pd

    if isinstance(days, (str, _dt.date)) or not isinstance(days, Sequence) or not days:
        raise TypeError(f"days must be a non-empty sequence of datetime.date, got {type(days).__name__}")
    n = _check_int("n", n, 1)
    formats = _check_formats(formats)
    rng = random.Random(_check_int("seed", seed))
    rows = []
    for _ in range(n):
        day = days[rng.randrange(len(days))]
        locale, style = formats[rng.randrange(len(formats))]
        rows.append((format_date(day, locale, style), day.isoformat(), locale, style))
    return pd.DataFrame(rows, columns=["source", "target", "locale", "date_style"])


_CMU_LINE = re.compile(r"^(?P<word>\S+?)(?:\((?P<variant>\d+)\))?\s+(?P<phones>[^#]+?)\s*(?:#.*)?$")


def parse_cmudict(text: str, *, stress: bool = False) -> list[tuple[str, int, tuple[str, ...]]]:
    """Parse ``cmudict.dict`` text into ``(word, variant, phonemes)`` rows, in file order.

    A line is ``word PH ON EMES`` or ``word(2) ...`` for a second pronunciation, optionally followed by
    ``# comment``. ``variant`` is 1 for the first pronunciation. With ``stress=False`` the stress digits
    are dropped (``AH0`` -> ``AH``), leaving the 39 ARPAbet phonemes.

    >>> parse_cmudict("read R IY1 D\\nread(2) R EH1 D # past tense")
    [('read', 1, ('R', 'IY', 'D')), ('read', 2, ('R', 'EH', 'D'))]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be the dictionary's text as a str, got {type(text).__name__}")
    if not isinstance(stress, bool):
        raise TypeError(f"stress must be True or False, got {stress!r}")
    rows = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _CMU_LINE.match(line)
        if match is None:
            raise ValueError(f"line {lineno}: expected 'word PHONEMES' or 'word(N) PHONEMES', got {line!r}")
        phones = match["phones"].split()
        if not stress:
            phones = [p.rstrip("012") for p in phones]
        rows.append((match["word"], int(match["variant"] or 1), tuple(phones)))
    return rows


def split_by_word(words: Sequence[str], fractions=(0.8, 0.1, 0.1), seed: int = 0) -> dict[str, set[str]]:
    """Split the distinct ``words`` into train/val/test sets (every pronunciation of a word lands on one side).

    >>> parts = split_by_word(["a", "b", "b", "c"], (0.34, 0.33, 0.33))
    >>> sorted(len(p) for p in parts.values())
    [1, 1, 1]
    """
    if isinstance(words, str) or not isinstance(words, Sequence):
        raise TypeError(f"words must be a sequence of str (one per pronunciation), got {type(words).__name__}")
    if len(fractions) != 3 or any(f < 0 for f in fractions) or abs(sum(fractions) - 1) > 1e-6:
        raise ValueError(f"fractions must be three non-negative numbers summing to 1, got {fractions!r}")
    distinct = sorted(set(words))
    random.Random(_check_int("seed", seed)).shuffle(distinct)
    n_train = round(fractions[0] * len(distinct))
    n_val = round(fractions[1] * len(distinct))
    return {"train": set(distinct[:n_train]), "val": set(distinct[n_train:n_train + n_val]),
            "test": set(distinct[n_train + n_val:])}


class Codec:
    """Symbols <-> integer ids: 0 padding, 1 start ``<s>``, 2 end ``</s>``, then the symbols in sorted order.

    >>> codec = Codec("abc")
    >>> codec.encode("cab"), codec.decode([5, 3, 4, 2, 0])
    ([5, 3, 4], ['c', 'a', 'b'])
    """

    def __init__(self, symbols):
        if isinstance(symbols, str):
            symbols = list(symbols)
        symbols = sorted(set(symbols))
        if not symbols:
            raise ValueError("symbols must not be empty")
        clash = [s for s in symbols if s in SPECIALS]
        if clash:
            raise ValueError(f"symbols must not include the special tokens {SPECIALS}, got {clash}")
        self.symbols = list(SPECIALS) + symbols
        self.index = {s: i for i, s in enumerate(self.symbols)}

    def __len__(self) -> int:
        return len(self.symbols)

    def encode(self, sequence) -> list[int]:
        """Ids of a sequence of symbols (a str is read character by character); unknown symbols raise."""
        missing = [s for s in sequence if s not in self.index]
        if missing:
            raise ValueError(f"symbols {sorted(set(missing))[:10]} are not in the codec's {len(self.symbols) - 3} symbols")
        return [self.index[s] for s in sequence]

    def decode(self, ids) -> list[str]:
        """Symbols up to the first end (or padding) id; start ids are skipped."""
        out = []
        for i in np.asarray(ids).tolist():
            if i in (END, PAD):
                break
            if i != START:
                out.append(self.symbols[i])
        return out

    def pad(self, sequences, max_len: int | None = None) -> np.ndarray:
        """Encode and right-pad with 0 to ``max_len`` (default: the longest), as an int32 array (batch, time)."""
        encoded = [self.encode(s) for s in sequences]
        width = max_len if max_len is not None else max(len(e) for e in encoded)
        too_long = [len(e) for e in encoded if len(e) > width]
        if too_long:
            raise ValueError(f"max_len={width} is shorter than {len(too_long)} sequence(s) (longest {max(too_long)})")
        out = np.zeros((len(encoded), width), dtype="int32")
        for row, e in zip(out, encoded):
            row[:len(e)] = e
        return out


def teacher_forcing(target_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Decoder input and target for teacher forcing, from right-padded target ids (no start/end tokens).

    The input is ``<s> y1 ... yn`` and the target ``y1 ... yn </s>``: at step t the decoder sees the
    true previous symbol and must predict the next one. Both have shape (batch, time + 1).

    >>> x, y = teacher_forcing(np.array([[7, 8, 0]]))
    >>> x.tolist(), y.tolist()
    ([[1, 7, 8, 0]], [[7, 8, 2, 0]])
    """
    ids = np.asarray(target_ids)
    if ids.ndim != 2 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"target_ids must be a 2-D integer array (batch, time), got shape {ids.shape}, dtype {ids.dtype}")
    if np.isin(ids, [START, END]).any():
        raise ValueError("target_ids must not contain the start (1) or end (2) ids: teacher_forcing adds them")
    batch, time = ids.shape
    lengths = (ids != PAD).sum(axis=1)
    dec_in = np.zeros((batch, time + 1), dtype="int32")
    dec_out = np.zeros((batch, time + 1), dtype="int32")
    dec_in[:, 0] = START
    dec_in[:, 1:] = ids
    dec_out[:, :time] = ids
    dec_out[np.arange(batch), lengths] = END
    return dec_in, dec_out


StepFn = Callable[[np.ndarray, tuple], tuple]


def _check_decode_args(step_fn, state, max_len):
    if not callable(step_fn):
        raise TypeError(f"step_fn must be callable as step_fn(tokens, state) -> (log_probs, state), got {step_fn!r}")
    if not isinstance(state, tuple) or not state:
        raise TypeError(f"state must be a non-empty tuple of arrays whose first axis is the batch, got {type(state).__name__}")
    _check_int("max_len", max_len, 1)
    return len(state[0])


def greedy_decode(step_fn: StepFn, state: tuple, max_len: int) -> np.ndarray:
    """Greedy decoding: start from ``<s>``, feed back the most probable symbol, carry the state explicitly.

    ``step_fn(tokens, state)`` takes the previous ids (batch,) and the state (a tuple of arrays with the
    batch first: recurrent state, encoder outputs, ...) and returns ``(log_probs (batch, vocab), state)``.
    Padding and start ids are never chosen. Returns ids (batch, max_len), padded with 0 after each
    sequence's end id (the end id is not kept).
    """
    batch = _check_decode_args(step_fn, state, max_len)
    tokens = np.full(batch, START, dtype="int32")
    out = np.zeros((batch, max_len), dtype="int32")
    done = np.zeros(batch, dtype=bool)
    for t in range(max_len):
        log_probs, state = step_fn(tokens, state)
        log_probs = np.array(log_probs, dtype="float64")
        log_probs[:, [PAD, START]] = -np.inf                                    # never emitted
        tokens = log_probs.argmax(axis=-1).astype("int32")
        done |= tokens == END
        out[:, t] = np.where(done, PAD, tokens)
        if done.all():
            break
    return out


def beam_search(step_fn: StepFn, state: tuple, max_len: int, beam_width: int = 3,
                length_penalty: float = 0.0) -> np.ndarray:
    """Beam search over ``step_fn`` (same contract as :func:`greedy_decode`), for a whole batch at once.

    Keeps the ``beam_width`` best partial outputs per example (by total log-probability); a hypothesis
    ends when the end id is among the ``beam_width`` best extensions. Finished hypotheses are ranked by ``log p / length ** length_penalty``
    (0: plain log-probability). ``beam_width=1`` is greedy decoding. Returns ids (batch, max_len).
    """
    batch = _check_decode_args(step_fn, state, max_len)
    k = _check_int("beam_width", beam_width, 1)
    if not isinstance(length_penalty, (int, float)) or length_penalty < 0:
        raise ValueError(f"length_penalty must be a number >= 0, got {length_penalty!r}")
    state = tuple(np.repeat(np.asarray(s), k, axis=0) for s in state)           # (batch * k, ...)
    tokens = np.full(batch * k, START, dtype="int32")
    scores = np.full((batch, k), -np.inf)
    scores[:, 0] = 0.0                                                          # one live hypothesis at first
    history = np.zeros((batch, k, 0), dtype="int32")
    best = np.zeros((batch, max_len), dtype="int32")
    best_score = np.full(batch, -np.inf)
    for t in range(max_len):
        log_probs, state = step_fn(tokens, state)
        log_probs = np.asarray(log_probs, dtype="float64").reshape(batch, k, -1)
        vocab = log_probs.shape[-1]
        total = scores[:, :, None] + log_probs                                  # (batch, k, vocab)
        total[:, :, PAD] = -np.inf                                              # never emitted
        total[:, :, START] = -np.inf
        # a hypothesis finishes when the end symbol is among the k best extensions (so width 1 is greedy)
        flat = total.reshape(batch, k * vocab)
        top_all = np.argsort(-flat, axis=1, kind="stable")[:, :k]
        ends = (top_all % vocab) == END
        end_score = np.where(ends, np.take_along_axis(flat, top_all, axis=1), -np.inf) / float(t + 1) ** length_penalty
        arg = end_score.argmax(axis=1)
        cand = end_score[np.arange(batch), arg]
        better = cand > best_score
        for b in np.flatnonzero(better):
            best_score[b] = cand[b]
            best[b] = 0
            best[b, :t] = history[b, top_all[b, arg[b]] // vocab]
        total[:, :, END] = -np.inf
        flat = total.reshape(batch, k * vocab)
        top = np.argsort(-flat, axis=1, kind="stable")[:, :k]                  # (batch, k)
        parent, symbol = top // vocab, top % vocab
        scores = np.take_along_axis(flat, top, axis=1)
        # stop when no live hypothesis can beat the best finished one (log-probs only fall)
        if length_penalty == 0 and np.all(scores.max(axis=1) <= best_score):
            break
        history = np.concatenate([np.take_along_axis(history, parent[:, :, None], axis=1), symbol[:, :, None]], axis=2)
        rows = (np.arange(batch)[:, None] * k + parent).reshape(-1)
        state = tuple(np.asarray(s)[rows] for s in state)
        tokens = symbol.reshape(-1).astype("int32")
    unfinished = np.isinf(best_score)                                           # never emitted the end id
    for b in np.flatnonzero(unfinished):
        best[b] = history[b, int(np.argmax(scores[b]))][:max_len]
    return best


def edit_distance(a: Sequence, b: Sequence) -> int:
    """Levenshtein distance: the fewest insertions, deletions and substitutions turning ``a`` into ``b``.

    >>> edit_distance(["K", "AE", "T"], ["K", "AE", "T", "S"])
    1
    """
    for name, seq in (("a", a), ("b", b)):
        if not isinstance(seq, (str, list, tuple, np.ndarray)):
            raise TypeError(f"{name} must be a str, list or tuple of symbols, got {type(seq).__name__}")
    a, b = list(a), list(b)
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def error_rates(predictions: Sequence[Sequence[str]], references: Sequence[Sequence[Sequence[str]]]) -> dict:
    """Phoneme error rate and word error rate of predicted pronunciations, with several references per word.

    ``references[i]`` lists every correct pronunciation of word i. A word is right when its prediction
    equals one of them (WER = share of words that are wrong); PER = sum over words of the edit distance
    to the closest reference, divided by the sum of those references' lengths.
    """
    if len(predictions) != len(references):
        raise ValueError(f"predictions and references must have the same length, got {len(predictions)} and {len(references)}")
    if not predictions:
        raise ValueError("predictions must not be empty")
    errors = length = wrong = 0
    for i, (pred, refs) in enumerate(zip(predictions, references)):
        if isinstance(refs, str) or not refs or isinstance(refs[0], str):
            raise TypeError(f"references[{i}] must be a list of pronunciations (each a sequence of phonemes), got {refs!r}")
        dist, ref = min(((edit_distance(pred, r), r) for r in refs), key=lambda p: (p[0], len(p[1])))
        errors += dist
        length += len(ref)
        wrong += dist > 0
    return {"per": errors / length, "wer": wrong / len(predictions)}


def monotonicity(weights: np.ndarray) -> float:
    """How monotonic an alignment is: the share of output steps whose most-attended input position
    does not move left of the previous step's. ``weights`` is (output steps, input steps), already cut
    to the real lengths. 1.0 reads the input left to right; a reversed alignment scores 0.

    >>> monotonicity(np.eye(3)), monotonicity(np.eye(3)[::-1])
    (1.0, 0.0)
    """
    w = np.asarray(weights, dtype=float)
    if w.ndim != 2 or min(w.shape) < 1:
        raise ValueError(f"weights must be a 2-D array (output steps, input steps), got shape {w.shape}")
    if w.shape[0] < 2:
        return 1.0
    peaks = w.argmax(axis=1)
    return float(np.mean(np.diff(peaks) >= 0))


def letter_phoneme_table(words: Sequence[str], pronunciations: Sequence[Sequence[str]]) -> dict[str, str]:
    """Each letter's most frequent phoneme, counted over the words spelled with as many letters as phonemes
    (so that letter i can be paired with phoneme i)."""
    if len(words) != len(pronunciations):
        raise ValueError(f"words and pronunciations must have the same length, got {len(words)} and {len(pronunciations)}")
    counts: dict[str, Counter] = defaultdict(Counter)
    for word, phones in zip(words, pronunciations):
        if len(word) == len(phones):
            for letter, phone in zip(word, phones):
                counts[letter][phone] += 1
    if not counts:
        raise ValueError("no word has as many letters as phonemes: the table cannot be counted")
    return {letter: c.most_common(1)[0][0] for letter, c in counts.items()}


def letter_baseline(word: str, table: dict[str, str]) -> list[str]:
    """The baseline pronunciation: each letter's most frequent phoneme, a doubled letter spoken once,
    letters missing from the table skipped."""
    if not isinstance(word, str):
        raise TypeError(f"word must be a str, got {type(word).__name__}")
    out, previous = [], None
    for letter in word:
        if letter != previous and letter in table:
            out.append(table[letter])
        previous = letter
    return out
