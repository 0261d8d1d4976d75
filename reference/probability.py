"""Bayes' rule, conditional probability from counts, moments of discrete distributions, MLE."""

from __future__ import annotations

import numpy as np


def bayes_posterior(prevalence: float, sensitivity: float, false_positive_rate: float) -> float:
    """P(D | +) = P(+|D) P(D) / (P(+|D) P(D) + P(+|¬D) P(¬D))."""
    hit = sensitivity * prevalence
    return float(hit / (hit + false_positive_rate * (1 - prevalence)))


def bayes_likelihood_only(prevalence: float, sensitivity: float, false_positive_rate: float) -> float:
    """P(+ | D): the base-rate fallacy, reading the test's sensitivity as the posterior."""
    return float(sensitivity)


def bayes_with_specificity(prevalence: float, sensitivity: float, false_positive_rate: float) -> float:
    """The specificity 1 − FPR used where the false-positive rate belongs."""
    return bayes_posterior(prevalence, sensitivity, 1 - false_positive_rate)


def conditional_from_counts(table) -> float:
    """P(A | B) from a 2×2 table of counts (rows: A, not A; columns: B, not B) = n(A∩B) / n(B)."""
    t = np.asarray(table, dtype=float)
    return float(t[0, 0] / t[:, 0].sum())


def joint_from_counts(table) -> float:
    """P(A ∩ B) = n(A∩B) / N: dividing by the total instead of by n(B)."""
    t = np.asarray(table, dtype=float)
    return float(t[0, 0] / t.sum())


def reversed_conditional_from_counts(table) -> float:
    """P(B | A) = n(A∩B) / n(A): the conditional the wrong way round."""
    t = np.asarray(table, dtype=float)
    return float(t[0, 0] / t[0, :].sum())


def discrete_mean_variance(x, p) -> list[float]:
    """[E X, Var X] of a discrete distribution with values x and probabilities p."""
    x, p = np.asarray(x, dtype=float), np.asarray(p, dtype=float)
    mean = float(np.dot(p, x))
    return [mean, float(np.dot(p, (x - mean) ** 2))]


def discrete_mean_second_moment(x, p) -> list[float]:
    """[E X, E X²]: the variance without subtracting the squared mean."""
    x, p = np.asarray(x, dtype=float), np.asarray(p, dtype=float)
    return [float(np.dot(p, x)), float(np.dot(p, x**2))]


def discrete_unweighted(x, p) -> list[float]:
    """Mean and variance of the values as if all were equally likely."""
    x = np.asarray(x, dtype=float)
    return [float(x.mean()), float(x.var())]


def bernoulli_mle(outcomes) -> float:
    """p̂ = k / n: the fraction of successes."""
    return float(np.mean(np.asarray(outcomes, dtype=float)))


def bernoulli_odds(outcomes) -> float:
    """k / (n − k): successes over failures, the odds rather than the probability."""
    o = np.asarray(outcomes, dtype=float)
    return float(o.sum() / (o.size - o.sum()))


def gaussian_mle(x) -> list[float]:
    """[μ̂, σ̂²] = [mean, (1/n) Σ (x − mean)²]."""
    x = np.asarray(x, dtype=float)
    return [float(x.mean()), float(x.var())]


def gaussian_mle_unbiased(x) -> list[float]:
    """The variance with divisor n − 1 (unbiased, but not the maximum-likelihood estimate)."""
    x = np.asarray(x, dtype=float)
    return [float(x.mean()), float(x.var(ddof=1))]


def gaussian_mle_std(x) -> list[float]:
    """[μ̂, σ̂]: the standard deviation where the variance was asked."""
    x = np.asarray(x, dtype=float)
    return [float(x.mean()), float(x.std())]
