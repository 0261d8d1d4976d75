"""Code problems' helpers: reading a submission's source, checking it against the rules, drawing test cases."""
