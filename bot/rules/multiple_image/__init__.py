"""Rules for multiple image."""
