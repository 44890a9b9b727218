"""Chapter 12 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

WRONG = {
    "ch12_q1": [
        dict(slip="blanks dropped before merging repeats", expect=r"dropped the blanks before merging",
             code='''# Exercise ch12_q1
def collapse(path, blank=0):
    kept = [c for c in path if c != blank]
    return [c for t, c in enumerate(kept) if t == 0 or c != kept[t - 1]]
'''),
        dict(slip="repeats not merged", expect=r"merge each run of the same class",
             code='''# Exercise ch12_q1
def collapse(path, blank=0):
    return [c for c in path if c != blank]
'''),
        dict(slip="the blank hard-coded as 0", expect=r"use the blank argument",
             code='''# Exercise ch12_q1
def collapse(path, blank=0):
    return [c for t, c in enumerate(path) if c != 0 and (t == 0 or c != path[t - 1])]
'''),
        dict(slip="blanks kept", expect=r"drop the blanks",
             code='''# Exercise ch12_q1
def collapse(path, blank=0):
    return [c for t, c in enumerate(path) if t == 0 or c != path[t - 1]]
'''),
        dict(slip="a string of digits instead of a list", expect=r"return a list of class ids",
             code='''# Exercise ch12_q1
def collapse(path, blank=0):
    out = [c for t, c in enumerate(path) if c != blank and (t == 0 or c != path[t - 1])]
    return " ".join(str(c) for c in out)
'''),
    ],
    "ch12_q2": [
        dict(slip="the mean over every frame, padding included", expect=r"averaged the padding too",
             code='''# Exercise ch12_q2
def frame_mean(padded, lengths):
    return np.asarray(padded).mean(axis=1)
'''),
        dict(slip="the wrong axis: one value per frame", expect=r"average over the frames \(axis 1\)",
             code='''# Exercise ch12_q2
def frame_mean(padded, lengths):
    return np.asarray(padded).sum(axis=2) / np.asarray(lengths)[:, None]
'''),
        dict(slip="lengths broadcast along the coefficients instead of the utterances", expect=r"use lengths\[:, None\]",
             code='''# Exercise ch12_q2
def frame_mean(padded, lengths):
    return np.asarray(padded).sum(axis=1) / np.asarray(lengths)
'''),
        dict(slip="off by one: the last real frame left out", expect=r"the means should be",
             code='''# Exercise ch12_q2
def frame_mean(padded, lengths):
    return np.array([np.asarray(p)[:max(n - 1, 1)].mean(axis=0) for p, n in zip(padded, lengths)])
'''),
    ],
    "ch12_q3": [
        dict(slip="the mean of each string's own rate", expect=r"averaged each string's own rate",
             code='''# Exercise ch12_q3
def digit_error_rate(references, hypotheses):
    return float(np.mean([speech.edit_distance(r, h) / len(r) for r, h in zip(references, hypotheses)]))
'''),
        dict(slip="divided by the hypothesis digits", expect=r"divided by the hypothesis digits",
             code='''# Exercise ch12_q3
def digit_error_rate(references, hypotheses):
    return sum(speech.edit_distance(r, h) for r, h in zip(references, hypotheses)) / sum(len(h) for h in hypotheses)
'''),
        dict(slip="the number of edits, not a rate", expect=r"return the rate, not the number of edits",
             code='''# Exercise ch12_q3
def digit_error_rate(references, hypotheses):
    return sum(speech.edit_distance(r, h) for r, h in zip(references, hypotheses))
'''),
    ],
}

CORRECT = {
    "ch12_q1": [
        '''# Exercise ch12_q1
def collapse(path, blank=0):
    import itertools
    return [int(c) for c, _ in itertools.groupby(path) if c != blank]
''',
        '''# Exercise ch12_q1
def collapse(path, blank=0):
    path = np.asarray(path, dtype=int)
    if path.size == 0:
        return np.array([], dtype=int)
    keep = np.ones(len(path), dtype=bool)
    keep[1:] = path[1:] != path[:-1]
    return path[keep & (path != blank)]
''',
    ],
    "ch12_q2": [
        '''# Exercise ch12_q2
def frame_mean(padded, lengths):
    return np.array([np.asarray(p)[:n].mean(axis=0) for p, n in zip(padded, lengths)])
''',
        '''# Exercise ch12_q2
def frame_mean(padded, lengths):
    padded = np.asarray(padded, dtype=float)
    return padded.sum(axis=1) / np.asarray(lengths, dtype=float).reshape(-1, 1)   # the padding is zeros: it adds nothing
''',
    ],
    "ch12_q3": [
        '''# Exercise ch12_q3
def digit_error_rate(references, hypotheses):
    edits, digits = 0, 0
    for r, h in zip(references, hypotheses):
        edits += speech.edit_distance(r, h)
        digits += len(r)
    return edits / digits
''',
        '''# Exercise ch12_q3
def digit_error_rate(references, hypotheses):
    return speech.error_rate(references, hypotheses)
''',
    ],
}
