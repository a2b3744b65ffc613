"""The webhook check's id and title, for the check's METADATA and the findings the recorder writes.

Here rather than in checks/catalog/webhook_phi_detected.py: importing any module of `checks` loads
the whole catalog (the registry validates it at import), which the webhook's cold start must not
pay. Imports nothing.
"""

from __future__ import annotations

WEBHOOK_CHECK_ID = "webhook_phi_detected"
WEBHOOK_TITLE = "Post-call deliveries carry no PHI"
