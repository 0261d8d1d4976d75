# Lets plain `pytest` in this folder grade the assignment, exactly like `grader check`.
pytest_plugins = ["grader.pytest_plugin"]
