"""A classic mistake for chapter 00: assuming the classes are balanced instead of counting."""

QUESTION = "ch00_q2"
CODE = '''# Exercise ch00_q2
positive_share = 0.5   # guessed, not computed
'''
