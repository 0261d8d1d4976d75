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


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> float:
    """The pooled two-proportion z statistic of an A/B test: (p̂₁ − p̂₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂))."""
    p1, p2, pooled = x1 / n1, x2 / n2, (x1 + x2) / (n1 + n2)
    return float((p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2)))


def two_proportion_z_unpooled(x1: int, n1: int, x2: int, n2: int) -> float:
    """The same with each group's own variance (the unpooled standard error)."""
    p1, p2 = x1 / n1, x2 / n2
    return float((p1 - p2) / np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))


def poisson_mle(counts) -> float:
    """λ̂ = the mean count."""
    return float(np.mean(np.asarray(counts, dtype=float)))


def poisson_mle_total(counts) -> float:
    """The total count: not divided by the number of observations."""
    return float(np.sum(np.asarray(counts, dtype=float)))


def grid_mle_bernoulli(heads: int, n: int, grid) -> float:
    """The grid value of p with the largest likelihood p^k (1 − p)^(n − k)."""
    grid = np.asarray(grid, dtype=float)
    return float(grid[np.argmax(heads * np.log(grid) + (n - heads) * np.log(1 - grid))])


def grid_mle_bernoulli_tails(heads: int, n: int, grid) -> float:
    """The grid value nearest the fraction of tails: heads and tails swapped."""
    return grid_mle_bernoulli(n - heads, n, grid)


def uniform_moments(a: float, b: float) -> list[float]:
    """Mean and variance of the continuous uniform on [a, b]: (a + b)/2, (b − a)²/12."""
    return [float((a + b) / 2), float((b - a) ** 2 / 12)]


def uniform_moments_unsquared(a: float, b: float) -> list[float]:
    """(b − a)/12 for the variance: the square forgotten."""
    return [float((a + b) / 2), float((b - a) / 12)]


def gaussian_kl(mu1: float, s1: float, mu2: float, s2: float) -> float:
    """KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) in nats."""
    return float(np.log(s2 / s1) + (s1**2 + (mu1 - mu2) ** 2) / (2 * s2**2) - 0.5)


def gaussian_kl_swapped(mu1: float, s1: float, mu2: float, s2: float) -> float:
    """KL(q ‖ p): the arguments swapped (KL is not symmetric)."""
    return gaussian_kl(mu2, s2, mu1, s1)


def gaussian_entropy(s: float) -> float:
    """Differential entropy of N(μ, σ²): ½ ln(2πeσ²) nats."""
    return float(0.5 * np.log(2 * np.pi * np.e * s**2))


def gaussian_entropy_sigma(s: float) -> float:
    """½ ln(2πeσ): σ used where the variance σ² belongs."""
    return float(0.5 * np.log(2 * np.pi * np.e * s))


def dice_conditional(total: int, first: int) -> float:
    """P(sum of two dice ≥ total | first die shows ``first``), by enumerating the 36 outcomes."""
    given = [(a, b) for a in range(1, 7) for b in range(1, 7) if a == first]
    return float(sum(a + b >= total for a, b in given) / len(given))


def dice_unconditional(total: int, first: int) -> float:
    """P(sum ≥ total) over all 36 outcomes: the condition ignored."""
    outcomes = [(a, b) for a in range(1, 7) for b in range(1, 7)]
    return float(sum(a + b >= total for a, b in outcomes) / len(outcomes))


def dice_joint(total: int, first: int) -> float:
    """P(sum ≥ total and first die = ``first``): the joint, not divided by P(first)."""
    outcomes = [(a, b) for a in range(1, 7) for b in range(1, 7)]
    return float(sum(a + b >= total and a == first for a, b in outcomes) / len(outcomes))
