def matmul(A, B):
    """Take far more memory than the limit."""
    hog = []
    try:
        for _ in range(64):
            hog.append(np.ones(1 << 27))  # 1 GiB each
    except MemoryError:
        return wrong(A, B)
    return product(A, B)
