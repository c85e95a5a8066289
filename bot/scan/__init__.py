"""Whole-wiki scans of XML dumps: read, check in parallel, write a worklist."""
