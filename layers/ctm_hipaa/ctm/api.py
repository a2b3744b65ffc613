"""What configuration needs to know about CTM's API. Imports nothing, so settings (and with them
the webhook's cold start) can read it without loading the HTTP client."""

from __future__ import annotations

# The REST API origin; template.yaml's CtmApiBaseUrl defaults to the same (a test holds them equal).
DEFAULT_BASE_URL = "https://api.calltrackingmetrics.com"
