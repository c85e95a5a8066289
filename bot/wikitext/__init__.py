"""Wikitext analysis without I/O: template spans, parameters, anchors, dashes and mojibake."""
