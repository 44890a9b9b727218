"""Chapter 11 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

WRONG = {
    "ch11_q1": [
        dict(slip="windows cut from the recordings glued end to end", expect=r"take samples from two recordings",
             code='''# Exercise ch11_q1
def cut_windows(recordings, width, step):
    stream = np.concatenate(recordings)
    return np.array([stream[s:s + width] for s in range(0, len(stream) - width + 1, step)])
'''),
        dict(slip="off by one: the last start that fits is left out", expect=r"one window short per recording",
             code='''# Exercise ch11_q1
def cut_windows(recordings, width, step):
    return np.array([r[s:s + width] for r in recordings for s in range(0, len(r) - width, step)])
'''),
        dict(slip="step ignored: a window at every sample", expect=r"start every `step` samples",
             code='''# Exercise ch11_q1
def cut_windows(recordings, width, step):
    return np.array([r[s:s + width] for r in recordings for s in range(len(r) - width + 1)])
'''),
        dict(slip="a list of per-recording arrays instead of one array", expect=r"return one array of shape",
             code='''# Exercise ch11_q1
def cut_windows(recordings, width, step):
    return [np.array([r[s:s + width] for s in range(0, len(r) - width + 1, step)]) for r in recordings]
'''),
    ],
    "ch11_q2": [
        dict(slip="statistics of all recordings (validation and test leak in)", expect=r"statistics of all recordings",
             code='''# Exercise ch11_q2
def training_statistics(recordings, parts):
    everything = np.concatenate(recordings)
    return everything.mean(axis=0), everything.std(axis=0)
'''),
        dict(slip="the mean of each recording's mean", expect=r"averaged each recording's mean",
             code='''# Exercise ch11_q2
def training_statistics(recordings, parts):
    train = [r for r, p in zip(recordings, parts) if p == "train"]
    return np.mean([r.mean(axis=0) for r in train], axis=0), np.mean([r.std(axis=0) for r in train], axis=0)
'''),
        dict(slip="the wrong axis: one value per sample", expect=r"one value per channel",
             code='''# Exercise ch11_q2
def training_statistics(recordings, parts):
    pooled = np.concatenate([r for r, p in zip(recordings, parts) if p == "train"])
    return pooled.mean(axis=1), pooled.std(axis=1)
'''),
    ],
}

CORRECT = {
    "ch11_q1": [
        '''# Exercise ch11_q1
def cut_windows(recordings, width, step):
    parts = [np.lib.stride_tricks.sliding_window_view(r, width, axis=0)[::step].transpose(0, 2, 1) for r in recordings]
    return np.concatenate(parts)
''',
        '''# Exercise ch11_q1
def cut_windows(recordings, width, step):
    out = []
    for r in recordings:
        start = 0
        while start + width <= len(r):
            out.append(r[start:start + width])
            start += step
    return np.stack(out)
''',
    ],
    "ch11_q2": [
        '''# Exercise ch11_q2
def training_statistics(recordings, parts):
    train = [r for r, p in zip(recordings, parts) if p == "train"]
    n = sum(len(r) for r in train)
    mean = sum(r.sum(axis=0) for r in train) / n
    var = sum(((r - mean) ** 2).sum(axis=0) for r in train) / n
    return mean, np.sqrt(var)
''',
        '''# Exercise ch11_q2
def training_statistics(recordings, parts):
    import pandas as pd
    frame = pd.DataFrame(np.concatenate([r for r, p in zip(recordings, parts) if p == "train"]))
    return frame.mean().to_numpy(), frame.std().to_numpy()          # pandas: ddof=1
''',
    ],
}
