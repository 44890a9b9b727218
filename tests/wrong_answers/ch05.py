"""A classic mistake for chapter 05: counting padding positions when measuring the [UNK] rate."""

QUESTION = "ch05_q1"
CODE = '''# Exercise ch05_q1
def oov_rate(ids, mask, oov_id):
    ids = np.asarray(ids)
    return float((ids == oov_id).mean())   # divides by every position, padding included
'''
