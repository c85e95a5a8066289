# Read by pywikibot when it is first imported (see bot/wiki/__init__.py); empty on purpose:
# maintbot configures pywikibot in code from its own settings (bot/wiki/site.py).
