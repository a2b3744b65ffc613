"""`table`: the text tables of `ctm-hipaa audit` (the default format) and `ctm-hipaa demo`, and the
catalog's (`ctm-hipaa checks`).

Per account: one row per result (check, status, severity, resource, detail), a summary line with
the verdict counts and the score (`ctm_hipaa.report.summary`), then what to fix: per check with a
FAIL, MANUAL or ERROR result, its citations, each such result's resource (name and id), the check's
remediation and the `ctm-hipaa attest` lines. Findings, when given, follow as one table
(`render_findings`, also all of `ctm-hipaa findings list`). Everything printed is a check id, an
enum, a CTM id, a workforce name or a check's PHI-free sentence.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from ctm_hipaa.checks import ACCOUNT, Check, EvidenceKind, all_checks
from ctm_hipaa.findings import CheckResult, Finding, ResultStatus, worst_status
from ctm_hipaa.report.model import OPEN_RESULTS, ReportInput, account_sort_key
from ctm_hipaa.report.summary import combine, summarize

HEADERS = ("check", "status", "severity", "resource", "detail")
CATALOG_HEADERS = ("check", "severity", "item", "evidence", "hipaa", "title")
FINDING_HEADERS = ("id", "account", "check", "severity", "result", "status", "resource", "age", "last seen")
# How much of a finding id the findings table shows: unique in practice, and `findings show` takes it.
SHORT_ID_CHARS = 13
_ORDER = {check.check_id: index for index, check in enumerate(all_checks())}
_WIDTH = 100


def render(report: ReportInput) -> str:
    """The results' tables (`render_table`), then the findings given as one table; the findings
    table alone when there are findings and no results."""
    if report.findings and not report.results:
        return render_findings(report.findings, now=report.generated_at)
    text = render_table(report.results)
    if report.findings:
        text += "\n" + render_findings(report.findings, now=report.generated_at)
    return text


def render_table(results: Iterable[CheckResult], *, hide_passing: bool = False) -> str:
    """Results of one or more accounts as text tables, one per account, in catalog order, then (for
    several accounts) the agency's line: the verdicts and score over every account's checks.

    With `hide_passing`, PASS rows are counted in the summary line but not listed.
    """
    by_account: dict[str, list[CheckResult]] = {}
    for res in results:
        by_account.setdefault(res.account_id, []).append(res)
    if not by_account:
        return "No accounts were audited.\n"
    blocks = [
        _account_block(account_id, by_account[account_id], hide_passing)
        for account_id in sorted(by_account, key=account_sort_key)
    ]
    if len(by_account) > 1:
        agency = combine(summarize(results) for results in by_account.values())
        blocks.append(f"All {len(by_account)} accounts: {agency.describe()}\n")
    return "\n".join(blocks)


def summary_line(account_id: str, results: Iterable[CheckResult]) -> str:
    """`Account 412230: 17 checks: 12 PASS, 2 FAIL, 3 MANUAL, 0 ERROR, 0 NOT_APPLICABLE; score 70.6%
    (12 of 17 applicable checks pass); not compliant`."""
    return f"Account {account_id}: {summarize(results).describe()}"


def _account_block(account_id: str, results: list[CheckResult], hide_passing: bool) -> str:
    shown = [r for r in results if not (hide_passing and r.status is ResultStatus.PASS)]
    if not shown:
        return summary_line(account_id, results) + "\n"
    ordered = catalog_order(shown)
    rows = [
        (r.check_id, r.status.value, r.severity.value, _row_resource(r), _one_line(r.detail)) for r in ordered
    ]
    out = [
        _account_heading(account_id, results),
        *text_columns(HEADERS, rows),
        summary_line(account_id, results),
    ]
    out += _fixes([r for r in ordered if r.status in OPEN_RESULTS])
    return "\n".join(out) + "\n"


def _account_heading(account_id: str, results: list[CheckResult]) -> str:
    """`Account 412230 (Brightside Family Medicine - Dayton)`, with the account's name when a result on
    the account as a whole carries one."""
    name = next((r.resource_name for r in results if r.resource_id == ACCOUNT and r.resource_name), "")
    return f"Account {account_id} ({_one_line(name)})" if name else f"Account {account_id}"


def _row_resource(result: CheckResult) -> str:
    # The account's own name heads its block; other resources show as a user finds them in CTM.
    return ACCOUNT if result.resource_id == ACCOUNT else resource_label(result)


def webhook_check_ids() -> frozenset[str]:
    """The checks whose evidence is the webhook inspector's: their findings are PHI detections."""
    return frozenset(c.check_id for c in all_checks() if EvidenceKind.WEBHOOK in c.metadata.evidence)


