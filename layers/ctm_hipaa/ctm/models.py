"""Pydantic models of the CTM objects the audit reads (ctm-api.md section 2).

CTM documents few field names, so every model keeps unknown fields (`extra="allow"`) and treats
every documented-by-inference field as optional. Ids arrive as numbers or strings; they are kept
as strings, the form findings use.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator


class CTMObject(BaseModel):
    """Base of every CTM object: tolerant of unknown fields, ids as strings."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: str

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class Agency(CTMObject):
    name: str = ""


class Account(CTMObject):
    name: str = ""
    status: str | None = None
    agency_id: str | None = None

    @field_validator("agency_id", mode="before")
    @classmethod
    def _agency_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


class RecordingAccessSettings(BaseModel):
    model_config = ConfigDict(extra="allow")

    status: str | None = None
    voicemail_only: bool | None = None
    password_protected: bool | None = None


class UserNotifications(BaseModel):
    model_config = ConfigDict(extra="allow")

    override_team_settings: bool | None = None
    email_notify_on_missed_calls: bool | None = None
    email_notify_on_message: bool | None = None
    email_notify_on_missed_message: bool | None = None


class User(CTMObject):
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    role: str | None = None
    status: str | None = None
    recording_access_settings: RecordingAccessSettings | None = None
    notifications: UserNotifications | None = None


class Webhook(CTMObject):
    name: str | None = None
    position: str | None = None
    weburl: str | None = None
    username: str | None = None


class TriggerAction(CTMObject):
    type: str | None = None
    to: str | None = None
    url: str | None = None
    fields: list[str] = Field(default_factory=list)


class RoutingRule(BaseModel):
    model_config = ConfigDict(extra="allow")

    conditions: list[dict[str, Any]] = Field(default_factory=list)
    actions: list[TriggerAction] = Field(default_factory=list)


class Trigger(CTMObject):
    name: str | None = None
    position: str | None = None
    routing_rules: list[RoutingRule] = Field(default_factory=list)


class CallSetting(CTMObject):
    name: str | None = None
    default: bool | None = None
    inbound_recordings_on: bool | None = None
    outbound_recording_on: bool | None = None
    transcription: bool | None = None
    transcription_redaction: bool | None = None


class Call(CTMObject):
    """A call record as the calls list returns it; its PHI fields stay in `model_extra`."""

    tracking_label: str | None = None
    campaign: str | None = None
    keyword: str | None = None
    location: str | None = None
    source: str | None = None
    redacted: bool | None = None


class PartErrorKind(StrEnum):
    """Why CTM gave no usable answer; each `CTMError` subclass names one (ctm/errors.py)."""

    UNAUTHORIZED = "unauthorized"  # 401
    FORBIDDEN = "forbidden"  # 403
    NOT_FOUND = "not_found"  # 404
    BAD_REQUEST = "bad_request"  # another 4xx: the request as sent was refused
    RATE_LIMITED = "rate_limited"  # 429 until the retry budget ran out
    UPSTREAM = "upstream"  # 5xx, or CTM could not be reached (connection error, timeout)
    MALFORMED = "malformed"  # an answer, but not the shape the API promises


class PartError(BaseModel):
    """Why one part of a snapshot could not be read. PHI-free: a kind, an HTTP status, the API path."""

    kind: PartErrorKind
    path: str
    status: int | None = None
    message: str


T = TypeVar("T", bound=BaseModel)


class Part(BaseModel, Generic[T]):
    """One part of an account snapshot: either the items CTM returned, or the error that stopped us."""

    items: list[T] | None = None
    error: PartError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.items is not None


class AccountSnapshot(BaseModel):
    """Everything the checks need about one account, collected once per audit."""

    account_id: str
    collected_at: datetime
    account: Part[Account]
    users: Part[User]
    webhooks: Part[Webhook]
    triggers: Part[Trigger]
    call_settings: Part[CallSetting]
    calls: Part[Call]
    requests_made: int = 0

    def part(self, name: str) -> Part[Any]:
        """The part called `name`, one of `SNAPSHOT_PARTS`."""
        if name not in SNAPSHOT_PARTS:
            raise KeyError(name)
        part: Part[Any] = getattr(self, name)
        return part

    @property
    def complete(self) -> bool:
        """True when every part was read: only a complete audit may resolve findings."""
        return all(self.part(name).ok for name in SNAPSHOT_PARTS)


# The snapshot's parts, in collection order: the `Part` fields above are their one definition.
SNAPSHOT_PARTS: tuple[str, ...] = tuple(
    name
    for name, field in AccountSnapshot.model_fields.items()
    if isinstance(field.annotation, type) and issubclass(field.annotation, Part)
)
