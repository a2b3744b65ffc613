"""`html`: the report as one self-contained page an auditor can open, keep and print.

Inline CSS only: no script, font, image or stylesheet from anywhere (a Content-Security-Policy of
`default-src 'none'` says so to the browser too), and print CSS (A4, one account per page, colours
kept). Sections, each shown with an empty-state sentence when its data was not given:

1. agency summary: score and compliance verdict per account and for the agency
   (`ctm_hipaa.report.summary`), and the trend over the runs given;
2. per account: every result (check, status, severity, resource name and id, detail; for FAIL,
   MANUAL and ERROR what to do: the remediation, citations and attest line), then the attestations
   that apply to it (who, when, until when);
3. the HIPAA requirement matrix: requirement -> status per account (`requirements_report`);
4. the PHI-flow matrix: per account, webhook channel x PHI category, with counts, first and last seen;
5. open findings with their age.

Every string from the input goes through `html.escape`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from html import escape

from ctm_hipaa import __version__
from ctm_hipaa.checks import requirements_report
from ctm_hipaa.findings import CheckResult, Finding, ResultStatus
from ctm_hipaa.report.model import AGENCY_SCOPE, OPEN_RESULTS, ReportInput, RunPoint, account_sort_key
from ctm_hipaa.report.summary import ResultSummary, combine, summarize
from ctm_hipaa.report.table import age_days, catalog_order

MAX_TREND_RUNS = 12
# Nothing may load: no script, font, image or stylesheet; the inline CSS alone is allowed.
CSP = "default-src 'none'; style-src 'unsafe-inline'"
_ANCHOR = re.compile(r"[^A-Za-z0-9_-]")

CSS = """
:root { --ink: #1d2430; --muted: #5b6472; --rule: #d8dde4; --pass: #1e7b3c; --fail: #b3261e;
  --manual: #9a5b00; --error: #6d2aa8; --na: #5b6472; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); margin: 0 auto; padding: 24px; max-width: 1280px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 32px 0 8px;
  border-bottom: 2px solid var(--ink); padding-bottom: 4px; } h3 { font-size: 15px; margin: 20px 0 6px; }
p.meta, p.empty, .muted { color: var(--muted); } p.empty { font-style: italic; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid var(--rule); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f2f4f7; font-weight: 600; } td.num { text-align: right; white-space: nowrap; }
code { font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; word-break: break-all; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-size: 12px;
  font-weight: 600; white-space: nowrap; }
.s-pass { background: var(--pass); } .s-fail { background: var(--fail); }
.s-manual { background: var(--manual); } .s-error { background: var(--error); }
.s-not_applicable { background: var(--na); }
.v-compliant { color: var(--pass); font-weight: 600; }
.v-not-compliant { color: var(--fail); font-weight: 600; }
.v-unproven { color: var(--manual); font-weight: 600; }
.sev-critical { color: var(--fail); font-weight: 600; } .sev-high { color: var(--fail); }
.bar { background: #e6e9ee; height: 10px; min-width: 120px; } .bar span { display: block; height: 10px;
  background: var(--pass); }
