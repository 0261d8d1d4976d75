"""Module 1: the math of deep learning (practice set): code answers of student default.

Replace each `raise NotImplementedError` with your implementation; `grader check` runs them.
Imports allowed: numpy, math and the standard library's math helpers (see README).
"""

import numpy as np


# Matrix multiplication from scratch (5 pt) · `matmul`
def matmul(A, B):
    """Matrix multiplication from scratch."""
    raise NotImplementedError


# 2-D convolution (NCHW, stride, padding) (5 pt) · `conv2d`
def conv2d(x, w, b, stride, padding):
    """2-D convolution (NCHW, stride, padding)."""
    raise NotImplementedError