def catalog_order(results: Iterable[CheckResult]) -> list[CheckResult]:
    """`results` in the catalog's check order (unknown checks last), then by resource id."""
    return sorted(results, key=lambda r: (_ORDER.get(r.check_id, len(_ORDER)), r.resource_id))


def _fixes(open_results: list[CheckResult]) -> list[str]:
    """Per check with open results (in catalog order): verdict, severity and citations, each open
    result's status and resource, the remediation, and the distinct attest lines."""
    by_check: dict[str, list[CheckResult]] = {}
    for res in open_results:
        by_check.setdefault(res.check_id, []).append(res)
    if not by_check:
        return []
    out = ["", f"  To fix: {len(by_check)} check(s), {len(open_results)} result(s)"]
    for check_id, results in by_check.items():
        first = results[0]
        cited = f"  HIPAA {', '.join(first.hipaa)}" if first.hipaa else ""
        status = worst_status(r.status for r in results)
        out.append(f"  {check_id}  {status.value}  {first.severity.value}{cited}")
        out += [f"    - {r.status.value}  {resource_label(r)}" for r in results]
        if first.remediation:
            out += textwrap.wrap(
                _one_line(first.remediation),
                _WIDTH,
                initial_indent="    Fix: ",
                subsequent_indent="         ",
            )
        attest = dict.fromkeys(r.attest_command for r in results if r.attest_command)
        out += [f"    Attest: {_one_line(line)}" for line in attest]
    return out


def resource_label(item: CheckResult | Finding) -> str:
    """`Front desk (webhook:7)`: the resource's name as a user finds it in CTM, then its id."""
    name = _one_line(item.resource_name)
    return f"{name} ({item.resource_id})" if name else item.resource_id


def render_findings(findings: Iterable[Finding], *, now: datetime) -> str:
    """Findings as one text table under `Findings (N)`, worst severity first: the id's first
    `SHORT_ID_CHARS`, account, check, severity, the result that opened it, workflow status,
    resource (name and id), age at `now` and when last seen."""
    ordered = sorted(
        findings, key=lambda f: (f.severity.rank, account_sort_key(f.account_id), f.check_id, f.resource_id)
    )
    if not ordered:
        return "No findings.\n"
    rows = [
        (
            f.finding_id[:SHORT_ID_CHARS],
            f.account_id,
            f.check_id,
            f.severity.value,
            f.result_status.value,
            f.status.value,
            resource_label(f),
            age_label(now - f.first_seen),
            utc_time(f.last_seen),
        )
        for f in ordered
    ]
    return "\n".join([f"Findings ({len(rows)})", *text_columns(FINDING_HEADERS, rows)]) + "\n"


def age_days(finding: Finding, now: datetime) -> int:
    """Whole days since the finding was first seen (0 for one first seen after `now`)."""
    return max(0, (now - finding.first_seen).days)


def age_label(age: timedelta) -> str:
    """`45 m` under an hour, `5 h` under two days, else `40 d` (never negative)."""
    minutes = max(0, int(age.total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} m"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // (24 * 60)} d"


def utc_time(moment: datetime, *, seconds: bool = False) -> str:
    """`2026-12-01 12:00 UTC` (with `:SS` when `seconds`)."""
    return moment.astimezone(UTC).strftime(f"%Y-%m-%d %H:%M{':%S' if seconds else ''} UTC")


def render_catalog(checks: Iterable[Check]) -> str:
    """The checks as one text table in the order given: id, severity, checklist item, evidence kinds,
    HIPAA citations, title."""
    rows = [
        (
            check.check_id,
            check.metadata.severity.value,
            check.metadata.checklist_item,
            ",".join(kind.value for kind in check.metadata.evidence),
            " ".join(check.hipaa),
            check.metadata.title,
        )
        for check in checks
    ]
    return "\n".join(text_columns(CATALOG_HEADERS, rows)) + "\n"


def text_columns(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    """The header, a rule and the rows, every column but the last padded to its widest cell."""
    widths = [max(len(headers[i]), *(len(row[i]) for row in rows)) for i in range(len(headers) - 1)]

    def line(cells: tuple[str, ...]) -> str:
        fixed = "  ".join(cell.ljust(width) for cell, width in zip(cells[:-1], widths, strict=True))
        return f"  {fixed}  {cells[-1]}".rstrip()

    return [line(headers), line(tuple("-" * len(h) for h in headers)), *(line(row) for row in rows)]


def _one_line(text: str) -> str:
    return " ".join(text.split())
