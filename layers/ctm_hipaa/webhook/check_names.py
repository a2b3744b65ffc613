"""The webhook check's id, title, remediation, citations and resource ids, for the check's METADATA
and the findings the recorder writes.

Here rather than in checks/catalog/webhook_phi_detected.py: importing any module of `checks` loads
the whole catalog (the registry validates it at import), which the webhook's cold start must not
pay. Imports nothing of ctm_hipaa but its package data.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

WEBHOOK_CHECK_ID = "webhook_phi_detected"
WEBHOOK_TITLE = "Post-call deliveries carry no PHI"
WEBHOOK_REMEDIATION = (
    "Strip PHI fields from post-call notifications and webhooks (Flows -> Triggers; Settings -> "
    "Integrations -> Webhooks), and turn on redaction where CTM offers it."
)


@cache
def webhook_citations() -> tuple[str, ...]:
    """The webhook check's HIPAA citations: the requirements that list it in the one mapping document
    the catalog reads (checks/hipaa_mapping.json), read as data, in document order."""
    mapping = resources.files("ctm_hipaa") / "checks" / "hipaa_mapping.json"
    requirements = json.loads(mapping.read_text(encoding="utf-8"))["requirements"]
    return tuple(req["id"] for req in requirements if WEBHOOK_CHECK_ID in req["checks"])


def webhook_resource(channel: str) -> str:
    """The resource id of what was seen on one webhook channel (`webhook:end`): its finding, its results."""
    return f"webhook:{channel}"
