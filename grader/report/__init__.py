"""Reporters: the terminal table and Gradescope's results.json."""
