"""A small client for the WhatsApp Business API Webapp: login, shards and health.

Standard library only (http.client + ssl), so it runs wherever the CLI runs. The client is
imported on first use: the CLIs' error handling needs only wa_api.errors, and wa-size stays
free of ssl and http.client.
"""

from wa_api.errors import ApiError, InvalidInput

__all__ = ["ApiError", "InvalidInput", "WebappClient"]


def __getattr__(name: str):
    if name == "WebappClient":
        from wa_api.client import WebappClient

        return WebappClient
    raise AttributeError(f"module 'wa_api' has no attribute {name!r}")
