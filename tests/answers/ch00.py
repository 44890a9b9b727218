"""Chapter 00 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

WRONG = {
    "ch00_q1": [
        dict(slip="counts calendar days", expect=r"calendar days", code='''# Exercise ch00_q1
def trading_days(prices, year):
    return int(pd.Timestamp(f"{year}-12-31").dayofyear)
'''),
        dict(slip="counts every day up to the year", expect=r"up to", code='''# Exercise ch00_q1
def trading_days(prices, year):
    return int((prices.index.year <= year).sum())
'''),
        dict(slip="the next year (off by one)", expect=r"neighbouring year", code='''# Exercise ch00_q1
def trading_days(prices, year):
    return len(prices.loc[f"{year}-01-01":f"{year + 1}-12-31"]) - len(prices.loc[f"{year}-01-01":f"{year}-12-31"])
'''),
    ],
    "ch00_q2": [
        dict(slip="counts valence 0 as positive", expect=r"neutral", code='''# Exercise ch00_q2
def positive_share(frame, min_words):
    long_enough = frame["text"].str.split().str.len() >= min_words
    return float((frame.loc[long_enough, "valence"] >= 0).mean())
'''),
        dict(slip="more than instead of at least", expect=r"at least", code='''# Exercise ch00_q2
def positive_share(frame, min_words):
    long_enough = frame["text"].str.split().str.len() > min_words
    return float((frame.loc[long_enough, "valence"] > 0).mean())
'''),
        dict(slip="divides by every row", expect=r"every row", code='''# Exercise ch00_q2
def positive_share(frame, min_words):
    long_enough = frame["text"].str.split().str.len() >= min_words
    return float(((frame["valence"] > 0) & long_enough).sum() / len(frame))
'''),
        dict(slip="a percentage", expect=r"percentage", code='''# Exercise ch00_q2
def positive_share(frame, min_words):
    long_enough = frame["text"].str.split().str.len() >= min_words
    return 100 * float((frame.loc[long_enough, "valence"] > 0).mean())
'''),
    ],
}

CORRECT = {
    "ch00_q1": [
        '''# Exercise ch00_q1
def trading_days(prices, year):
    return len(prices.loc[str(year)])
''',
        '''# Exercise ch00_q1
def trading_days(prices, year):
    count = 0
    for date in prices.index:
        if date.year == year:
            count += 1
    return count
''',
    ],
    "ch00_q2": [
        '''# Exercise ch00_q2
def positive_share(frame, min_words):
    positive = total = 0
    for text, valence in zip(frame["text"], frame["valence"]):
        if len(text.split()) >= min_words:
            total += 1
            positive += valence > 0
    return positive / total
''',
        '''# Exercise ch00_q2
def positive_share(frame, min_words):
    n_words = frame["text"].map(lambda t: len(t.split()))
    return frame.query("@n_words >= @min_words")["valence"].gt(0).mean()
''',
    ],
}
