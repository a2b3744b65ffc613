"""A finding's history: one PHI-free entry per move of its lifecycle (opened, reopened, grew,
suppressed, resolved, muted, unmuted) and per alert claim or release, for `ctm-hipaa findings show`.

An entry holds ids, enums, a generation and a time, never a title, detail or path: what moved, from
where to where, when and by which run or mute rule. Entries expire after `RETENTION` (six
years, HIPAA's documentation retention, 45 CFR 164.316(b)(2)(i)); a finding moves a few times a day
at most, so its history stays small. SEEN observations (only `last_seen` and the counts move) are
not logged: they are the finding's `last_seen`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from ctm_hipaa.findings.lifecycle import Transition
from ctm_hipaa.findings.model import Finding, ResultStatus, WorkflowStatus


class HistoryEvent(StrEnum):
    """What moved a finding: an observation's transition, an alert claim, or a mute rule."""

    CREATED = "created"
    REOPENED = "reopened"
    GREW = "grew"
    SUPPRESSED = "suppressed"  # an observation found a mute rule in force
    RESOLVED = "resolved"
    NOTIFIED = "notified"  # an alert or the run's digest claimed this generation
    RELEASED = "released"  # the alert could not be sent: the claim was given back
    MUTED = "muted"  # a new mute rule suppressed the open finding at once
    UNMUTED = "unmuted"  # its mute rule was revoked: open again, owing an alert

    @classmethod
    def of(cls, transition: Transition) -> HistoryEvent | None:
        """The event an observation's transition logs; None for SEEN and UNCHANGED (nothing moved)."""
        return _OBSERVED.get(transition)


_OBSERVED = {
    Transition.CREATED: HistoryEvent.CREATED,
    Transition.REOPENED: HistoryEvent.REOPENED,
    Transition.GREW: HistoryEvent.GREW,
    Transition.SUPPRESSED: HistoryEvent.SUPPRESSED,
    Transition.RESOLVED: HistoryEvent.RESOLVED,
}
# The events whose entry names the mute rule involved.
_MUTE_EVENTS = frozenset({HistoryEvent.SUPPRESSED, HistoryEvent.MUTED, HistoryEvent.UNMUTED})


class HistoryEntry(BaseModel):
    """One move of one finding. `from_status` is None when the move created the finding."""

    model_config = ConfigDict(frozen=True)

    finding_id: str
    account_id: str
    at: datetime
    event: HistoryEvent
    from_status: WorkflowStatus | None = None
    to_status: WorkflowStatus
    generation: int
    result_status: ResultStatus
    run_id: str | None = None
    mute_rule_id: str | None = None

    @classmethod
    def of_move(
        cls,
        event: HistoryEvent,
        before: Finding | None,
        after: Finding,
        at: datetime,
        *,
        run_id: str | None = None,
    ) -> HistoryEntry:
        """The entry of `before` becoming `after` at `at` through `event` (`run_id`: the audit run
        that observed it, if any). An UNMUTED entry names the rule revoked, the others the rule in
        force."""
        rule_holder = before if event is HistoryEvent.UNMUTED and before is not None else after
        return cls(
            finding_id=after.finding_id,
            account_id=after.account_id,
            at=at,
            event=event,
            from_status=before.status if before else None,
            to_status=after.status,
            generation=after.generation,
            result_status=after.result_status,
            run_id=run_id,
            mute_rule_id=rule_holder.mute_rule_id if event in _MUTE_EVENTS else None,
        )
