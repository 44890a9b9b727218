"""A classic mistake for chapter 07: multiplying the logits by the temperature instead of dividing."""

QUESTION = "ch07_q1"
CODE = '''# Exercise ch07_q1
def temperature_softmax(logits, temperature):
    z = np.asarray(logits, dtype=float) * temperature   # should be / temperature
    z = z - z.max()
    return np.exp(z) / np.exp(z).sum()
'''
