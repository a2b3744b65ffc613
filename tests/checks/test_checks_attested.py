"""Checks whose evidence is (mostly) an attestation: PASS, FAIL and MANUAL for missing/expired."""

from __future__ import annotations

from typing import Any

import pytest
from check_factories import ACCOUNT, attest, context, failed, run, snapshot, statuses

from ctm_hipaa.attestations import EffectiveAttestations

RECORDING = [{"id": "9", "inbound_recordings_on": True, "outbound_recording_on": False}]

# check_id -> snapshot parts it needs to reach its attestation
NEEDS: dict[str, dict[str, Any]] = {"recordings_encrypted": {"call_settings": RECORDING}}

ATTESTED_CHECKS = [
    "plan_hipaa_eligible",
    "security_idle_logout",
    "security_mfa_required",
    "exports_no_phi",
    "recordings_encrypted",
    "recordings_storage_encrypted",
    "baa_in_place",
    "recordings_link_expiry",
    "support_access_restricted",
    "recordings_login_required",
    "notifications_no_phi",
]


def account_status(
    check_id: str, agency: dict[str, Any] | None = None, account: dict[str, Any] | None = None
) -> str:
    ctx = context(snapshot(**NEEDS.get(check_id, {})), attest(agency, account))
    return statuses(run(check_id, ctx))["account"]


@pytest.mark.parametrize("check_id", ATTESTED_CHECKS)
def test_passes_on_good_attestations(check_id: str) -> None:
    assert account_status(check_id) == "PASS"


@pytest.mark.parametrize("check_id", ATTESTED_CHECKS)
def test_manual_without_any_attestation(check_id: str) -> None:
    ctx = context(snapshot(**NEEDS.get(check_id, {})), EffectiveAttestations.unattested(ACCOUNT))
    result = statuses(run(check_id, ctx))
    assert result["account"] == "MANUAL"


@pytest.mark.parametrize("check_id", ATTESTED_CHECKS)
def test_manual_when_attestations_expired(check_id: str) -> None:
    old = {"attested_on": "2025-02-01"}  # 120 days before NOW
    ctx = context(snapshot(**NEEDS.get(check_id, {})), attest(old, old))
    [account] = [r for r in run(check_id, ctx) if r.resource_id == "account"]
    assert account.status.value == "MANUAL"
    assert "older than the 90-day maximum" in account.detail


@pytest.mark.parametrize("check_id", ATTESTED_CHECKS)
def test_manual_when_attestation_undated(check_id: str) -> None:
    undated = {"attested_on": None}
    ctx = context(snapshot(**NEEDS.get(check_id, {})), attest(undated, undated))
    [account] = [r for r in run(check_id, ctx) if r.resource_id == "account"]
    assert account.status.value == "MANUAL"
    assert "no attested_on date" in account.detail


