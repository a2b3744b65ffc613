"""The agency snapshot file: what the CTM simulator serves and `audit --snapshot` reads.

Shape (every field: docs/snapshot.md, `make docs`):

    {"agency": {"id", "name"},
     "accounts": [{"account": {...}, "users": [...], "webhooks": [...], "triggers": [...],
                   "call_settings": [...], "calls": [...]}],
     "credentials": {"access_key", "secret_key"},          # optional
     "faults": [{"path", "status", "times", "retry_after", "delay_ms", "body"}]}   # optional

CTM objects stay plain dicts, exactly as CTM's API returns them: the simulator must serve what the
file says, unknown fields included, and the CTM models in `ctm_hipaa.ctm.models` do the typed
reading on the client side. Only what the simulator itself relies on (ids, fault settings) is
validated here. Unknown fields anywhere are kept, never fatal, but for one of the file's own
(at the top or in an account entry) that is nearly a known one: `acounts` would read as an agency
without accounts, so it is refused with `did you mean "accounts"?`.

Errors are `AgencyFileError`s naming the offending field (`accounts[2].account.id`) and never
quoting a value from the file: the file holds call records, which hold PHI.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ctm_hipaa.attestations import AttestationFile, did_you_mean, load_attestations

__all__ = [
    "AccountEntry",
    "AgencyFile",
    "AgencyFileError",
    "AgencyInfo",
    "Credentials",
    "Fault",
    "load_agency_file",
    "parse_agency",
    "sample_agency_path",
    "sample_attestations_path",
]

DATA_DIR = Path(__file__).parent / "data"

CTMObjectDict = dict[str, Any]
_DUPLICATE = "duplicate account id"


class AgencyFileError(ValueError):
    """A snapshot file that cannot be used. `field` names the offending field when there is one."""

    def __init__(self, source: str, message: str, field: str | None = None) -> None:
        self.source = source
        self.field = field
        self.reason = message
        where = f" field '{field}':" if field else ""
        super().__init__(f"agency file {source}:{where} {message}")


def _id_text(value: Any) -> Any:
    # CTM sends ids as numbers or strings; the simulator routes on their text.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# How alike (difflib's ratio) an unknown key must be to a declared one to be taken for a misspelling:
# `usres` is 0.8 like `users`, the unknown `numbers` only 0.67.
_MISSPELT = 0.8


class _Tolerant(BaseModel):
    model_config = ConfigDict(extra="allow")


class _Structural(_Tolerant):
    """A level of the file's own structure: an unknown key nearly a declared one is a typo."""

    @model_validator(mode="after")
    def _no_misspelt_field(self) -> _Structural:
        for key in self.model_extra or {}:
            suggestion = did_you_mean(key, type(self).model_fields, cutoff=_MISSPELT)
            if suggestion is not None:
                # The key is not repeated: whatever a file holds may be PHI.
                raise ValueError(f"an unknown field is nearly a known one; {suggestion}")
        return self


class AgencyInfo(_Tolerant):
    """The agency itself, as `GET /agency` returns it."""

    id: int | str = Field(description="The agency's CTM id.")
    # Null, as CTM's accounts' names may be (ctm-api.md "Field types"; ctm.models.Agency): not fatal.
    name: str | None = Field(default=None, description="The agency's name.")


class AccountEntry(_Structural):
    """One account and its objects, each a CTM-shaped dict."""

    account: CTMObjectDict = Field(description="The account, as `GET /accounts/{id}` returns it.")
    users: list[CTMObjectDict] = Field(default_factory=list, description="`GET /accounts/{id}/users`.")
    webhooks: list[CTMObjectDict] = Field(default_factory=list, description="`GET /accounts/{id}/webhooks`.")
    triggers: list[CTMObjectDict] = Field(
        default_factory=list, description="`GET /accounts/{id}/triggers` (served as `automators`)."
    )
    call_settings: list[CTMObjectDict] = Field(
        default_factory=list, description="`GET /accounts/{id}/call_settings`."
    )
    calls: list[CTMObjectDict] = Field(
        default_factory=list, description="Recent calls (`GET /accounts/{id}/calls`), the audit's sample."
    )

    @field_validator("account")
    @classmethod
    def _account_has_id(cls, value: CTMObjectDict) -> CTMObjectDict:
        account_id = _id_text(value.get("id"))
        if not isinstance(account_id, str) or not account_id.strip():
            # Raised as ValueError so pydantic reports it at `accounts[i].account`; we add `.id`.
            raise ValueError("'id' is missing or not a whole number or non-empty string")
        return value

    @property
    def account_id(self) -> str:
        """The account id as text, the form the simulator's paths and findings use."""
        return str(_id_text(self.account["id"]))


class Credentials(_Tolerant):
    """API keys the simulator accepts (HTTP Basic: access key as user, secret key as password)."""

    access_key: str = Field(min_length=1, description="The access key (HTTP Basic user).")
    secret_key: str = Field(min_length=1, description="The secret key (HTTP Basic password).")


