"""Sinks for local runs: text and JSON findings, unified diffs, statistics."""
