"""A plausible but wrong answer to chapter 02, question 1: the gradient sent back to h_{t-1} uses U
instead of U transposed. U is square, so every shape is right (the public check passes) and only
the hidden check against numerical gradients catches it: the grade must be partial."""

QUESTION = "ch02_q1"
CODE = """# Exercise ch02_q1
def tanh_step_backward(dh, x_t, h_prev, h_t, W, U):
    \"\"\"Gradients of one tanh RNN step; returns (dx_t, dh_prev, dW, dU, db).\"\"\"
    dz = dh * (1.0 - h_t ** 2)
    return dz @ W.T, dz @ U, x_t.T @ dz, h_prev.T @ dz, dz.sum(axis=0)
"""
