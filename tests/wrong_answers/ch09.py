"""A classic mistake for chapter 09: averaging angles as plain numbers (350° and 10° give 180°)."""

QUESTION = "ch09_q1"
CODE = '''# Exercise ch09_q1
def mean_direction(directions_deg):
    return float(np.mean(directions_deg) % 360)   # ignores that 360° wraps around to 0°
'''
