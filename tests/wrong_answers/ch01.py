"""A classic mistake for chapter 01: the recurrence without its tanh."""

QUESTION = "ch01_q2"
CODE = '''# Exercise ch01_q2
def rnn_step(x_t, h_prev, W, U, b):
    return x_t @ W + h_prev @ U + b   # forgot the nonlinearity
'''
