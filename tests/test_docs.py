"""docs/snapshot.md and docs/attestations.md are generated from the models and the checks' traced
reads (`make docs`): they cannot drift, and `--help` points at them."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from ctm_hipaa.attestations import AccountAttestation, AgencyAttestation, CtmPlan, MfaPolicy
from ctm_hipaa.checks import all_checks
from ctm_hipaa_tools import docs
from ctm_hipaa_tools.cli import _parser

ROOT = Path(__file__).resolve().parents[1]


def test_the_docs_are_what_the_models_and_checks_generate() -> None:
    for name, text in docs.render_all().items():
        path = ROOT / "docs" / name
        assert path.is_file(), f"docs/{name} is missing: run make docs"
        assert path.read_text(encoding="utf-8") == text, f"docs/{name} is out of date: run make docs"


def test_every_check_is_credited_with_the_fields_it_reads() -> None:
    readers = docs.check_reads()
    credited = {check for checks in readers.values() for check in checks}
    assert credited == {check.check_id for check in all_checks()}
    # A read through a nested object and through a list of them both count.
    assert "users_individual_logins" in readers["users.email"]
    assert "triggers_offplatform_phi" in readers["triggers.routing_rules.actions.url"]
    assert "plan_hipaa_eligible" in readers["attestations.plan"]


def test_every_attestation_field_is_documented_with_its_allowed_values() -> None:
    text = (ROOT / "docs" / "attestations.md").read_text(encoding="utf-8")
    paths = [f"agency.{name}" for name in AgencyAttestation.model_fields]
    paths += [f"accounts.<id>.{name}" for name in AccountAttestation.model_fields]
    paths += [
        f"{block}.mfa.{name}" for block in ("agency", "accounts.<id>") for name in MfaPolicy.model_fields
    ]
    missing = [path for path in paths if f"| `{path}` |" not in text]
    assert missing == []
    plans = ", ".join(f"`{plan}`" for plan in CtmPlan)
    assert f"| `accounts.<id>.plan` | text, one of the allowed values | {plans} |" in text


def _helps(parser: argparse.ArgumentParser) -> list[str]:
    texts = [parser.format_help()]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            texts += [_helps(sub)[0] for sub in action.choices.values()]
    return texts


def test_help_points_at_the_docs_not_at_an_unshipped_design_file(capsys: pytest.CaptureFixture[str]) -> None:
    helps = "\n".join(_helps(_parser()))
    assert "DESIGN" not in helps
    for name in docs.DOCS:
        assert f"docs/{name}" in helps
