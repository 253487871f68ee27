"""A small client for the WhatsApp Business API Webapp: login, shards and health.

Standard library only (http.client + ssl), so it runs wherever the CLI runs.
"""

from wa_api.client import WebappClient
from wa_api.errors import ApiError, InvalidInput

__all__ = ["ApiError", "InvalidInput", "WebappClient"]
