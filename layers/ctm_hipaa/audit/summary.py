"""One account's audit in numbers: counts per status, a verdict per check, and the score.

**Score** (documented contract of run records, reports and the demo):

    score = 100 * checks that PASS / (checks that PASS + checks that FAIL), rounded to 0.1

computed per *check*, not per result, so that one check reporting twenty offending users weighs
as much as one reporting a single setting. A check's verdict for an account is the worst of its
results in this order: FAIL, ERROR, MANUAL, PASS (`worst_status`, as `requirements_report` uses). MANUAL
(no valid evidence) and ERROR (evidence unreadable) checks are *not* in the score, because nothing
is known about them; they are never counted as passing either. `coverage` says how much of the
catalog the score stands on: decided checks / all checks. With no decided check the score is None.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from ctm_hipaa.ctm import SNAPSHOT_PARTS, AccountSnapshot
from ctm_hipaa.findings import CheckResult, ResultStatus, worst_status


class ResultSummary(BaseModel):
    """Counts and score of one account's results (or of several accounts' results added up)."""

    model_config = ConfigDict(frozen=True)

    results: dict[str, int]  # results per status (PASS, FAIL, MANUAL, ERROR)
    checks: dict[str, int]  # checks per verdict
    score: float | None  # see the module docstring
    decided_checks: int
    total_checks: int

    @property
    def coverage(self) -> float | None:
        """Share of the checks with a definite verdict (PASS or FAIL)."""
        return self.decided_checks / self.total_checks if self.total_checks else None

    def describe(self) -> str:
        """A short PHI-free sentence: verdicts, score and coverage."""
        verdicts = ", ".join(f"{self.checks[s.value]} {s.value}" for s in ResultStatus)
        if self.score is None:
            score = "score n/a (no check with a PASS/FAIL verdict)"
        else:
            passed = self.checks["PASS"]
            score = f"score {self.score:.1f}% ({passed} of {self.decided_checks} decided checks pass)"
        return f"{self.total_checks} checks: {verdicts}; {score}"


def verdict(statuses: Iterable[ResultStatus]) -> ResultStatus:
    """A check's verdict from its results: FAIL, else ERROR, else MANUAL, else PASS."""
    return worst_status(statuses)


def summarize(results: Iterable[CheckResult]) -> ResultSummary:
    """Counts per status, the verdict per check, and the score of one account's results."""
    by_status: Counter[str] = Counter()
    by_check: dict[str, list[ResultStatus]] = {}
    for res in results:
        by_status[res.status.value] += 1
        by_check.setdefault(res.check_id, []).append(res.status)
    verdicts: Counter[str] = Counter(verdict(statuses).value for statuses in by_check.values())
    passed, failed = verdicts[ResultStatus.PASS.value], verdicts[ResultStatus.FAIL.value]
    decided = passed + failed
    return ResultSummary(
        results={s.value: by_status[s.value] for s in ResultStatus},
        checks={s.value: verdicts[s.value] for s in ResultStatus},
        score=round(100.0 * passed / decided, 1) if decided else None,
        decided_checks=decided,
        total_checks=len(by_check),
    )


def part_errors(snapshot: AccountSnapshot) -> dict[str, str]:
    """Which snapshot parts could not be read, and the error kind of each (no messages, no values)."""
    errors: dict[str, str] = {}
    for name in SNAPSHOT_PARTS:
        part = snapshot.part(name)
        if part.error is not None:
            errors[name] = part.error.kind
        elif part.items is None:
            errors[name] = "missing"
    return errors
