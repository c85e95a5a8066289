"""maintbot: a MediaWiki maintenance bot for short footnotes and multiple-image blocks."""

__version__ = "0.1.0"
