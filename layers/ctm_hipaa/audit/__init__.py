"""The scheduled audit: scheduler (one SQS message per CTM account), auditor (collect once, run the
check catalog, record findings, alert) and run tracking. The offline audit and the local pipeline
runner drive these from the dev harness, `ctm_hipaa_tools`, which this package never imports.

Data flows one way: `ctm` (collect) -> `checks` (evaluate) -> `findings` (lifecycle, alerts) ->
`audit.runs` (what a run did) -> `audit.artifacts` (the run's reports in S3, once it completes);
`ctm_hipaa.report` renders the results and scores them. Nothing here stores, logs or prints a raw
CTM value: ids, counts, kinds and the checks' PHI-free details only.
"""

from ctm_hipaa.audit.artifacts import (
    REPORT_FORMATS,
    CompletedBy,
    ReportWriteError,
    ReportWriter,
    RunCompletion,
    RunReport,
    RunReportFormat,
    S3ReportWriter,
)
from ctm_hipaa.audit.auditor import AuditorService
from ctm_hipaa.audit.bootstrap import build_auditor_service, build_scheduler_service
from ctm_hipaa.audit.engine import audit_account, observed_by_webhook
from ctm_hipaa.audit.messages import AuditRequest
from ctm_hipaa.audit.runs import (
    MAX_RESULTS_BYTES,
    AccountAuditRecord,
    RunMeta,
    RunStatus,
    RunStore,
    RunStoreError,
    pack_results,
)
from ctm_hipaa.audit.scheduler import SchedulerService

__all__ = [
    "MAX_RESULTS_BYTES",
    "REPORT_FORMATS",
    "AccountAuditRecord",
    "AuditRequest",
    "AuditorService",
    "CompletedBy",
    "ReportWriteError",
    "ReportWriter",
    "RunCompletion",
    "RunMeta",
    "RunReport",
    "RunReportFormat",
    "RunStatus",
    "RunStore",
    "RunStoreError",
    "S3ReportWriter",
    "SchedulerService",
    "audit_account",
    "build_auditor_service",
    "build_scheduler_service",
    "observed_by_webhook",
    "pack_results",
]
