"""Plain data types of the PHI detector (no pydantic: the webhook imports this on every cold start)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Category(StrEnum):
    """HIPAA Safe Harbor identifier categories, plus HEALTH for health information."""

    NAME = "NAME"
    GEO = "GEO"
    DATE = "DATE"
    AGE = "AGE"
    PHONE = "PHONE"
    FAX = "FAX"
    EMAIL = "EMAIL"
    SSN = "SSN"
    MRN = "MRN"
    HEALTH_PLAN = "HEALTH_PLAN"
    ACCOUNT = "ACCOUNT"
    LICENSE = "LICENSE"
    VEHICLE = "VEHICLE"
    DEVICE = "DEVICE"
    URL = "URL"
    IP = "IP"
    BIOMETRIC = "BIOMETRIC"
    OTHER_ID = "OTHER_ID"
    HEALTH = "HEALTH"


@dataclass(frozen=True, slots=True)
class Detection:
    """One finding: `value_at(path)[start:end]` is PHI of `category` (offsets, never the value)."""

    path: str
    start: int
    end: int
    category: Category


class InspectionIncomplete(Exception):
    """The inspection ran past its deadline; `detections` holds what was found until then.

    The message names only counts (never a value, key or path of the payload).
    """

    def __init__(self, detections: list[Detection], fields_done: int, fields_total: int) -> None:
        super().__init__(
            f"inspection stopped at the time budget after {fields_done} of {fields_total} fields"
        )
        self.detections = detections
        self.fields_done = fields_done
        self.fields_total = fields_total


@dataclass(frozen=True, slots=True)
class Context:
    """Per-payload facts that tell the caller's data from the practice's own."""

    business_digits: frozenset[str] = frozenset()  # last 10 digits of tracking/business numbers
    clinic_domains: frozenset[str] = frozenset()  # registrable domains of the practice's sites
    agent_names: frozenset[str] = frozenset()  # lower-case name parts of the answering agent
    caller_names: frozenset[str] = frozenset()  # lower-case name parts of the caller's name fields
