def matmul(A, B):
    """Open a TCP connection to a port on this machine (to send answers out, or fetch them)."""
    socket = load_module("socket")
    try:
        connection = socket.create_connection(("127.0.0.1", @@PORT@@), timeout=1)
        connection.sendall(b"pwned")
        return product(A, B)
    except OSError:
        return wrong(A, B)
