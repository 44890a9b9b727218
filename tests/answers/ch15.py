"""Chapter 15 answers for CI (tests/test_notebooks.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

WRONG = {
    "ch15_q1": [
        dict(slip="the plain mean of the slice means", expect=r"plain mean of the slice means",
             code='''# Exercise ch15_q1
def global_mean_loss(slice_means, slice_sizes):
    return float(np.mean(slice_means))
'''),
        dict(slip="the weighted sum, never divided", expect=r"that is a sum",
             code='''# Exercise ch15_q1
def global_mean_loss(slice_means, slice_sizes):
    return float(np.dot(slice_means, slice_sizes))
'''),
        dict(slip="the sum of the slice means", expect=r"that is a sum",
             code='''# Exercise ch15_q1
def global_mean_loss(slice_means, slice_sizes):
    return float(sum(slice_means))
'''),
        dict(slip="divided by the number of slices", expect=r"divide by the number of examples",
             code='''# Exercise ch15_q1
def global_mean_loss(slice_means, slice_sizes):
    return float(np.dot(slice_means, slice_sizes) / len(slice_sizes))
'''),
    ],
    "ch15_q2": [
        dict(slip="every argument given counted as a blocker", expect=r"dropout on the inputs keeps cuDNN",
             code='''# Exercise ch15_q2
def cudnn_blockers(kind, settings):
    return sorted(settings)
'''),
        dict(slip="a blocking argument counted whatever its value", expect=r"recurrent_dropout=0 is the default",
             code='''# Exercise ch15_q2
def cudnn_blockers(kind, settings):
    names = {"activation", "recurrent_activation", "recurrent_dropout", "unroll", "use_bias", "reset_after"}
    return sorted(k for k in settings if k in names and (kind == "GRU" or k != "reset_after"))
'''),
        dict(slip="reset_after forgotten for the GRU", expect=r"a GRU needs reset_after=True",
             code='''# Exercise ch15_q2
def cudnn_blockers(kind, settings):
    required = {"activation": "tanh", "recurrent_activation": "sigmoid", "recurrent_dropout": 0,
                "unroll": False, "use_bias": True}
    return sorted(k for k, v in settings.items() if k in required and v != required[k])
'''),
        dict(slip="the names not sorted", expect=r"expected the sorted",
             code='''# Exercise ch15_q2
def cudnn_blockers(kind, settings):
    required = {"activation": "tanh", "recurrent_activation": "sigmoid", "recurrent_dropout": 0,
                "unroll": False, "use_bias": True, "reset_after": True}
    return [k for k, v in settings.items() if k in required and v != required[k]]
'''),
        dict(slip="reset_after checked for an LSTM too", expect=r"reset_after is a GRU argument",
             code='''# Exercise ch15_q2
def cudnn_blockers(kind, settings):
    required = {"activation": "tanh", "recurrent_activation": "sigmoid", "recurrent_dropout": 0,
                "unroll": False, "use_bias": True, "reset_after": True}
    return sorted(k for k, v in settings.items() if k in required and v != required[k])
'''),
    ],
}

CORRECT = {
    "ch15_q1": [
        '''# Exercise ch15_q1
def global_mean_loss(slice_means, slice_sizes):
    return np.average(slice_means, weights=slice_sizes)
''',
        '''# Exercise ch15_q1
def global_mean_loss(slice_means, slice_sizes):
    total, count = 0.0, 0
    for mean, size in zip(slice_means, slice_sizes):
        total += mean * size          # the slice's summed loss
        count += size
    return total / count
''',
    ],
    "ch15_q2": [
        '''# Exercise ch15_q2
def cudnn_blockers(kind, settings):
    found = []
    if settings.get("activation", "tanh") != "tanh":
        found.append("activation")
    if settings.get("recurrent_activation", "sigmoid") != "sigmoid":
        found.append("recurrent_activation")
    if settings.get("recurrent_dropout", 0) > 0:
        found.append("recurrent_dropout")
    if kind == "GRU" and not settings.get("reset_after", True):
        found.append("reset_after")
    if settings.get("unroll", False):
        found.append("unroll")
    if not settings.get("use_bias", True):
        found.append("use_bias")
    return sorted(found)
''',
        '''# Exercise ch15_q2
def cudnn_blockers(kind, settings):
    ok = {"activation": lambda v: v == "tanh", "recurrent_activation": lambda v: v == "sigmoid",
          "recurrent_dropout": lambda v: v == 0, "unroll": lambda v: v is False, "use_bias": lambda v: v is True}
    if kind.upper() == "GRU":
        ok["reset_after"] = lambda v: v is True
    return sorted(name for name, value in settings.items() if name in ok and not ok[name](value))
''',
    ],
}
