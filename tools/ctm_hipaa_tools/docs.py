"""`make docs`: docs/snapshot.md and docs/attestations.md, generated from the models they describe.

Each field's path, type, allowed values, whether it is required or may be null, and its
description come from the pydantic models (`model_fields`; the description is the field's
`description`, else the comment beside or above it in the model's source, where the models say
which source a type rests on). The checks that read a field are not declared anywhere: they are
traced, by running every check of the catalog over the bundled sample agency and its attestations
(the demo's data) through read-recording views of the snapshot and the attestations, so they follow
the code. A field the sample never leads a check to read is not credited to it (the sample covers
every check; see `check_reads`). tests/test_docs.py regenerates both files and fails on any
difference: run `make docs`.
"""

from __future__ import annotations

import inspect
import re
import sys
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ctm_hipaa.attestations import (
    AccountAttestation,
    AgencyAttestation,
    AttestationFile,
    EffectiveAttestations,
    effective_for,
    load_attestations,
)
from ctm_hipaa.checks import CheckContext, all_checks
from ctm_hipaa.ctm import SNAPSHOT_PARTS, AccountSnapshot, Part
from ctm_hipaa_tools.agency_file import (
    SAMPLE_AS_OF,
    AccountEntry,
    AgencyFile,
    load_agency_file,
    sample_agency_path,
    sample_attestations_path,
)

DOCS = ("snapshot.md", "attestations.md")
_ATTESTATIONS = "attestations"  # the path prefix of attestation reads


# -- what the checks read ---------------------------------------------------------------------------


class _Traced:
    """A model seen through: each declared field read is logged under its dotted path (`users.email`,
    `attestations.plan`); nested models and lists of them are seen through too. A snapshot part's
    items take the part's name as their path."""

    __slots__ = ("_log", "_path", "_target")

    def __init__(self, target: BaseModel, path: str, log: set[str]) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_log", log)

    def __getattr__(self, name: str) -> Any:
        target: BaseModel = object.__getattribute__(self, "_target")
        path: str = object.__getattribute__(self, "_path")
        log: set[str] = object.__getattribute__(self, "_log")
        value = getattr(target, name)
        if isinstance(target, Part):
            return _seen_through(value, path, log) if name == "items" else value
        if name not in type(target).model_fields:
            return value
        inner = f"{path}.{name}" if path else name
        if not isinstance(target, AccountSnapshot):
            log.add(inner)
        return _seen_through(value, inner, log)


def _seen_through(value: Any, path: str, log: set[str]) -> Any:
    if isinstance(value, BaseModel):
        return _Traced(value, path, log)
    if isinstance(value, list) and any(isinstance(item, BaseModel) for item in value):
        return [_Traced(item, path, log) if isinstance(item, BaseModel) else item for item in value]
    return value


def _sample_contexts() -> Iterator[CheckContext]:
    agency = load_agency_file(sample_agency_path())
    attestations = load_attestations(sample_attestations_path())
    now = datetime.combine(SAMPLE_AS_OF, time(12), tzinfo=UTC)
    for entry in agency.accounts:
        parts: dict[str, Any] = {"account": {"items": [entry.account]}}
        parts |= {name: {"items": getattr(entry, name)} for name in SNAPSHOT_PARTS if name != "account"}
        snapshot = AccountSnapshot.model_validate(
            {"account_id": entry.account_id, "collected_at": now, **parts}
        )
        effective = effective_for(attestations, entry.account_id, now=now)
        yield CheckContext(snapshot=snapshot, attestations=effective, now=now)


def check_reads() -> dict[str, set[str]]:
    """For each field path read (`users.email`, `attestations.mfa`), the ids of the checks that read
    it, over the sample agency. Raises RuntimeError if a check judges differently when traced."""
    readers: dict[str, set[str]] = {}
    for context in _sample_contexts():
        for check in all_checks():
            log: set[str] = set()
            # Built unvalidated: the views stand in for the models they record reads of.
            traced = CheckContext.model_construct(
                snapshot=_Traced(context.snapshot, "", log),  # type: ignore[arg-type]
                attestations=_Traced(context.attestations, _ATTESTATIONS, log),  # type: ignore[arg-type]
                webhook_observations=context.webhook_observations,
                now=context.now,
            )
            if check.evaluate(traced) != check.evaluate(context):
                raise RuntimeError(f"{check.check_id} judges differently when its reads are traced")
            for path in log:
                readers.setdefault(path, set()).add(check.check_id)
    return readers


# -- one row per field ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    path: str
    kind: str
    allowed: str
    required: bool
    nullable: bool
    description: str
    read_by: str


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The annotation without `None` and `Annotated`, and whether None was allowed."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        if len(args) == 1:
            return _unwrap(args[0])[0], nullable
        if nullable:
            return typing.Union[tuple(args)], True  # noqa: UP007 (a union built at run time)
    return annotation, False


_NAMES: dict[Any, str] = {
    str: "text",
    int: "whole number",
    float: "number",
    bool: "true or false",
    date: "date (YYYY-MM-DD)",
    datetime: "date and time (ISO 8601)",
    Any: "any JSON",
}


