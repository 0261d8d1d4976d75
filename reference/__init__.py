"""Reference solutions: pure NumPy functions, one topic a module, no I/O, no grader imports."""
