"""The webhook check's id, title, remediation and citations have one owner each, which the webhook can
read without the catalog."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

from ctm_hipaa.attestations import EffectiveAttestations
from ctm_hipaa.checks import CheckContext, WebhookObservation, get_check, run_check
from ctm_hipaa.ctm import SNAPSHOT_PARTS, AccountSnapshot
from ctm_hipaa.webhook.check_names import WEBHOOK_CHECK_ID, WEBHOOK_TITLE
from ctm_hipaa.webhook.recorder import DeliveryRecord

NOW = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)


def test_the_check_declares_the_webhook_check_id_and_title() -> None:
    metadata = get_check(WEBHOOK_CHECK_ID).metadata
    assert (metadata.check_id, metadata.title) == (WEBHOOK_CHECK_ID, WEBHOOK_TITLE)


def test_the_names_and_citations_load_without_the_check_catalog_or_pydantic() -> None:
    code = (
        "import sys; import ctm_hipaa.webhook.check_names as names; assert names.webhook_citations(); "
        "loaded = [m for m in sys.modules if m.startswith(('ctm_hipaa.checks', 'pydantic'))]; "
        "assert not loaded, loaded"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr


def test_webhook_findings_carry_the_catalogs_remediation_citations_and_resource_name() -> None:
    # One source: what the recorder stamps on a delivery is what the catalog's runner stamps on the
    # check's own results (and the channel is named the same way by both).
    check = get_check(WEBHOOK_CHECK_ID)
    ctx = CheckContext(
        snapshot=AccountSnapshot.model_validate(
            {"account_id": "412233", "collected_at": NOW} | {name: {"items": []} for name in SNAPSHOT_PARTS}
        ),
        attestations=EffectiveAttestations.unattested("412233"),
        webhook_observations=[WebhookObservation(channel="webhook:end", categories={"NAME"}, last_seen=NOW)],
        now=NOW,
    )
    (audited,) = run_check(check, ctx)
    delivered = DeliveryRecord(
        account_id="412233",
        call_id="880001",
        channel="end",
        digest="0" * 64,
        received_at=NOW.isoformat(),
        categories=["NAME"],
        paths=["name"],
        counts={"NAME": 1},
        severity="high",
        detail="PHI seen.",
        critical=[],
    ).result()
    assert delivered.remediation == audited.remediation == check.metadata.remediation
    assert delivered.hipaa == audited.hipaa == check.hipaa
    assert check.hipaa  # the mapping lists the check: the comparison is not of two empty tuples
    assert (delivered.resource_id, delivered.resource_name) == (audited.resource_id, audited.resource_name)
