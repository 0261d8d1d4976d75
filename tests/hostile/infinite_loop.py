def matmul(A, B):
    """Never return, swallowing every exception (the time-out must come from outside)."""
    while True:
        try:
            while True:
                pass
        except BaseException:
            pass
