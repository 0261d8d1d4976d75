"""Reusable answer comparisons: parsing submitted numbers, tolerances, shapes."""
