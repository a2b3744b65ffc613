"""The webhook check's id, title and resource ids, for its METADATA and the findings the recorder writes.

Here rather than in checks/catalog/webhook_phi_detected.py: importing any module of `checks` loads
the whole catalog (the registry validates it at import), which the webhook's cold start must not
pay. Imports nothing.
"""

from __future__ import annotations

WEBHOOK_CHECK_ID = "webhook_phi_detected"
WEBHOOK_TITLE = "Post-call deliveries carry no PHI"


def webhook_resource(channel: str) -> str:
    """The resource id of what was seen on one webhook channel (`webhook:end`): its finding, its results."""
    return f"webhook:{channel}"
