"""Chapter 06 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

WRONG = {
    "ch06_q1": [
        dict(slip="arithmetic mean of p", expect=r"geometric mean", code='''# Exercise ch06_q1
def perplexity_from_probs(p_true):
    return float(1 / np.mean(p_true))
'''),
        dict(slip="sum instead of mean", expect=r"not the sum", code='''# Exercise ch06_q1
def perplexity_from_probs(p_true):
    return float(np.exp(-np.sum(np.log(p_true))))
'''),
        dict(slip="log10 with exp", expect=r"natural log", code='''# Exercise ch06_q1
def perplexity_from_probs(p_true):
    return float(np.exp(-np.mean(np.log10(p_true))))
'''),
        dict(slip="forgets the minus sign", expect=r"MINUS", code='''# Exercise ch06_q1
def perplexity_from_probs(p_true):
    return float(np.exp(np.mean(np.log(p_true))))
'''),
    ],
    "ch06_q2": [
        dict(slip="shifts after padding", expect=r"shifted after padding", code='''# Exercise ch06_q2
def lm_pairs(seqs, length):
    padded, mask = text.pad_sequences(seqs, length + 1)
    return padded[:, :-1], padded[:, 1:], mask[:, 1:]
'''),
        dict(slip="x and y swapped", expect=r"swapped", code='''# Exercise ch06_q2
def lm_pairs(seqs, length):
    x, mask = text.pad_sequences([s[1:] for s in seqs], length)
    y, _ = text.pad_sequences([s[:-1] for s in seqs], length)
    return x, y, mask
'''),
    ],
    "ch06_q3": [
        dict(slip="ties in first-seen order (most_common)", expect=r"ties go to the smaller id", code='''# Exercise ch06_q3
def bigram_suggest(seqs, prev_id, k):
    from collections import Counter
    followers = Counter(s[i + 1] for s in seqs for i in range(len(s) - 1) if s[i] == prev_id)
    return [w for w, _ in followers.most_common(k)]
'''),
        dict(slip="counts the word before", expect=r"BEFORE", code='''# Exercise ch06_q3
def bigram_suggest(seqs, prev_id, k):
    from collections import Counter
    before = Counter(s[i - 1] for s in seqs for i in range(1, len(s)) if s[i] == prev_id)
    return [w for w, _ in sorted(before.items(), key=lambda item: (-item[1], item[0]))[:k]]
'''),
        dict(slip="returns (id, count) pairs", expect=r"ids only", code='''# Exercise ch06_q3
def bigram_suggest(seqs, prev_id, k):
    from collections import Counter
    followers = Counter(s[i + 1] for s in seqs for i in range(len(s) - 1) if s[i] == prev_id)
    return sorted(followers.items(), key=lambda item: (-item[1], item[0]))[:k]
'''),
    ],
}

CORRECT = {
    "ch06_q1": [
        '''# Exercise ch06_q1
import math
def perplexity_from_probs(p_true):
    total = 0.0
    for p in p_true:
        total += math.log2(p)
    return 2.0 ** (-total / len(p_true))          # base 2 throughout gives the same perplexity
''',
        '''# Exercise ch06_q1
def perplexity_from_probs(p_true):
    p = np.asarray(p_true, dtype=float)
    return float(1.0 / np.exp(np.log(p).mean()))
''',
    ],
    "ch06_q2": [
        '''# Exercise ch06_q2
def lm_pairs(seqs, length):
    x = np.zeros((len(seqs), length), dtype="int32")
    y = np.zeros((len(seqs), length), dtype="int32")
    for i, s in enumerate(seqs):
        inputs, targets = s[:-1][:length], s[1:][:length]
        x[i, :len(inputs)] = inputs
        y[i, :len(targets)] = targets
    return x, y, y != 0
''',
        '''# Exercise ch06_q2
def lm_pairs(seqs, length):
    x = keras.utils.pad_sequences([s[:-1] for s in seqs], maxlen=length, padding="post", truncating="post")
    y = keras.utils.pad_sequences([s[1:] for s in seqs], maxlen=length, padding="post", truncating="post")
    mask = np.arange(length)[None, :] < np.array([min(len(s) - 1, length) for s in seqs])[:, None]
    return x, y, mask
''',
    ],
    "ch06_q3": [
        '''# Exercise ch06_q3
def bigram_suggest(seqs, prev_id, k):
    counts = {}
    for s in seqs:
        for a, b in zip(s, s[1:]):
            if a == prev_id:
                counts[b] = counts.get(b, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    return ranked[:k]
''',
        '''# Exercise ch06_q3
def bigram_suggest(seqs, prev_id, k):
    pairs = np.array([(a, b) for s in seqs for a, b in zip(s, s[1:])]).reshape(-1, 2)
    followers = pairs[pairs[:, 0] == prev_id, 1]
    ids, counts = np.unique(followers, return_counts=True)       # ids come sorted ascending
    order = np.argsort(-counts, kind="stable")                    # stable: ties keep the smaller id first
    return [int(i) for i in ids[order][:k]]
''',
    ],
}
