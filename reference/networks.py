"""Learnable parameters of dense (fully connected) networks."""

from __future__ import annotations


def dense_parameter_count(*sizes: int) -> int:
    """Σ over consecutive layers of n_in · n_out weights + n_out biases."""
    return int(sum(a * b + b for a, b in zip(sizes, sizes[1:])))


def dense_weight_count(*sizes: int) -> int:
    """Weights only: the biases forgotten."""
    return int(sum(a * b for a, b in zip(sizes, sizes[1:])))


def dense_bias_per_input(*sizes: int) -> int:
    """One bias per input node instead of per neuron."""
    return int(sum(a * b + a for a, b in zip(sizes, sizes[1:])))
