"""Helpers the tests share (imported by tests, never by the bot)."""
