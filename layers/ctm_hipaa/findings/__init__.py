"""Findings: the result model with stable ids, the pure lifecycle, the DynamoDB store, and alerts.

`FindingRepository` and `AlertSink` are the ports the services depend on; `FindingStore` and
`SnsAlertSink` the AWS adapters behind them.
"""

from ctm_hipaa.findings.alerts import AlertDeliveryError, AlertPublisher, SnsAlertSink
from ctm_hipaa.findings.history import HistoryEntry, HistoryEvent
from ctm_hipaa.findings.lifecycle import OPENING, AuditOutcome, Observation, Transition, owes_alert
from ctm_hipaa.findings.model import (
    OPEN_STATUSES,
    RESULT_GUIDANCE,
    RETENTION,
    Change,
    CheckResult,
    DeliveriesSeen,
    Finding,
    Occurrence,
    ResultStatus,
    Severity,
    WorkflowStatus,
    bound_paths,
    channel_resource_name,
    worst_status,
)
from ctm_hipaa.findings.mute import ANY, MAX_BY_CHARS, MAX_REASON_CHARS, MuteRule
from ctm_hipaa.findings.ports import AlertSink, FindingRepository
from ctm_hipaa.findings.store import FindingStore, FindingStoreError, utc_now

__all__ = [
    "ANY",
    "MAX_BY_CHARS",
    "MAX_REASON_CHARS",
    "OPENING",
    "OPEN_STATUSES",
    "RESULT_GUIDANCE",
    "RETENTION",
    "AlertDeliveryError",
    "AlertPublisher",
    "AlertSink",
    "AuditOutcome",
    "Change",
    "CheckResult",
    "DeliveriesSeen",
    "Finding",
    "FindingRepository",
    "FindingStore",
    "FindingStoreError",
    "HistoryEntry",
    "HistoryEvent",
    "MuteRule",
    "Observation",
    "Occurrence",
    "ResultStatus",
    "Severity",
    "SnsAlertSink",
    "Transition",
    "WorkflowStatus",
    "bound_paths",
    "channel_resource_name",
    "owes_alert",
    "utc_now",
    "worst_status",
]
