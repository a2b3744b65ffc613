"""`json`: the JSON list of results, each `CheckResult.model_dump(mode="json")` (issue 9's interface:
`ctm-hipaa audit --format json` stays exactly this list)."""

from __future__ import annotations

import json

from ctm_hipaa.report.model import ReportInput


def render(report: ReportInput) -> str:
    """The results as a JSON list (indented, one trailing newline); other inputs are not in it."""
    return json.dumps([r.model_dump(mode="json") for r in report.results], indent=2) + "\n"
