"""The catalog as a whole: ids, metadata, the HIPAA mapping, the runner's isolation of bugs."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from importlib import resources

import pytest
from check_factories import ACCOUNT, NOW, context, snapshot, unreadable_lists

from ctm_hipaa.attestations import EffectiveAttestations
from ctm_hipaa.checks import (
    CATALOG,
    Check,
    CheckContext,
    CheckMetadata,
    MappingError,
    all_checks,
    get_check,
    load_mapping,
    requirements_report,
    run_check,
    run_checks,
)
from ctm_hipaa.checks.base import ACCOUNT as ACCOUNT_RESOURCE
from ctm_hipaa.checks.base import Results
from ctm_hipaa.checks.mapping import parse_mapping
from ctm_hipaa.checks.registry import CatalogError, discover
from ctm_hipaa.findings.model import CheckResult, ResultStatus, Severity, worst_status

# The DESIGN.md catalog, in its order: the ids are fixed.
DESIGN_IDS = [
    "plan_hipaa_eligible",
    "users_individual_logins",
    "security_idle_logout",
    "security_mfa_required",
    "recordings_login_required",
    "notifications_no_phi",
    "exports_no_phi",
    "recordings_encrypted",
    "recordings_storage_encrypted",
    "baa_in_place",
    "webhooks_secure_destination",
    "triggers_offplatform_phi",
    "transcription_redaction",
    "recordings_link_expiry",
    "support_access_restricted",
    "attribution_health_terms",
    "webhook_phi_detected",
]


def test_catalog_is_exactly_the_design_catalog() -> None:
    ids = [c.check_id for c in all_checks()]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(DESIGN_IDS)


def test_catalog_follows_checklist_order() -> None:
    ids = [c.check_id for c in CATALOG]
    assert ids[:3] == ["plan_hipaa_eligible", "users_individual_logins", "security_idle_logout"]
    assert ids.index("baa_in_place") < ids.index("webhooks_secure_destination")


@pytest.mark.parametrize("check", CATALOG, ids=lambda c: c.check_id)
def test_metadata_complete(check: Check) -> None:
    meta = check.metadata
    assert meta.title.strip() and meta.risk.strip() and meta.remediation.strip()
    assert check.hipaa and all(re.match(r"^164\.\d{3}(\([A-Za-z0-9]+\))*$", c) for c in check.hipaa)
    assert meta.evidence
    assert meta.checklist_item in {"1", "2", "3.1", "3.2", "3.3", "4", "5", "6.1", "6.2", "7", "beyond"}
    # the remediation names the CTM screen to change
    assert "->" in meta.remediation or "CTM" in meta.remediation
    assert check.metadata.check_id == check.evaluate.__module__.rsplit(".", 1)[-1]


def test_metadata_rejects_incomplete_definitions() -> None:
    # Citations have one owner, the mapping: a check cannot declare its own.
    with pytest.raises(ValueError, match="hipaa"):
        CheckMetadata(
            check_id="x",
            title="t",
            severity=Severity.LOW,
            hipaa=("164.312(d)",),  # type: ignore[call-arg]
            checklist_item="1",
            risk="r",
            remediation="m",
            evidence=("api",),
        )
    with pytest.raises(ValueError, match="blank"):
        CheckMetadata(
            check_id="x",
            title=" ",
            severity=Severity.LOW,
            checklist_item="1",
            risk="r",
            remediation="m",
            evidence=("api",),
        )


def without(check_id: str) -> dict[str, object]:
    """The bundled mapping with `check_id` listed under no requirement."""
    data = json.loads(resources.files("ctm_hipaa.checks").joinpath("hipaa_mapping.json").read_text())
    for req in data["requirements"]:
        req["checks"] = [c for c in req["checks"] if c != check_id]
    return dict(data)


def test_a_check_no_requirement_lists_is_rejected_at_load() -> None:
    with pytest.raises(CatalogError, match="exports_no_phi"):
        discover(without("exports_no_phi"))


def test_citations_are_the_requirements_that_list_the_check() -> None:
    assert get_check("baa_in_place").hipaa == ("164.308(b)(1)", "164.314(a)(1)", "164.502(e)(1)")
    assert get_check("security_idle_logout").hipaa == ("164.312(a)(2)(iii)",)


def test_discovery_is_repeatable() -> None:
    assert [c.check_id for c in discover()] == [c.check_id for c in CATALOG]


# ---------------------------------------------------------------- mapping


def test_every_mapped_check_exists_and_every_check_is_mapped() -> None:
    mapping = load_mapping()
    mapped = {c for r in mapping.requirements for c in r.checks}
    ids = {c.check_id for c in all_checks()}
    assert mapped <= ids
    assert ids <= mapped


def test_mapping_agrees_with_check_citations() -> None:
    mapping = {r.id: set(r.checks) for r in load_mapping().requirements}
    for check in all_checks():
        for citation in check.hipaa:
            assert check.check_id in mapping.get(citation, set()), (check.check_id, citation)
    for req_id, checks in mapping.items():
        for check_id in checks:
            assert req_id in get_check(check_id).hipaa, (req_id, check_id)


def test_mapping_names_the_core_requirements() -> None:
    reqs = {r.id: r for r in load_mapping().requirements}
    for req_id in [
        "164.312(a)(2)(i)",
        "164.312(a)(2)(iii)",
        "164.312(a)(2)(iv)",
        "164.312(d)",
        "164.502(b)",
        "164.308(b)(1)",
        "164.312(b)",
        "164.312(e)(1)",
        "164.308(a)(5)(i)",
        "164.308(a)(1)(ii)(A)",
    ]:
        assert req_id in reqs
        assert reqs[req_id].title.strip()
    assert reqs["164.308(a)(5)(i)"].checks == ()
    assert reqs["164.308(a)(1)(ii)(A)"].checks == ()


def test_mapping_file_is_plain_json_data() -> None:
    text = resources.files("ctm_hipaa.checks").joinpath("hipaa_mapping.json").read_text()
    assert json.loads(text)["framework"] == "HIPAA"


def test_mapping_rejects_unknown_checks_duplicates_and_bad_citations() -> None:
    base = {"framework": "HIPAA", "name": "n"}
    ids = {c.check_id for c in all_checks()}
    with pytest.raises(MappingError, match="no_such_check"):
        parse_mapping(
            {
                **base,
                "requirements": [
                    {"id": "164.312(d)", "title": "t", "section": "s", "checks": ["no_such_check"]}
                ],
            },
            ids,
        )
    req = {"id": "164.312(d)", "title": "t", "section": "s", "checks": []}
    with pytest.raises(MappingError, match="twice"):
        parse_mapping({**base, "requirements": [req, req]}, ids)
    with pytest.raises(ValueError, match="164"):
        parse_mapping({**base, "requirements": [{**req, "id": "HIPAA"}]}, ids)
    # The registry refuses a mapping that names an unknown check as well.
    with pytest.raises(MappingError, match="no_such_check"):
        discover({**base, "requirements": [{**req, "checks": ["no_such_check"]}]})


def result(check_id: str, status: str, resource: str = "account") -> CheckResult:
    return CheckResult(
        check_id=check_id,
        account_id=ACCOUNT,
        resource_id=resource,
        status=ResultStatus(status),
        severity=Severity.HIGH,
        title="t",
        detail="d",
    )


def test_requirements_report_statuses() -> None:
    report = {
        r.requirement_id: r
        for r in requirements_report(
            [
                result("security_idle_logout", "PASS"),
                result("users_individual_logins", "PASS", "1"),
                result("users_individual_logins", "FAIL", "2"),
                result("security_mfa_required", "MANUAL"),
                result("recordings_login_required", "ERROR"),
                result("recordings_encrypted", "PASS"),
            ]
        )
    }
    assert report["164.312(a)(2)(iii)"].status is ResultStatus.PASS
    assert report["164.312(a)(2)(i)"].status is ResultStatus.FAIL
    assert report["164.312(a)(2)(i)"].counts["FAIL"] == 1 and report["164.312(a)(2)(i)"].counts["PASS"] == 1
    # FAIL outranks ERROR outranks MANUAL
    assert report["164.312(d)"].status is ResultStatus.FAIL
    assert report["164.308(a)(5)(ii)(D)"].status is ResultStatus.MANUAL
    assert report["164.312(a)(1)"].status is ResultStatus.ERROR
    # no automated check -> MANUAL, not missing
    assert report["164.308(a)(5)(i)"].status is ResultStatus.MANUAL
    assert "No automated check" in report["164.308(a)(5)(i)"].detail
    # checks mapped but not run -> MANUAL
    assert report["164.502(e)(1)"].status is ResultStatus.MANUAL
    # a PASS needs every mapped result to pass: one PASS, one not run is still PASS only for what ran
    assert report["164.312(a)(2)(iv)"].status is ResultStatus.PASS
    assert len(report) == len(load_mapping().requirements)


def test_requirements_report_over_a_real_run_covers_every_requirement() -> None:
    results = run_checks(context())
    report = requirements_report(results)
    assert {r.requirement_id for r in report} == {r.id for r in load_mapping().requirements}
    assert all(r.status in set(ResultStatus) for r in report)


# ---------------------------------------------------------------- runner


def test_run_checks_yields_every_check_for_every_account() -> None:
    for ctx in (
        context(),
        context(attestations=EffectiveAttestations.unattested(ACCOUNT)),
        context(snapshot(**unreadable_lists())),
    ):
        results = run_checks(ctx)
        assert {r.check_id for r in results} == set(DESIGN_IDS)
        assert all(r.account_id == ACCOUNT for r in results)
        keys = [(r.check_id, r.resource_id) for r in results]
        assert len(keys) == len(set(keys)), "a (check, resource) pair repeats: findings would collide"


def test_every_result_carries_its_checks_remediation_and_citations() -> None:
    for ctx in (context(), context(snapshot(**unreadable_lists()))):
        for res in run_checks(ctx):
            check = get_check(res.check_id)
            assert res.remediation == check.metadata.remediation and res.remediation.strip()
            assert res.hipaa == check.hipaa and res.hipaa


def test_a_broken_check_still_says_how_to_fix_it() -> None:
    check = replace(get_check("baa_in_place"), evaluate=lambda ctx: [])
    [res] = run_check(check, context())
    assert res.status is ResultStatus.ERROR and res.remediation == check.metadata.remediation


def test_run_checks_with_unreadable_parts_never_passes_api_only_checks() -> None:
    results = run_checks(context(snapshot(**unreadable_lists())))
    for check_id in (
        "users_individual_logins",
        "webhooks_secure_destination",
        "triggers_offplatform_phi",
        "transcription_redaction",
        "attribution_health_terms",
        "recordings_encrypted",
    ):
        assert {r.status.value for r in results if r.check_id == check_id} == {"ERROR"}, check_id


def test_results_carry_the_check_and_the_account() -> None:
    meta = get_check("security_mfa_required").metadata
    r = Results(meta, context())
    made = [r.passed("p"), r.failed("f"), r.manual("m"), r.error("e")]
    assert [res.status.value for res in made] == ["PASS", "FAIL", "MANUAL", "ERROR"]
    for res in made:
        assert (res.check_id, res.title, res.account_id) == (meta.check_id, meta.title, ACCOUNT)
        assert (res.resource_id, res.severity) == (ACCOUNT_RESOURCE, meta.severity)
        assert res.resource_name == "Acct"  # the account's name in the snapshot
    low = r.failed("weak", resource="account:email_mfa", name="Acct: email MFA", severity=Severity.LOW)
    assert (low.resource_id, low.severity, low.detail) == ("account:email_mfa", Severity.LOW, "weak")
    assert low.resource_name == "Acct: email MFA"


def test_a_result_on_another_resource_must_name_it() -> None:
    # A check that forgets the name of a user, webhook or trigger is a bug the runner reports.
    r = Results(get_check("users_individual_logins").metadata, context())
    with pytest.raises(ValueError, match="has no name"):
        r.failed("shared", resource="6021")


def test_a_raising_check_becomes_one_error_and_the_run_continues() -> None:
    def explode(ctx: CheckContext) -> list[CheckResult]:
        raise KeyError("frontdesk@clinic.example +1 614 555 0142")

    checks = (replace(get_check("baa_in_place"), evaluate=explode), get_check("security_idle_logout"))
    results = run_checks(context(), checks)
    assert [(r.check_id, r.status.value) for r in results] == [
        ("baa_in_place", "ERROR"),
        ("security_idle_logout", "PASS"),
    ]
    assert "KeyError" in results[0].detail
    assert "frontdesk" not in results[0].detail and "555" not in results[0].detail


@pytest.mark.parametrize(
    "returns",
    [
        [],
        [
            CheckResult(
                check_id="other",
                account_id=ACCOUNT,
                resource_id="account",
                status=ResultStatus.PASS,
                severity=Severity.LOW,
                title="t",
                detail="d",
            )
        ],
        [
            CheckResult(
                check_id="baa_in_place",
                account_id="999",
                resource_id="account",
                status=ResultStatus.PASS,
                severity=Severity.LOW,
                title="t",
                detail="d",
            )
        ],
        [
            CheckResult(
                check_id="baa_in_place",
                account_id=ACCOUNT,
                resource_id="account",
                status=ResultStatus.PASS,
                severity=Severity.LOW,
                title="t",
                detail="d",
            )
        ]
        * 2,
    ],
)
def test_malformed_check_output_is_an_error(returns: list[CheckResult]) -> None:
    check = replace(get_check("baa_in_place"), evaluate=lambda ctx: list(returns))
    [res] = run_check(check, context())
    assert res.status is ResultStatus.ERROR and res.check_id == "baa_in_place"


def test_context_is_frozen() -> None:
    ctx = context()
    with pytest.raises(ValueError):
        ctx.now = NOW  # type: ignore[misc]


def test_not_applicable_ranks_after_pass() -> None:
    # Nothing to judge is no verdict: beside any real result, the real result is the check's verdict.
    assert worst_status([ResultStatus.NOT_APPLICABLE, ResultStatus.PASS]) is ResultStatus.PASS
    assert worst_status([ResultStatus.NOT_APPLICABLE]) is ResultStatus.NOT_APPLICABLE
    assert ResultStatus.NOT_APPLICABLE.rank == len(ResultStatus) - 1
