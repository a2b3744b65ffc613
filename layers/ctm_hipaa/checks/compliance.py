"""How each HIPAA requirement of the mapping (`checks/mapping.py`) stands over a set of check results.

As in Prowler's compliance frameworks, a requirement with no automated check is not dropped: it
is reported MANUAL, so a report shows the whole rule, not only what the tool can see.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache

from pydantic import BaseModel, ConfigDict

from ctm_hipaa.checks.mapping import ComplianceFramework, bundled_mapping, parse_mapping
from ctm_hipaa.checks.registry import all_checks
from ctm_hipaa.findings import CheckResult, ResultStatus, worst_status


class RequirementStatus(BaseModel):
    """How one requirement stands given a set of check results."""

    model_config = ConfigDict(frozen=True)

    requirement_id: str
    title: str
    section: str
    status: ResultStatus
    checks: tuple[str, ...]
    counts: dict[str, int]  # results of the mapped checks, by status
    detail: str


@cache
def load_mapping() -> ComplianceFramework:
    """The bundled HIPAA mapping, validated against the check catalog once."""
    return parse_mapping(bundled_mapping(), {c.check_id for c in all_checks()})


def requirements_report(
    results: Iterable[CheckResult], framework: ComplianceFramework | None = None
) -> list[RequirementStatus]:
    """One status per requirement over `results` (of one account, or of many).

    FAIL if any mapped check failed, else ERROR if any errored, else MANUAL if any is manual, else
    PASS. A requirement with no automated check, or whose checks produced no result, is MANUAL.
    """
    framework = framework or load_mapping()
    by_check: dict[str, Counter[str]] = {}
    for res in results:
        by_check.setdefault(res.check_id, Counter())[res.status.value] += 1

    report: list[RequirementStatus] = []
    for req in framework.requirements:
        counts: Counter[str] = Counter()
        for check_id in req.checks:
            counts.update(by_check.get(check_id, Counter()))
        if not req.checks:
            status, detail = ResultStatus.MANUAL, "No automated check: assess and document this manually."
        elif not counts:
            status, detail = ResultStatus.MANUAL, "Its checks produced no results in this run."
        else:
            status = worst_status(ResultStatus(name) for name, count in counts.items() if count)
            summary = ", ".join(f"{counts[s.value]} {s.value}" for s in ResultStatus if counts[s.value])
            detail = f"Results of its {len(req.checks)} mapped checks: {summary}."
        report.append(
            RequirementStatus(
                requirement_id=req.id,
                title=req.title,
                section=req.section,
                status=status,
                checks=req.checks,
                counts={s.value: counts[s.value] for s in ResultStatus},
                detail=detail,
            )
        )
    return report
