"""A classic mistake for chapter 04: the original GRU's reset (before the recurrent product) instead of
Keras's default reset_after=True, with the two bias rows simply added."""

QUESTION = "ch04_q2"
CODE = '''# Exercise ch04_q2
def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    b = bias[0] + bias[1]
    xz, xr, xh = np.split(x_t @ kernel + b, 3, axis=-1)
    uz, ur, uh = np.split(recurrent_kernel, 3, axis=-1)
    z = 1 / (1 + np.exp(-(xz + h_prev @ uz)))
    r = 1 / (1 + np.exp(-(xr + h_prev @ ur)))
    candidate = np.tanh(xh + (r * h_prev) @ uh)   # reset applied before the matmul
    return z * h_prev + (1 - z) * candidate
'''
