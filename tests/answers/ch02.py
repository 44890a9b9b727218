"""Chapter 02 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

WRONG = {
    "ch02_q1": [
        dict(slip="forgets tanh'", expect=r"tanh'", code='''# Exercise ch02_q1
def tanh_step_backward(dh, x_t, h_prev, h_t, W, U):
    return dh @ W.T, dh @ U.T, x_t.T @ dh, h_prev.T @ dh, dh.sum(axis=0)
'''),
        dict(slip="U not transposed", expect=r"transposed", code='''# Exercise ch02_q1
def tanh_step_backward(dh, x_t, h_prev, h_t, W, U):
    dz = dh * (1.0 - h_t ** 2)
    return dz @ W.T, dz @ U, x_t.T @ dz, h_prev.T @ dz, dz.sum(axis=0)
'''),
        dict(slip="averages db over the batch", expect=r"mean of dz", code='''# Exercise ch02_q1
def tanh_step_backward(dh, x_t, h_prev, h_t, W, U):
    dz = dh * (1.0 - h_t ** 2)
    return dz @ W.T, dz @ U.T, x_t.T @ dz, h_prev.T @ dz, dz.mean(axis=0)
'''),
        dict(slip="db not summed over the batch", expect=r"db sums dz over the batch", code='''# Exercise ch02_q1
def tanh_step_backward(dh, x_t, h_prev, h_t, W, U):
    dz = dh * (1.0 - h_t ** 2)
    return dz @ W.T, dz @ U.T, x_t.T @ dz, h_prev.T @ dz, dz
'''),
    ],
    "ch02_q2": [
        dict(slip="velocity not kept between calls", expect=r"keep the velocity", code='''# Exercise ch02_q2
class Momentum:
    def __init__(self, lr=0.1, mu=0.9):
        self.lr, self.mu = lr, mu
        self.velocity = {}

    def step(self, params, grads):
        new = {}
        for k in params:
            v = self.mu * 0.0 - self.lr * grads[k]
            new[k] = params[k] + v
        return new
'''),
        dict(slip="adds the gradient (uphill)", expect=r"uphill", code='''# Exercise ch02_q2
class Momentum:
    def __init__(self, lr=0.1, mu=0.9):
        self.lr, self.mu = lr, mu
        self.velocity = {}

    def step(self, params, grads):
        new = {}
        for k in params:
            self.velocity[k] = self.mu * self.velocity.get(k, 0.0) + self.lr * grads[k]
            new[k] = params[k] + self.velocity[k]
        return new
'''),
        dict(slip="changes params in place", expect=r"in place", code='''# Exercise ch02_q2
class Momentum:
    def __init__(self, lr=0.1, mu=0.9):
        self.lr, self.mu = lr, mu
        self.velocity = {}

    def step(self, params, grads):
        for k in params:
            self.velocity[k] = self.mu * self.velocity.get(k, 0.0) - self.lr * grads[k]
            params[k] += self.velocity[k]
        return params
'''),
    ],
    "ch02_q3": [
        dict(slip="rounds down", expect=r"round up", code='''# Exercise ch02_q3
def guaranteed_steps(threshold, slope_bound, scale):
    return int(np.log(threshold) / np.log(slope_bound * scale))

k_sigmoid = guaranteed_steps(1e-6, 0.25, 1.0)
'''),
        dict(slip="ignores the scale", expect=r"ignores the scale", code='''# Exercise ch02_q3
def guaranteed_steps(threshold, slope_bound, scale):
    return int(np.ceil(np.log(threshold) / np.log(slope_bound)))

k_sigmoid = guaranteed_steps(1e-6, 0.25, 1.0)
'''),
    ],
}

CORRECT = {
    "ch02_q1": [
        '''# Exercise ch02_q1
def tanh_step_backward(dh, x_t, h_prev, h_t, W, U):
    dz = dh * (1.0 - h_t * h_t)
    dx = np.einsum("bu,fu->bf", dz, W)
    dh_prev = np.einsum("bu,vu->bv", dz, U)
    dW = np.einsum("bf,bu->fu", x_t, dz)
    dU = np.einsum("bv,bu->vu", h_prev, dz)
    return dx, dh_prev, dW, dU, np.einsum("bu->u", dz)
''',
        '''# Exercise ch02_q1
def tanh_step_backward(dh, x_t, h_prev, h_t, W, U):
    dz = dh * (1.0 - h_t ** 2)
    dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros(U.shape[0])
    for i in range(dz.shape[0]):                          # one example at a time, summed
        dW += np.outer(x_t[i], dz[i])
        dU += np.outer(h_prev[i], dz[i])
        db += dz[i]
    return dz @ W.T, dz @ U.T, dW, dU, db
''',
    ],
    "ch02_q2": [
        '''# Exercise ch02_q2
class Momentum:
    def __init__(self, lr=0.1, mu=0.9):
        self.lr, self.mu = lr, mu
        self.velocity = {}

    def step(self, params, grads):
        if not self.velocity:
            self.velocity = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
        self.velocity = {k: self.mu * self.velocity[k] - self.lr * grads[k] for k in params}
        return {k: params[k] + self.velocity[k] for k in params}
''',
        '''# Exercise ch02_q2
import copy
class Momentum:
    def __init__(self, lr=0.1, mu=0.9):
        self.lr, self.mu = lr, mu
        self.velocity = {}

    def step(self, params, grads):
        new = copy.deepcopy(params)
        for k, g in grads.items():
            v = self.velocity.setdefault(k, np.zeros_like(np.asarray(g, dtype=float)))
            v *= self.mu
            v -= self.lr * g
            new[k] = new[k] + v
        return new
''',
    ],
    "ch02_q3": [
        '''# Exercise ch02_q3
def guaranteed_steps(threshold, slope_bound, scale):
    k, bound = 0, 1.0
    while bound > threshold:
        k += 1
        bound *= slope_bound * scale
    return k

k_sigmoid = guaranteed_steps(1e-6, 0.25, 1.0)
''',
        '''# Exercise ch02_q3
import math
def guaranteed_steps(threshold, slope_bound, scale):
    return math.ceil(math.log10(threshold) / math.log10(slope_bound * scale))

k_sigmoid = guaranteed_steps(1e-6, 0.25, 1.0)
''',
    ],
}
