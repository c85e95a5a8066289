"""Benchmarks: each prints its figures and ratios; run from the checkout as ``python -m benchmarks.NAME``."""