@pytest.mark.parametrize(
    ("check_id", "agency", "account", "expected"),
    [
        ("plan_hipaa_eligible", None, {"plan": "contact_center"}, "PASS"),
        ("plan_hipaa_eligible", None, {"plan": "Marketing plan"}, "PASS"),
        ("plan_hipaa_eligible", None, {"plan": "Growth"}, "FAIL"),
        ("plan_hipaa_eligible", None, {"plan": None}, "MANUAL"),
        ("security_idle_logout", {"idle_logout_minutes": 5}, None, "PASS"),
        ("security_idle_logout", {"idle_logout_minutes": 16}, None, "FAIL"),
        ("security_idle_logout", {"idle_logout_minutes": 0}, None, "FAIL"),
        ("security_idle_logout", {"idle_logout_minutes": None}, None, "MANUAL"),
        ("security_mfa_required", {"mfa": {"required": True, "interval": "30_days"}}, None, "PASS"),
        ("security_mfa_required", {"mfa": {"required": True, "interval": "90_days"}}, None, "FAIL"),
        ("security_mfa_required", {"mfa": {"required": True, "interval": "never"}}, None, "FAIL"),
        ("security_mfa_required", {"mfa": {"required": False, "interval": "every_login"}}, None, "FAIL"),
        ("security_mfa_required", {"mfa": {"required": True}}, None, "MANUAL"),
        ("security_mfa_required", {"mfa": None}, None, "MANUAL"),
        ("exports_no_phi", None, {"export_fields": ["source", "caller_number"]}, "FAIL"),
        ("exports_no_phi", None, {"export_fields": ["Name", "notes"]}, "FAIL"),
        ("exports_no_phi", None, {"export_fields": ["transcription_text"]}, "FAIL"),
        ("exports_no_phi", None, {"export_fields": ["custom_fields.date_of_birth"]}, "FAIL"),
        ("exports_no_phi", None, {"export_fields": []}, "PASS"),
        # recordings are PHI in exports unless a login is required to play them
        ("exports_no_phi", None, {"export_fields": ["audio"]}, "PASS"),
        ("exports_no_phi", {"recordings_login_required": False}, {"export_fields": ["audio"]}, "FAIL"),
        ("exports_no_phi", {"recordings_login_required": None}, {"export_fields": ["audio"]}, "MANUAL"),
        ("exports_no_phi", None, {"export_fields": None}, "MANUAL"),
        ("recordings_encrypted", None, {"encrypted_recordings": False}, "FAIL"),
        ("recordings_encrypted", None, {"encrypted_recordings": None}, "MANUAL"),
        ("recordings_storage_encrypted", None, {"encrypted_recording_storage": False}, "FAIL"),
        ("recordings_storage_encrypted", None, {"encrypted_recording_storage": None}, "MANUAL"),
        ("baa_in_place", None, {"baa_signed_on": False}, "FAIL"),
        ("baa_in_place", None, {"baa_signed_on": "2025-07-01"}, "FAIL"),  # after the audit
        ("baa_in_place", None, {"baa_signed_on": "2025-06-01"}, "PASS"),
        ("baa_in_place", None, {"baa_signed_on": None}, "MANUAL"),
        ("recordings_link_expiry", {"recording_link_expiry_days": 1}, None, "PASS"),
        ("recordings_link_expiry", {"recording_link_expiry_days": 0}, None, "FAIL"),
        ("recordings_link_expiry", {"recording_link_expiry_days": None}, None, "MANUAL"),
        ("recordings_link_expiry", {"recording_link_expiry_days": 30}, None, "PASS"),
        ("recordings_link_expiry", {"recording_link_expiry_days": 31}, None, "FAIL"),
        ("support_access_restricted", None, {"support_access": "24_hours"}, "PASS"),
        ("support_access_restricted", None, {"support_access": False}, "PASS"),  # YAML `off`
        ("support_access_restricted", None, {"support_access": "indefinite"}, "FAIL"),
        ("support_access_restricted", None, {"support_access": None}, "MANUAL"),
        ("support_access_restricted", None, {"support_access": "1_hour"}, "PASS"),
        ("support_access_restricted", None, {"support_access": "4_weeks"}, "PASS"),
        ("support_access_restricted", None, {"support_access": "720_hours"}, "PASS"),  # 30 days
        ("support_access_restricted", None, {"support_access": "721_hours"}, "FAIL"),
        ("support_access_restricted", None, {"support_access": "31_days"}, "FAIL"),
        ("recordings_login_required", {"recordings_login_required": False}, None, "FAIL"),
        ("recordings_login_required", {"recordings_login_required": None}, None, "MANUAL"),
        ("notifications_no_phi", None, {"notification_fields": ["caller_number", "source"]}, "FAIL"),
        ("notifications_no_phi", None, {"notification_fields": ["tag_list"]}, "FAIL"),
        (
            "notifications_no_phi",
            {"recordings_login_required": False},
            {"notification_fields": ["audio"]},
            "FAIL",
        ),
        ("notifications_no_phi", None, {"notification_fields": ["audio", "source"]}, "PASS"),
        (
            "notifications_no_phi",
            {"recordings_login_required": None},
            {"notification_fields": ["audio"]},
            "MANUAL",
        ),
    ],
)
def test_attested_values(
    check_id: str, agency: dict[str, Any] | None, account: dict[str, Any] | None, expected: str
) -> None:
    assert account_status(check_id, agency, account) == expected


def test_manual_detail_says_what_is_missing() -> None:
    [res] = run("security_idle_logout", context(attestations=attest({"idle_logout_minutes": None})))
    assert res.status.value == "MANUAL"
    assert "idle_logout_minutes is not attested for the agency" in res.detail


