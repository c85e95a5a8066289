"""Rules for general."""
