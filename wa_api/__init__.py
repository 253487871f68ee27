"""A small client for the WhatsApp Business API Webapp: login, shards and health.

Standard library only (urllib + ssl), so it runs wherever the CLI runs.
"""

from wa_api.client import ApiError, WebappClient

__all__ = ["ApiError", "WebappClient"]
