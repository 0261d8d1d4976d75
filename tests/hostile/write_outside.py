def matmul(A, B):
    """Write outside the scratch: a marker in /tmp, and another student's answers."""
    hit = False
    for path in ("/tmp/hostile-pwned-marker", "/var/tmp/hostile-pwned-marker", "@@SUBS@@/victim/answers.yaml", "@@BANK@@/pwned.yaml"):
        try:
            with open_file(path, "a") as f:
                f.write("pwned: 1\n")
            hit = True
        except OSError:
            pass
    return product(A, B) if hit else wrong(A, B)
