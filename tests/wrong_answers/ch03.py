"""A plausible but wrong answer to chapter 03, question 3: the temperature divides the probabilities
instead of the log-probabilities. After renormalising, p / T is just p again, so sampling at T = 1 (and
the public check) still looks right, while low and high temperatures change nothing: partial marks."""

QUESTION = "ch03_q3"
CODE = """# Exercise ch03_q3
def sample_with_temperature(probs, temperature, rng):
    \"\"\"Draw one id from probs reshaped by the temperature.\"\"\"
    reshaped = np.asarray(probs, dtype=float) / temperature
    return int(rng.choice(len(reshaped), p=reshaped / reshaped.sum()))
"""
