"""Module 1: the math of deep learning (practice set): code answers of student default.

This assignment has no code problems yet; its answers go in answers.yaml.
"""
