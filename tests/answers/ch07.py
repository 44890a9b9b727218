"""Chapter 07 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

WRONG = {
    "ch07_q1": [
        dict(slip="multiplies the logits by T", expect=r"multiplied the logits by T", code='''# Exercise ch07_q1
def temperature_softmax(logits, temperature):
    z = np.asarray(logits, dtype=float) * temperature
    z = z - z.max()
    return np.exp(z) / np.exp(z).sum()
'''),
        dict(slip="no max subtraction (overflows)", expect=r"overflow", code='''# Exercise ch07_q1
def temperature_softmax(logits, temperature):
    e = np.exp(np.asarray(logits, dtype=float) / temperature)
    return e / e.sum()
'''),
        dict(slip="ignores the temperature", expect=r"plain softmax", code='''# Exercise ch07_q1
def temperature_softmax(logits, temperature):
    z = np.asarray(logits, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()
'''),
    ],
    "ch07_q2": [
        dict(slip="one window too many (target runs past the end)", expect=r"ran past the end", code='''# Exercise ch07_q2
def strided_windows(stream, seq_len, stride):
    stream = np.asarray(stream)
    starts = range(0, len(stream) - seq_len + 1, stride)
    return (np.stack([stream[s:s + seq_len] for s in starts]),
            np.stack([stream[s + 1:s + seq_len + 1] for s in starts]))
'''),
        dict(slip="ignores the stride", expect=r"i \* stride", code='''# Exercise ch07_q2
def strided_windows(stream, seq_len, stride):
    stream = np.asarray(stream)
    starts = range(0, len(stream) - seq_len)
    return (np.stack([stream[s:s + seq_len] for s in starts]),
            np.stack([stream[s + 1:s + seq_len + 1] for s in starts]))
'''),
        dict(slip="targets not shifted", expect=r"y equals x", code='''# Exercise ch07_q2
def strided_windows(stream, seq_len, stride):
    stream = np.asarray(stream)
    x = np.stack([stream[s:s + seq_len] for s in range(0, len(stream) - seq_len, stride)])
    return x, x.copy()
'''),
    ],
    "ch07_q3": [
        dict(slip="resets the state at every step", expect=r"reset at every step", code='''# Exercise ch07_q3
def greedy_text(step_model, prompt, n_chars):
    zero = np.zeros((1, step_model.inputs[1].shape[-1]), dtype="float32")
    logits, _ = run_step(step_model, [vocab.encode(prompt)], zero)
    out = prompt
    for _ in range(n_chars):
        next_id = int(np.argmax(logits))
        out += vocab.tokens[next_id]
        logits, _ = run_step(step_model, [[next_id]], zero)
    return out
'''),
        dict(slip="samples instead of taking the argmax", expect=r"no sampling", code='''# Exercise ch07_q3
def greedy_text(step_model, prompt, n_chars):
    rng = np.random.default_rng(0)
    h = np.zeros((1, step_model.inputs[1].shape[-1]), dtype="float32")
    logits, h = run_step(step_model, [vocab.encode(prompt)], h)
    out = prompt
    for _ in range(n_chars):
        next_id = text.sample_token(logits, 1.0, rng)
        out += vocab.tokens[next_id]
        logits, h = run_step(step_model, [[next_id]], h)
    return out
'''),
        dict(slip="returns only the new characters", expect=r"prompt followed by", code='''# Exercise ch07_q3
def greedy_text(step_model, prompt, n_chars):
    h = np.zeros((1, step_model.inputs[1].shape[-1]), dtype="float32")
    logits, h = run_step(step_model, [vocab.encode(prompt)], h)
    out = ""
    for _ in range(n_chars):
        next_id = int(np.argmax(logits))
        out += vocab.tokens[next_id]
        logits, h = run_step(step_model, [[next_id]], h)
    return out
'''),
    ],
}

CORRECT = {
    "ch07_q1": [
        '''# Exercise ch07_q1
import math
def temperature_softmax(logits, temperature):
    scaled = [z / temperature for z in logits]
    top = max(scaled)
    weights = [math.exp(s - top) for s in scaled]
    total = sum(weights)
    return np.array([w / total for w in weights])
''',
        '''# Exercise ch07_q1
from scipy.special import logsumexp
def temperature_softmax(logits, temperature):
    z = np.asarray(logits, dtype=float) / temperature
    return np.exp(z - logsumexp(z))
''',
    ],
    "ch07_q2": [
        '''# Exercise ch07_q2
def strided_windows(stream, seq_len, stride):
    stream = np.asarray(stream)
    n = (len(stream) - seq_len - 1) // stride + 1
    index = np.arange(n)[:, None] * stride + np.arange(seq_len)[None, :]
    return stream[index], stream[index + 1]
''',
        '''# Exercise ch07_q2
def strided_windows(stream, seq_len, stride):
    xs, ys, start = [], [], 0
    while start + seq_len < len(stream):          # the target's last id, start + seq_len, must exist
        xs.append(list(stream[start:start + seq_len]))
        ys.append(list(stream[start + 1:start + seq_len + 1]))
        start += stride
    return np.array(xs), np.array(ys)
''',
    ],
    "ch07_q3": [
        '''# Exercise ch07_q3
def greedy_text(step_model, prompt, n_chars):
    ids = vocab.encode(prompt)
    for _ in range(n_chars):                       # no state: run the whole model on the whole text each time
        logits = np.asarray(model(np.array([ids]), training=False))[0, -1]
        ids = ids + [int(np.argmax(logits))]
    return "".join(vocab.tokens[i] for i in ids)
''',
        '''# Exercise ch07_q3
def greedy_text(step_model, prompt, n_chars):
    h = np.zeros((1, step_model.inputs[1].shape[-1]), dtype="float32")
    for ch in prompt:                                  # read the prompt one character at a time
        logits, h = run_step(step_model, [vocab.encode(ch)], h)
    chars = []
    for _ in range(n_chars):
        next_id = int(np.argmax(logits))
        chars.append(vocab.tokens[next_id])
        logits, h = run_step(step_model, [[next_id]], h)
    return prompt + "".join(chars)
''',
    ],
}
