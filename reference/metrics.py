"""Binary classifier metrics from a confusion matrix.

Orientation: rows are the actual classes (positive first), columns the predicted classes
(positive first): [[TP, FN], [FP, TN]].
"""

from __future__ import annotations

import numpy as np


def binary_metrics(confusion) -> list[float]:
    """[accuracy, precision, recall, F1]."""
    (tp, fn), (fp, tn) = np.asarray(confusion, dtype=float)
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    return [float((tp + tn) / (tp + fn + fp + tn)), float(precision), float(recall), float(f1)]


def binary_metrics_transposed(confusion) -> list[float]:
    """The metrics of a matrix read with rows as predictions: precision and recall swap."""
    return binary_metrics(np.asarray(confusion).T)


def confusion_from_pairs(y_true, y_pred) -> np.ndarray:
    """[[TP, FN], [FP, TN]] counted from the (actual, predicted) pairs (1 is positive)."""
    t, p = np.asarray(y_true).astype(bool), np.asarray(y_pred).astype(bool)
    return np.array([[np.sum(t & p), np.sum(t & ~p)], [np.sum(~t & p), np.sum(~t & ~p)]], dtype=float)


def roc_auc(scores, labels) -> float:
    """Area under the ROC curve: the fraction of (positive, negative) pairs ranked correctly, ties
    counting half (equal to the trapezoid area under the curve through every threshold)."""
    s, y = np.asarray(scores, dtype=float), np.asarray(labels).astype(bool)
    pos, neg = s[y], s[~y]
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (len(pos) * len(neg)))


def roc_auc_reversed(scores, labels) -> float:
    """The area with the scores read the wrong way round (a low score meaning positive)."""
    return 1.0 - roc_auc(scores, labels)


def roc_point(scores, labels, threshold: float) -> list[float]:
    """(false-positive rate, true-positive rate) when every score ≥ threshold is called positive."""
    s, y = np.asarray(scores, dtype=float), np.asarray(labels).astype(bool)
    called = s >= threshold
    return [float(np.sum(called & ~y) / np.sum(~y)), float(np.sum(called & y) / np.sum(y))]


def roc_point_swapped(scores, labels, threshold: float) -> list[float]:
    """(TPR, FPR): the axes swapped."""
    fpr, tpr = roc_point(scores, labels, threshold)
    return [tpr, fpr]
