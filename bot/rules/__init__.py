"""Rules, one per module, grouped by template; registry.py gathers them."""
