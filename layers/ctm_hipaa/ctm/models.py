"""Pydantic models of the CTM objects the audit reads (docs/ctm-api.md section 2).

Each field's type rests on a named source, noted beside it:
- "tap <name>.json": the JSON schema of the public Singer tap MeltanoLabs/tap-calltrackingmetrics, which
  runs against the live API (copied under tests/data/ctm_schemas/, where the contract tests use it);
- "ctm-api.md §N": the API notes the project was built from (docs/ctm-api.md, with their sources);
- "modeled shape": no public record of the type; the shape the project assumes.
Every model keeps unknown fields (`extra="allow"`) and accepts every type its source allows, nulls
included: a model that rejects a real type voids real data. Ids arrive as numbers or strings; they
are kept as strings, the form findings use.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _text_id(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _present(value: Any) -> Any:
    # A null list is an empty one, and a null item in it stands for nothing (tap trigger.json).
    if value is None:
        return []
    return [item for item in value if item is not None] if isinstance(value, list) else value


TextId = Annotated[str, BeforeValidator(_text_id)]
"""An id CTM sends as a number or a string, kept as text."""

T = TypeVar("T")
Present = Annotated[list[T], BeforeValidator(_present)]
"""A list CTM may send as null, or with null items: both mean fewer items."""


class CTMObject(BaseModel):
    """Base of every CTM object: tolerant of unknown fields, ids as strings.

    The id is required although the tap types it nullable: it is what a result names the resource by.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    id: TextId  # tap account.json/call.json: integer; user.json/trigger.json: string


class Agency(CTMObject):
    # ctm-api.md §2.1 `{agency:{id,name}}` (not in the tap): nullable like an account's name.
    name: str | None = None


class Account(CTMObject):
    # tap account.json: name, status strings or null; agency_id integer or null.
    name: str | None = None
    status: str | None = None
    agency_id: TextId | None = None


class RecordingAccessSettings(BaseModel):
    model_config = ConfigDict(extra="allow")

    # tap user.json and ctm-api.md §2.2: a boolean or null. A string (the earlier modeled shape) is
    # still accepted: no source says CTM never sent one.
    status: bool | str | None = None
    voicemail_only: bool | None = None  # tap user.json
    password_protected: bool | None = None  # tap user.json


class UserNotifications(BaseModel):
    model_config = ConfigDict(extra="allow")

    # tap user.json: booleans or null (missed_message_threshold, an integer, stays in the extras).
    override_team_settings: bool | None = None
    email_notify_on_missed_calls: bool | None = None
    email_notify_on_message: bool | None = None
    email_notify_on_missed_message: bool | None = None


class User(CTMObject):
    # tap user.json: strings or null; the two settings objects may be null.
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    role: str | None = None
    status: str | None = None
    recording_access_settings: RecordingAccessSettings | None = None
    notifications: UserNotifications | None = None


class Webhook(CTMObject):
    # ctm-api.md §2.5 and modeled shape (not in the tap): strings, nullable like every tap field.
    name: str | None = None
    position: str | None = None
    weburl: str | None = None
    username: str | None = None


class TriggerAction(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: TextId | None = None  # tap trigger.json: integer or null
    type: str | None = None  # tap trigger.json
    # Modeled shape: where a notification goes and which fields it carries.
    to: str | None = None
    url: str | None = None
    fields: Present[str] = Field(default_factory=list)


class RoutingRule(BaseModel):
    model_config = ConfigDict(extra="allow")

    # tap trigger.json: id integer or null; conditions and actions arrays or null, their items
    # objects or null.
    id: TextId | None = None
    conditions: Present[dict[str, Any]] = Field(default_factory=list)
    actions: Present[TriggerAction] = Field(default_factory=list)


class Trigger(CTMObject):
    # tap trigger.json: strings or null; routing_rules an array or null, its items objects or null.
    name: str | None = None
    position: str | None = None
    routing_rules: Present[RoutingRule] = Field(default_factory=list)


class CallSetting(CTMObject):
    # ctm-api.md §2.4 and modeled shape (not in the tap): booleans, nullable like every tap field.
    name: str | None = None
    default: bool | None = None
    inbound_recordings_on: bool | None = None
    outbound_recording_on: bool | None = None
    transcription: bool | None = None
    transcription_redaction: bool | None = None


class PaidAttribution(BaseModel):
    """A call's paid-ad attribution (tap call.json `paid`): strings or null."""

    model_config = ConfigDict(extra="allow")

    source: str | None = None
    medium: str | None = None
    campaign: str | None = None
    keyword: str | None = None


class Call(CTMObject):
    """A call record as the calls list returns it; its PHI fields stay in `model_extra`."""

    # tap call.json: strings, booleans or objects, each nullable.
    tracking_label: str | None = None
    campaign: str | None = None
    keyword: str | None = None
    location: str | None = None
    source: str | None = None
    redacted: bool | None = None
    paid: PaidAttribution | None = None


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


class ItemProblem(BaseModel):
    """One item of a list that fits no source's shape, so it was left out of its part. PHI-free:
    the detail names declared fields and JSON types (`"recording_access_settings.status was an
    array"`), never a value or a key taken from the data."""

    index: int  # the item's position in the list as CTM returned it, pages included
    id: str | None = None  # the item's id, when it is a whole number or a plain token
    detail: str

    def describe(self, listing: str) -> str:
        """One PHI-free line naming the item in `listing` (e.g. "CTM's account list"): its index, its
        id when plain, and `detail`, e.g. `item 2 of CTM's account list: id was an object`."""
        named = f" (id {self.id})" if self.id else ""
        return f"item {self.index}{named} of {listing}: {self.detail}"


M = TypeVar("M", bound=BaseModel)


class Part(BaseModel, Generic[M]):
    """One part of an account snapshot: either the items CTM returned, or the error that stopped us.

    `rejected` holds the items of a read list that fit no source's shape: each is reported on its
    own while the others are evaluated.
    """

    items: list[M] | None = None
    error: PartError | None = None
    rejected: list[ItemProblem] = Field(default_factory=list)

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
