"""Chapter 04 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

_KEPT = '''def kept_fraction(bias, steps):
    return float(gates.sigmoid(bias) ** steps)
'''
_BIAS = '''def forget_bias_for(fraction, steps):
    f = fraction ** (1 / steps)
    return float(np.log(f / (1 - f)))
'''
_TAIL = "\ndefault_fraction_100 = kept_fraction(1.0, 100)\n"

WRONG = {
    "ch04_q1": [
        dict(slip="GRU with one bias per block", expect=r"two bias vectors", code='''# Exercise ch04_q1
def lstm_params(features, units):
    return 4 * units * (features + units + 1)


def gru_params(features, units):
    return 3 * units * (features + units + 1)
'''),
        dict(slip="LSTM with three blocks", expect=r"an LSTM has four", code='''# Exercise ch04_q1
def lstm_params(features, units):
    return 3 * units * (features + units + 1)


def gru_params(features, units):
    return 3 * units * (features + units + 2)
'''),
        dict(slip="GRU with four blocks", expect=r"a GRU has three", code='''# Exercise ch04_q1
def lstm_params(features, units):
    return 4 * (features * units + units * units + units)


def gru_params(features, units):
    return 4 * units * (features + units + 2)
'''),
    ],
    "ch04_q2": [
        dict(slip="z and 1 - z swapped", expect=r"swapped", code='''# Exercise ch04_q2
def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    xz, xr, xh = np.split(x_t @ kernel + bias[0], 3, axis=-1)
    hz, hr, hh = np.split(h_prev @ recurrent_kernel + bias[1], 3, axis=-1)
    z, r = gates.sigmoid(xz + hz), gates.sigmoid(xr + hr)
    return (1 - z) * h_prev + z * np.tanh(xh + r * hh)
'''),
        dict(slip="reset gate before the recurrent product", expect=r"reset_after=False", code='''# Exercise ch04_q2
def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    xz, xr, xh = np.split(x_t @ kernel + bias[0], 3, axis=-1)
    hz, hr, _ = np.split(h_prev @ recurrent_kernel + bias[1], 3, axis=-1)
    z, r = gates.sigmoid(xz + hz), gates.sigmoid(xr + hr)
    units = h_prev.shape[-1]
    candidate = np.tanh(xh + (r * h_prev) @ recurrent_kernel[:, 2 * units:] + bias[1, 2 * units:])
    return z * h_prev + (1 - z) * candidate
'''),
        dict(slip="ignores the recurrent bias", expect=r"recurrent bias", code='''# Exercise ch04_q2
def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    xz, xr, xh = np.split(x_t @ kernel + bias[0], 3, axis=-1)
    hz, hr, hh = np.split(h_prev @ recurrent_kernel, 3, axis=-1)
    z, r = gates.sigmoid(xz + hz), gates.sigmoid(xr + hr)
    return z * h_prev + (1 - z) * np.tanh(xh + r * hh)
'''),
    ],
    "ch04_q3": [
        dict(slip="returns the gate value, not the bias", expect=r"is the gate value f", code='''# Exercise ch04_q3
''' + _KEPT + '''

def forget_bias_for(fraction, steps):
    return float(fraction ** (1 / steps))
''' + _TAIL),
        dict(slip="inverts the sigmoid with log(f)", expect=r"log\(f / \(1 - f\)\)", code='''# Exercise ch04_q3
''' + _KEPT + '''

def forget_bias_for(fraction, steps):
    return float(np.log(fraction ** (1 / steps)))
''' + _TAIL),
        dict(slip="multiplies by the steps instead of raising to them", expect=r"multiplies by the steps", code='''# Exercise ch04_q3
def kept_fraction(bias, steps):
    return float(gates.sigmoid(bias) * steps)


''' + _BIAS + _TAIL),
    ],
}

CORRECT = {
    "ch04_q1": [
        '''# Exercise ch04_q1
def lstm_params(features, units):
    per_gate = features * units + units * units + units
    return 4 * per_gate


def gru_params(features, units):
    kernel, recurrent, biases = features * 3 * units, units * 3 * units, 2 * 3 * units
    return kernel + recurrent + biases
''',
        '''# Exercise ch04_q1
def lstm_params(features, units):
    shapes = [(features, 4 * units), (units, 4 * units), (4 * units,)]
    return int(sum(np.prod(s) for s in shapes))


def gru_params(features, units):
    shapes = [(features, 3 * units), (units, 3 * units), (2, 3 * units)]
    return int(sum(np.prod(s) for s in shapes))
''',
    ],
    "ch04_q2": [
        '''# Exercise ch04_q2
def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    u = h_prev.shape[-1]
    gx = x_t @ kernel + bias[0]
    gh = h_prev @ recurrent_kernel + bias[1]
    z = 1 / (1 + np.exp(-(gx[:, :u] + gh[:, :u])))
    r = 1 / (1 + np.exp(-(gx[:, u:2 * u] + gh[:, u:2 * u])))
    h_tilde = np.tanh(gx[:, 2 * u:] + r * gh[:, 2 * u:])
    return h_tilde + z * (h_prev - h_tilde)          # = z h_prev + (1 - z) h_tilde
''',
        '''# Exercise ch04_q2
def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    Wz, Wr, Wh = np.split(kernel, 3, axis=1)
    Uz, Ur, Uh = np.split(recurrent_kernel, 3, axis=1)
    (bz, br, bh), (cz, cr, ch) = np.split(bias[0], 3), np.split(bias[1], 3)
    z = gates.sigmoid(x_t @ Wz + bz + h_prev @ Uz + cz)
    r = gates.sigmoid(x_t @ Wr + br + h_prev @ Ur + cr)
    return z * h_prev + (1 - z) * np.tanh(x_t @ Wh + bh + r * (h_prev @ Uh + ch))
''',
    ],
    "ch04_q3": [
        '''# Exercise ch04_q3
import math
def kept_fraction(bias, steps):
    f = 1 / (1 + math.exp(-bias))
    return f ** steps


def forget_bias_for(fraction, steps):
    f = math.exp(math.log(fraction) / steps)
    return -math.log(1 / f - 1)
''' + _TAIL,
        '''# Exercise ch04_q3
from scipy.special import expit, logit
def kept_fraction(bias, steps):
    return float(np.exp(steps * np.log(expit(bias))))


def forget_bias_for(fraction, steps):
    return float(logit(np.power(fraction, 1.0 / steps)))
''' + _TAIL,
    ],
}