.fix p { margin: 0 0 4px; } .cited { color: var(--muted); font-size: 12px; }
td.cell-pass { background: #e8f4ec; } td.cell-fail { background: #fbe9e7; }
td.cell-manual { background: #fdf3e1; }
td.cell-error { background: #f1e8fa; } td.cell-not_applicable { background: #f2f4f7; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 14mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 11px; }
  nav { display: none; }
  section.account { break-before: page; }
  h2, h3 { break-after: avoid; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def render(report: ReportInput) -> str:
    """The whole page, as UTF-8 text."""
    by_account: dict[str, list[CheckResult]] = {account: [] for account in report.account_ids()}
    for res in report.results:
        by_account[res.account_id].append(res)
    title = f"HIPAA compliance report: {report.agency_name or 'CTM agency'}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{_e(title)}</h1>",
        f'<p class="meta">Generated {_e(_when(report.generated_at))} by ctm-hipaa {_e(__version__)}; '
        f"{len(by_account)} account(s), {len(report.results)} result(s).</p></header>",
        _nav(by_account),
        _summary(by_account),
        _trend(report.runs),
        *(_account(account, results, report) for account, results in by_account.items()),
        _requirements(by_account),
        _phi_flows(report),
        _findings(report.findings, report.generated_at),
        "<footer>Ids, statuses, counts, the checks' own sentences and workforce names only: ctm-hipaa "
        "never stores or shows PHI. Score = PASS / (PASS + FAIL + MANUAL + ERROR) over the applicable "
        "checks; a FAIL or a critical MANUAL or ERROR makes an account not compliant.</footer>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _anchor(account_id: str) -> str:
    return "account-" + _ANCHOR.sub("-", account_id)


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment.utcoffset() is not None else moment.isoformat()


def _badge(status: ResultStatus) -> str:
    return f'<span class="badge s-{status.value.lower()}">{_e(status.value)}</span>'


def _table(headers: Sequence[str], rows: Iterable[str]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _empty(text: str) -> str:
    return f'<p class="empty">{_e(text)}</p>'


def _nav(by_account: dict[str, list[CheckResult]]) -> str:
    links = [("summary", "Summary"), ("trend", "Trend")]
    links += [(_anchor(a), f"Account {a}") for a in by_account]
    links += [("requirements", "HIPAA requirements"), ("phi-flow", "PHI flow"), ("findings", "Open findings")]
    items = "".join(f'<li><a href="#{_e(href)}">{_e(text)}</a></li>' for href, text in links)
    return f"<nav><ul>{items}</ul></nav>"


def _verdict(summary: ResultSummary) -> str:
    verdict = summary.compliance.value
    return f'<span class="v-{_e(verdict.replace(" ", "-"))}">{_e(verdict)}</span>'


def _score(summary: ResultSummary) -> str:
    return "n/a" if summary.score is None else f"{summary.score:.1f}%"


def _summary_row(label: str, summary: ResultSummary) -> str:
    counts = "".join(f'<td class="num">{summary.checks.get(s.value, 0)}</td>' for s in ResultStatus)
    return (
        f'<tr><td>{label}</td><td class="num">{_e(_score(summary))}</td><td>{_verdict(summary)}</td>'
        f"{counts}</tr>"
    )


def _summary(by_account: dict[str, list[CheckResult]]) -> str:
    audited = {a: summarize(results) for a, results in by_account.items() if results}
    out = ['<section id="summary"><h2>Agency summary</h2>']
    if not audited:
        out.append(_empty("No account was audited: this report holds no results."))
        return "".join(out) + "</section>"
    rows = [
        _summary_row(f'<a href="#{_e(_anchor(a))}">Account {_e(a)}</a>', summary)
        for a, summary in audited.items()
    ]
    agency = combine(audited.values())
    rows.append(_summary_row(f"<strong>Agency ({len(audited)} accounts)</strong>", agency))
    headers = ["Account", "Score", "Verdict", *(f"{s.value} checks" for s in ResultStatus)]
    out.append(_table(headers, rows))
    out.append(f'<p class="muted">Agency: {_e(agency.describe())}</p></section>')
    return "".join(out)


def _trend(runs: Sequence[RunPoint]) -> str:
    out = ['<section id="trend"><h3>Trend over the last runs</h3>']
    if not runs:
        out.append(_empty("No earlier runs were given: the trend appears in reports built from stored runs."))
        return "".join(out) + "</section>"
    by_run: dict[str, list[RunPoint]] = {}
    for point in sorted(runs, key=lambda p: p.started_at):
        by_run.setdefault(point.run_id, []).append(point)
    recent = list(by_run.items())[-MAX_TREND_RUNS:]
    accounts = sorted({p.account_id for _, points in recent for p in points}, key=account_sort_key)
    rows = []
    for run_id, points in recent:
        agency = combine(p.summary for p in points)
        scores = {p.account_id: p.summary for p in points}
        width = 0.0 if agency.score is None else agency.score
        cells = "".join(
            f'<td class="num">{_e(_score(scores[a])) if a in scores else "-"}</td>' for a in accounts
        )
        rows.append(
            f"<tr><td>{_e(_when(points[0].started_at))}<br><code>{_e(run_id)}</code></td>"
            f'<td class="num">{_e(_score(agency))}</td>'
            f'<td><div class="bar"><span style="width:{width:.1f}%"></span></div></td>'
            f"<td>{_verdict(agency)}</td>{cells}</tr>"
        )
    headers = ["Run", "Agency score", "", "Agency verdict", *(f"Account {a}" for a in accounts)]
    out.append(_table(headers, rows))
    return "".join(out) + "</section>"


def _account(account_id: str, results: list[CheckResult], report: ReportInput) -> str:
    out = [f'<section class="account" id="{_e(_anchor(account_id))}"><h2>Account {_e(account_id)}</h2>']
    if results:
        out.append(f'<p class="meta">{_e(summarize(results).describe())}</p>')
        headers = ["Check", "Status", "Severity", "Resource", "Detail", "What to do"]
        out.append(_table(headers, (_result_row(r) for r in catalog_order(results))))
    else:
        out.append(_empty("No results for this account in this report."))
    out.append(_attestations(account_id, report))
    return "".join(out) + "</section>"


def _result_row(result: CheckResult) -> str:
    resource = f"<code>{_e(result.resource_id)}</code>"
    if result.resource_name:
        resource = f"{_e(result.resource_name)}<br>{resource}"
    cited = f'<p class="cited">HIPAA {_e(", ".join(result.hipaa))}</p>' if result.hipaa else ""
    fix = ""
    if result.status in OPEN_RESULTS:
        if result.remediation:
            fix += f"<p>{_e(result.remediation)}</p>"
        if result.attest_command:
            fix += f"<p>Attest: <code>{_e(result.attest_command)}</code></p>"
    return (
        f"<tr><td><code>{_e(result.check_id)}</code><br>{_e(result.title)}</td>"
        f"<td>{_badge(result.status)}</td>"
        f'<td class="sev-{_e(result.severity.value)}">{_e(result.severity.value)}</td>'
        f"<td>{resource}</td><td>{_e(result.detail)}</td>"
        f'<td class="fix">{fix}{cited}</td></tr>'
    )


def _attestations(account_id: str, report: ReportInput) -> str:
    records = [a for a in report.attestations if a.scope in (account_id, AGENCY_SCOPE)]
    out = ["<h3>Attestations</h3>"]
    if not records:
        out.append(_empty("No attestation was given for this account: its attested controls are MANUAL."))
        return "".join(out)
    today = report.generated_at.date()
    rows = []
    for record in records:
        state = "expired" if record.expired(today) else "valid"
        recorded = " ".join(
            part for part in (record.recorded_by, record.recorded_at and _when(record.recorded_at)) if part
        )
        rows.append(
            f"<tr><td>{_e('agency' if record.scope == AGENCY_SCOPE else 'account ' + record.scope)}</td>"
            f"<td>{_e(record.attested_by or '-')}</td><td>{_e(_day(record.attested_on))}</td>"
            f"<td>{_e(_day(record.expires_on))}</td><td>{_e(state)}</td>"
            f"<td>{_e(recorded or '-')}</td><td>{_e(record.note or '-')}</td>"
            f"<td>{_e(', '.join(record.settings) or '-')}</td></tr>"
        )
    headers = [
        "Scope",
        "Attested by",
        "Attested on",
        "Evidence until",
        "State",
        "Recorded",
        "Note",
        "Settings",
    ]
    out.append(_table(headers, rows))
    return "".join(out)


def _day(day: date | None) -> str:
    return day.isoformat() if day else "-"


def _requirements(by_account: dict[str, list[CheckResult]]) -> str:
    audited = {a: results for a, results in by_account.items() if results}
    out = ['<section id="requirements"><h2>HIPAA requirement matrix</h2>']
    if not audited:
        out.append(_empty("No results: no requirement can be judged."))
        return "".join(out) + "</section>"
    out.append(
        '<p class="muted">Each requirement of the mapping with the worst status of its checks per '
        "account; a requirement no check covers is MANUAL: assess and document it outside ctm-hipaa.</p>"
    )
    columns = {a: requirements_report(results) for a, results in audited.items()}
    agency = requirements_report(r for results in audited.values() for r in results)
    rows = []
    for index, requirement in enumerate(agency):
        cells = "".join(_status_cell(columns[a][index].status) for a in audited)
        rows.append(
            f"<tr><td><code>{_e(requirement.requirement_id)}</code></td><td>{_e(requirement.title)}"
            f'<br><span class="cited">{_e(requirement.section)}</span></td>'
            f"<td>{_e(', '.join(requirement.checks) or '-')}</td>"
            f"{_status_cell(requirement.status)}{cells}</tr>"
        )
    headers = ["Requirement", "Title", "Checks", "Agency", *(f"Account {a}" for a in audited)]
    out.append(_table(headers, rows))
    return "".join(out) + "</section>"


def _status_cell(status: ResultStatus) -> str:
    return f'<td class="cell-{status.value.lower()}">{_badge(status)}</td>'


def _phi_flows(report: ReportInput) -> str:
    out = ['<section id="phi-flow"><h2>PHI flow from the webhook</h2>']
    if not report.phi_flows:
        out.append(
            _empty(
                "No webhook observations were given: the PHI-flow matrix appears in reports built from "
                "the webhook's stored records."
            )
        )
        return "".join(out) + "</section>"
    by_account: dict[str, dict[tuple[str, str], tuple[int, datetime, datetime]]] = {}
    for flow in report.phi_flows:
        by_account.setdefault(flow.account_id, {})[(flow.channel, flow.category)] = (
            flow.count,
            flow.first_seen,
            flow.last_seen,
        )
    for account_id in sorted(by_account, key=account_sort_key):
        cells = by_account[account_id]
        channels = sorted({channel for channel, _ in cells})
        categories = sorted({category for _, category in cells})
        rows = []
        for channel in channels:
            row = [f"<td><code>{_e(channel)}</code></td>"]
            for category in categories:
                seen = cells.get((channel, category))
                if seen is None:
                    row.append('<td class="num muted">-</td>')
                    continue
                count, first, last = seen
                row.append(
                    f'<td class="num"><strong>{count}</strong><br><span class="cited">'
                    f"{_e(first.date().isoformat())} to {_e(last.date().isoformat())}</span></td>"
                )
            rows.append(f"<tr>{''.join(row)}</tr>")
        out.append(f"<h3>Account {_e(account_id)}</h3>")
        out.append(_table(["Channel", *categories], rows))
    out.append(
        '<p class="muted">Counts of deliveries in which each category was seen, first to last seen.</p>'
    )
    return "".join(out) + "</section>"


def _findings(findings: Sequence[Finding], now: datetime) -> str:
    open_findings = sorted(
        (f for f in findings if f.status.is_open),
        key=lambda f: (f.severity.rank, -age_days(f, now), account_sort_key(f.account_id), f.check_id),
    )
    out = ['<section id="findings"><h2>Open findings</h2>']
    if not open_findings:
        out.append(_empty("No open findings in this report's data."))
        return "".join(out) + "</section>"
    rows = [
        f"<tr><td><code>{_e(f.finding_id)}</code></td><td>{_e(f.account_id)}</td>"
        f"<td><code>{_e(f.check_id)}</code><br><code>{_e(f.resource_id)}</code></td>"
        f'<td class="sev-{_e(f.severity.value)}">{_e(f.severity.value)}</td>'
        f"<td>{_badge(f.result_status)}</td><td>{_e(f.status.value)}</td>"
        f"<td>{_e(_when(f.first_seen))}</td><td>{_e(_when(f.last_seen))}</td>"
        f'<td class="num">{age_days(f, now)} d</td><td>{_e(f.detail)}</td></tr>'
        for f in open_findings
    ]
    headers = ["Finding", "Account", "Check / resource", "Severity", "Result", "Status", "First seen"]
    out.append(_table([*headers, "Last seen", "Age", "Detail"], rows))
    return "".join(out) + "</section>"
