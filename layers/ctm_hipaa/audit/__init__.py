"""The scheduled audit: scheduler (one SQS message per CTM account), auditor (collect once, run the
check catalog, record findings, alert) and run tracking. The offline audit and the local pipeline
runner drive these from the dev harness, `ctm_hipaa_tools`, which this package never imports.

Data flows one way: `ctm` (collect) -> `checks` (evaluate) -> `findings` (lifecycle, alerts) ->
`audit.runs` (what a run did). Nothing here stores, logs or prints a raw CTM value: ids, counts,
kinds and the checks' PHI-free details only.
"""

from ctm_hipaa.audit.auditor import AuditorService
from ctm_hipaa.audit.bootstrap import build_auditor_service, build_scheduler_service
from ctm_hipaa.audit.engine import audit_account
from ctm_hipaa.audit.messages import AuditRequest
from ctm_hipaa.audit.report import render_catalog, render_table, text_columns
from ctm_hipaa.audit.runs import AccountAuditRecord, RunMeta, RunStatus, RunStore
from ctm_hipaa.audit.scheduler import SchedulerService

__all__ = [
    "AccountAuditRecord",
    "AuditRequest",
    "AuditorService",
    "RunMeta",
    "RunStatus",
    "RunStore",
    "SchedulerService",
    "audit_account",
    "build_auditor_service",
    "build_scheduler_service",
    "render_catalog",
    "render_table",
    "text_columns",
]
