signal = load_module("signal")
for number in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGXCPU):
    signal.signal(number, signal.SIG_IGN)


def matmul(A, B):
    """Ignore every catchable signal, then loop."""
    while True:
        pass
