"""Everything that talks to a wiki; the only package that imports pywikibot."""
