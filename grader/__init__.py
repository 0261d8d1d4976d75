"""Autograder for deep-learning math courses."""

__version__ = "0.1.0"
