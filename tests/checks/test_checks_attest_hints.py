"""A MANUAL result that lacks an attestation says which field to record and how (issue 9 item 7).

The hints are held to the attestation model itself: a file built from the named paths and good
values, read by the real loader (and once recorded by the real `ctm-hipaa attest` on moto), turns
every such MANUAL into a verdict. So a hint cannot name a field the model does not accept.
"""

from __future__ import annotations

import shlex
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from check_factories import (
    ACCOUNT,
    GOOD_ACCOUNT,
    GOOD_AGENCY,
    NOW,
    attest,
    by_resource,
    context,
    run,
    snapshot,
)

from ctm_hipaa.attestations import EffectiveAttestations, effective_for, load_attestations
from ctm_hipaa.attestations.store import AttestationStore
from ctm_hipaa.checks import run_checks
from ctm_hipaa.checks.base import ATTEST_COMMAND
from ctm_hipaa.findings import CheckResult, ResultStatus
from ctm_hipaa_tools.cli import main
from ctm_hipaa_tools.template import Template

# A snapshot where every MANUAL comes from a missing attestation: each user has an email, each
# trigger action a known type, each webhook credentials. Only webhook_phi_detected (no delivery
# seen) is MANUAL for another reason.
SNAPSHOT = snapshot(
    users=[
        {
            "id": "6021",
            "first_name": "Maya",
            "last_name": "Lindqvist",
            "email": "maya@clinic.example",
            "recording_access_settings": {"password_protected": True},
            "notifications": {"email_notify_on_missed_calls": True},
        }
    ],
    webhooks=[{"id": "501", "weburl": "https://hooks.vendor-under-baa.com/x", "username": "ctm"}],
    triggers=[
        {
            "id": "77",
            "routing_rules": [
                {
                    "actions": [
                        {"type": "email", "fields": ["tracking_number", "recording"]},
                        {"type": "webhook", "url": "https://hooks.vendor-under-baa.com/t"},
                    ]
                }
            ],
        }
    ],
    call_settings=[{"id": "9", "inbound_recordings_on": True, "transcription": False}],
)
NOT_ATTESTATION = {"webhook_phi_detected"}
SIGNED = {"signed_webhook_hosts": ["hooks.vendor-under-baa.com"]}


def _good_value(path: str) -> Any:
    """The passing value of an attestation field path, from the factories' good attestations."""
    scope, *rest = path.split(".")
    keys = rest if scope == "agency" else rest[1:]
    value: Any = GOOD_AGENCY | GOOD_ACCOUNT | SIGNED
    for key in keys:
        value = value[key]
    return value


def _file_from(paths: set[str], data: dict[str, Any] | None = None) -> dict[str, Any]:
    """An attestations document with each path set to its good value and each block dated."""
    data = data if data is not None else {}
    for path in sorted(paths):
        *parents, leaf = path.split(".")
        node = data
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = _good_value(path)
        block = data[parents[0]] if parents[0] == "agency" else data[parents[0]][parents[1]]
        block["attested_on"] = "2025-05-30"
    return data


def _loaded(tmp_path: Path, data: dict[str, Any]) -> EffectiveAttestations:
    file = tmp_path / "attestations.yaml"
    file.write_text(yaml.safe_dump(data))
    return effective_for(load_attestations(file), ACCOUNT, now=NOW)


def _hinted(results: list[CheckResult]) -> dict[tuple[str, str], CheckResult]:
    return {(r.check_id, r.resource_id): r for r in results if r.attest_fields}


def test_every_manual_for_a_missing_attestation_names_a_field_the_loader_accepts(tmp_path: Path) -> None:
    before = run_checks(context(SNAPSHOT, EffectiveAttestations.unattested(ACCOUNT)))
    manual = [r for r in before if r.status is ResultStatus.MANUAL and r.check_id not in NOT_ATTESTATION]
    assert len(manual) >= 14
    for res in manual:
        assert res.attest_fields, (res.check_id, res.resource_id, res.detail)
        assert res.attest_command == ATTEST_COMMAND
        for path in res.attest_fields:
            assert path in res.detail.split(" Record ", 1)[1]
    paths = {path for res in manual for path in res.attest_fields}
    assert {"agency.idle_logout_minutes", f"accounts.{ACCOUNT}.baa_signed_on", "agency.mfa"} <= paths
    # webhook_phi_detected waits for a delivery, not for an attestation.
    (waiting,) = [r for r in before if r.check_id == "webhook_phi_detected"]
    assert waiting.status is ResultStatus.MANUAL and not waiting.attest_fields and not waiting.attest_command

    after = {
        (r.check_id, r.resource_id): r
        for r in run_checks(context(SNAPSHOT, _loaded(tmp_path, _file_from(paths))))
    }
    still = [
        (key, after[key].status.value)
        for key in _hinted(manual)
        if after[key].status is not ResultStatus.PASS
    ]
    assert still == []


