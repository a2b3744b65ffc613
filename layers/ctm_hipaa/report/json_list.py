"""`json`: the JSON list of results, each `CheckResult.model_dump(mode="json")` (issue 9's interface:
`ctm-hipaa audit --format json` stays exactly this list); for an input without results, the list of
its findings, each `Finding` without its write counter (`ctm-hipaa findings list --format json`)."""

from __future__ import annotations

import json

from ctm_hipaa.report.model import ReportInput

# The optimistic-concurrency token of the stored item: bookkeeping, not part of a finding.
FINDING_EXCLUDED = frozenset({"version"})


def render(report: ReportInput) -> str:
    """The results as a JSON list, or the findings when there are no results (indented, one
    trailing newline); other inputs are not in it."""
    if report.results or not report.findings:
        rows = [r.model_dump(mode="json") for r in report.results]
    else:
        rows = [f.model_dump(mode="json", exclude=set(FINDING_EXCLUDED)) for f in report.findings]
    return json.dumps(rows, indent=2) + "\n"
