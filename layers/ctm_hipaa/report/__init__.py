"""Reports: one PHI-free input (`ReportInput`, see `ctm_hipaa.report.model`) rendered by one module per
format behind one registry: `render(name, report_input) -> str`, with `FORMATS[name].extension` and
`.media_type` for whoever writes the text to a file or an object.

Formats: `table` (text, the CLI's default), `json` (the list of results, or of findings), `csv`,
`ocsf` (OCSF 1.5 Compliance and Detection Findings), `asff` (AWS Security Finding Format;
`import_findings` sends it to Security Hub, `aws_context` names the account it is filed in), `html`
(one self-contained page). The score and compliance verdict every format
shows are `summary`'s.

A lazy face (see `ctm_hipaa.faces`): the CLI reads the format names without loading a renderer,
pydantic or the check catalog. Layering: `report` sits below `audit` (the auditor may write reports)
and above the webhook (a report may show what the webhook records; the webhook renders none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctm_hipaa.faces import lazy_exports

if TYPE_CHECKING:
    from ctm_hipaa.report.asff import asff_findings
    from ctm_hipaa.report.model import (
        AttestationRecord,
        AwsContext,
        PhiFlow,
        ReportInput,
        RunPoint,
        attestation_history,
        attestation_records,
        finding_result,
        phi_flows,
    )
    from ctm_hipaa.report.ocsf import ocsf_events
    from ctm_hipaa.report.registry import (
        DEFAULT_FORMAT,
        FORMAT_NAMES,
        FORMATS,
        ReportFormat,
        UnknownFormat,
        render,
        report_format,
    )
    from ctm_hipaa.report.security_hub import (
        SecurityHubError,
        SecurityHubImport,
        aws_context,
        import_findings,
    )
    from ctm_hipaa.report.summary import Compliance, ResultSummary, combine, summarize, verdict
    from ctm_hipaa.report.table import (
        age_label,
        render_catalog,
        render_findings,
        render_table,
        resource_label,
        summary_line,
        text_columns,
        utc_time,
    )

__all__ = [
    "DEFAULT_FORMAT",
    "FORMATS",
    "FORMAT_NAMES",
    "AttestationRecord",
    "AwsContext",
    "Compliance",
    "PhiFlow",
    "ReportFormat",
    "ReportInput",
    "ResultSummary",
    "RunPoint",
    "SecurityHubError",
    "SecurityHubImport",
    "UnknownFormat",
    "age_label",
    "asff_findings",
    "attestation_history",
    "attestation_records",
    "aws_context",
    "combine",
    "finding_result",
    "import_findings",
    "ocsf_events",
    "phi_flows",
    "render",
    "render_catalog",
    "render_findings",
    "render_table",
    "report_format",
    "resource_label",
    "summarize",
    "summary_line",
    "text_columns",
    "utc_time",
    "verdict",
]

if not TYPE_CHECKING:  # mypy reads the imports above, so it still rejects a name not exported
    __getattr__ = lazy_exports(
        __name__,
        __all__,
        {
            "asff": ["asff_findings"],
            "model": [
                "AttestationRecord",
                "AwsContext",
                "PhiFlow",
                "ReportInput",
                "RunPoint",
                "attestation_history",
                "attestation_records",
                "finding_result",
                "phi_flows",
            ],
            "ocsf": ["ocsf_events"],
            "registry": [
                "DEFAULT_FORMAT",
                "FORMATS",
                "FORMAT_NAMES",
                "ReportFormat",
                "UnknownFormat",
                "render",
                "report_format",
            ],
            "security_hub": ["SecurityHubError", "SecurityHubImport", "aws_context", "import_findings"],
            "summary": ["Compliance", "ResultSummary", "combine", "summarize", "verdict"],
            "table": [
                "age_label",
                "render_catalog",
                "render_findings",
                "render_table",
                "resource_label",
                "summary_line",
                "text_columns",
                "utc_time",
            ],
        },
    )
