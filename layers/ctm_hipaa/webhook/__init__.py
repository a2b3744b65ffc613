"""The real-time webhook: verify a CTM post-call delivery, inspect it for PHI, record findings.

A lazy face (see `ctm_hipaa.faces`): the check catalog and the audit read the webhook check's
names without loading the webhook service, so each name loads its module on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctm_hipaa.faces import lazy_exports

if TYPE_CHECKING:
    from ctm_hipaa.webhook.bootstrap import build_webhook_service, redrive_parked_records
    from ctm_hipaa.webhook.check_names import (
        WEBHOOK_CHECK_ID,
        WEBHOOK_REMEDIATION,
        WEBHOOK_TITLE,
        webhook_resource,
    )
    from ctm_hipaa.webhook.recorder import ParkingError, RedriveResult
    from ctm_hipaa.webhook.verify import sign

__all__ = [
    "WEBHOOK_CHECK_ID",
    "WEBHOOK_REMEDIATION",
    "WEBHOOK_TITLE",
    "ParkingError",
    "RedriveResult",
    "build_webhook_service",
    "redrive_parked_records",
    "sign",
    "webhook_resource",
]

if not TYPE_CHECKING:  # mypy reads the imports above, so it still rejects a name not exported
    __getattr__ = lazy_exports(
        __name__,
        __all__,
        {
            "bootstrap": ["build_webhook_service", "redrive_parked_records"],
            "check_names": ["WEBHOOK_CHECK_ID", "WEBHOOK_REMEDIATION", "WEBHOOK_TITLE", "webhook_resource"],
            "recorder": ["ParkingError", "RedriveResult"],
            "verify": ["sign"],
        },
    )
