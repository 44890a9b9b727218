"""Chapter 14 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

WRONG = {
    "ch14_q1": [
        dict(slip="the rests shifted too", expect=r"a rest \(0\) stays a rest",
             code='''# Exercise ch14_q1
def to_common_key(pitches, tonic, mode):
    shift = ((0 if mode == "major" else 9) - tonic) % 12
    shift = shift - 12 if shift > 5 else shift
    return [p + shift for p in pitches]
'''),
        dict(slip="the shift taken the wrong way (tonic - target)", expect=r"the wrong way",
             code='''# Exercise ch14_q1
def to_common_key(pitches, tonic, mode):
    shift = (tonic - (0 if mode == "major" else 9)) % 12
    shift = shift - 12 if shift > 5 else shift
    return [p + shift if p else 0 for p in pitches]
'''),
        dict(slip="always downwards, not the nearest shift", expect=r"nearest shift is 5 up",
             code='''# Exercise ch14_q1
def to_common_key(pitches, tonic, mode):
    shift = -((tonic - (0 if mode == "major" else 9)) % 12)
    return [p + shift if p else 0 for p in pitches]
'''),
        dict(slip="a minor key moved to C minor", expect=r"not to C minor",
             code='''# Exercise ch14_q1
def to_common_key(pitches, tonic, mode):
    shift = (0 - tonic) % 12
    shift = shift - 12 if shift > 5 else shift
    return [p + shift if p else 0 for p in pitches]
'''),
        dict(slip="a shift of +6 allowed (the range is -6..+5)", expect=r"a shift of \+6 is out of range",
             code='''# Exercise ch14_q1
def to_common_key(pitches, tonic, mode):
    shift = ((0 if mode == "major" else 9) - tonic) % 12
    if shift > 6:
        shift -= 12
    return [p + shift if p else 0 for p in pitches]
'''),
    ],
    "ch14_q2": [
        dict(slip="counts compared without turning them into shares", expect=r"turn the counts into shares",
             code='''# Exercise ch14_q2
def tv_distance(counts_a, counts_b):
    return 0.5 * np.abs(np.asarray(counts_a) - np.asarray(counts_b)).sum()
'''),
        dict(slip="the 1/2 left out", expect=r"left out the 1/2",
             code='''# Exercise ch14_q2
def tv_distance(counts_a, counts_b):
    a, b = np.asarray(counts_a, float), np.asarray(counts_b, float)
    return np.abs(a / a.sum() - b / b.sum()).sum()
'''),
        dict(slip="the largest single difference", expect=r"largest single difference",
             code='''# Exercise ch14_q2
def tv_distance(counts_a, counts_b):
    a, b = np.asarray(counts_a, float), np.asarray(counts_b, float)
    return np.abs(a / a.sum() - b / b.sum()).max()
'''),
        dict(slip="both lists divided by the first list's total", expect=r"divide each list by its own total",
             code='''# Exercise ch14_q2
def tv_distance(counts_a, counts_b):
    a, b = np.asarray(counts_a, float), np.asarray(counts_b, float)
    return 0.5 * np.abs(a / a.sum() - b / a.sum()).sum()
'''),
    ],
}

CORRECT = {
    "ch14_q1": [
        '''# Exercise ch14_q1
def to_common_key(pitches, tonic, mode):
    target = {"major": 0, "minor": 9}[mode]
    for shift in range(-6, 6):                       # the one shift in -6..+5 that lands on the target
        if (tonic + shift) % 12 == target:
            break
    out = []
    for p in pitches:
        out.append(0 if p == 0 else p + shift)
    return out
''',
        '''# Exercise ch14_q1
def to_common_key(pitches, tonic, mode):
    p = np.asarray(pitches)
    shift = (((9 if mode == "minor" else 0) - tonic + 6) % 12) - 6
    return np.where(p == 0, 0, p + shift)
''',
    ],
    "ch14_q2": [
        '''# Exercise ch14_q2
def tv_distance(counts_a, counts_b):
    total_a, total_b = sum(counts_a), sum(counts_b)
    return sum(abs(x / total_a - y / total_b) for x, y in zip(counts_a, counts_b)) / 2
''',
        '''# Exercise ch14_q2
def tv_distance(counts_a, counts_b):
    p = np.asarray(counts_a) / np.sum(counts_a)
    q = np.asarray(counts_b) / np.sum(counts_b)
    return 1.0 - np.minimum(p, q).sum()             # the same distance: 1 minus the overlap
''',
    ],
}
