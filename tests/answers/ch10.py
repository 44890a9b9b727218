"""Chapter 10 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

WRONG = {
    "ch10_q1": [
        dict(slip="no shift: the decoder input is its own target", expect=r"decoder input equals its target", code='''# Exercise ch10_q1
def decoder_io(target_ids):
    ids = np.asarray(target_ids)
    batch, time = ids.shape
    out = np.zeros((batch, time + 1), dtype=int)
    out[:, :time] = ids
    out[np.arange(batch), (ids != 0).sum(axis=1)] = 2
    return out, out.copy()
'''),
        dict(slip="off-by-one shift the wrong way (input and target swapped)", expect=r"off-by-one shift the wrong way", code='''# Exercise ch10_q1
def decoder_io(target_ids):
    ids = np.asarray(target_ids)
    batch, time = ids.shape
    dec_in = np.zeros((batch, time + 1), dtype=int)
    dec_out = np.zeros((batch, time + 1), dtype=int)
    dec_in[:, :time] = ids
    dec_in[np.arange(batch), (ids != 0).sum(axis=1)] = 2
    dec_out[:, 0], dec_out[:, 1:] = 1, ids
    return dec_in, dec_out
'''),
        dict(slip="forgets the end id", expect=r"forgot the end id", code='''# Exercise ch10_q1
def decoder_io(target_ids):
    ids = np.asarray(target_ids)
    pad = np.zeros((len(ids), 1), dtype=int)
    return np.concatenate([np.ones_like(pad), ids], axis=1), np.concatenate([ids, pad], axis=1)
'''),
        dict(slip="puts the end id in the last column", expect=r"not in the last column", code='''# Exercise ch10_q1
def decoder_io(target_ids):
    ids = np.asarray(target_ids)
    ones = np.ones((len(ids), 1), dtype=int)
    return np.concatenate([ones, ids], axis=1), np.concatenate([ids, 2 * ones], axis=1)
'''),
    ],
    "ch10_q2": [
        dict(slip="substitution costs 2", expect=r"substitution costs 1, not 2", code='''# Exercise ch10_q2
def levenshtein(a, b):
    a, b = list(a), list(b)
    D = np.zeros((len(a) + 1, len(b) + 1), dtype=int)
    D[:, 0], D[0, :] = np.arange(len(a) + 1), np.arange(len(b) + 1)
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            D[i, j] = min(D[i - 1, j] + 1, D[i, j - 1] + 1, D[i - 1, j - 1] + 2 * (a[i - 1] != b[j - 1]))
    return int(D[-1, -1])
'''),
        dict(slip="Hamming distance (position by position)", expect=r"Hamming distance", code='''# Exercise ch10_q2
def levenshtein(a, b):
    a, b = list(a), list(b)
    return sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b))
'''),
        dict(slip="edit distance off by one (borders start at 1)", expect=r"identical sequences are 0 edits apart", code='''# Exercise ch10_q2
def levenshtein(a, b):
    a, b = list(a), list(b)
    D = np.zeros((len(a) + 1, len(b) + 1), dtype=int)
    D[:, 0], D[0, :] = np.arange(1, len(a) + 2), np.arange(1, len(b) + 2)
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            D[i, j] = min(D[i - 1, j] + 1, D[i, j - 1] + 1, D[i - 1, j - 1] + (a[i - 1] != b[j - 1]))
    return int(D[-1, -1])
'''),
    ],
    "ch10_q3": [
        dict(slip="never feeds back its guess (start token every step)", expect=r"every step got the start token", code='''# Exercise ch10_q3
def greedy(step, h0, max_len):
    h, out = h0, []
    for _ in range(max_len):
        log_probs, h = step(1, h)
        token = int(np.argmax(log_probs))
        if token == 2:
            break
        out.append(token)
    return out
'''),
        dict(slip="does not carry the state", expect=r"state was not carried", code='''# Exercise ch10_q3
def greedy(step, h0, max_len):
    token, out = 1, []
    for _ in range(max_len):
        log_probs, _ = step(token, h0)
        token = int(np.argmax(log_probs))
        if token == 2:
            break
        out.append(token)
    return out
'''),
        dict(slip="keeps the end id", expect=r"stop at the end id 2", code='''# Exercise ch10_q3
def greedy(step, h0, max_len):
    token, h, out = 1, h0, []
    for _ in range(max_len):
        log_probs, h = step(token, h)
        token = int(np.argmax(log_probs))
        out.append(token)
        if token == 2:
            break
    return out
'''),
    ],
}

CORRECT = {
    "ch10_q1": [
        '''# Exercise ch10_q1
def decoder_io(target_ids):
    ids = np.asarray(target_ids)
    rows_in, rows_out = [], []
    for row in ids:
        real = [int(v) for v in row if v != 0]
        pad = [0] * (ids.shape[1] - len(real))
        rows_in.append([1] + real + pad)
        rows_out.append(real + [2] + pad)
    return np.array(rows_in), np.array(rows_out)
''',
        '''# Exercise ch10_q1
def decoder_io(target_ids):
    from utils.seq2seq import teacher_forcing
    return teacher_forcing(np.asarray(target_ids))
''',
    ],
    "ch10_q2": [
        '''# Exercise ch10_q2
def levenshtein(a, b):
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[-1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]
''',
        '''# Exercise ch10_q2
from functools import lru_cache
def levenshtein(a, b):
    a, b = tuple(a), tuple(b)
    @lru_cache(maxsize=None)
    def d(i, j):
        if i == 0 or j == 0:
            return i + j
        return min(d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] != b[j - 1]))
    return d(len(a), len(b))
''',
    ],
    "ch10_q3": [
        '''# Exercise ch10_q3
def greedy(step, h0, max_len):
    out, token, h = [], 1, h0
    while len(out) < max_len:
        scores, h = step(token, h)
        token = max(range(len(scores)), key=lambda i: scores[i])
        if token == 2:
            return out
        out.append(token)
    return out
''',
        '''# Exercise ch10_q3
def greedy(step, h0, max_len):
    tokens, h = [1], h0
    for _ in range(max_len):
        log_probs, h = step(tokens[-1], h)
        tokens.append(int(np.argmax(log_probs)))
        if tokens[-1] == 2:
            return np.array(tokens[1:-1])
    return np.array(tokens[1:])
''',
    ],
}
