"""The finding lifecycle as pure rules over findings and check results (README: "What it does").
Nothing here reads or writes: a store reads the finding, applies these, and writes the
result its own way (FindingStore conditionally on DynamoDB, the tests' fake in memory).

    FAIL, no finding        -> NEW (or SUPPRESSED when a mute rule matches)
    FAIL, NEW/NOTIFIED      -> only last_seen moves (generation bumps if its categories grow, or
                               if it was MANUAL or ERROR: escalated, the control is now proven failing)
    FAIL, RESOLVED          -> NEW again, generation + 1 (reopened: alerts again)
    FAIL, SUPPRESSED        -> NEW again, generation + 1, once no mute rule matches any more
    PASS, open              -> RESOLVED, but only when the caller allows resolution
    NOT_APPLICABLE, open    -> RESOLVED, as PASS: nothing is left to judge
    a new mute rule, open   -> SUPPRESSED at once (`muted`)
    its rule revoked        -> NEW again, generation + 1, as when a mute expires (`unmuted`)

MANUAL and ERROR results go the way of FAIL (`OPENING`): nobody has shown the control is in place,
so the finding opens, alerts and is digested the same way; `result_status` says which it was. A
MANUAL finding resolves when evidence arrives and the check passes; an ERROR finding only through
a complete audit, since callers allow resolution only for a complete audit with no ERROR at all.

A finding owes an alert while it is open and its generation is above the one people heard about
(`owes_alert`); an alert claims that generation before it is sent (`claimed`) and gives the claim
back when it could not be sent (`released`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from ctm_hipaa.findings.model import (
    RESULT_GUIDANCE,
    Change,
    CheckResult,
    Finding,
    ResultStatus,
    Severity,
    WorkflowStatus,
    bound_paths,
)
from ctm_hipaa.findings.mute import MuteRule


class Transition(StrEnum):
    """What one observation did to a finding."""

    CREATED = "created"
    REOPENED = "reopened"
    GREW = "grew"  # new categories or paths on an open finding
    SEEN = "seen"
    SUPPRESSED = "suppressed"
    RESOLVED = "resolved"
    UNCHANGED = "unchanged"


def owes_alert(finding: Finding) -> bool:
    """True when people have not yet heard about this generation of the (open) finding."""
    return finding.status.is_open and finding.generation > finding.notified_generation


@dataclass(frozen=True)
class Observation:
    """The result of recording one check result: the finding as stored afterwards, and why."""

    transition: Transition
    finding: Finding | None

    @property
    def needs_alert(self) -> bool:
        """True when people have not yet heard about this generation of the finding."""
        return self.finding is not None and owes_alert(self.finding)


@dataclass
class AuditOutcome:
    """What one account's audit changed, for the digest alert and the audit-run record."""

    created: list[Finding] = field(default_factory=list)
    reopened: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    seen: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    resolution_allowed: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.reopened or self.resolved)

    @property
    def needing_alert(self) -> list[Finding]:
        return [f for f in self.created + self.reopened if f.generation > f.notified_generation]


@dataclass(frozen=True)
class PathsSeen:
    """The paths of one observation, and how many distinct ones its caller already left out."""

    paths: set[str]
    left_out: int

    def bounded(self, current: Finding | None = None) -> dict[str, Any]:
        """`paths` and `more_paths` of a finding after this observation (merged into `current`'s).

        Paths dropped earlier are not remembered, so the count is a lower bound: the largest of
        what each bound alone proves, never a sum that a repeated delivery would inflate.
        """
        kept, dropped = bound_paths(self.paths | set(current.paths if current else ()))
        earlier = current.more_paths if current else 0
        return {"paths": kept, "more_paths": max(dropped, self.left_out, earlier)}


# Results that clear a finding: the control is in place, or there is nothing left to judge (the
# trigger, webhook or call setting it was about is gone), so the problem is gone too.
CLEARING = frozenset({ResultStatus.PASS, ResultStatus.NOT_APPLICABLE})
# Results that open or keep a finding: the control is not in place, or nobody has shown it is.
OPENING = frozenset({ResultStatus.FAIL, ResultStatus.MANUAL, ResultStatus.ERROR})


def ignored(result: CheckResult, *, allow_resolve: bool) -> bool:
    """True when `result` changes no finding whatever is stored: a PASS or NOT_APPLICABLE
    (`CLEARING`) that may not resolve."""
    return result.status in CLEARING and not allow_resolve


