"""Drawing a variant: parameter specs, structured random matrices, and reference formulas on the drawn values."""
