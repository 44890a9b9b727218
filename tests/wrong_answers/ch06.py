"""A classic mistake for chapter 06: padding first and shifting afterwards, which leaves </s> in x."""

QUESTION = "ch06_q2"
CODE = '''# Exercise ch06_q2
def lm_pairs(seqs, length):
    ids, _ = text.pad_sequences(seqs, length + 1)
    x, y = ids[:, :-1], ids[:, 1:]          # shifted after padding: </s> stays in x
    return x, y, y != 0
'''
