"""Chapter 09 answers for CI (tests/test_exercises.py): plausible slips and correct answers written differently.

WRONG[q]: each must fail q's public check with a message matching `expect`. CORRECT[q]: each must pass
every public and hidden check. Every entry is a whole answer cell.
"""

WRONG = {
    "ch09_q1": [
        dict(slip="averages the angles as plain numbers", expect=r"plain numbers|vectors", code='''# Exercise ch09_q1
def mean_direction(directions_deg):
    return float(np.mean(directions_deg) % 360)   # ignores that 360° wraps around to 0°
'''),
        dict(slip="swaps sin and cos in arctan2", expect=r"sin and cos are swapped", code='''# Exercise ch09_q1
def mean_direction(directions_deg):
    theta = np.deg2rad(np.asarray(directions_deg, dtype=float))
    return float(np.rad2deg(np.arctan2(np.cos(theta).mean(), np.sin(theta).mean())) % 360)
'''),
        dict(slip="forgets to convert degrees to radians", expect=r"radians", code='''# Exercise ch09_q1
def mean_direction(directions_deg):
    theta = np.asarray(directions_deg, dtype=float)
    return float(np.rad2deg(np.arctan2(np.sin(theta).mean(), np.cos(theta).mean())) % 360)
'''),
    ],
    "ch09_q2": [
        dict(slip="averages the two errors instead of the two forecasts", expect=r"averaged the two forecasts' errors",
             code='''# Exercise ch09_q2
def blend_mae_by_lead(truth, persistence, yesterday):
    mae_p = np.abs(truth - persistence).mean(axis=0)
    mae_y = np.abs(truth - yesterday).mean(axis=0)
    return (mae_p + mae_y) / 2
'''),
        dict(slip="averages over the wrong axis", expect=r"axis 0", code='''# Exercise ch09_q2
def blend_mae_by_lead(truth, persistence, yesterday):
    return np.abs(truth - (persistence + yesterday) / 2).mean(axis=1)
'''),
        dict(slip="signed error instead of absolute error", expect=r"signed errors", code='''# Exercise ch09_q2
def blend_mae_by_lead(truth, persistence, yesterday):
    return (truth - (persistence + yesterday) / 2).mean(axis=0)
'''),
    ],
    "ch09_q3": [
        dict(slip="returns the index, off by one", expect=r"index \+ 1", code='''# Exercise ch09_q3
def first_winning_lead(model_mae, baseline_mae):
    wins = np.asarray(model_mae) < np.asarray(baseline_mae)
    return int(np.argmax(wins)) if wins.any() else 0
'''),
        dict(slip="counts the winning leads", expect=r"how many leads", code='''# Exercise ch09_q3
def first_winning_lead(model_mae, baseline_mae):
    return int(np.sum(np.asarray(model_mae) < np.asarray(baseline_mae)))
'''),
        dict(slip="counts a tie as a win", expect=r"strict", code='''# Exercise ch09_q3
def first_winning_lead(model_mae, baseline_mae):
    wins = np.asarray(model_mae) <= np.asarray(baseline_mae)
    return int(np.argmax(wins)) + 1 if wins.any() else 0
'''),
        dict(slip="forgets the never-wins case", expect=r"never wins", code='''# Exercise ch09_q3
def first_winning_lead(model_mae, baseline_mae):
    return int(np.argmax(np.asarray(model_mae) < np.asarray(baseline_mae))) + 1
'''),
    ],
}

CORRECT = {
    "ch09_q1": [
        '''# Exercise ch09_q1
import math
def mean_direction(directions_deg):
    east = sum(math.sin(math.radians(d)) for d in directions_deg) / len(directions_deg)
    north = sum(math.cos(math.radians(d)) for d in directions_deg) / len(directions_deg)
    angle = math.degrees(math.atan2(east, north)) % 360.0
    return 0.0 if abs(angle - 360.0) < 1e-9 else angle
''',
        '''# Exercise ch09_q1
def mean_direction(directions_deg):
    z = np.exp(1j * np.deg2rad(np.asarray(directions_deg, dtype=float))).mean()   # cos + i sin
    angle = np.rad2deg(np.angle(z)) % 360             # angle of (north, east) = arctan2(east, north)
    return float(np.round(angle, 9) % 360)
''',
    ],
    "ch09_q2": [
        '''# Exercise ch09_q2
def blend_mae_by_lead(truth, persistence, yesterday):
    truth, persistence, yesterday = (np.asarray(a, dtype=float) for a in (truth, persistence, yesterday))
    out = np.zeros(truth.shape[1])
    for lead in range(truth.shape[1]):
        blend = (persistence[:, lead] + yesterday[:, lead]) / 2
        out[lead] = np.mean(np.abs(blend - truth[:, lead]))
    return out
''',
        '''# Exercise ch09_q2
import pandas as pd
def blend_mae_by_lead(truth, persistence, yesterday):
    errors = pd.DataFrame(np.asarray(truth) - np.mean([persistence, yesterday], axis=0))
    return errors.abs().mean().to_numpy()
''',
    ],
    "ch09_q3": [
        '''# Exercise ch09_q3
def first_winning_lead(model_mae, baseline_mae):
    for lead, (m, b) in enumerate(zip(model_mae, baseline_mae), start=1):
        if m < b:
            return lead
    return 0
''',
        '''# Exercise ch09_q3
def first_winning_lead(model_mae, baseline_mae):
    wins = np.flatnonzero(np.asarray(model_mae) < np.asarray(baseline_mae))
    return int(wins[0] + 1) if wins.size else 0
''',
    ],
}
