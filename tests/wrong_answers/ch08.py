"""A classic mistake for chapter 08: simple returns (percentage changes) instead of log returns."""

QUESTION = "ch08_q1"
CODE = '''# Exercise ch08_q1
def log_returns(prices):
    prices = np.asarray(prices, dtype=float)
    return np.diff(prices) / prices[:-1]   # simple returns: they do not add up over days
'''
