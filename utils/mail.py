"""E-mail as text for a classifier, and operating points for a rare, costly mistake.

- :func:`read_message` parses a raw message with the standard library's :mod:`email` package and returns
  what a filter may read: the subject and the body text (plain-text parts, and HTML parts as text), never
  the other headers, which carry traces of where a corpus was collected;
- :func:`header_text` returns those other headers, for showing what they would leak, and :func:`sent_date`
  the ``Date:`` header;
- :func:`html_to_text` strips tags, scripts and styles;
- :func:`threshold_for_fpr` picks the decision threshold that keeps the false-positive rate on ham at or
  below a target, and :func:`operating_point` reports recall, false-positive rate and precision there.

>>> m = read_message(b"Subject: Hello\\nFrom: a@b.c\\nContent-Type: text/html\\n\\n<p>Win <b>now</b></p>")
>>> m.subject, m.body.split()
('Hello', ['Win', 'now'])
>>> threshold_for_fpr([0.1, 0.2, 0.3, 0.9], max_fpr=0.25)
0.3
"""

from __future__ import annotations

import email
import email.policy
import email.utils
from html.parser import HTMLParser
from typing import NamedTuple

import numpy as np

from . import checks


class Message(NamedTuple):
    """What :func:`read_message` returns."""

    subject: str
    body: str          # plain-text parts, then HTML parts converted to text, joined by blank lines
    html: bool         # whether any text came from an HTML part
    parts: int         # how many text parts were read


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("br", "p", "div", "tr", "li", "h1", "h2", "h3", "table"):
            self.chunks.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.chunks.append(data)


def html_to_text(html: str) -> str:
    """The text of an HTML document: tags dropped, ``<script>``/``<style>`` contents dropped, entities decoded.

    >>> html_to_text("<style>p {color: red}</style><p>Save&nbsp;50%</p><script>x()</script>")
    '\\nSave\\xa050%'
    """
    html = checks.check_str(html, "html", nonempty=False)
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "".join(parser.chunks)


def _part_text(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError, AssertionError, ValueError):       # an unknown or wrong charset
        payload = part.get_payload(decode=True) or b""
        return payload.decode("latin-1")


def read_message(raw) -> Message:
    """Subject and body text of a raw e-mail (``bytes``, as in ``data.load_spam()["raw"]``).

    Multipart messages are walked: ``text/plain`` parts are read as they are, ``text/html`` parts through
    :func:`html_to_text`; attachments and other types are skipped. Character sets are decoded as the
    message declares them; an unknown or wrong one falls back to Latin-1 (every byte kept as a character).
    """
    if isinstance(raw, str):
        raise checks.fail(TypeError, "raw", "the message's bytes", "a str",
                          hint="pass bytes; encode a str first, e.g. text.encode('latin-1')")
    if not isinstance(raw, (bytes, bytearray)):
        raise checks.fail(TypeError, "raw", "the message's bytes", checks.describe(raw))
    if not raw:
        raise checks.fail(ValueError, "raw", "a non-empty message", "empty bytes")
    msg = email.message_from_bytes(bytes(raw), policy=email.policy.default)
    try:
        subject = str(msg["Subject"] or "")
    except (ValueError, LookupError, UnicodeError):
        subject = ""
    plain, html = [], []
    for part in msg.walk():
        if part.is_multipart() or part.get_content_maintype() != "text":
            continue
        if part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_subtype()
        if kind == "html":
            html.append(html_to_text(_part_text(part)))
        elif kind == "plain" or not plain:
            plain.append(_part_text(part))
    return Message(subject.strip(), "\n\n".join(plain + html).strip(), bool(html), len(plain) + len(html))


def sent_date(raw):
    """The message's ``Date:`` header as a UTC ``pandas.Timestamp``, or ``None`` if it is missing or unreadable.

    Senders write this header themselves, so spam may carry any date; use it for the typical dates of a
    folder (quantiles), not as a fact about one message.

    >>> str(sent_date(b"Date: Thu, 22 Aug 2002 12:36:23 +0100\\nSubject: x\\n\\nbody"))
    '2002-08-22 11:36:23+00:00'
    """
    import pandas as pd

    if not isinstance(raw, (bytes, bytearray)) or not raw:
        raise checks.fail(TypeError, "raw", "the message's bytes (non-empty)", checks.describe(raw))
    value = email.message_from_bytes(bytes(raw), policy=email.policy.compat32)["Date"]
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    stamp = pd.Timestamp(when)
    return stamp.tz_convert("UTC") if stamp.tzinfo is not None else stamp.tz_localize("UTC")


