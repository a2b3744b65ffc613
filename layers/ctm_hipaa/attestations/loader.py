"""Read attestations from a YAML or JSON file, or from any already-decoded mapping.

`read_document` and `validation_problems` are the strict reading of any such configuration file
(the relay's destinations read theirs with them): a key given twice, a huge file or number, a
non-UTF-8 file are refused, and no message echoes a value of the document.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ctm_hipaa.attestations.exceptions import AttestationError
from ctm_hipaa.attestations.model import DATE_HELP, AttestationFile, UnbuiltDate
from ctm_hipaa.attestations.suggest import refusal

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
    "date_type": DATE_HELP,
    "date_parsing": DATE_HELP,
    "date_from_datetime_parsing": DATE_HELP,
    "string_type": "must be text",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "tuple_type": "must be a list",
}


def _path(loc: tuple[int | str, ...]) -> str:
    # Union branches add type names (e.g. "date", "bool") to the location: drop them.
    parts = [str(p) for p in loc if p not in {"date", "bool", "function-after[...]"}]
    return ".".join(parts) or "(top level)"


def _fields_at(loc: tuple[int | str, ...], root: type[BaseModel]) -> list[str]:
    """The field names of the model at `loc` in a document of `root` (for a suggestion)."""
    model: type[BaseModel] = root
    parts = list(loc)
    while parts:
        part = parts.pop(0)
        field = model.model_fields.get(str(part))
        if field is None:
            return []
        nested = [
            arg
            for arg in (field.annotation, *typing.get_args(field.annotation))
            for arg in (arg, *typing.get_args(arg))
            if isinstance(arg, type) and issubclass(arg, BaseModel)
        ]
        if not nested:
            return []
        model = nested[0]
        if typing.get_origin(field.annotation) is dict and parts:
            parts.pop(0)  # an account id
    return list(model.model_fields)


def _message(error: Any, root: type[BaseModel]) -> str:
    kind = str(error.get("type", ""))
    if kind == "extra_forbidden":
        loc = tuple(error["loc"])
        return refusal("unknown field", str(loc[-1]), _fields_at(loc[:-1], root))
    if kind == "value_error":
        ctx = error.get("ctx") or {}
        cause = ctx.get("error")
        return str(cause) if cause is not None else "invalid value"
    return _MESSAGES.get(kind, "invalid value")


def validation_problems(exc: ValidationError, root: type[BaseModel]) -> list[str]:
    """One ``path: message`` line per field `exc` (a validation of `root`) refuses, first message per
    path, without the refused values: pydantic's own messages quote them. A `ValueError` raised by
    a validator is shown as it is (its message must not quote the value either)."""
    seen: dict[str, str] = {}
    for error in exc.errors(include_input=False, include_url=False):
        path = _path(tuple(error["loc"]))
        # A union reports each branch it tried; the first message per path is the useful one.
        seen.setdefault(path, _message(error, root))
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
        raise AttestationError(source, validation_problems(exc, AttestationFile)) from None


# An attestation document is a few kilobytes; anything near this is not one, and parsing it
# (PyYAML is pure Python) would take minutes and gigabytes.
MAX_FILE_BYTES = 1_000_000
# No attested number has more digits; longer ones would hit Python's int conversion limit.
_MAX_INT_DIGITS = 20
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # also the start of the UTF-32 BOMs
# Scalars PyYAML recognises by their form but cannot build (it raises a bare ValueError). An
# impossible date is not one: it is kept (`UnbuiltDate`) for the model to explain at its field's path.
_UNBUILDABLE = {"tag:yaml.org,2002:int": "number with too many digits"}
_DUPLICATE_KEY = "a key appears twice"
# Problems of our own making, safe to show; PyYAML's own may quote the document.
_OWN_YAML_PROBLEMS = {*_UNBUILDABLE.values(), "a value cannot be read", _DUPLICATE_KEY}


class _StrictYamlLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice (SafeLoader keeps the last one silently), reports
    a scalar that cannot be built (a huge integer) as a YAML error, and keeps an impossible date as
    an `UnbuiltDate` so that validation names its field."""

    def _timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return UnbuiltDate(str(node.value))

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except ValueError:
            problem = _UNBUILDABLE.get(node.tag, "a value cannot be read")
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: set[object] = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # `<<: *anchor` merges; its keys may be overridden by design
                key = self.construct_object(key_node, deep=deep)
                if isinstance(key, Hashable):
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, _DUPLICATE_KEY, key_node.start_mark
                        )
                    seen.add(key)
        return super().construct_mapping(node, deep=deep)


_StrictYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictYamlLoader._timestamp)


class _JsonProblem(ValueError):
    """A JSON document that parses but is refused; the message is safe to show."""


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _JsonProblem(f"{_DUPLICATE_KEY} in one object")
    return obj


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise _JsonProblem("number with too many digits")
    return int(text)


Fail = Callable[[str, list[str]], Exception]  # (source, problems) -> the error to raise


def _decode(text: str, suffix: str, source: str, fail: Fail) -> object:
    as_json = suffix == ".json" or (suffix not in {".yaml", ".yml"} and text.lstrip().startswith("{"))
    try:
        if as_json:
            return json.loads(text, object_pairs_hook=_json_object, parse_int=_json_int)
        return yaml.load(text, Loader=_StrictYamlLoader)  # noqa: S506 (a SafeLoader subclass)
    except RecursionError:
        raise fail(source, ["(document): nested too deeply"]) from None
    except json.JSONDecodeError as exc:
        raise fail(source, [f"line {exc.lineno}: not valid JSON ({exc.msg})"]) from None
    except _JsonProblem as exc:
        raise fail(source, [f"(document): not valid JSON ({exc})"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(document)"
        problem = getattr(exc, "problem", None)
        detail = f" ({problem})" if problem in _OWN_YAML_PROBLEMS else ""
        raise fail(source, [f"{where}: not valid YAML{detail}"]) from None


def _read_text(file: Path, source: str, fail: Fail) -> str:
    try:
        with file.open("rb") as stream:
            # At most one byte past the limit: a huge file is refused without being read.
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise fail(source, [f"cannot read the file ({type(exc).__name__})"]) from None
    if len(data) > MAX_FILE_BYTES:
        raise fail(source, [f"(file): larger than the {MAX_FILE_BYTES // 1_000_000} MB limit"])
    if data.startswith(_UTF16_BOMS):
        raise fail(source, ["(file): UTF-16 text; save it as UTF-8"])
    try:
        text = data.decode("utf-8-sig")  # a UTF-8 BOM, as some editors write, is harmless
    except UnicodeDecodeError as exc:
        raise fail(source, [f"(file): not UTF-8 text (byte {exc.start})"]) from None
    if "\x00" in text:
        # UTF-16 without a BOM decodes as UTF-8 with a NUL in every other byte.
        raise fail(source, ["(file): not UTF-8 text (it holds NUL bytes; UTF-16?)"])
    return text


def load_attestations(path: str | Path) -> AttestationFile:
    """Load an attestation file, YAML or JSON (chosen by extension, else by content).

    The file must be UTF-8 and at most `MAX_FILE_BYTES`; a key given twice is an error. Raises
    `AttestationError` when the file cannot be read, decoded or validated.
    """
    return parse_attestations(read_document(path, AttestationError), source=str(Path(path)))


def read_document(path: str | Path, fail: Fail) -> object:
    """The decoded content of a YAML or JSON file (chosen by extension, else by content), read
    strictly: UTF-8, at most `MAX_FILE_BYTES`, no key given twice, no number too long to convert.
    Anything else raises `fail(source, problems)`, each problem naming a line or part of the file,
    never its content."""
    file = Path(path)
    source = str(file)
    return _decode(_read_text(file, source, fail), file.suffix.lower(), source, fail)
