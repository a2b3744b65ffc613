"""`csv`: one row per result with every field of `CheckResult`, then its finding id.

Citations are joined with `; `. A cell that a spreadsheet would read as a formula (it starts with
`=`, `+`, `-`, `@`, a tab or a carriage return: a webhook or user name can) is prefixed with `'`,
as OWASP advises against CSV injection.
"""

from __future__ import annotations

import csv
import io

from ctm_hipaa.findings import CheckResult
from ctm_hipaa.report.model import ReportInput

COLUMNS = (*CheckResult.model_fields, "finding_id")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(report: ReportInput) -> str:
    """A header row and one row per result, in the order given (RFC 4180 quoting, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for result in report.results:
        row = result.model_dump(mode="json")
        row["hipaa"] = "; ".join(result.hipaa)
        row["finding_id"] = result.finding_id
        writer.writerow(_cell(str(row[column])) for column in COLUMNS)
    return buffer.getvalue()


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text