def header_text(raw) -> str:
    """Every header except ``Subject``, as ``name: value`` lines: what :func:`read_message` leaves out."""
    if not isinstance(raw, (bytes, bytearray)) or not raw:
        raise checks.fail(TypeError, "raw", "the message's bytes (non-empty)", checks.describe(raw))
    msg = email.message_from_bytes(bytes(raw), policy=email.policy.compat32)
    return "\n".join(f"{k}: {v}" for k, v in msg.items() if k.lower() != "subject")


def _scores(scores, name="scores", func=None):
    return checks.check_array(scores, name, ndim=1, layout="(messages,)", dtype=np.float64, func=func)


def threshold_for_fpr(ham_scores, max_fpr: float) -> float:
    """The lowest threshold ``t`` such that calling "spam if score > t" flags at most ``max_fpr`` of the ham.

    ``ham_scores`` are a classifier's scores on **ham only** (of the validation set: a threshold chosen on the
    test set makes the test's false-positive rate a promise it cannot keep). With ``n`` ham messages, at most
    ``floor(max_fpr * n)`` may score above ``t``; ties at ``t`` are not flagged. ``max_fpr = 0`` gives the
    highest ham score.

    >>> threshold_for_fpr([0.1, 0.2, 0.3, 0.9], max_fpr=0.0), threshold_for_fpr([0.1, 0.2, 0.3, 0.9], max_fpr=0.5)
    (0.9, 0.2)
    """
    ham = _scores(ham_scores, "ham_scores", "threshold_for_fpr")
    max_fpr = checks.check_real(max_fpr, "max_fpr", ge=0.0, lt=1.0, func="threshold_for_fpr")
    ordered = np.sort(ham)[::-1]                        # highest first
    allowed = int(np.floor(max_fpr * len(ordered) + 1e-9))
    return float(ordered[min(allowed, len(ordered) - 1)])


class OperatingPoint(NamedTuple):
    threshold: float
    recall: float          # share of spam flagged
    fpr: float             # share of ham flagged (lost real mail)
    precision: float       # share of flagged mail that is spam (nan when nothing is flagged)
    flagged_ham: int
    missed_spam: int


def operating_point(y_true, scores, threshold: float) -> OperatingPoint:
    """Recall, false-positive rate and precision of "spam if score > threshold" (``y_true``: 1 spam, 0 ham).

    >>> operating_point([0, 0, 1, 1], [0.1, 0.6, 0.7, 0.4], 0.5)
    OperatingPoint(threshold=0.5, recall=0.5, fpr=0.5, precision=0.5, flagged_ham=1, missed_spam=1)
    """
    y = checks.check_array(y_true, "y_true", kind="integer", ndim=1, layout="(messages,)", func="operating_point")
    s = _scores(scores, func="operating_point")
    if len(y) != len(s):
        raise checks.fail(ValueError, "scores", f"one score per message ({len(y)})", f"{len(s)} scores",
                          func="operating_point")
    if not set(np.unique(y).tolist()) <= {0, 1} or y.min() == y.max():
        raise checks.fail(ValueError, "y_true", "labels 0 (ham) and 1 (spam), both present",
                          f"values {np.unique(y).tolist()}", func="operating_point")
    t = checks.check_real(threshold, "threshold", func="operating_point")
    flagged = s > t
    tp, fp = int(np.sum(flagged & (y == 1))), int(np.sum(flagged & (y == 0)))
    precision = tp / (tp + fp) if tp + fp else float("nan")
    return OperatingPoint(t, tp / int(np.sum(y == 1)), fp / int(np.sum(y == 0)), precision, fp,
                          int(np.sum(~flagged & (y == 1))))


__all__ = ["Message", "read_message", "header_text", "sent_date", "html_to_text", "threshold_for_fpr", "OperatingPoint",
           "operating_point"]
