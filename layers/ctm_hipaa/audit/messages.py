"""The messages of the audit pipeline: the scheduler's input and one SQS message per account.

Validation errors name fields and problems only (never the value): a malformed body may hold
anything, PHI included, and these messages end up in logs.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

RUN_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$"
ACCOUNT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
MAX_BODY_BYTES = 4096  # an audit request is ~60 bytes; anything large is not one


class PoisonMessage(ValueError):
    """An SQS body that is not an audit request. It fails as a batch item, so after the queue's
    maxReceiveCount it is parked in the DLQ. The message names fields and problems, never values."""


class AuditRequest(BaseModel):
    """Audit one CTM account as part of one run: the body of each audit queue message."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    run_id: str = Field(pattern=RUN_ID_PATTERN)
    account_id: str = Field(pattern=ACCOUNT_ID_PATTERN)

    @field_validator("account_id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        # CTM ids arrive as numbers or strings; they are kept as text, as findings use them.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    def body(self) -> str:
        """The SQS message body."""
        return self.model_dump_json()


class ScheduleEvent(BaseModel):
    """The scheduler's input: `{"source": "schedule"}` from EventBridge Scheduler (template.yaml).

    A manual run may pass its own `run_id` (e.g. to re-run a day under a known id).
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    source: str = Field("schedule", pattern=r"^[a-z][a-z0-9_-]{0,31}$")
    run_id: str | None = Field(None, pattern=RUN_ID_PATTERN)


def parse_request(body: str | None) -> AuditRequest:
    """Validate one SQS body as an `AuditRequest`; raise `PoisonMessage` saying what is wrong."""
    if body is None or not body.strip():
        raise PoisonMessage("the message body is empty")
    if len(body.encode()) > MAX_BODY_BYTES:
        raise PoisonMessage(f"the message body is larger than {MAX_BODY_BYTES} bytes")
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        # exc.msg is the parser's complaint ("Expecting value"), never the document.
        raise PoisonMessage(f"the message body is not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise PoisonMessage(f"the message body is a JSON {type(data).__name__}, not an object")
    try:
        return AuditRequest.model_validate(data)
    except ValidationError as exc:
        raise PoisonMessage(f"the message is not an audit request: {describe(exc)}") from None


def parse_schedule_event(event: object) -> ScheduleEvent:
    """Validate the scheduler's event; a ValueError naming the problem (never the value)."""
    if not isinstance(event, dict):
        raise ValueError("the scheduler event must be a JSON object")
    try:
        return ScheduleEvent.model_validate(event)
    except ValidationError as exc:
        raise ValueError(f"invalid scheduler event: {describe(exc)}") from None


def describe(exc: ValidationError) -> str:
    """`field: problem` pairs of a validation error, without the offending input."""
    problems = []
    for error in exc.errors(include_input=False, include_url=False, include_context=False):
        where = ".".join(str(part) for part in error["loc"]) or "(body)"
        problems.append(f"{where}: {error['type']}")
    return "; ".join(problems)
