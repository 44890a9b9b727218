"""Chapter 01 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

WRONG = {
    "ch01_q1": [
        dict(slip="forgets the bias", expect=r"forgot the bias", code='''# Exercise ch01_q1
def simple_rnn_params(features, units):
    return features * units + units * units
'''),
        dict(slip="forgets the recurrent kernel", expect=r"recurrent kernel U", code='''# Exercise ch01_q1
def simple_rnn_params(features, units):
    return features * units + units
'''),
        dict(slip="U shaped like W", expect=r"units x units, not features x units", code='''# Exercise ch01_q1
def simple_rnn_params(features, units):
    return 2 * features * units + units
'''),
    ],
    "ch01_q2": [
        dict(slip="forgets the bias", expect=r"forgot the bias", code='''# Exercise ch01_q2
def rnn_step(x_t, h_prev, W, U, b):
    return np.tanh(x_t @ W + h_prev @ U)
'''),
        dict(slip="transposes U", expect=r"transposed", code='''# Exercise ch01_q2
def rnn_step(x_t, h_prev, W, U, b):
    return np.tanh(x_t @ W + (U @ h_prev.T).T + b)
'''),
        dict(slip="no tanh", expect=r"tanh", code='''# Exercise ch01_q2
def rnn_step(x_t, h_prev, W, U, b):
    return x_t @ W + h_prev @ U + b
'''),
    ],
    "ch01_q3": [
        dict(slip="no return_sequences", expect=r"return_sequences", code='''# Exercise ch01_q3
tagger = keras.Sequential([keras.Input(shape=(12, 3)), keras.layers.SimpleRNN(16),
                           keras.layers.Dense(5, activation="softmax")])
'''),
        dict(slip="no softmax", expect=r"softmax", code='''# Exercise ch01_q3
tagger = keras.Sequential([keras.Input(shape=(12, 3)), keras.layers.SimpleRNN(16, return_sequences=True),
                           keras.layers.Dense(5)])
'''),
        dict(slip="no recurrent layer (Dense per step)", expect=r"no memory", code='''# Exercise ch01_q3
tagger = keras.Sequential([keras.Input(shape=(12, 3)), keras.layers.Dense(16, activation="tanh"),
                           keras.layers.Dense(5, activation="softmax")])
'''),
    ],
    "ch01_q4": [
        dict(slip="variance grows like the width", expect=r"square", code='''# Exercise ch01_q4
def settled_mse(low, high):
    return (high - low) / 12

predicted_mse = settled_mse(0, 2)
'''),
        dict(slip="ignores low", expect=r"width high - low", code='''# Exercise ch01_q4
def settled_mse(low, high):
    return high ** 2 / 12

predicted_mse = settled_mse(0, 2)
'''),
        dict(slip="mean of y squared, not the variance", expect=r"mean of y\*\*2", code='''# Exercise ch01_q4
def settled_mse(low, high):
    return (high ** 3 - low ** 3) / (3 * (high - low))

predicted_mse = settled_mse(0, 2)
'''),
    ],
}

CORRECT = {
    "ch01_q1": [
        '''# Exercise ch01_q1
def simple_rnn_params(features, units):
    W, U, b = features * units, units * units, units
    return W + U + b
''',
        '''# Exercise ch01_q1
def simple_rnn_params(features, units):
    shapes = [(features, units), (units, units), (units,)]
    return int(sum(np.prod(s) for s in shapes))
''',
    ],
    "ch01_q2": [
        '''# Exercise ch01_q2
def rnn_step(x_t, h_prev, W, U, b):
    return np.tanh(np.dot(x_t, W) + np.dot(h_prev, U) + b[None, :])
''',
        '''# Exercise ch01_q2
def rnn_step(x_t, h_prev, W, U, b):
    out = np.zeros((x_t.shape[0], W.shape[1]))
    for i in range(x_t.shape[0]):
        for j in range(W.shape[1]):
            z = sum(x_t[i, k] * W[k, j] for k in range(W.shape[0]))
            z += sum(h_prev[i, k] * U[k, j] for k in range(U.shape[0]))
            out[i, j] = np.tanh(z + b[j])
    return out
''',
    ],
    "ch01_q3": [
        '''# Exercise ch01_q3
inputs = keras.Input(shape=(12, 3))
states = keras.layers.GRU(8, return_sequences=True)(inputs)
tagger = keras.Model(inputs, keras.layers.Dense(5, activation="softmax")(states))
''',
        '''# Exercise ch01_q3
tagger = keras.Sequential([
    keras.Input(shape=(12, 3)),
    keras.layers.LSTM(10, return_sequences=True),
    keras.layers.TimeDistributed(keras.layers.Dense(5)),
    keras.layers.Softmax(),
])
''',
    ],
    "ch01_q4": [
        '''# Exercise ch01_q4
def settled_mse(low, high):
    mean = (low + high) / 2
    return (high ** 3 - low ** 3) / (3 * (high - low)) - mean ** 2     # E[y^2] - E[y]^2

predicted_mse = settled_mse(0, 2)
''',
        '''# Exercise ch01_q4
def settled_mse(low, high):
    width = high - low
    return width * width / 12.0

predicted_mse = 1 / 3
''',
    ],
}