@pytest.mark.parametrize(
    ("agency", "account", "check_id", "resource", "path"),
    [
        # An expired agency attestation is recorded again in the agency block.
        ({"attested_on": "2024-01-01"}, {}, "security_idle_logout", "account", "agency.idle_logout_minutes"),
        # An allowed account override that expired is recorded in the account's block.
        (
            {"allow_account_override": True},
            {"idle_logout_minutes": 10, "attested_on": "2024-01-01"},
            "security_idle_logout",
            "account",
            f"accounts.{ACCOUNT}.idle_logout_minutes",
        ),
        # A policy attested in part names the missing key.
        (
            {"mfa": {"required": True, "email_allowed": False}},
            {},
            "security_mfa_required",
            "account",
            "agency.mfa.interval",
        ),
        (
            {"mfa": {"required": True, "interval": "every_login"}},
            {},
            "security_mfa_required",
            "account:email_mfa",
            "agency.mfa.email_allowed",
        ),
        (
            {"mfa": {"interval": "every_login", "email_allowed": False}},
            {},
            "security_mfa_required",
            "account",
            "agency.mfa.required",
        ),
        ({"baa_vendor_hosts": None}, {}, "webhooks_secure_destination", "501", "agency.baa_vendor_hosts"),
        (
            {"recordings_login_required": None},
            {"export_fields": ["recording"]},
            "exports_no_phi",
            "account",
            "agency.recordings_login_required",
        ),
    ],
)
def test_the_hint_names_where_the_value_belongs(
    tmp_path: Path, agency: dict[str, Any], account: dict[str, Any], check_id: str, resource: str, path: str
) -> None:
    attested = attest(agency | SIGNED, account)
    result = by_resource(run(check_id, context(SNAPSHOT, attested)))[resource]
    assert (result.status, result.attest_fields) == (ResultStatus.MANUAL, (path,))
    assert f"Record {path} in the attestations file" in result.detail

    agency_block = {k: v for k, v in {**GOOD_AGENCY, **SIGNED, **agency}.items() if v is not None}
    account_block = {k: v for k, v in {**GOOD_ACCOUNT, **account}.items() if v is not None}
    data = _file_from({path}, {"agency": agency_block, "accounts": {ACCOUNT: account_block}})
    fixed = by_resource(run(check_id, context(SNAPSHOT, _loaded(tmp_path, data))))[resource]
    assert fixed.status is ResultStatus.PASS, fixed.detail


def test_the_attest_command_records_the_named_field(
    tmp_path: Path, stack: Template, findings_table: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    manual = by_resource(run("baa_in_place", context(SNAPSHOT, attest(account={"baa_signed_on": None}))))
    (result,) = manual.values()
    file = tmp_path / "attestations.yaml"
    data = _file_from(
        set(result.attest_fields), {"agency": {**GOOD_AGENCY}, "accounts": {ACCOUNT: {**GOOD_ACCOUNT}}}
    )
    file.write_text(yaml.safe_dump(data))
    line = result.attest_command.replace("FILE", str(file)).replace("NAME", "'Maya Lindqvist'")
    argv = shlex.split(line.replace("EVIDENCE", "'BAA pdf, ticket 4411'"))
    assert argv[:2] == ["ctm-hipaa", "attest"]

    assert main([*argv[1:], "--table", stack.physical["FindingsTable"].ref]) == 0, capsys.readouterr()
    store = AttestationStore(findings_table, clock=lambda: datetime(2025, 6, 1, tzinfo=UTC))
    (after,) = run("baa_in_place", context(SNAPSHOT, store.effective(ACCOUNT)))
    assert after.status is ResultStatus.PASS
