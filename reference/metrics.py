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
