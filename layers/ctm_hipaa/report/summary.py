"""One account's audit in numbers: counts per status, a verdict per check, the score and whether
the account can be called compliant.

**Score** (documented contract of run records, reports and the demo):

    score = 100 * PASS / (PASS + FAIL + MANUAL + ERROR), rounded to 0.1

over the *applicable* checks, computed per *check*, not per result, so that one check reporting
twenty offending users weighs as much as one reporting a single setting. A check's verdict for an
account is the worst of its results in this order: FAIL, ERROR, MANUAL, PASS, NOT_APPLICABLE
(`worst_status`, as `requirements_report` uses). A check whose verdict is NOT_APPLICABLE (nothing to
judge) is out of the score; MANUAL (no valid evidence) and ERROR (evidence unreadable) are in it and
never count as passing, so a check nobody has proven lowers the score. With no applicable check the
score is None. The agency's score is the same formula over every account's checks (`combine`).

**Compliance**: an account is *not compliant*, whatever its score, when a check FAILs or a critical
result is MANUAL or ERROR (a BAA nobody has attested is no BAA); *compliant* when every applicable
check passes; *unproven* otherwise (only non-critical MANUAL or ERROR results stand in the way).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from ctm_hipaa.findings import CheckResult, ResultStatus, Severity, worst_status

_UNPROVEN = (ResultStatus.MANUAL, ResultStatus.ERROR)


class Compliance(StrEnum):
    """Whether an account (or an agency) can be called compliant; see the module docstring."""

    COMPLIANT = "compliant"
    NOT_COMPLIANT = "not compliant"
    UNPROVEN = "unproven"


class ResultSummary(BaseModel):
    """Counts and score of one account's results (or of several accounts' results added up)."""

    model_config = ConfigDict(frozen=True)

    results: dict[str, int]  # results per status
    checks: dict[str, int]  # checks per verdict
    score: float | None  # see the module docstring
    decided_checks: int  # checks with a PASS or FAIL verdict
    total_checks: int
    # Defaults let run records written before these fields load.
    applicable_checks: int = 0  # checks with a verdict other than NOT_APPLICABLE: the score's base
    critical_unproven: int = 0  # critical MANUAL or ERROR results

    @property
    def coverage(self) -> float | None:
        """Share of the checks with a definite verdict (PASS or FAIL)."""
        return self.decided_checks / self.total_checks if self.total_checks else None

    @property
    def compliance(self) -> Compliance:
        """Not compliant on any FAIL or critical MANUAL/ERROR, compliant when every applicable check
        passes, else unproven."""
        if self.checks.get(ResultStatus.FAIL.value, 0) or self.critical_unproven:
            return Compliance.NOT_COMPLIANT
        if self.checks.get(ResultStatus.PASS.value, 0) == self.applicable_checks:
            return Compliance.COMPLIANT
        return Compliance.UNPROVEN

    def describe(self) -> str:
        """A short PHI-free sentence: verdicts, score beside them, and the compliance verdict."""
        verdicts = ", ".join(f"{self.checks.get(s.value, 0)} {s.value}" for s in ResultStatus)
        if self.score is None:
            score = "score n/a (no applicable check)"
        else:
            passed = self.checks.get(ResultStatus.PASS.value, 0)
            score = f"score {self.score:.1f}% ({passed} of {self.applicable_checks} applicable checks pass)"
        compliance = self.compliance.value
        if self.critical_unproven:
            compliance += f" ({self.critical_unproven} critical MANUAL or ERROR)"
        return f"{self.total_checks} checks: {verdicts}; {score}; {compliance}"


def verdict(statuses: Iterable[ResultStatus]) -> ResultStatus:
    """A check's verdict from its results: FAIL, else ERROR, else MANUAL, else PASS, else NOT_APPLICABLE."""
    return worst_status(statuses)


def _score(passed: int, applicable: int) -> float | None:
    return round(100.0 * passed / applicable, 1) if applicable else None


def summarize(results: Iterable[CheckResult]) -> ResultSummary:
    """Counts per status, the verdict per check, the score and the critical MANUAL/ERROR results of
    one account's results."""
    by_status: Counter[str] = Counter()
    by_check: dict[str, list[ResultStatus]] = {}
    critical = 0
    for res in results:
        by_status[res.status.value] += 1
        by_check.setdefault(res.check_id, []).append(res.status)
        if res.severity is Severity.CRITICAL and res.status in _UNPROVEN:
            critical += 1
    verdicts: Counter[str] = Counter(verdict(statuses).value for statuses in by_check.values())
    passed = verdicts[ResultStatus.PASS.value]
    applicable = len(by_check) - verdicts[ResultStatus.NOT_APPLICABLE.value]
    return ResultSummary(
        results={s.value: by_status[s.value] for s in ResultStatus},
        checks={s.value: verdicts[s.value] for s in ResultStatus},
        score=_score(passed, applicable),
        decided_checks=passed + verdicts[ResultStatus.FAIL.value],
        total_checks=len(by_check),
        applicable_checks=applicable,
        critical_unproven=critical,
    )


def combine(summaries: Iterable[ResultSummary]) -> ResultSummary:
    """Several accounts' summaries added up: the agency's counts, and its score by the same formula
    over every account's checks (not a mean of the accounts' scores)."""
    results: Counter[str] = Counter()
    checks: Counter[str] = Counter()
    decided = total = applicable = critical = 0
    for summary in summaries:
        results.update(summary.results)
        checks.update(summary.checks)
        decided += summary.decided_checks
        total += summary.total_checks
        applicable += summary.applicable_checks
        critical += summary.critical_unproven
    return ResultSummary(
        results={s.value: results[s.value] for s in ResultStatus},
        checks={s.value: checks[s.value] for s in ResultStatus},
        score=_score(checks[ResultStatus.PASS.value], applicable),
        decided_checks=decided,
        total_checks=total,
        applicable_checks=applicable,
        critical_unproven=critical,
    )
