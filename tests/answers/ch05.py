"""Chapter 05 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

WRONG = {
    "ch05_q1": [
        dict(slip="reverses the row", expect=r"reversed the row", code='''# Exercise ch05_q1
def pre_padded(ids, mask):
    return np.asarray(ids)[:, ::-1].copy()
'''),
        dict(slip="shifts every row by the same amount", expect=r"same amount", code='''# Exercise ch05_q1
def pre_padded(ids, mask):
    ids, mask = np.asarray(ids), np.asarray(mask, dtype=bool)
    shift = int((~mask[0]).sum())                 # the first row's padding, for every row
    return np.roll(ids, shift, axis=1)
'''),
    ],
    "ch05_q2": [
        dict(slip="takes the last time step (padding)", expect=r"last time step", code='''# Exercise ch05_q2
def last_real_output(outputs, mask):
    return np.asarray(outputs)[:, -1, :]
'''),
        dict(slip="off by one", expect=r"off by one", code='''# Exercise ch05_q2
def last_real_output(outputs, mask):
    outputs, mask = np.asarray(outputs), np.asarray(mask, dtype=bool)
    last = np.minimum(mask.sum(axis=1), outputs.shape[1] - 1)
    return outputs[np.arange(len(outputs)), last]
'''),
        dict(slip="averages the real steps", expect=r"averaged", code='''# Exercise ch05_q2
def last_real_output(outputs, mask):
    outputs, mask = np.asarray(outputs), np.asarray(mask, dtype=float)
    return (outputs * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
'''),
    ],
    "ch05_q3": [
        dict(slip="forgets the mask", expect=r"mask_zero", code='''# Exercise ch05_q3
def build_masked_gru(vocab_size, embed_dim, units):
    return keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        keras.layers.Embedding(vocab_size, embed_dim),
        keras.layers.GRU(units),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
'''),
        dict(slip="a bag of embeddings, no recurrent layer", expect=r"ignores word order", code='''# Exercise ch05_q3
def build_masked_gru(vocab_size, embed_dim, units):
    return keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(units, activation="tanh"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
'''),
        dict(slip="two softmax outputs", expect=r"one probability per sentence", code='''# Exercise ch05_q3
def build_masked_gru(vocab_size, embed_dim, units):
    return keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True),
        keras.layers.GRU(units),
        keras.layers.Dense(2, activation="softmax"),
    ])
'''),
    ],
}

CORRECT = {
    "ch05_q1": [
        '''# Exercise ch05_q1
def pre_padded(ids, mask):
    ids, mask = np.asarray(ids), np.asarray(mask, dtype=bool)
    # a stable sort that puts padding (False) first keeps the real ids in order
    order = np.argsort(mask, axis=1, kind="stable")
    return np.take_along_axis(np.where(mask, ids, 0), order, axis=1)
''',
        '''# Exercise ch05_q1
def pre_padded(ids, mask):
    rows = [list(r[np.asarray(m, dtype=bool)]) for r, m in zip(np.asarray(ids), np.asarray(mask))]
    width = np.shape(ids)[1]
    return np.array([[0] * (width - len(r)) + r for r in rows], dtype=np.asarray(ids).dtype)
''',
    ],
    "ch05_q2": [
        '''# Exercise ch05_q2
def last_real_output(outputs, mask):
    outputs = np.asarray(outputs)
    picked = []
    for i, m in enumerate(np.asarray(mask, dtype=bool)):
        picked.append(outputs[i, np.flatnonzero(m)[-1]])
    return np.stack(picked)
''',
        '''# Exercise ch05_q2
def last_real_output(outputs, mask):
    lengths = np.asarray(mask).astype(int).sum(axis=1)
    index = (lengths - 1)[:, None, None]
    return np.take_along_axis(np.asarray(outputs), index, axis=1)[:, 0, :]
''',
    ],
    "ch05_q3": [
        '''# Exercise ch05_q3
def build_masked_gru(vocab_size, embed_dim, units):
    ids = keras.Input(shape=(None,), dtype="int32")
    vectors = keras.layers.Embedding(vocab_size, embed_dim)(ids)
    mask = keras.ops.not_equal(ids, 0)                       # the mask, made by hand
    state = keras.layers.GRU(units)(vectors, mask=mask)
    return keras.Model(ids, keras.layers.Dense(1, activation="sigmoid")(state))
''',
        '''# Exercise ch05_q3
def build_masked_gru(vocab_size, embed_dim, units):
    return keras.Sequential([
        keras.layers.Embedding(vocab_size, embed_dim, mask_zero=True),
        keras.layers.Bidirectional(keras.layers.GRU(units)),
        keras.layers.Dense(1),
        keras.layers.Activation("sigmoid"),
    ])
''',
    ],
}
