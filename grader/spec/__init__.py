"""Problem and assignment specs: YAML with line numbers, typed models, variant drawing."""
