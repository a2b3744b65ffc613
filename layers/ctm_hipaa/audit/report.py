"""The audit's table output, shared by `ctm-hipaa audit` and `ctm-hipaa demo`, and the catalog's
(`ctm-hipaa checks`).

Per account: one row per result (check, status, severity, resource, detail), then a summary line
with the verdict counts and the score (defined in `ctm_hipaa.audit.summary`). Everything printed is
a check id, an enum, a CTM id or a check's PHI-free detail sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ctm_hipaa.audit.summary import combine, summarize
from ctm_hipaa.checks import Check, all_checks
from ctm_hipaa.findings import CheckResult, ResultStatus

HEADERS = ("check", "status", "severity", "resource", "detail")
CATALOG_HEADERS = ("check", "severity", "item", "evidence", "hipaa", "title")
_ORDER = {check.check_id: index for index, check in enumerate(all_checks())}


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
        for account_id in sorted(by_account, key=_id_key)
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
    ordered = sorted(shown, key=lambda r: (_ORDER.get(r.check_id, len(_ORDER)), r.resource_id))
    rows = [
        (r.check_id, r.status.value, r.severity.value, r.resource_id, _one_line(r.detail)) for r in ordered
    ]
    out = [f"Account {account_id}", *text_columns(HEADERS, rows), summary_line(account_id, results)]
    return "\n".join(out) + "\n"


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


def _id_key(account_id: str) -> tuple[int, str]:
    return (0, account_id.zfill(20)) if account_id.isdigit() else (1, account_id)
