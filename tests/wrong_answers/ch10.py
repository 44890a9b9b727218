"""A classic mistake for chapter 10: the decoder input equals its target (no shift), so it sees the answer."""

QUESTION = "ch10_q1"
CODE = '''# Exercise ch10_q1
def decoder_io(target_ids):
    ids = np.asarray(target_ids)
    batch, time = ids.shape
    out = np.zeros((batch, time + 1), dtype=int)
    out[:, :time] = ids
    out[np.arange(batch), (ids != 0).sum(axis=1)] = 2
    return out, out.copy()                   # the input should be <s> + target, shifted one step right
'''
