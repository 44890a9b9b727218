"""Chapter 13 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

WRONG = {
    "ch13_q1": [
        dict(slip="false-positive rate over all messages", expect=r"over the ham only",
             code='''# Exercise ch13_q1
def filter_rates(is_spam, flagged):
    s, f = np.asarray(is_spam), np.asarray(flagged)
    return (s & f).sum() / f.sum(), (s & f).sum() / s.sum(), (~s & f).sum() / len(s)
'''),
        dict(slip="precision and recall swapped", expect=r"precision and recall are swapped",
             code='''# Exercise ch13_q1
def filter_rates(is_spam, flagged):
    s, f = np.asarray(is_spam), np.asarray(flagged)
    return (s & f).sum() / s.sum(), (s & f).sum() / f.sum(), (~s & f).sum() / (~s).sum()
'''),
        dict(slip="accuracy reported as precision", expect=r"that is the accuracy",
             code='''# Exercise ch13_q1
def filter_rates(is_spam, flagged):
    s, f = np.asarray(is_spam), np.asarray(flagged)
    return np.mean(s == f), (s & f).sum() / s.sum(), (~s & f).sum() / (~s).sum()
'''),
    ],
    "ch13_q2": [
        dict(slip="a quantile of all scores, spam included", expect=r"quantile of all scores|above max_fpr",
             code='''# Exercise ch13_q2
def pick_threshold(scores, is_spam, max_fpr):
    return float(np.quantile(scores, 1 - max_fpr))
'''),
        dict(slip="one ham too many allowed above the threshold (ceil and an off-by-one)", expect=r"above max_fpr",
             code='''# Exercise ch13_q2
def pick_threshold(scores, is_spam, max_fpr):
    scores, is_spam = np.asarray(scores), np.asarray(is_spam)
    ham = np.sort(scores[~is_spam])[::-1]
    return float(ham[int(np.ceil(max_fpr * len(ham))) + 1])
'''),
        dict(slip="off by one: the allowed-th highest ham score, so one ham fewer than allowed is flagged",
             expect=r"only .* of the spam is caught",
             code='''# Exercise ch13_q2
def pick_threshold(scores, is_spam, max_fpr):
    scores, is_spam = np.asarray(scores), np.asarray(is_spam)
    ham = np.sort(scores[~is_spam])[::-1]
    return float(ham[max(int(max_fpr * len(ham)) - 1, 0)])
'''),
        dict(slip="an interpolated quantile of the ham scores", expect=r"only .* of the spam is caught",
             code='''# Exercise ch13_q2
def pick_threshold(scores, is_spam, max_fpr):
    scores, is_spam = np.asarray(scores), np.asarray(is_spam)
    return float(np.quantile(scores[~is_spam], 1 - max_fpr))
'''),
        dict(slip="the highest ham score, whatever the target", expect=r"only .* of the spam is caught",
             code='''# Exercise ch13_q2
def pick_threshold(scores, is_spam, max_fpr):
    scores, is_spam = np.asarray(scores), np.asarray(is_spam)
    return float(scores[~is_spam].max())
'''),
    ],
}

CORRECT = {
    "ch13_q1": [
        '''# Exercise ch13_q1
def filter_rates(is_spam, flagged):
    tp = fp = fn = tn = 0
    for s, f in zip(is_spam, flagged):
        if s and f:
            tp += 1
        elif f:
            fp += 1
        elif s:
            fn += 1
        else:
            tn += 1
    return tp / (tp + fp), tp / (tp + fn), fp / (fp + tn)
''',
        '''# Exercise ch13_q1
def filter_rates(is_spam, flagged):                      # a NumPy array of three numbers is fine too
    s, f = np.asarray(is_spam, dtype=bool), np.asarray(flagged, dtype=bool)
    return np.array([(s & f).sum() / f.sum(), (s & f).sum() / s.sum(), (~s & f).sum() / (~s).sum()])
''',
        '''# Exercise ch13_q1
def filter_rates(is_spam, flagged):
    from sklearn.metrics import confusion_matrix, precision_score, recall_score
    tn, fp, fn, tp = confusion_matrix(is_spam, flagged, labels=[False, True]).ravel()
    return precision_score(is_spam, flagged), recall_score(is_spam, flagged), fp / (fp + tn)
''',
    ],
    "ch13_q2": [
        '''# Exercise ch13_q2
def pick_threshold(scores, is_spam, max_fpr):
    ham = sorted((s for s, spam in zip(scores, is_spam) if not spam), reverse=True)
    allowed = int(max_fpr * len(ham) + 1e-9)
    return ham[min(allowed, len(ham) - 1)]
''',
        '''# Exercise ch13_q2
def pick_threshold(scores, is_spam, max_fpr):
    ham = np.asarray(scores, dtype=float)[~np.asarray(is_spam, dtype=bool)]
    for t in np.sort(ham):                     # the lowest ham score that keeps the promise
        if np.mean(ham > t) <= max_fpr + 1e-12:
            return float(t)
''',
    ],
}
