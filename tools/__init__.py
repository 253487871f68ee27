"""Maintainer tools, run on demand (not part of the installed package)."""
