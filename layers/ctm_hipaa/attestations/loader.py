"""Read attestations from a YAML or JSON file, or from any already-decoded mapping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ctm_hipaa.attestations.exceptions import AttestationError
from ctm_hipaa.attestations.model import AttestationFile

# pydantic's messages quote the input; these say what to write instead, without echoing values.
_MESSAGES = {
    "extra_forbidden": "unknown field",
    "missing": "required",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "greater_than_equal": "must be 0 or more",
    "date_type": "must be a date (YYYY-MM-DD)",
    "date_parsing": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "string_type": "must be text",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "tuple_type": "must be a list",
}


def _path(loc: tuple[int | str, ...]) -> str:
    # Union branches add type names (e.g. "date", "bool") to the location: drop them.
    parts = [str(p) for p in loc if p not in {"date", "bool", "function-after[...]"}]
    return ".".join(parts) or "(top level)"


def _message(error: Any) -> str:
    kind = str(error.get("type", ""))
    if kind == "value_error":
        ctx = error.get("ctx") or {}
        cause = ctx.get("error")
        return str(cause) if cause is not None else "invalid value"
    return _MESSAGES.get(kind, "invalid value")


def _problems(exc: ValidationError) -> list[str]:
    seen: dict[str, str] = {}
    for error in exc.errors(include_input=False, include_url=False):
        path = _path(tuple(error["loc"]))
        # A union reports each branch it tried; the first message per path is the useful one.
        seen.setdefault(path, _message(error))
    return [f"{path}: {message}" for path, message in seen.items()]


def parse_attestations(data: object, *, source: str = "attestations") -> AttestationFile:
    """Validate decoded attestation data (from a file or a store) into an `AttestationFile`.

    Raises `AttestationError` listing every problem with its path, e.g. ``accounts.1002.plan``.
    """
    if data is None:
        return AttestationFile()
    if not isinstance(data, dict):
        raise AttestationError(source, ["(top level): must be a mapping with agency and accounts"])
    try:
        return AttestationFile.model_validate(data)
    except ValidationError as exc:
        raise AttestationError(source, _problems(exc)) from None


def _decode(text: str, suffix: str, source: str) -> object:
    as_json = suffix == ".json" or (suffix not in {".yaml", ".yml"} and text.lstrip().startswith("{"))
    try:
        if as_json:
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise AttestationError(source, [f"line {exc.lineno}: not valid JSON ({exc.msg})"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(document)"
        raise AttestationError(source, [f"{where}: not valid YAML"]) from None


def load_attestations(path: str | Path) -> AttestationFile:
    """Load an attestation file, YAML or JSON (chosen by extension, else by content).

    Raises `AttestationError` when the file cannot be read, decoded or validated.
    """
    file = Path(path)
    source = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise AttestationError(source, [f"cannot read the file ({type(exc).__name__})"]) from None
    return parse_attestations(_decode(text, file.suffix.lower(), source), source=source)
