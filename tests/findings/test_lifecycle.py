"""The lifecycle rules alone: pure functions over findings and results, no table."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ctm_hipaa.findings import lifecycle
from ctm_hipaa.findings.lifecycle import PathsSeen, Transition
from ctm_hipaa.findings.model import CheckResult, Finding, ResultStatus, Severity, WorkflowStatus
from ctm_hipaa.findings.mute import MuteRule

T0 = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
NO_PATHS = PathsSeen(set(), 0)


def result(status: ResultStatus = ResultStatus.FAIL, severity: Severity = Severity.HIGH) -> CheckResult:
    return CheckResult(
        check_id="users_individual_logins",
        account_id="1001",
        resource_id="user-7",
        status=status,
        severity=severity,
        title="Shared login",
        detail="User user-7 uses a role mailbox.",
    )


def after(
    current: Finding | None,
    res: CheckResult,
    *,
    mute: MuteRule | None = None,
    now: datetime = T0,
    categories: frozenset[str] = frozenset(),
) -> tuple[Finding, Transition] | None:
    return lifecycle.observed(
        current,
        res,
        mute=mute,
        now=now,
        run_id="r1",
        categories=set(categories),
        seen=NO_PATHS,
        occurrences=1,
    )


def changed(current: Finding | None, res: CheckResult, **kw: Any) -> tuple[Finding, Transition]:
    change = after(current, res, **kw)
    assert change is not None
    return change


MUTE = MuteRule(
    check_id="users_individual_logins",
    reason="Kiosk login, ticket 88",
    expires_at=T0 + timedelta(days=7),
    created_by="ops@example.com",
    created_at=T0,
)


def test_each_row_of_the_lifecycle_table() -> None:
    created, transition = changed(None, result())
    assert transition is Transition.CREATED and created.status is WorkflowStatus.NEW
    assert lifecycle.owes_alert(created)

    seen, transition = changed(created, result(severity=Severity.LOW), now=T0 + timedelta(hours=1))
    assert transition is Transition.SEEN and seen.generation == 1 and seen.occurrences == 2
    assert seen.severity is Severity.HIGH  # the worse of the two stays

    grown, transition = changed(seen, result(), categories=frozenset({"NAME"}))
    assert transition is Transition.GREW and grown.generation == 2

    resolved, transition = changed(grown, result(ResultStatus.PASS))
    assert transition is Transition.RESOLVED and resolved.status is WorkflowStatus.RESOLVED
    assert (
        lifecycle.observed(
            resolved,
            result(ResultStatus.PASS),
            mute=None,
            now=T0,
            run_id=None,
            categories=set(),
            seen=NO_PATHS,
            occurrences=1,
        )
        is None
    )

    reopened, transition = changed(resolved, result())
    assert transition is Transition.REOPENED and reopened.generation == 3 and reopened.occurrences == 1

    muted, transition = changed(reopened, result(), mute=MUTE)
    assert transition is Transition.SUPPRESSED and not lifecycle.owes_alert(muted)
    unmuted, transition = changed(muted, result())
    assert transition is Transition.REOPENED and unmuted.status is WorkflowStatus.NEW


@pytest.mark.parametrize(
    ("status", "allow_resolve", "ignored"),
    [
        (ResultStatus.MANUAL, False, False),  # issue 9: MANUAL and ERROR become findings
        (ResultStatus.ERROR, False, False),
        (ResultStatus.PASS, False, True),
        (ResultStatus.PASS, True, False),
        (ResultStatus.NOT_APPLICABLE, False, True),
        (ResultStatus.NOT_APPLICABLE, True, False),
        (ResultStatus.FAIL, False, False),
    ],
)
def test_only_unpermitted_passes_and_not_applicables_are_ignored(
    status: ResultStatus, allow_resolve: bool, ignored: bool
) -> None:
    assert lifecycle.ignored(result(status), allow_resolve=allow_resolve) is ignored


def test_a_claim_holds_once_per_open_generation_and_a_release_only_undoes_it() -> None:
    finding, _ = changed(None, result())
    notified = lifecycle.claimed(finding, finding)
    assert notified is not None and notified.status is WorkflowStatus.NOTIFIED
    assert notified.notified_generation == 1
    assert lifecycle.claimed(notified, finding) is None

    assert lifecycle.released(notified, finding) == finding
    resolved = lifecycle.resolved(notified, T0, run_id="r2")
    assert lifecycle.released(resolved, finding) is None
    assert lifecycle.claimed(resolved, finding) is None


def test_absent_findings_are_the_unresolved_ones_of_the_scope_not_reported() -> None:
    kept, _ = changed(None, result())
    gone = kept.model_copy(update={"finding_id": "f1-gone"})
    other = kept.model_copy(update={"finding_id": "f1-other", "check_id": "baa_in_place"})
    done = lifecycle.resolved(gone.model_copy(update={"finding_id": "f1-done"}), T0, run_id=None)

    absent = lifecycle.absent([kept, gone, other, done], {"users_individual_logins"}, {kept.finding_id})

    assert absent == [gone]


@pytest.mark.parametrize("unproven", [ResultStatus.MANUAL, ResultStatus.ERROR])
def test_an_unproven_finding_proven_failing_says_so_and_is_no_reopening(unproven: ResultStatus) -> None:
    opened, _ = changed(None, result(unproven))
    assert opened.change_label == "new"
    worse, transition = changed(opened, result(), now=T0 + timedelta(days=1))
    assert transition is Transition.GREW and worse.generation == 2 and lifecycle.owes_alert(worse)
    assert worse.change_label == f"now FAIL (was {unproven.value})"
    # Seen failing again: same generation, same news.
    again, transition = changed(worse, result(), now=T0 + timedelta(days=2))
    assert transition is Transition.SEEN and again.change_label == f"now FAIL (was {unproven.value})"
    # Unproven again (say the attestation expired): still the news of this generation.
    back, transition = changed(again, result(unproven), now=T0 + timedelta(days=3))
    assert transition is Transition.SEEN and back.change_label == f"now FAIL (was {unproven.value})"
    # Resolved, then failing: that is a reopening.
    resolved, _ = changed(back, result(ResultStatus.PASS))
    reopened, _ = changed(resolved, result())
    assert (reopened.change_label, reopened.escalated_from) == ("reopened", None)
    grown, _ = changed(reopened, result(), categories=frozenset({"NAME"}))
    assert grown.change_label == "new categories"


def test_a_new_mute_suppresses_open_findings_only() -> None:
    open_finding, _ = changed(None, result())
    resolved = lifecycle.resolved(open_finding, T0, run_id="r2")
    suppressed = lifecycle.muted(open_finding, MUTE, T0)

    assert suppressed is not None and suppressed.status is WorkflowStatus.SUPPRESSED
    assert suppressed.mute_rule_id == MUTE.rule_id and suppressed.generation == open_finding.generation
    assert lifecycle.muted(resolved, MUTE, T0) is None  # muted when it reopens, not before
    assert lifecycle.muted(open_finding, MUTE, MUTE.expires_at) is None  # an expired rule takes nothing


def test_revoking_a_mute_reopens_with_a_fresh_generation_unless_another_rule_holds() -> None:
    open_finding, _ = changed(None, result())
    suppressed = lifecycle.muted(open_finding, MUTE, T0)
    assert suppressed is not None
    revoked = MUTE.model_copy(update={"revoked_at": T0, "revoked_by": "Ada Okafor"})
    other = MUTE.model_copy(update={"rule_id": "other-rule"})

    reopened = lifecycle.unmuted(suppressed, revoked, [revoked], T0)
    kept = lifecycle.unmuted(suppressed, revoked, [revoked, other], T0)

    assert reopened is not None and reopened[1]
    assert reopened[0].status is WorkflowStatus.NEW and reopened[0].generation == 2
    assert lifecycle.owes_alert(reopened[0])
    assert kept is not None and not kept[1]
    assert kept[0].status is WorkflowStatus.SUPPRESSED and kept[0].mute_rule_id == "other-rule"
    assert lifecycle.unmuted(open_finding, revoked, [revoked], T0) is None  # not suppressed by it
