"""Test-only helpers. Nothing here is deployed."""
