"""Attestation files: YAML and JSON loading, errors naming field and account, expiry, overrides."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ctm_hipaa.attestations import (
    AttestationError,
    AttestationFile,
    EffectiveAttestations,
    EvidenceState,
    SupportAccess,
    effective_for,
    load_attestations,
    parse_attestations,
)

NOW = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)

YAML_DOC = """\
agency:
  idle_logout_minutes: 15
  mfa:
    required: true
    interval: every_login
    email_allowed: false
  recordings_login_required: true
  recording_link_expiry_days: 7
  allow_account_override: false
  baa_vendor_hosts: [hooks.vendor.example, crm.vendor.example]
  attested_by: Compliance Officer
  attested_on: 2025-05-01
accounts:
  1002:
    plan: Enterprise
    baa_signed_on: 2024-03-01
    encrypted_recordings: true
    encrypted_recording_storage: true
    notification_fields: [source, tracking_number]
    export_fields: [source, called_at]
    support_access: off
    attested_by: Practice Manager
    attested_on: 2025-05-20
"""

JSON_DOC = {
    "agency": {
        "idle_logout_minutes": 10,
        "mfa": {"required": True, "interval": "30_days"},
        "attested_by": "ops",
        "attested_on": "2025-05-01T14:00:00Z",
    },
    "accounts": {"1002": {"plan": "Marketing", "support_access": "24_hours", "attested_on": "2025-05-02"}},
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


# ---------------------------------------------------------------- loading


def test_load_yaml(tmp_path: Path) -> None:
    file = load_attestations(write(tmp_path, "att.yaml", YAML_DOC))
    assert file.agency.idle_logout_minutes == 15
    assert file.agency.mfa is not None and file.agency.mfa.interval == "every_login"
    assert file.agency.attested_on == date(2025, 5, 1)
    account = file.accounts["1002"]  # YAML int key kept as a CTM id string
    assert account.support_access == "off"  # YAML 1.1 reads `off` as false
    assert account.baa_signed_on == date(2024, 3, 1)
    assert account.notification_fields == ("source", "tracking_number")


def test_load_json(tmp_path: Path) -> None:
    file = load_attestations(write(tmp_path, "att.json", json.dumps(JSON_DOC)))
    assert file.agency.attested_on == date(2025, 5, 1)  # a datetime counts by its UTC date
    assert file.accounts["1002"].support_access == "24_hours"


@pytest.mark.parametrize("access", list(SupportAccess))
def test_support_access_words_round_trip_through_yaml_and_json(tmp_path: Path, access: SupportAccess) -> None:
    for name, text in [
        ("att.yaml", f"accounts:\n  '1002':\n    support_access: {access}\n"),
        ("att.json", json.dumps({"accounts": {"1002": {"support_access": access}}})),
    ]:
        assert load_attestations(write(tmp_path, name, text)).accounts["1002"].support_access == access


@pytest.mark.parametrize(("name", "text"), [("att.txt", json.dumps(JSON_DOC)), ("attestations", YAML_DOC)])
def test_format_detected_from_content(tmp_path: Path, name: str, text: str) -> None:
    file = load_attestations(write(tmp_path, name, text))
    assert "1002" in file.accounts


def test_yaml_and_json_give_the_same_model(tmp_path: Path) -> None:
    from_yaml = load_attestations(write(tmp_path, "a.yml", YAML_DOC))
    as_json = from_yaml.model_dump(mode="json")
    from_json = load_attestations(write(tmp_path, "a.json", json.dumps(as_json)))
    assert from_json == from_yaml


def test_empty_file_is_no_attestation(tmp_path: Path) -> None:
    assert load_attestations(write(tmp_path, "empty.yaml", "")) == AttestationFile()


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (
            {"accounts": {"1002": {"mfa": {"interval": "weekly"}}}},
            "accounts.1002.mfa.interval: must be one of every_login, 30_days",
        ),
        (
            {"agency": {"mfa": {"interval": "sometimes"}}},
            "agency.mfa.interval: must be one of every_login, 30_days",
        ),
        ({"accounts": {"1003": {"plann": "Enterprise"}}}, "accounts.1003.plann: unknown field"),
        (
            {"accounts": {"1004": {"idle_logout_minutes": "soon"}}},
            "accounts.1004.idle_logout_minutes: must be a whole",
        ),
        (
            {"accounts": {"1005": {"idle_logout_minutes": -1}}},
            "accounts.1005.idle_logout_minutes: must be 0 or more",
        ),
        (
            {"accounts": {"1006": {"baa_signed_on": "last spring"}}},
            "accounts.1006.baa_signed_on: must be a date",
        ),
        ({"accounts": {"1007": {"baa_signed_on": True}}}, "accounts.1007.baa_signed_on: must be the date"),
        (
            {"accounts": {"1008": {"support_access": "forever"}}},
            "accounts.1008.support_access: must be off, indefinite",
        ),
        (
            {"accounts": {"1009": {"encrypted_recordings": "maybe"}}},
            "accounts.1009.encrypted_recordings: must be true",
        ),
        (
            {"accounts": {"1010": {"attested_on": "2025-13-40"}}},
            "accounts.1010.attested_on: 2025-13-40 is not a calendar date (there is no month 13)",
        ),
        ({"accounts": {"1010": {"attested_on": "soon"}}}, "accounts.1010.attested_on: must be a date"),
        (
            {"accounts": {"1011": {"allow_account_override": True}}},
            "accounts.1011.allow_account_override: unknown",
        ),
        ({"agency": {"baa_vendor_hosts": [1, 2]}}, "agency.baa_vendor_hosts: must be a list of host names"),
        ({"agencies": {}}, "agencies: unknown field"),
    ],
)
def test_errors_name_field_and_account(doc: dict[str, object], expected: str) -> None:
    with pytest.raises(AttestationError) as caught:
        parse_attestations(doc)
    assert any(p.startswith(expected) for p in caught.value.problems), caught.value.problems
    assert expected in str(caught.value)


def test_all_problems_reported_at_once() -> None:
    with pytest.raises(AttestationError) as caught:
        parse_attestations({"accounts": {"1": {"plann": 1}, "2": {"mfa": {"interval": "x"}}}})
    assert len(caught.value.problems) == 2


def test_errors_do_not_echo_values() -> None:
    with pytest.raises(AttestationError) as caught:
        parse_attestations({"accounts": {"1002": {"idle_logout_minutes": "jane.doe@clinic.example"}}})
    assert "jane.doe" not in str(caught.value)


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(AttestationError, match="cannot read"):
        load_attestations(tmp_path / "missing.yaml")
    with pytest.raises(AttestationError, match="not valid YAML"):
        load_attestations(write(tmp_path, "bad.yaml", "agency: [unclosed\n"))
    with pytest.raises(AttestationError, match="not valid JSON"):
        load_attestations(write(tmp_path, "bad.json", "{nope"))
    with pytest.raises(AttestationError, match="must be a mapping"):
        load_attestations(write(tmp_path, "list.yaml", "- a\n- b\n"))


# ---------------------------------------------------------------- expiry


def dated(on: str) -> AttestationFile:
    return parse_attestations(
        {
            "agency": {"idle_logout_minutes": 10, "attested_on": on},
            "accounts": {"1002": {"plan": "Enterprise", "attested_on": on}},
        }
    )


@pytest.mark.parametrize(
    ("on", "state"),
    [
        ("2025-03-03", EvidenceState.VALID),  # exactly 90 days before 2025-06-01
        ("2025-03-02", EvidenceState.EXPIRED),  # 91 days
        ("2025-06-01", EvidenceState.VALID),  # today
        ("2025-06-02", EvidenceState.MISSING),  # after the audit: not evidence
    ],
)
def test_expiry_at_the_boundary(on: str, state: EvidenceState) -> None:
    eff = effective_for(dated(on), "1002", now=NOW)
    assert eff.idle_logout_minutes.state is state
    assert eff.plan.state is state
    assert eff.plan.valid is (state is EvidenceState.VALID)


@pytest.mark.parametrize(
    ("on", "evidence"),
    [
        ("2025-05-01", "Enterprise"),  # valid: the value
        ("2025-03-02", None),  # expired: a value, but no evidence
        ("2025-06-02", None),  # dated after the audit: no evidence
    ],
)
def test_evidence_is_the_value_only_when_it_counts(on: str, evidence: str | None) -> None:
    eff = effective_for(dated(on), "1002", now=NOW)
    assert eff.plan.value == "Enterprise"
    assert eff.plan.evidence() == evidence
    assert (eff.plan.evidence() is not None) is eff.plan.valid


def test_evidence_of_a_missing_or_false_attestation() -> None:
    file = parse_attestations({"accounts": {"1002": {"plan": "Enterprise"}}})  # no attested_on date
    assert effective_for(file, "1002", now=NOW).plan.evidence() is None
    assert effective_for(dated("2025-05-01"), "9999", now=NOW).plan.evidence() is None  # not attested
    # A valid `false` is evidence (of a control that is off), not the absence of evidence.
    off = parse_attestations({"agency": {"recordings_login_required": False, "attested_on": "2025-05-01"}})
    assert effective_for(off, "1002", now=NOW).recordings_login_required.evidence() is False


def test_max_age_is_configurable() -> None:
    eff = effective_for(dated("2025-05-01"), "1002", now=NOW, max_age_days=30)
    assert eff.plan.state is EvidenceState.EXPIRED
    assert "31 days old, older than the 30-day maximum" in eff.plan.reason
    assert eff.plan.value == "Enterprise"  # kept for reports, but not valid evidence


def test_missing_attested_on_is_no_evidence() -> None:
    file = parse_attestations(
        {"agency": {"idle_logout_minutes": 10}, "accounts": {"1002": {"plan": "Enterprise"}}}
    )
    eff = effective_for(file, "1002", now=NOW)
    assert eff.idle_logout_minutes.state is EvidenceState.MISSING
    assert not eff.plan.valid
    assert "no attested_on date" in eff.plan.reason


def test_who_and_when_are_carried() -> None:
    file = parse_attestations(
        {
            "agency": {"idle_logout_minutes": 10, "attested_by": "Ops", "attested_on": "2025-05-01"},
            "accounts": {"1002": {"plan": "Enterprise", "attested_by": "PM", "attested_on": "2025-05-20"}},
        }
    )
    eff = effective_for(file, "1002", now=NOW)
    assert (eff.idle_logout_minutes.attested_by, eff.idle_logout_minutes.attested_on) == (
        "Ops",
        date(2025, 5, 1),
    )
    assert (eff.plan.attested_by, eff.plan.source) == ("PM", "account")
    assert "PM" not in eff.plan.reason  # reasons go into details: no people


def test_unknown_account_has_agency_settings_only() -> None:
    eff = effective_for(dated("2025-05-01"), "9999", now=NOW)
    assert eff.idle_logout_minutes.valid
    assert eff.plan.state is EvidenceState.MISSING
    assert "account 9999 has no attestation" in eff.plan.reason


def test_unattested_is_all_missing() -> None:
    eff = EffectiveAttestations.unattested("1002")
    for name in ("idle_logout_minutes", "mfa", "plan", "baa_signed_on", "export_fields", "support_access"):
        assert getattr(eff, name).state is EvidenceState.MISSING


# ---------------------------------------------------------------- overrides


def overriding(allow: bool) -> AttestationFile:
    return parse_attestations(
        {
            "agency": {
                "idle_logout_minutes": 30,
                "mfa": {"required": False},
                "allow_account_override": allow,
                "attested_on": "2025-05-01",
            },
            "accounts": {
                "1002": {
                    "idle_logout_minutes": 10,
                    "mfa": {"required": True, "interval": "every_login"},
                    "recordings_login_required": True,
                    "attested_on": "2025-05-20",
                }
            },
        }
    )


def test_overrides_apply_when_allowed() -> None:
    eff = effective_for(overriding(True), "1002", now=NOW)
    assert (eff.idle_logout_minutes.value, eff.idle_logout_minutes.source) == (10, "account")
    assert eff.idle_logout_minutes.attested_on == date(2025, 5, 20)
    assert eff.mfa.value is not None and eff.mfa.value.required is True
    # a key only the account sets is taken from it too
    assert eff.recordings_login_required.value is True and eff.recordings_login_required.valid


def test_overrides_ignored_when_not_allowed() -> None:
    eff = effective_for(overriding(False), "1002", now=NOW)
    assert (eff.idle_logout_minutes.value, eff.idle_logout_minutes.source) == (30, "agency")
    assert eff.idle_logout_minutes.override_ignored
    assert eff.mfa.value is not None and eff.mfa.value.required is False
    assert eff.recordings_login_required.value is None
    assert eff.recordings_login_required.override_ignored
    assert "does not allow overrides" in eff.recordings_login_required.reason


def test_override_expiry_follows_the_account_block() -> None:
    file = parse_attestations(
        {
            "agency": {
                "idle_logout_minutes": 30,
                "allow_account_override": True,
                "attested_on": "2025-05-01",
            },
            "accounts": {"1002": {"idle_logout_minutes": 10, "attested_on": "2024-12-01"}},
        }
    )
    eff = effective_for(file, "1002", now=NOW)
    assert eff.idle_logout_minutes.state is EvidenceState.EXPIRED
    assert eff.idle_logout_minutes.value == 10


def test_blocks_round_trip_through_json_for_stores(tmp_path: Path) -> None:
    # A store (DynamoDB) keeps each block as JSON and validates it back into the same model.
    file = load_attestations(write(tmp_path, "att.yaml", YAML_DOC))
    file = file.model_copy(
        update={
            "accounts": {
                **file.accounts,
                "1003": file.accounts["1002"].model_copy(
                    update={"baa_signed_on": False, "support_access": "indefinite"}
                ),
            }
        }
    )
    for block in (file.agency, *file.accounts.values()):
        again = type(block).model_validate(json.loads(block.model_dump_json(exclude_none=True)))
        assert again == block