def observed(
    current: Finding | None,
    result: CheckResult,
    *,
    mute: MuteRule | None,
    now: datetime,
    run_id: str | None,
    categories: set[str],
    seen: PathsSeen,
    occurrences: int,
) -> tuple[Finding, Transition] | None:
    """The finding after a FAIL, MANUAL or ERROR (`OPENING`) or a resolving PASS or NOT_APPLICABLE
    (see `ignored`), and why; None if it stays.

    `mute` is the rule in force for an opening result (None for a clearing one); `occurrences` are
    counted on the finding, `categories` and `seen` paths accumulate on it.
    """
    if result.status in CLEARING:
        if current is None or current.status is WorkflowStatus.RESOLVED:
            return None
        return resolved(current, now, run_id=run_id), Transition.RESOLVED
    return after_failure(current, result, mute, now, run_id, categories, seen, occurrences)


def after_failure(
    current: Finding | None,
    result: CheckResult,
    mute: MuteRule | None,
    now: datetime,
    run_id: str | None,
    categories: set[str],
    seen: PathsSeen,
    occurrences: int,
) -> tuple[Finding, Transition]:
    """The finding after a FAIL, MANUAL or ERROR result, and why (the table in the module's docstring)."""
    muted_status = WorkflowStatus.SUPPRESSED if mute else None
    guidance = {name: getattr(result, name) for name in RESULT_GUIDANCE}
    if current is None:
        finding = Finding(
            finding_id=result.finding_id,
            check_id=result.check_id,
            account_id=result.account_id,
            resource_id=result.resource_id,
            severity=result.severity,
            title=result.title,
            detail=result.detail,
            **guidance,
            status=muted_status or WorkflowStatus.NEW,
            result_status=result.status,
            change=Change.NEW,
            first_seen=now,
            last_seen=now,
            status_changed_at=now,
            categories=sorted(categories),
            **seen.bounded(),
            occurrences=occurrences,
            mute_rule_id=mute.rule_id if mute else None,
            last_run_id=run_id,
        )
        return finding, Transition.SUPPRESSED if mute else Transition.CREATED
    merged_categories = set(current.categories) | categories
    update: dict[str, Any] = {
        "last_seen": now,
        "result_status": result.status,
        "title": result.title,
        "detail": result.detail,
        **guidance,
        "last_run_id": run_id,
        "categories": sorted(merged_categories),
        **seen.bounded(current),
        "occurrences": current.occurrences + occurrences,
        "severity": worse(current.severity, result.severity),
        "mute_rule_id": mute.rule_id if mute else None,
    }
    if current.status is WorkflowStatus.RESOLVED or (
        current.status is WorkflowStatus.SUPPRESSED and not mute
    ):
        # Reopened (or a mute expired): a fresh generation that people must hear about.
        update.update(
            status=muted_status or WorkflowStatus.NEW,
            status_changed_at=now,
            generation=current.generation + 1,
            severity=result.severity,
            categories=sorted(categories),
            **seen.bounded(),
            occurrences=occurrences,
            change=Change.REOPENED,
            escalated_from=None,
        )
        transition = Transition.SUPPRESSED if mute else Transition.REOPENED
    elif mute and current.status is not WorkflowStatus.SUPPRESSED:
        update.update(status=WorkflowStatus.SUPPRESSED, status_changed_at=now)
        transition = Transition.SUPPRESSED
    elif result.status is ResultStatus.FAIL and current.result_status is not ResultStatus.FAIL:
        # Worse news on an open finding, an unproven control now proven failing: a new
        # generation, so that people hear about it, and hear what it was.
        update.update(
            generation=current.generation + 1, change=Change.ESCALATED, escalated_from=current.result_status
        )
        transition = Transition.GREW
    elif merged_categories != set(current.categories):
        # Worse news on an open finding, more PHI categories: a new generation too.
        update.update(generation=current.generation + 1, change=Change.GREW, escalated_from=None)
        transition = Transition.GREW
    else:
        transition = Transition.SEEN
    return current.model_copy(update=update), transition


def resolved(finding: Finding, now: datetime, *, run_id: str | None) -> Finding:
    """The finding, RESOLVED now by run `run_id`."""
    return finding.model_copy(
        update={"status": WorkflowStatus.RESOLVED, "status_changed_at": now, "last_run_id": run_id}
    )


