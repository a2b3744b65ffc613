"""Destinations and policies: what each tool without a BAA may receive of a CTM delivery (docs/relay.md).

A policy is an allow-list. `fields` maps a dotted field path (`caller_number`, `ga.gclid`,
`custom_fields.insurance_*`: a segment may be a glob over field names) to a transform; a field it
does not name is dropped. `keep` forwards a value as it is and is only for the fields of
`data/keep_fields.txt`, which carry no identifier by construction; `token` forwards a keyed hash;
`generalize` a coarser value (a date's year, a ZIP's 3 digits, a phone's area code, 90+ for an
age over 89), its kind read from the field's name or written (`generalize:zip`); `text` marks a
free-text field, which the policy's `text` mode handles (`drop`, the default; `redact`;
`allow-words`). `message` is a sentence built from kept fields only (`{source}`, `{duration:duration}`).

A destination has a name, an https URL (checked as the webhook check checks CTM's webhooks:
`ctm_hipaa.urls`), the accounts it applies to (`all` or a list of CTM ids), a policy (a preset name
or an inline policy) and `secret`: the name or ARN of the Secrets Manager secret that holds the
receiver's token and the HMAC key of its tokens. The secrets themselves are never in the file or
the table. Unknown keys are refused, with a suggestion: a misspelt field is not silently dropped.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, cached_property
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ctm_hipaa.attestations import did_you_mean
from ctm_hipaa.phi import known_field
from ctm_hipaa.relay.transforms import MIN_KEY_BYTES
from ctm_hipaa.relay.vocabulary import field_kind, keep_fields, preset_names, preset_text, unknown_preset
from ctm_hipaa.urls import parse_destination, transport_problems


class Transform(StrEnum):
    """What a policy does to a field it names."""

    KEEP = "keep"
    DROP = "drop"
    TOKEN = "token"  # noqa: S105 (a transform's name, not a credential)
    GENERALIZE = "generalize"
    TEXT = "text"


class Generalization(StrEnum):
    """The coarser forms `generalize` knows (Safe Harbor's, 45 CFR 164.514(b)(2)(i))."""

    DATE = "date"  # the year (a year that reveals an age over 89: "<year> or earlier")
    ZIP = "zip"  # the first 3 digits, "000" for the small areas
    PHONE = "phone"  # the area code
    AGE = "age"  # the age, "90+" over 89


class TextPolicy(StrEnum):
    """What happens to a free-text field (`text`)."""

    DROP = "drop"
    REDACT = "redact"  # the detector's identifier spans become [CATEGORY]
    ALLOW_WORDS = "allow-words"  # only safe words survive, the rest is masked


# A path segment: a field name as CTM or a clinic spells it, or a glob over field names.
_SEGMENT = re.compile(r"[A-Za-z0-9_ *?\[\]-]{1,64}")
_GLOB = re.compile(r"[*?\[]")
MAX_SEGMENTS = 6
MAX_FIELDS = 200
MESSAGE_KEY = "text"  # the body's key for the policy's sentence (Slack's and Teams' incoming webhooks)
DURATION_FORMAT = "duration"  # `{duration:duration}` renders seconds as 3m12s
_TRANSFORM_HELP = "must be keep, drop, token, generalize (or generalize:date|zip|phone|age) or text"
_KEEP_HELP = (
    "keep is only for fields that carry no identifier by construction (ids, durations, source, medium, "
    "tracking numbers...: relay/data/keep_fields.txt); use token, generalize or text"
)
_SECRET_ARN = re.compile(
    r"arn:aws[a-z-]*:secretsmanager:[a-z0-9-]{1,30}:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}"
)
_SECRET_NAME = re.compile(r"[A-Za-z0-9/_+=.@-]{1,512}")
_ACCOUNT_ID = re.compile(r"[0-9]{1,20}")
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")
# Keys a person may write when they mean to give the secret itself: refused with what to do.
_SECRET_KEYS = frozenset(
    ("token", "hmac_key", "signing_secret", "key", "password", "api_key", "bearer", "authorization")
)
# What to do instead, not a credential:
_SECRET_HELP = (
    "secrets are never written here: store the signing secret, the HMAC key and the receiver token in "  # noqa: S105
    'Secrets Manager ({"signing_secret": "whsec_...", "hmac_key": ..., "token": ...}) and give the '
    "secret's name or ARN as `secret`"
)


def is_glob(segment: str) -> bool:
    """True when a path segment is a pattern (`*`, `?`, `[...]`) rather than a field name."""
    return _GLOB.search(segment) is not None


def vocabulary_path(path: str) -> str:
    """`path` with each segment that is a known field name in the vocabulary's spelling (`Member ID`
    -> `member_id`), the others lower-cased: the form keep_fields.txt and duplicates compare."""
    return ".".join(known_field(s) or s.lower() for s in path.split("."))


@dataclass(frozen=True)
class Rule:
    """One compiled entry of a policy's `fields`."""

    segments: tuple[str, ...]
    transform: Transform
    kind: Generalization | None = None

    @property
    def spec(self) -> str:
        """The transform as a policy writes it (`generalize:zip`)."""
        return f"{self.transform}:{self.kind}" if self.kind is not None else str(self.transform)


def parse_rule(path: str, spec: object) -> Rule:
    """The rule `path: spec` of a policy's `fields`; ValueError says what is wrong (the path and
    the spec are configuration, which a message may repeat)."""
    segments = tuple(path.split("."))
    if len(segments) > MAX_SEGMENTS or not all(_SEGMENT.fullmatch(s) for s in segments):
        raise ValueError(
            f"{path}: a field path is up to {MAX_SEGMENTS} dotted field names (letters, digits, _, -, "
            "spaces) or globs (*, ?)"
        )
    if not is_glob(segments[0]) and known_field(segments[0]) is None:
        hint = did_you_mean(segments[0], sorted({p.split(".")[0] for p in keep_fields()}))
        raise ValueError(
            f"{path}: {segments[0]} is not a CTM call field ctm-hipaa knows (phi/data/field_names.txt)"
            + (f"; {hint}" if hint else "")
        )
    if not isinstance(spec, str):
        raise ValueError(f"{path}: {_TRANSFORM_HELP}")
    name, _, kind_text = spec.strip().lower().partition(":")
    try:
        transform = Transform(name)
    except ValueError:
        hint = did_you_mean(name, [*Transform])
        raise ValueError(f"{path}: {_TRANSFORM_HELP}" + (f"; {hint}" if hint else "")) from None
    if transform is Transform.KEEP and (
        any(is_glob(s) for s in segments) or vocabulary_path(path) not in keep_fields()
    ):
        hint = did_you_mean(vocabulary_path(path), sorted(keep_fields()))
        raise ValueError(f"{path}: {_KEEP_HELP}" + (f"; {hint}" if hint else ""))
    if kind_text and transform is not Transform.GENERALIZE:
        raise ValueError(f"{path}: only generalize takes a kind (generalize:date|zip|phone|age)")
    if transform is not Transform.GENERALIZE:
        return Rule(segments, transform)
    return Rule(segments, transform, _generalization(path, segments[-1], kind_text))


def _generalization(path: str, last: str, written: str) -> Generalization:
    kinds = ", ".join(f"generalize:{k}" for k in Generalization)
    if written:
        try:
            return Generalization(written.strip())
        except ValueError:
            raise ValueError(f"{path}: {written.strip()} is not a kind to generalize to ({kinds})") from None
    inferred = None if is_glob(last) else field_kind(known_field(last) or last.lower())
    if inferred is None or inferred not in set(Generalization):
        raise ValueError(f"{path}: its name does not say what it holds: write one of {kinds}")
    return Generalization(inferred)


def message_fields(message: str) -> list[tuple[str, str]]:
    """The (field path, format) of each placeholder of a `message` template; ValueError when the
    template is malformed or a placeholder is not a field that may be kept."""
    try:
        parsed = list(string.Formatter().parse(message))
    except ValueError:
        raise ValueError("message: not a template (a lone { or }? write {{ or }} for a brace)") from None
    fields = []
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if conversion or spec not in ("", DURATION_FORMAT) or vocabulary_path(name) not in keep_fields():
            raise ValueError(
                f"message: {{{name}}} must name a field that may be kept (relay/data/keep_fields.txt), "
                f"optionally as {{field:{DURATION_FORMAT}}}"
            )
        fields.append((vocabulary_path(name), spec))
    return fields


class Policy(BaseModel):
    """An allow-list of fields with their transforms, the free-text mode and an optional sentence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fields: dict[str, str] = Field(
        default_factory=dict,
        description="Dotted field path (a segment may be a glob over field names) -> keep, drop, token, "
        "generalize[:date|zip|phone|age] or text. A field not named is dropped.",
    )
    text: TextPolicy = Field(
        default=TextPolicy.DROP,
        description="What `text` fields become: drop (default), redact (detected identifiers become "
        "[CATEGORY]) or allow-words (only safe words survive).",
    )
    message: str | None = Field(
        default=None,
        description='A sentence of kept fields sent as the body\'s "text", e.g. '
        '"New call from {source} to {tracking_label}, {duration:duration}".',
    )

    @field_validator("fields", mode="before")
    @classmethod
    def _fields(cls, value: Any) -> Any:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValueError("must be a mapping of field path -> transform")
        if len(value) > MAX_FIELDS:
            raise ValueError(f"at most {MAX_FIELDS} fields")
        normalized: dict[str, str] = {}
        seen: dict[str, str] = {}
        for raw_path, spec in value.items():
            path = str(raw_path).strip()
            rule = parse_rule(path, spec)
            if (same := seen.setdefault(vocabulary_path(path), path)) != path:
                raise ValueError(f"{path} and {same} name the same field")
            normalized[path] = rule.spec
        return normalized

    @field_validator("message")
    @classmethod
    def _message(cls, value: str | None) -> str | None:
        if value is not None:
            message_fields(value)
        return value

    @model_validator(mode="after")
    def _message_has_its_key(self) -> Policy:
        if self.message is not None and any(
            vocabulary_path(p).split(".")[0] == MESSAGE_KEY for p in self.fields
        ):
            raise ValueError(
                f'message: the body\'s "{MESSAGE_KEY}" is the sentence: '
                f"a field named {MESSAGE_KEY} cannot be forwarded beside it"
            )
        return self

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        """The compiled `fields` (computed once per policy: a policy is immutable)."""
        return tuple(parse_rule(path, spec) for path, spec in self.fields.items())

    @cached_property
    def version(self) -> str:
        """The policy's version: a hash of what it says (`p1-` and 16 hex digits of its SHA-256), the
        same for the same policy in any file or preset."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return "p1-" + hashlib.sha256(canonical.encode()).hexdigest()[:16]


@cache
def preset_policy(name: str) -> Policy:
    """The policy of the shipped preset `name` (`RelayConfigError` when there is none)."""
    return Policy.model_validate(yaml.safe_load(preset_text(name)))


class Destination(BaseModel):
    """One tool that receives PHI-free copies of the deliveries of some accounts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(
        description="The destination's name (lower case, digits, - and _), its key in the file."
    )
    url: str = Field(description="Where the relay posts: https, no credentials, query or fragment in it.")
    accounts: Literal["all"] | tuple[str, ...] = Field(
        description="The CTM accounts whose deliveries it receives: all, or a list of account ids."
    )
    secret: str = Field(
        description="Name or ARN of the Secrets Manager secret holding the Standard Webhooks signing "
        "secret, the HMAC key of its tokens and, if the receiver asks for one, its bearer token "
        '({"signing_secret": "whsec_...", "hmac_key": ..., "token": ...}).'
    )
    preset: str | None = Field(default=None, description="The preset its policy is (`policy: NAME`).")
    policy: Policy | None = Field(default=None, description="Its inline policy (`policy: {fields: ...}`).")

    @model_validator(mode="before")
    @classmethod
    def _policy_or_preset(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if _SECRET_KEYS & {str(k).lower() for k in data}:
            raise ValueError(_SECRET_HELP)
        if "preset" in data:
            raise ValueError("unknown field preset: write policy: NAME for a preset")
        policy = data.get("policy")
        if policy is None:
            raise ValueError("policy: required (a preset name or an inline policy)")
        if isinstance(policy, str):
            if policy.strip() not in preset_names():
                raise ValueError(f"policy: {unknown_preset(policy.strip())}")
            return {**{k: v for k, v in data.items() if k != "policy"}, "preset": policy.strip()}
        return data

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _NAME.fullmatch(value):
            raise ValueError("a destination name is 1 to 63 lower-case letters, digits, - and _")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        destination = parse_destination(value.strip())
        problems = transport_problems(destination)
        if destination is not None and destination.has_query:
            problems.append("has a query or fragment: the receiver's token goes in the secret, not the URL")
        if problems:
            raise ValueError("the URL " + "; ".join(problems))
        return value.strip()

    @field_validator("accounts", mode="before")
    @classmethod
    def _accounts(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() == "all":
            return "all"
        if isinstance(value, str | int) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list | tuple) or not value:
            raise ValueError("must be all, or a list of CTM account ids")
        ids = [str(v).strip() for v in value if not isinstance(v, bool)]
        if len(ids) != len(value) or not all(_ACCOUNT_ID.fullmatch(i) for i in ids):
            raise ValueError("must be all, or a list of CTM account ids (digits)")
        return tuple(sorted(set(ids), key=lambda i: (len(i), i)))

    @field_validator("secret")
    @classmethod
    def _secret(cls, value: str) -> str:
        text = value.strip()
        if text.startswith("arn:"):
            if not _SECRET_ARN.fullmatch(text):
                raise ValueError(
                    "not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)"
                )
        elif not _SECRET_NAME.fullmatch(text):
            raise ValueError("must be a Secrets Manager secret name or ARN (letters, digits, /_+=.@-)")
        return text

    @property
    def effective_policy(self) -> Policy:
        """The policy in force: the inline one, or the preset's."""
        return self.policy if self.policy is not None else preset_policy(str(self.preset))

    @property
    def policy_name(self) -> str:
        """The preset's name, or `inline`."""
        return self.preset or "inline"

    def as_document(self) -> dict[str, Any]:
        """The destination as a destinations file writes it under its name (`policy: NAME` for a
        preset): what the store keeps, read back with `parse_destinations`."""
        data = self.model_dump(mode="json", exclude_none=True, exclude={"name", "preset", "policy"})
        policy = (
            self.preset if self.policy is None else self.policy.model_dump(mode="json", exclude_none=True)
        )
        return {**data, "policy": policy}

    def applies_to(self, account_id: object) -> bool:
        """True when deliveries of `account_id` (a payload's, any type) go to this destination."""
        return self.accounts == "all" or str(account_id) in self.accounts


class DestinationsFile(BaseModel):
    """A destinations document: `destinations:` mapping each name to its destination."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    destinations: dict[str, Destination] = Field(
        default_factory=dict, description="Each destination by its name."
    )

    @field_validator("destinations", mode="before")
    @classmethod
    def _named(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {str(k): {**v, "name": str(k)} if isinstance(v, dict) else v for k, v in value.items()}


HMAC_KEY_FIELD = "hmac_key"  # the destination secret's key of tokens; "token" is the receiver's bearer token


def hmac_key_of(secret_string: str | None) -> bytes | None:
    """The HMAC key of tokens in a destination's secret (its JSON `hmac_key`, UTF-8), or None when the
    secret holds none, or one too short to key tokens (under 16 bytes)."""
    try:
        secret = json.loads(secret_string) if secret_string else None
    except ValueError:
        return None
    return hmac_key_in(secret)


def hmac_key_in(secret: object) -> bytes | None:
    """`hmac_key_of` for a secret already read as JSON (any value)."""
    key = secret.get(HMAC_KEY_FIELD) if isinstance(secret, dict) else None
    if not isinstance(key, str) or len(key.encode()) < MIN_KEY_BYTES:
        return None
    return key.encode()
