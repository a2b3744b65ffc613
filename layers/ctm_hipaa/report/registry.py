"""The report formats by name: `render(name, report_input) -> str`, and each format's file extension
and media type (what a writer of files or S3 objects needs).

Reading the names loads no renderer, pydantic nor the check catalog (the CLI builds its parser from
them): `render` imports the format's module on first use. Each module has
`render(report: ReportInput) -> str`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ctm_hipaa.report.model import ReportInput


@dataclass(frozen=True)
class ReportFormat:
    """One output format: its name, what a file of it is called and served as, and its module."""

    name: str
    extension: str  # with the dot, e.g. ".html"
    media_type: str
    description: str
    module: str  # under ctm_hipaa.report


_FORMATS = (
    ReportFormat("table", ".txt", "text/plain; charset=utf-8", "text tables and what to fix", "table"),
    ReportFormat("json", ".json", "application/json", "the JSON list of results", "json_list"),
    ReportFormat("csv", ".csv", "text/csv; charset=utf-8", "one row per result, every field", "csv_rows"),
    ReportFormat("ocsf", ".ocsf.json", "application/json", "OCSF events (JSON array)", "ocsf"),
    ReportFormat("asff", ".asff.json", "application/json", "AWS Security Finding Format", "asff"),
    ReportFormat("html", ".html", "text/html; charset=utf-8", "one self-contained page", "html_page"),
)
FORMATS = {f.name: f for f in _FORMATS}
FORMAT_NAMES = tuple(FORMATS)
DEFAULT_FORMAT = "table"


class UnknownFormat(ValueError):
    """A format name the registry does not have; the message names the choices."""


def report_format(name: str) -> ReportFormat:
    """The format called `name`; `UnknownFormat` naming the choices otherwise."""
    try:
        return FORMATS[name]
    except KeyError:
        choices = f"{', '.join(FORMAT_NAMES[:-1])} or {FORMAT_NAMES[-1]}"
        raise UnknownFormat(f"unknown format {name!r}; choose {choices}") from None


def render(name: str, report: ReportInput) -> str:
    """`report` in the format called `name` (`UnknownFormat` for another name), as text."""
    module = importlib.import_module(f"ctm_hipaa.report.{report_format(name).module}")
    renderer = cast("Callable[[ReportInput], str]", module.render)
    return renderer(report)
