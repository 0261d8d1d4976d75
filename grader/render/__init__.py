"""Turning variants into what a student reads: prompts, notebooks, handouts, answer files."""
