"""The HIPAA check catalog: pure checks over an account snapshot and its attestations.

Each check is a module in `checks/catalog/` with `METADATA` beside `evaluate(ctx)`; the registry
discovers and validates them at import; `hipaa_mapping.json` maps HIPAA requirements to checks and
is where each check's citations come from.
"""

from ctm_hipaa.checks.base import (
    ACCOUNT,
    Check,
    CheckContext,
    CheckMetadata,
    EvidenceKind,
    WebhookObservation,
)
from ctm_hipaa.checks.compliance import RequirementStatus, load_mapping, requirements_report
from ctm_hipaa.checks.mapping import ComplianceFramework, MappingError, Requirement
from ctm_hipaa.checks.registry import CATALOG, CatalogError, all_checks, get_check, run_check, run_checks

__all__ = [
    "ACCOUNT",
    "CATALOG",
    "CatalogError",
    "Check",
    "CheckContext",
    "CheckMetadata",
    "ComplianceFramework",
    "EvidenceKind",
    "MappingError",
    "Requirement",
    "RequirementStatus",
    "WebhookObservation",
    "all_checks",
    "get_check",
    "load_mapping",
    "requirements_report",
    "run_check",
    "run_checks",
]
