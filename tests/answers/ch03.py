"""Chapter 03 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

WRONG = {
    "ch03_q1": [
        dict(slip="x and y swapped", expect=r"swapped", code='''# Exercise ch03_q1
def make_example(word, vocab):
    ids = np.array([vocab.index(ch) for ch in word])
    return np.eye(len(vocab), dtype="float32")[ids[1:]], ids[:-1]
'''),
        dict(slip="ids from the sorted vocabulary", expect=r"sorted\(vocab\)", code='''# Exercise ch03_q1
def make_example(word, vocab):
    order = sorted(vocab)
    ids = np.array([order.index(ch) for ch in word])
    x = np.zeros((len(word) - 1, len(vocab)), dtype="float32")
    x[np.arange(len(word) - 1), [vocab.index(ch) for ch in word[:-1]]] = 1
    return x, ids[1:]
'''),
        dict(slip="x keeps the last character", expect=r"leave out the last", code='''# Exercise ch03_q1
def make_example(word, vocab):
    ids = np.array([vocab.index(ch) for ch in word])
    return np.eye(len(vocab), dtype="float32")[ids], ids[1:]
'''),
    ],
    "ch03_q2": [
        dict(slip="counts the character before, not after", expect=r"before 'l'", code='''# Exercise ch03_q2
def bigram_probs(words, char, vocab, end="."):
    counts = np.zeros(len(vocab))
    for w in words:
        full = w + end
        for a, b in zip(full[:-1], full[1:]):
            if b == char:
                counts[vocab.index(a)] += 1
    return counts / counts.sum()
'''),
        dict(slip="only the first occurrence per word", expect=r"every occurrence", code='''# Exercise ch03_q2
def bigram_probs(words, char, vocab, end="."):
    counts = np.zeros(len(vocab))
    for w in words:
        full = w + end
        i = full.find(char)
        if 0 <= i < len(full) - 1:
            counts[vocab.index(full[i + 1])] += 1
    return counts / counts.sum()
'''),
        dict(slip="forgets the end marker", expect=r"end marker", code='''# Exercise ch03_q2
def bigram_probs(words, char, vocab, end="."):
    counts = np.zeros(len(vocab))
    for w in words:
        for a, b in zip(w[:-1], w[1:]):
            if a == char:
                counts[vocab.index(b)] += 1
    return counts / max(counts.sum(), 1)
'''),
    ],
    "ch03_q3": [
        dict(slip="divides the probabilities by T", expect=r"dividing p itself by T", code='''# Exercise ch03_q3
def sample_with_temperature(probs, temperature, rng):
    reshaped = np.asarray(probs, dtype=float) / temperature
    return int(rng.choice(len(reshaped), p=reshaped / reshaped.sum()))
'''),
        dict(slip="always the most likely id", expect=r"argmax", code='''# Exercise ch03_q3
def sample_with_temperature(probs, temperature, rng):
    return int(np.argmax(probs))
'''),
        dict(slip="adds an epsilon to every probability", expect=r"epsilon", code='''# Exercise ch03_q3
def sample_with_temperature(probs, temperature, rng):
    logits = np.log(np.asarray(probs, dtype=float) + 1e-9) / temperature
    reshaped = np.exp(logits - logits.max())
    return int(rng.choice(len(reshaped), p=reshaped / reshaped.sum()))
'''),
        dict(slip="p ** T instead of p ** (1/T)", expect=r"p\*\*T flattens", code='''# Exercise ch03_q3
def sample_with_temperature(probs, temperature, rng):
    reshaped = np.asarray(probs, dtype=float) ** temperature
    return int(rng.choice(len(reshaped), p=reshaped / reshaped.sum()))
'''),
    ],
}

CORRECT = {
    "ch03_q1": [
        '''# Exercise ch03_q1
def make_example(word, vocab):
    x = np.zeros((len(word) - 1, len(vocab)), dtype=np.float32)
    y = np.zeros(len(word) - 1, dtype=int)
    for t in range(len(word) - 1):
        x[t, vocab.index(word[t])] = 1.0
        y[t] = vocab.index(word[t + 1])
    return x, y
''',
        '''# Exercise ch03_q1
import keras
def make_example(word, vocab):
    lookup = {ch: i for i, ch in enumerate(vocab)}
    ids = [lookup[ch] for ch in word]
    return keras.utils.to_categorical(ids[:-1], len(vocab)).astype("float32"), np.array(ids[1:], dtype=np.int64)
''',
    ],
    "ch03_q2": [
        '''# Exercise ch03_q2
def bigram_probs(words, char, vocab, end="."):
    followers = Counter(b for w in words for a, b in zip(w + end, (w + end)[1:]) if a == char)
    total = sum(followers.values())
    return np.array([followers[v] / total for v in vocab])
''',
        '''# Exercise ch03_q2
import re
def bigram_probs(words, char, vocab, end="."):
    text = "|".join(w + end for w in words)
    nxt = [m.group(1) for m in re.finditer("(?=" + re.escape(char) + "(.))", text)]
    counts = np.array([nxt.count(v) for v in vocab], dtype=float)
    return counts / counts.sum()
''',
    ],
    "ch03_q3": [
        '''# Exercise ch03_q3
def sample_with_temperature(probs, temperature, rng):
    probs = np.asarray(probs, dtype=float)
    reshaped = np.zeros_like(probs)
    nz = probs > 0
    reshaped[nz] = probs[nz] ** (1.0 / temperature) / np.max(probs[nz] ** (1.0 / temperature))
    return int(np.argmax(rng.multinomial(1, reshaped / reshaped.sum())))
''',
        '''# Exercise ch03_q3
def sample_with_temperature(probs, temperature, rng):
    probs = np.asarray(probs, dtype=float)
    with np.errstate(divide="ignore"):
        logits = np.log(probs) / temperature          # log 0 = -inf stays impossible
    weights = np.exp(logits - logits.max())
    cumulative = np.cumsum(weights / weights.sum())
    return int(min(np.searchsorted(cumulative, rng.random(), side="right"), len(probs) - 1))
''',
    ],
}
