"""What a check is: metadata beside a pure function over a `CheckContext`.

A check module in `checks/catalog/` defines `METADATA` and `evaluate(ctx) -> list[CheckResult]`,
which builds its results with `Results(METADATA, ctx)`.
Checks never call CTM, read files or the clock: everything they know is in the context, so a
check is a function of its inputs and a test builds the context by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ctm_hipaa.attestations import Attested, EffectiveAttestations
from ctm_hipaa.checks.fields import listing
from ctm_hipaa.checks.names import account_name, part_resource_name, rejected_item_name
from ctm_hipaa.ctm import AccountSnapshot, Part
from ctm_hipaa.findings import CheckResult, ResultStatus, Severity

_CHECK_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class EvidenceKind(StrEnum):
    """Where a check's evidence comes from."""

    API = "api"  # the CTM REST API, via the account snapshot
    ATTESTATION = "attestation"  # what a person recorded from the CTM UI
    WEBHOOK = "webhook"  # what the real-time webhook inspector observed


class CheckMetadata(BaseModel):
    """Everything a report says about a check besides its results and its HIPAA citations (those
    live in `hipaa_mapping.json` only). Validated when loaded."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    check_id: str
    title: str = Field(min_length=1)
    severity: Severity
    checklist_item: str = Field(min_length=1, description="CTM HIPAA checklist item, or 'beyond'")
    risk: str = Field(min_length=1)
    remediation: str = Field(min_length=1, description="What to change, naming the CTM screen")
    evidence: tuple[EvidenceKind, ...] = Field(min_length=1)

    @field_validator("check_id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _CHECK_ID.match(value):
            raise ValueError("check_id must be snake_case")
        return value

    @field_validator("title", "risk", "remediation", "checklist_item")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value


class WebhookObservation(BaseModel):
    """What the real-time webhook inspector saw for one account on one channel (PHI-free)."""

    model_config = ConfigDict(frozen=True)

    channel: str  # e.g. "webhook:end"
    categories: frozenset[str] = frozenset()  # PHI categories seen, e.g. NAME, PHONE, HEALTH
    deliveries: int = Field(default=0, ge=0)
    last_seen: datetime
    # False: the latest delivery carried PHI (or was not fully inspected) but no open finding says
    # what (its record is parked for redrive, or its finding was resolved by hand since): no PASS.
    settled: bool = True


class CheckContext(BaseModel):
    """All a check may know about one account: collected once, evaluated by every check."""

    model_config = ConfigDict(frozen=True)

    snapshot: AccountSnapshot
    attestations: EffectiveAttestations
    webhook_observations: list[WebhookObservation] = Field(default_factory=list)
    now: datetime

    @property
    def account_id(self) -> str:
        """The CTM account the context describes."""
        return self.snapshot.account_id


Evaluate = Callable[[CheckContext], list[CheckResult]]


@dataclass(frozen=True)
class Check:
    """A registered check: its metadata, its pure evaluation function, and its HIPAA citations
    (45 CFR ids such as 164.312(d)), which the registry takes from the mapping."""

    metadata: CheckMetadata
    evaluate: Evaluate
    hipaa: tuple[str, ...]

    @property
    def check_id(self) -> str:
        """The check's fixed id."""
        return self.metadata.check_id


ACCOUNT = "account"
"""The resource id of a result about the account as a whole: its settings and attestations."""


ATTEST_COMMAND = "ctm-hipaa attest FILE --by NAME --note EVIDENCE"
"""How attested evidence is recorded (`ctm-hipaa attest`): FILE is the attestations file holding
the fields a MANUAL result names, NAME who read the CTM screens, EVIDENCE what they looked at."""