def muted(finding: Finding, rule: MuteRule, now: datetime) -> Finding | None:
    """`finding` SUPPRESSED by the new `rule`, or None when the rule does not take it: it is not
    open (a resolved finding is muted when it reopens, a suppressed one keeps its rule) or the rule
    does not match it."""
    if not finding.status.is_open or not rule.matches(finding, now):
        return None
    return finding.model_copy(
        update={"status": WorkflowStatus.SUPPRESSED, "status_changed_at": now, "mute_rule_id": rule.rule_id}
    )


def unmuted(
    finding: Finding, revoked: MuteRule, rules: Iterable[MuteRule], now: datetime
) -> tuple[Finding, bool] | None:
    """`finding` after its mute rule `revoked` was revoked, and whether it reopened; None when that
    rule did not suppress it.

    It reopens as NEW with a fresh generation, as when a mute expires, so it owes an alert: the
    next audit or delivery that sees it sends it (both announce by state). Another of `rules` in
    force that matches keeps it SUPPRESSED, under that rule."""
    if finding.status is not WorkflowStatus.SUPPRESSED or finding.mute_rule_id != revoked.rule_id:
        return None
    other = next((r for r in rules if r.rule_id != revoked.rule_id and r.matches(finding, now)), None)
    if other is not None:
        return finding.model_copy(update={"mute_rule_id": other.rule_id}), False
    reopened = finding.model_copy(
        update={
            "status": WorkflowStatus.NEW,
            "status_changed_at": now,
            "generation": finding.generation + 1,
            "mute_rule_id": None,
        }
    )
    return reopened, True


def worse(a: Severity, b: Severity) -> Severity:
    return a if a.rank <= b.rank else b


def absent(findings: Iterable[Finding], check_ids: Iterable[str], seen_ids: set[str]) -> list[Finding]:
    """The unresolved findings of these checks that an audit reporting `seen_ids` no longer saw."""
    scope = set(check_ids)
    return [
        f
        for f in findings
        if f.check_id in scope and f.finding_id not in seen_ids and f.status is not WorkflowStatus.RESOLVED
    ]


def apply_audit(
    results: Sequence[CheckResult],
    *,
    complete: bool,
    resolution_scope: Iterable[str] | None,
    observe: Callable[[CheckResult, bool], Observation],
    resolve_absent: Callable[[set[str], set[str]], list[Finding]],
) -> AuditOutcome:
    """One account's audit through a store's `observe(result, allow_resolve)` and
    `resolve_absent(check_ids, seen_ids)`. Only a complete audit with no ERROR result resolves
    anything; `resolution_scope` names the checks whose absent findings may be resolved (default:
    every check that produced a result in this audit)."""
    allowed = complete and not any(r.status is ResultStatus.ERROR for r in results)
    outcome = AuditOutcome(resolution_allowed=allowed)
    buckets = {
        Transition.CREATED: outcome.created,
        Transition.REOPENED: outcome.reopened,
        Transition.RESOLVED: outcome.resolved,
        Transition.SEEN: outcome.seen,
        Transition.GREW: outcome.seen,
        Transition.SUPPRESSED: outcome.suppressed,
    }
    for result in results:
        observation = observe(result, allowed)
        if observation.finding is not None and observation.transition in buckets:
            buckets[observation.transition].append(observation.finding)
    if allowed:
        scope = set(resolution_scope) if resolution_scope is not None else {r.check_id for r in results}
        outcome.resolved.extend(resolve_absent(scope, {r.finding_id for r in results}))
    return outcome


def claimed(stored: Finding, finding: Finding) -> Finding | None:
    """`stored` with `finding`'s generation marked NOTIFIED, or None when that generation is no
    longer open and owed (someone claimed it, or it was resolved, muted or reopened since)."""
    if (
        stored.generation != finding.generation
        or stored.notified_generation >= finding.generation
        or not stored.status.is_open
    ):
        return None
    return stored.model_copy(
        update={"notified_generation": finding.generation, "status": WorkflowStatus.NOTIFIED}
    )


def released(stored: Finding, finding: Finding) -> Finding | None:
    """`stored` with the claim of `finding` (as it was before its claim) given back, or None when
    `stored` is no longer in the state that claim wrote: a resolve, a mute or a reopen since wins.
    Writes that only moved `last_seen` or the counts do not stand in the way."""
    if (
        stored.generation != finding.generation
        or stored.notified_generation != finding.generation
        or stored.status is not WorkflowStatus.NOTIFIED
    ):
        return None
    return stored.model_copy(
        update={"notified_generation": finding.notified_generation, "status": finding.status}
    )