class Fault(_Tolerant):
    """An injected failure or delay for requests to one path.

    `path` is an API path (`/api/v1/accounts/1004/users`; a path without the `/api/v1` prefix is
    taken as relative to it; `.json` and the query string are ignored; `*` matches any run of
    characters). With no `body` and `status` null or 200, the fault is pure latency injection:
    it waits `delay_ms`, then the path answers normally. Otherwise it answers `status` (200 when
    null) with `body`: sent as JSON, or raw when it is a string (so a malformed body can be
    injected), or a CTM-style JSON error when null. `times` null means "always"; otherwise the
    fault fires that many times, then the path answers normally.
    """

    path: str = Field(
        min_length=1, description="The API path it applies to; `*` matches any run of characters."
    )
    status: int | None = Field(default=None, ge=100, le=599, description="The HTTP status to answer.")
    times: int | None = Field(default=None, ge=0, description="How many times it fires; null: always.")
    retry_after: int | float | str | None = Field(default=None, description="The Retry-After header to send.")
    delay_ms: float = Field(default=0, ge=0, description="Milliseconds to wait before answering.")
    body: Any = Field(default=None, description="The body: JSON, or raw text; null: a CTM-style JSON error.")


class AgencyFile(_Structural):
    """A whole agency snapshot: the agency, its accounts, and optional credentials and faults."""

    agency: AgencyInfo = Field(description="The agency, as `GET /agency` returns it.")
    accounts: list[AccountEntry] = Field(default_factory=list, description="Every account and its objects.")
    credentials: Credentials | None = Field(
        default=None,
        description="The API keys the simulator accepts; absent: any key (never written by collect).",
    )
    faults: list[Fault] = Field(
        default_factory=list,
        description="Failures replayed for some paths (collect writes the parts CTM refused).",
    )

    @model_validator(mode="after")
    def _unique_account_ids(self) -> AgencyFile:
        # Two accounts with one id would make `/accounts/{id}` ambiguous.
        seen: set[str] = set()
        for entry in self.accounts:
            if entry.account_id in seen:
                raise ValueError(_DUPLICATE)
            seen.add(entry.account_id)
        return self

    def account(self, account_id: str | int) -> AccountEntry | None:
        """The entry for one account id (number or text), or None."""
        wanted = str(account_id)
        return next((e for e in self.accounts if e.account_id == wanted), None)


def _field_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "<root>"


def parse_agency(data: Any, source: str = "<data>") -> AgencyFile:
    """Validate already-decoded snapshot data into an `AgencyFile`.

    Raises `AgencyFileError` naming the first offending field; the message never includes a value
    from the data (pydantic's `input` is deliberately dropped).
    """
    if isinstance(data, AgencyFile):
        return data
    if not isinstance(data, dict):
        raise AgencyFileError(source, "the top level must be a JSON object", "<root>")
    try:
        return AgencyFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        loc = tuple(first["loc"])
        message = str(first["msg"])
        if message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        if message == _DUPLICATE:
            dup = _first_duplicate(data)
            raise AgencyFileError(source, message, f"accounts[{dup}].account.id") from None
        if loc[-1:] == ("account",) and "'id'" in message:
            loc = (*loc, "id")
        raise AgencyFileError(source, message, _field_path(loc)) from None


def _first_duplicate(data: dict[str, Any]) -> int:
    seen: set[str] = set()
    for index, entry in enumerate(data.get("accounts") or []):
        key = str(_id_text(entry["account"]["id"]))
        if key in seen:
            return index
        seen.add(key)
    return 0  # pragma: no cover - only called after a duplicate was found


def load_agency_file(path: str | Path) -> AgencyFile:
    """Read and validate a snapshot file (JSON).

    Raises `AgencyFileError` for an unreadable file, broken JSON (with line and column) or an
    invalid field (named, e.g. `faults[0].status`).
    """
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AgencyFileError(source, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AgencyFileError(source, f"cannot read file ({type(exc).__name__})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # exc.msg is the parser's complaint only ("Expecting ',' delimiter"), never file content.
        where = f"line {exc.lineno} column {exc.colno}"
        raise AgencyFileError(source, f"not valid JSON: {exc.msg} at {where}") from None
    return parse_agency(data, source)


def sample_agency_path() -> Path:
    """Path of the bundled sample agency snapshot (the demo's CTM data)."""
    return DATA_DIR / "sample_agency.json"


def sample_attestations_path() -> Path:
    """Path of the attestations that go with the bundled sample agency."""
    return DATA_DIR / "sample_attestations.yaml"


# The sample attestations were written as of this day; `sample_attestations` moves them to today so
# that their story (recent, expired, missing) stays the same whatever day it runs.
SAMPLE_AS_OF = date(2026, 11, 29)


def sample_attestations() -> AttestationFile:
    """The bundled sample attestations, their dates moved from SAMPLE_AS_OF to today."""
    attestations = load_attestations(sample_attestations_path())
    shift = datetime.now(UTC).date() - SAMPLE_AS_OF
    agency = attestations.agency
    if agency.attested_on is not None:
        agency = agency.model_copy(update={"attested_on": agency.attested_on + shift})
    accounts = {
        account_id: block.model_copy(update={"attested_on": block.attested_on + shift})
        if block.attested_on is not None
        else block
        for account_id, block in attestations.accounts.items()
    }
    return attestations.model_copy(update={"agency": agency, "accounts": accounts})