@dataclass(frozen=True)
class Results:
    """The results of one check on one context, e.g. `r = Results(METADATA, ctx)`, then
    `r.passed(detail)` or `r.failed(detail, resource=user.id, name=user_name(user))`.

    Every result carries the check's id and title and the context's account; the resource
    defaults to the account as a whole and the severity to the check's. A result on another
    resource names it (`name`, see `checks.names`): how a user finds it in CTM.
    """

    meta: CheckMetadata
    ctx: CheckContext

    def _result(
        self,
        status: ResultStatus,
        detail: str,
        resource: str,
        name: str | None,
        severity: Severity | None,
        attest: Sequence[str] = (),
    ) -> CheckResult:
        if name is None:
            if resource != ACCOUNT:
                # A programming error: the runner reports it as the check's ERROR.
                raise ValueError(f"the {self.meta.check_id} result on resource {resource} has no name")
            name = account_name(self.ctx.snapshot)
        if attest:
            detail += (
                f" Record {listing(attest)} in the attestations file from what the CTM UI shows, "
                "with a current attested_on, then run the attest command."
            )
        return CheckResult(
            check_id=self.meta.check_id,
            account_id=self.ctx.account_id,
            resource_id=resource,
            resource_name=name,
            status=status,
            severity=severity or self.meta.severity,
            title=self.meta.title,
            detail=detail,
            attest_fields=tuple(attest),
            attest_command=ATTEST_COMMAND if attest else "",
        )

    def passed(
        self,
        detail: str,
        *,
        resource: str = ACCOUNT,
        name: str | None = None,
        severity: Severity | None = None,
    ) -> CheckResult:
        """A PASS result: the control is in place."""
        return self._result(ResultStatus.PASS, detail, resource, name, severity)

    def failed(
        self,
        detail: str,
        *,
        resource: str = ACCOUNT,
        name: str | None = None,
        severity: Severity | None = None,
    ) -> CheckResult:
        """A FAIL result: the evidence shows the control is not in place."""
        return self._result(ResultStatus.FAIL, detail, resource, name, severity)

    def manual(
        self,
        detail: str,
        *,
        resource: str = ACCOUNT,
        name: str | None = None,
        severity: Severity | None = None,
        attest: Sequence[str] = (),
    ) -> CheckResult:
        """A MANUAL result: the evidence does not settle it; a person must look.

        `attest` names the attestation fields whose lack leaves it open (`attest_path`): the
        detail then says to record them, and the result carries them and the attest command.
        """
        return self._result(ResultStatus.MANUAL, detail, resource, name, severity, attest)

    def not_applicable(self, detail: str, *, resource: str = ACCOUNT, name: str | None = None) -> CheckResult:
        """A NOT_APPLICABLE result: there is nothing to judge (e.g. no trigger); `detail` says what is absent.

        It is no verdict: it is shown as such and kept out of the score.
        """
        return self._result(ResultStatus.NOT_APPLICABLE, detail, resource, name, None)

    def error(self, detail: str, *, resource: str = ACCOUNT, name: str | None = None) -> CheckResult:
        """An ERROR result: the evidence could not be read, or the check could not run."""
        return self._result(ResultStatus.ERROR, detail, resource, name, None)

    def part_error(self, part_name: str) -> CheckResult | None:
        """An ERROR result when the snapshot part `part_name` (e.g. "call_settings") was not read, else None.

        The resource id is ``account:<part_name>``, named e.g. ``users of Acme Dental``. The detail
        names the part, the error kind and the HTTP status: never the CTM message body, which is not
        ours to vouch for.
        """
        part: Part[Any] = getattr(self.ctx.snapshot, part_name)
        label = part_name.replace("_", " ")
        if part.error is None and part.items is not None:
            return None
        if part.error is None:
            detail = f"The {label} of this account were not collected, so this check could not run on them."
        else:
            status = f" (HTTP {part.error.status})" if part.error.status is not None else ""
            detail = (
                f"The {label} of this account could not be read from CTM: {part.error.kind}{status}; "
                "this check could not run on them."
            )
        return self.error(
            detail, resource=f"{ACCOUNT}:{part_name}", name=part_resource_name(self.ctx.snapshot, part_name)
        )

    def rejected(self, part_name: str) -> list[CheckResult]:
        """One ERROR per item of the part `part_name` that fit no source's shape and so was left out.

        The resource is the item's id when CTM gave a plain one, else ``account:<part_name>[<index>]``,
        named by the kind and that id or position (its own fields are what could not be read). The
        detail names the field and the JSON type it had (`ItemProblem.detail`), never its value.
        """
        part: Part[Any] = getattr(self.ctx.snapshot, part_name)
        label = part_name.replace("_", " ").removesuffix("s")
        return [
            self.error(
                f"CTM returned this {label} in a shape no source gives it ({problem.detail}), "
                "so this check could not evaluate it.",
                resource=problem.id or f"{ACCOUNT}:{part_name}[{problem.index}]",
                name=rejected_item_name(part_name, problem),
            )
            for problem in part.rejected
        ]

    def attest_path(self, attested: Attested[Any], key: str | None = None) -> str:
        """Where `attested` (or its `key`, e.g. `required` of `mfa`) is recorded in the attestations
        file, e.g. ``agency.idle_logout_minutes`` or ``accounts.1001.plan``."""
        path = self.ctx.attestations.path_of(attested)
        return f"{path}.{key}" if key else path

    def unproven(self, attested: Attested[Any], what: str) -> CheckResult:
        """A MANUAL result on the account for a control whose attestation is no evidence, saying why
        and which field to record."""
        if attested.value is None:
            why = f"{what} is not attested: {attested.reason}"
        else:
            why = f"{what} has no valid evidence: {attested.reason}"
        return self.manual(f"{why}.", attest=[self.attest_path(attested)])

    @staticmethod
    def attested_on(attested: Attested[Any]) -> str:
        """A short PHI-free clause saying where valid evidence came from, for PASS/FAIL details."""
        return f"(per {attested.reason})"