def test_mfa_email_allowed_is_an_additional_low_fail() -> None:
    ctx = context(
        attestations=attest({"mfa": {"required": True, "interval": "every_login", "email_allowed": True}})
    )
    results = {r.resource_id: r for r in run("security_mfa_required", ctx)}
    assert results["account"].status.value == "PASS"
    assert results["account:email_mfa"].status.value == "FAIL"
    assert results["account:email_mfa"].severity.value == "low"
    assert results["account"].severity.value == "high"


def test_mfa_email_allowed_false_passes_and_unknown_is_manual() -> None:
    assert statuses(run("security_mfa_required", context()))["account:email_mfa"] == "PASS"
    ctx = context(attestations=attest({"mfa": {"required": True, "interval": "30_days"}}))
    assert statuses(run("security_mfa_required", ctx))["account:email_mfa"] == "MANUAL"


def test_recordings_encrypted_not_applicable_without_recording_even_unattested() -> None:
    quiet = [{"id": "9", "inbound_recordings_on": False, "outbound_recording_on": False}]
    ctx = context(snapshot(call_settings=quiet), EffectiveAttestations.unattested(ACCOUNT))
    [res] = run("recordings_encrypted", ctx)
    assert res.status.value == "NOT_APPLICABLE"
    assert "No call setting records" in res.detail


def test_recordings_encrypted_treats_unknown_recording_flags_as_recording() -> None:
    unknown = [{"id": "9"}]
    ctx = context(snapshot(call_settings=unknown), attest(account={"encrypted_recordings": False}))
    assert statuses(run("recordings_encrypted", ctx)) == {"account": "FAIL"}


def test_recordings_encrypted_error_when_call_settings_unreadable() -> None:
    ctx = context(snapshot(call_settings=failed("upstream", 502, "call_settings")))
    [res] = run("recordings_encrypted", ctx)
    assert res.status.value == "ERROR"
    assert "call settings" in res.detail and "upstream" in res.detail and "502" in res.detail


def test_account_override_only_counts_when_allowed() -> None:
    # The account claims 10 minutes, the agency 30: the agency value stands without override rights.
    denied = attest({"idle_logout_minutes": 30}, {"idle_logout_minutes": 10})
    assert statuses(run("security_idle_logout", context(attestations=denied))) == {"account": "FAIL"}
    allowed = attest({"idle_logout_minutes": 30, "allow_account_override": True}, {"idle_logout_minutes": 10})
    assert statuses(run("security_idle_logout", context(attestations=allowed))) == {"account": "PASS"}


@pytest.mark.parametrize(
    ("check_id", "agency", "account", "reason"),
    [
        (
            "recordings_link_expiry",
            {"recording_link_expiry_days": 36500},
            None,
            "Recording links stay valid for 36500 days, longer than the 30-day maximum",
        ),
        (
            "support_access_restricted",
            None,
            {"support_access": "999999_weeks"},
            "CTM support access is granted for 999999_weeks, longer than the 30-day maximum",
        ),
        (
            "security_idle_logout",
            {"idle_logout_minutes": 999999},
            None,
            "Automatic logout is set to 999999 minutes, more than 15",
        ),
    ],
)
def test_absurd_values_fail_with_the_reason(
    check_id: str, agency: dict[str, Any] | None, account: dict[str, Any] | None, reason: str
) -> None:
    [res] = run(check_id, context(attestations=attest(agency, account)))
    assert res.status.value == "FAIL"
    assert reason in res.detail


def test_support_access_that_is_not_a_window_fails_rather_than_passes() -> None:
    # The model refuses such text; a value reaching the check some other way still never passes.
    valid = attest(account={"support_access": "24_hours"})
    broken = valid.model_copy(
        update={"support_access": valid.support_access.model_copy(update={"value": "sometimes"})}
    )
    [res] = run("support_access_restricted", context(attestations=broken))
    assert res.status.value == "FAIL"
    assert "not a window" in res.detail and "sometimes" not in res.detail


def test_every_eligible_plan_is_one_an_attestation_can_name() -> None:
    from ctm_hipaa.attestations import CtmPlan
    from ctm_hipaa.checks.catalog.plan_hipaa_eligible import ELIGIBLE_PLANS

    assert {plan.lower() for plan in CtmPlan} >= ELIGIBLE_PLANS