def _kind(annotation: Any) -> str:
    inner, _ = _unwrap(annotation)
    origin = typing.get_origin(inner)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_kind(arg) for arg in typing.get_args(inner))
    if origin in (list, tuple):
        return f"list of {_kind(typing.get_args(inner)[0])}"
    if origin is dict:
        return f"mapping of text to {_kind(typing.get_args(inner)[1])}"
    if isinstance(inner, type) and issubclass(inner, Enum):
        return "text, one of the allowed values"
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return "object"
    return _NAMES.get(inner, getattr(inner, "__name__", str(inner)))


def _allowed(annotation: Any) -> str:
    inner, _ = _unwrap(annotation)
    if isinstance(inner, type) and issubclass(inner, Enum):
        return ", ".join(f"`{member.value}`" for member in inner)
    return ""


def _nested(annotation: Any) -> type[BaseModel] | None:
    inner, _ = _unwrap(annotation)
    for arg in (inner, *typing.get_args(inner)):
        candidate, _ = _unwrap(arg)
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


_FIELD_LINE = re.compile(r"^\s+(?P<name>[a-z_][a-z0-9_]*)\s*:")


def _source_comments(model: type[BaseModel]) -> dict[str, str]:
    """The comment beside each field, else the comment block above it (for the CTM models, above its
    group of fields: one comment there names the source of a group's types)."""
    grouped = model.__module__ == "ctm_hipaa.ctm.models"
    comments: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls is BaseModel:
            continue
        try:
            lines = inspect.getsource(cls).splitlines()
        except (OSError, TypeError):
            continue
        for index, line in enumerate(lines):
            match = _FIELD_LINE.match(line)
            if match is None or match["name"] not in cls.__annotations__:
                continue
            _, _, beside = line.partition("  # ")
            above: list[str] = []
            for earlier in reversed(lines[:index]):
                stripped = earlier.strip()
                if stripped.startswith("#"):
                    above.insert(0, stripped.lstrip("# ").strip())
                elif _FIELD_LINE.match(earlier) and not above and grouped:
                    continue  # a field of the same group: keep looking for the group's comment
                else:
                    break
            text = beside.strip() or " ".join(above)
            if text:
                comments[match["name"]] = text
    return comments


def _description(model: type[BaseModel], name: str, field: FieldInfo) -> str:
    text = field.description or _source_comments(model).get(name, "")
    return text.replace("|", "\\|")


def _rows(
    model: type[BaseModel],
    prefix: str,
    read_key: typing.Callable[[str, str], str | None],
    readers: dict[str, set[str]],
    *,
    models: dict[str, type[BaseModel]] | None = None,
) -> Iterator[_Row]:
    """Rows of `model`'s fields under `prefix`, depth first; `read_key(prefix, name)` is the traced
    path of a field, or None for one read by no check; `models` replaces a field's model (a snapshot
    entry's CTM objects are plain dicts in the file model)."""
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        annotation = field.annotation
        nested = (models or {}).get(name) or _nested(annotation)
        _, nullable = _unwrap(annotation)
        key = read_key(prefix, name)
        checks = sorted(readers.get(key, set())) if key else []
        is_list = typing.get_origin(_unwrap(annotation)[0]) in (list, tuple)
        kind = _kind(annotation)
        if models and name in models:
            kind = "list of objects" if is_list else "object"
        yield _Row(
            path=path,
            kind=kind,
            allowed=_allowed(annotation),
            required=field.is_required(),
            nullable=nullable,
            description=_description(model, name, field),
            read_by=", ".join(f"`{check}`" for check in checks),
        )
        if nested is not None and nested is not model:
            inner = f"{path}[]." if is_list else f"{path}."
            if typing.get_origin(_unwrap(annotation)[0]) is dict and not (models and name in models):
                inner = f"{path}.<id>."
            yield from _rows(nested, inner, read_key, readers)


def _table(rows: Iterator[_Row]) -> str:
    lines = [
        "| Field | Type | Allowed values | Required | Null | Description | Read by |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| `{row.path}` | {row.kind} | {row.allowed} | {'yes' if row.required else 'no'} | "
            f"{'yes' if row.nullable else 'no'} | {row.description} | {row.read_by} |"
        )
    return "\n".join(lines) + "\n"


# -- the two documents ------------------------------------------------------------------------------

_SNAPSHOT_INTRO = """
The JSON file `ctm-hipaa audit --snapshot FILE` audits (served by the CTM simulator to the real client)
and `ctm-hipaa collect --out FILE` writes from a live agency. CTM objects are kept as CTM's API returns
them: fields not listed here are kept and ignored, and every field of a CTM object may be null or absent
(CTM's own schemas allow it); an item of the wrong shape is reported as an ERROR for that resource, never
for the whole audit. `collect --out` also writes `removed`, saying what it left out (caller data, notes,
transcripts); it is read by no check.
"""
_ATTESTATIONS_INTRO = """
YAML or JSON, UTF-8, at most 1 MB: what a person read off the CTM screens the API cannot show, with who
and when. `ctm-hipaa attest FILE` records it in the findings table; `ctm-hipaa audit --attestations FILE`
reads it. Unknown fields, a key given twice, an impossible date and an unknown value are refused (with
`did you mean ...?` when a known one is close), naming the field's path. A block's settings are evidence
only when the block has an `attested_on` date no older than the maximum age (90 days by default,
`AttestationMaxAgeDays` in the stack); without valid evidence a check is MANUAL. An account's security
settings replace the agency's only with `allow_account_override: true`.
"""


