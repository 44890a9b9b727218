"""Chapter 08 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

_Q2_TAIL = '''
ma_rule_accuracy = trend_rule_accuracy(test_w["prices"], actual_ret[1], MA_DAYS)
'''
_Q3_TAIL = '''
closes = data.load_sp500()["Close"].to_numpy()
naive_5d_lag = fc.best_lag(*naive_forecast_pairs(closes, LONG), max_lag=7)
'''

WRONG = {
    "ch08_q1": [
        dict(slip="simple returns", expect=r"simple returns", code='''# Exercise ch08_q1
def log_returns(prices):
    prices = np.asarray(prices, dtype=float)
    return prices[1:] / prices[:-1] - 1
'''),
        dict(slip="yesterday over today", expect=r"signs are flipped", code='''# Exercise ch08_q1
def log_returns(prices):
    prices = np.asarray(prices, dtype=float)
    return np.log(prices[:-1] / prices[1:])
'''),
        dict(slip="one return too many", expect=r"4 prices give 3 returns", code='''# Exercise ch08_q1
def log_returns(prices):
    return np.diff(np.log(np.asarray(prices, dtype=float)), prepend=np.log(prices[0]))
'''),
    ],
    "ch08_q2": [
        dict(slip="scores against today's move", expect=r"today's move", code='''# Exercise ch08_q2
def trend_rule_accuracy(prices, next_returns, ma_days):
    prices = np.asarray(prices, dtype=float)
    up_call = prices[:, -1] > prices[:, -ma_days:].mean(axis=1)
    return float(np.mean(up_call == (prices[:, -1] > prices[:, -2])))
''' + _Q2_TAIL),
        dict(slip="average without today's close", expect=r"today's included", code='''# Exercise ch08_q2
def trend_rule_accuracy(prices, next_returns, ma_days):
    prices = np.asarray(prices, dtype=float)
    up_call = prices[:, -1] > prices[:, -ma_days - 1:-1].mean(axis=1)
    return float(np.mean(up_call == (np.asarray(next_returns) > 0)))
''' + _Q2_TAIL),
        dict(slip="the opposite (mean-reverting) rule", expect=r"opposite rule", code='''# Exercise ch08_q2
def trend_rule_accuracy(prices, next_returns, ma_days):
    prices = np.asarray(prices, dtype=float)
    return fc.directional_accuracy(next_returns, prices[:, -ma_days:].mean(axis=1) - prices[:, -1])
''' + _Q2_TAIL),
    ],
    "ch08_q3": [
        dict(slip="truth and forecast swapped", expect=r"swapped", code='''# Exercise ch08_q3
def naive_forecast_pairs(closes, horizon):
    closes = np.asarray(closes, dtype=float)
    return closes[:-horizon], closes[horizon:]
''' + _Q3_TAIL),
        dict(slip="off by one", expect=r"off by one", code='''# Exercise ch08_q3
def naive_forecast_pairs(closes, horizon):
    closes = np.asarray(closes, dtype=float)
    return closes[horizon - 1:], closes[:len(closes) - horizon + 1]
''' + _Q3_TAIL),
    ],
}

CORRECT = {
    "ch08_q1": [
        '''# Exercise ch08_q1
def log_returns(prices):
    return np.diff(np.log(np.asarray(prices, dtype=float)))
''',
        '''# Exercise ch08_q1
import math
def log_returns(prices):
    prices = list(prices)
    return np.array([math.log(b / a) for a, b in zip(prices[:-1], prices[1:])])
''',
    ],
    "ch08_q2": [
        '''# Exercise ch08_q2
def trend_rule_accuracy(prices, next_returns, ma_days):
    prices = np.asarray(prices, dtype=float)
    average = prices[:, -ma_days:].mean(axis=1)
    return fc.directional_accuracy(next_returns, prices[:, -1] - average)
''' + _Q2_TAIL,
        '''# Exercise ch08_q2
def trend_rule_accuracy(prices, next_returns, ma_days):
    hits = 0
    for window, nxt in zip(np.asarray(prices, dtype=float), next_returns):
        call_up = window[-1] > sum(window[-ma_days:]) / ma_days
        hits += call_up == (nxt > 0)
    return hits / len(next_returns)
''' + _Q2_TAIL,
    ],
    "ch08_q3": [
        '''# Exercise ch08_q3
def naive_forecast_pairs(closes, horizon):
    s = pd.Series(np.asarray(closes, dtype=float))
    both = pd.DataFrame({"truth": s, "forecast": s.shift(horizon)}).dropna()
    return both["truth"].to_numpy(), both["forecast"].to_numpy()
''' + _Q3_TAIL,
        '''# Exercise ch08_q3
def naive_forecast_pairs(closes, horizon):
    closes = list(closes)
    pairs = [(closes[t + horizon], closes[t]) for t in range(len(closes) - horizon)]
    return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])
''' + _Q3_TAIL,
    ],
}
