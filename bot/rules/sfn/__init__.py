"""Rules for sfn."""
