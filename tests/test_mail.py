"""utils.mail: reading e-mail for a filter, and thresholds for a false-positive target."""

import doctest

import numpy as np
import pytest

from utils import mail


def test_doctests():
    assert doctest.testmod(mail).failed == 0


MULTIPART = (b"From: shop@example.com\r\nTo: you@example.org\r\nSubject: =?utf-8?q?Caf=C3=A9_deals?=\r\n"
             b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=XX\r\n\r\n"
             b"--XX\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nCaf\xe9 prices\r\n"
             b"--XX\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><style>p{}</style><p>Buy <b>now</b>"
             b"</p><script>track()</script></html>\r\n"
             b"--XX\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n\r\nJVBERi0=\r\n"
             b"--XX--\r\n")


def test_read_message_reads_subject_plain_and_html_parts_but_not_attachments():
    m = mail.read_message(MULTIPART)
    assert m.subject == "Café deals"
    assert "Café prices" in m.body and "Buy now" in " ".join(m.body.split())
    assert "track()" not in m.body and "p{}" not in m.body and "JVBERi0" not in m.body
    assert m.html and m.parts == 2
    assert "shop@example.com" not in m.body + m.subject, "headers other than the subject are not read"


def test_a_wrong_charset_falls_back_to_latin_1_and_keeps_every_byte():
    raw = b"Subject: x\nContent-Type: text/plain; charset=no-such-charset\n\nna\xefve"
    assert mail.read_message(raw).body == "na\xefve"


def test_sent_date_reads_the_date_header_or_says_none():
    assert str(mail.sent_date(b"Date: Tue, 20 Aug 2002 10:00:00 -0400\n\nx")) == "2002-08-20 14:00:00+00:00"
    assert mail.sent_date(b"Subject: no date\n\nx") is None
    assert mail.sent_date(b"Date: sometime soon\n\nx") is None
    with pytest.raises(TypeError, match=r"sent_date: raw must be the message's bytes"):
        mail.sent_date("Date: x")


def test_header_text_has_the_other_headers():
    h = mail.header_text(MULTIPART)
    assert "From: shop@example.com" in h and "Subject" not in h


@pytest.mark.parametrize("call,error,message", [
    (lambda: mail.read_message("Subject: hi\n\nbody"), TypeError, r"read_message: raw must be the message's bytes, got a str"),
    (lambda: mail.read_message(b""), ValueError, r"raw must be a non-empty message"),
    (lambda: mail.read_message(None), TypeError, r"raw must be the message's bytes, got None"),
    (lambda: mail.header_text("x"), TypeError, r"header_text: raw must be the message's bytes"),
    (lambda: mail.html_to_text(b"<p>"), TypeError, r"html_to_text: html must be a str"),
    (lambda: mail.threshold_for_fpr([], 0.1), ValueError, r"threshold_for_fpr: ham_scores must be non-empty"),
    (lambda: mail.threshold_for_fpr([0.1, np.nan], 0.1), ValueError, r"ham_scores must be finite"),
    (lambda: mail.threshold_for_fpr([0.1], 1.0), ValueError, r"max_fpr must be .*< 1"),
    (lambda: mail.threshold_for_fpr([0.1], -0.1), ValueError, r"max_fpr must be .*>= 0"),
    (lambda: mail.operating_point([0, 1], [0.1], 0.5), ValueError, r"operating_point: scores must be one score per message \(2\)"),
    (lambda: mail.operating_point([0, 0], [0.1, 0.2], 0.5), ValueError, r"y_true must be labels 0 \(ham\) and 1 \(spam\), both present"),
    (lambda: mail.operating_point([0, 2], [0.1, 0.2], 0.5), ValueError, r"y_true must be labels 0"),
    (lambda: mail.operating_point([0.0, 1.0], [0.1, 0.2], 0.5), TypeError, r"y_true must be an array of integers"),
])
def test_bad_input_is_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_threshold_keeps_the_false_positive_promise_and_catches_the_most_spam():
    rng = np.random.default_rng(0)
    for _ in range(200):
        ham = np.round(rng.normal(size=int(rng.integers(1, 60))), 1)          # rounding makes ties
        spam = rng.normal(size=30) + 1.0
        max_fpr = float(rng.choice([0.0, 0.01, 0.1, 0.3, 0.99]))
        t = mail.threshold_for_fpr(ham, max_fpr)
        allowed = int(np.floor(max_fpr * len(ham) + 1e-9))
        assert np.sum(ham > t) <= allowed
        lower = np.sort(ham)[np.sort(ham) < t]                             # any lower threshold at a ham score
        if len(lower):
            assert np.sum(ham > lower[-1]) > allowed, "a lower threshold would break the promise"
        assert t in ham


def test_operating_point_counts():
    p = mail.operating_point([1, 1, 1, 0, 0, 0, 0], [5, 4, 1, 3, 0, 0, 0], 2.0)
    assert (p.recall, p.fpr, p.precision, p.flagged_ham, p.missed_spam) == (2 / 3, 1 / 4, 2 / 3, 1, 1)
    assert np.isnan(mail.operating_point([1, 0], [0.1, 0.2], 0.5).precision), "nothing flagged: precision undefined"
