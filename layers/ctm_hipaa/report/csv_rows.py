"""`csv`: one row per result with every field of `CheckResult`, then its finding id; for an input
without results, one row per finding with every field of `Finding` but its write counter (the same
choice as `json`).

Lists (citations, categories, paths) are joined with `; `. A cell that a spreadsheet would read as a
formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return: a webhook or user name can)
is prefixed with `'`, as OWASP advises against CSV injection.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from ctm_hipaa.findings import CheckResult, Finding
from ctm_hipaa.report.json_list import FINDING_EXCLUDED
from ctm_hipaa.report.model import ReportInput

COLUMNS = (*CheckResult.model_fields, "finding_id")
FINDING_COLUMNS = tuple(name for name in Finding.model_fields if name not in FINDING_EXCLUDED)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(report: ReportInput) -> str:
    """A header row and one row per result (or per finding, when there are no results), in the
    order given (RFC 4180 quoting, CRLF line ends)."""
    if report.results or not report.findings:
        rows = ({**r.model_dump(mode="json"), "finding_id": r.finding_id} for r in report.results)
        return _table(COLUMNS, rows)
    return _table(FINDING_COLUMNS, (f.model_dump(mode="json") for f in report.findings))


def _table(columns: tuple[str, ...], rows: Iterable[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(_cell(_text(row[column])) for column in columns)
    return buffer.getvalue()


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return "" if value is None else str(value)


def _cell(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_START) else text