def _prose(text: str) -> str:
    return " ".join(text.split())


_GENERATED = "<!-- Generated by `make docs` (ctm_hipaa_tools/docs.py) from the models: do not edit. -->\n"


def render_snapshot(readers: dict[str, set[str]]) -> str:
    """docs/snapshot.md: the agency snapshot file `audit --snapshot` reads and `collect --out` writes."""
    ctm_models = {name: _part_model(name) for name in SNAPSHOT_PARTS}

    def read_key(prefix: str, name: str) -> str | None:
        # `accounts[].users[].notifications.email_notify_on_message` is read as
        # `users.notifications.email_notify_on_message`.
        parts = [p.removesuffix("[]") for p in f"{prefix}{name}".split(".")]
        if len(parts) < 3 or parts[0] != "accounts":
            return None
        return ".".join(parts[1:])

    out = [
        "# The agency snapshot file\n\n",
        _GENERATED,
        f"\n{_prose(_SNAPSHOT_INTRO)}\n\n",
        f"{inspect.getdoc(AgencyFile)}\n\n",
        "**Read by** lists the checks that read the field, traced over the bundled sample agency "
        "(`ctm-hipaa checks` lists them all).\n\n",
        "## Top level\n\n",
        _table(
            row for row in _rows(AgencyFile, "", read_key, readers) if not row.path.startswith("accounts[].")
        ),
        "\n## An account entry (`accounts[]`)\n\n",
        f"{inspect.getdoc(AccountEntry)}\n\n",
        _table(_rows(AccountEntry, "accounts[].", read_key, readers, models=ctm_models)),
    ]
    for name, model in ctm_models.items():
        prefix = f"accounts[].{name}." if name == "account" else f"accounts[].{name}[]."
        doc = inspect.getdoc(model) or ""
        own = f"{doc}\n\n" if doc and model.__doc__ else ""
        out += [f"\n## `{prefix.removesuffix('.')}`: {model.__name__}\n\n", own]
        out.append(_table(_rows(model, prefix, read_key, readers)))
    return "".join(out)


def _part_model(name: str) -> type[BaseModel]:
    part = AccountSnapshot.model_fields[name].annotation
    assert isinstance(part, type) and issubclass(part, Part)
    model: type[BaseModel] = part.__pydantic_generic_metadata__["args"][0]
    return model


def render_attestations(readers: dict[str, set[str]]) -> str:
    """docs/attestations.md: the attestations file `attest` records and `audit --attestations` reads."""

    def read_key(prefix: str, name: str) -> str | None:
        # `agency.mfa.required` and `accounts.<id>.plan` are read as `attestations.mfa` and `.plan`.
        parts = f"{prefix}{name}".split(".")
        setting = (
            parts[2] if parts[0] == "accounts" and len(parts) > 2 else parts[1] if len(parts) > 1 else ""
        )
        if setting not in EffectiveAttestations.model_fields:
            return None  # attested_on and attested_by, allow_account_override: read for every setting
        return f"{_ATTESTATIONS}.{setting}"

    def block_readers(settings: typing.Iterable[str]) -> str:
        checks = sorted({c for s in settings for c in readers.get(f"{_ATTESTATIONS}.{s}", set())})
        return ", ".join(f"`{check}`" for check in checks)

    agency_settings = [n for n in AgencyAttestation.model_fields if n in EffectiveAttestations.model_fields]
    account_settings = [n for n in AccountAttestation.model_fields if n in EffectiveAttestations.model_fields]
    return "".join(
        [
            "# The attestations file\n\n",
            _GENERATED,
            f"\n{_prose(_ATTESTATIONS_INTRO)}\n\n",
            f"{inspect.getdoc(AttestationFile)}\n\n",
            "**Read by** lists the checks that read the setting, traced over the bundled sample agency; "
            "`attested_on` and `attested_by` date and sign every setting of their block, so they serve "
            f"the checks of the block: for the agency block {block_readers(agency_settings)}; for an "
            f"account block {block_readers(account_settings)}.\n\n",
            "## Fields\n\n",
            _table(_rows(AttestationFile, "", read_key, readers)),
        ]
    )


def render_all() -> dict[str, str]:
    """Both documents by file name, from one trace of the checks."""
    readers = check_reads()
    return {"snapshot.md": render_snapshot(readers), "attestations.md": render_attestations(readers)}


def main(argv: list[str] | None = None) -> int:
    """`python -m ctm_hipaa_tools.docs [DIR]`: write both documents into DIR (default docs/)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0] if args else "docs")
    target.mkdir(parents=True, exist_ok=True)
    for name, text in render_all().items():
        (target / name).write_text(text, encoding="utf-8")
        print(f"wrote {target / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
