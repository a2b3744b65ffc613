"""Contract tests: objects built from the public tap's JSON schemas (tests/data/ctm_schemas, see its
README) audit through the real path (agency file -> simulator over HTTP -> client -> collector ->
checks) with no ERROR result.

Per schema, four objects: every field null; every nested field null too (objects present with null
fields, arrays holding a null item and an all-null item); every optional field absent; every field
valued, with unknown fields added at every level. The object's own `id` is always given: it is what
a result names the resource by, and an item without one is reported as an ERROR by design.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ctm_hipaa.checks import all_checks
from ctm_hipaa_tools.offline_audit import run_offline_audit

SCHEMAS = Path(__file__).parent.parent / "data" / "ctm_schemas"
KINDS = ("account", "user", "trigger", "call")
UNKNOWN = {"x_field_no_source_names": {"nested": [1, "two", None]}}


def schema(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{kind}.json").read_text())
    return loaded


def _types(node: dict[str, Any]) -> list[str]:
    declared = node.get("type", [])
    return [declared] if isinstance(declared, str) else list(declared)


def _nullable(node: dict[str, Any]) -> bool:
    return "null" in _types(node)


def _valued(node: dict[str, Any]) -> Any:
    first = next((t for t in _types(node) if t != "null"), "string")
    if first == "object":
        return {**{k: _valued(v) for k, v in node.get("properties", {}).items()}, **UNKNOWN}
    if first == "array":
        items = node.get("items")
        return [_valued(items)] if isinstance(items, dict) else []
    return {"string": "text", "integer": 1, "number": 1.5, "boolean": True}[first]


def _deep_null(node: dict[str, Any]) -> Any:
    first = next((t for t in _types(node) if t != "null"), None)
    if first == "object" and "properties" in node:
        return {
            k: _deep_null(v) if _nullable(v) or "properties" in v else None
            for k, v in node["properties"].items()
        }
    if first == "array" and isinstance(node.get("items"), dict):
        return [None, _deep_null(node["items"])]
    return None


def all_null(node: dict[str, Any]) -> dict[str, Any]:
    return {k: None for k, v in node["properties"].items() if _nullable(v)}


def deep_null(node: dict[str, Any]) -> dict[str, Any]:
    built: dict[str, Any] = _deep_null(node)
    return built


def absent(node: dict[str, Any]) -> dict[str, Any]:
    return {}


def valued(node: dict[str, Any]) -> dict[str, Any]:
    built: dict[str, Any] = _valued(node)
    return built


VARIANTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "all_null": all_null,
    "deep_null": deep_null,
    "absent": absent,
    "valued_with_unknown_fields": valued,
}


def _object(kind: str, variant: str, n: int) -> dict[str, Any]:
    ids: dict[str, Any] = {
        "account": 3000 + n,
        "user": f"USR{n:04d}",
        "trigger": f"TRG{n:04d}",
        "call": 900 + n,
    }
    return {**VARIANTS[variant](schema(kind)), "id": ids[kind]}


def contract_agency() -> dict[str, Any]:
    """One account per variant; the account, its user, trigger and call all built that way."""
    accounts = [
        {
            "account": _object("account", variant, n),
            "users": [_object("user", variant, n)],
            "triggers": [_object("trigger", variant, n)],
            "calls": [_object("call", variant, n)],
        }
        for n, variant in enumerate(VARIANTS)
    ]
    return {"agency": {"id": 42, "name": "Contract Agency"}, "accounts": accounts}


def test_generated_objects_cover_every_schema_and_variant() -> None:
    entries = contract_agency()["accounts"]
    objects = [e["account"] for e in entries] + [
        i for e in entries for p in ("users", "triggers", "calls") for i in e[p]
    ]
    assert len(objects) == len(KINDS) * len(VARIANTS) == 16
    # the shapes issue 9 names: a null account name, a boolean recording status, a null rule
    assert all_null(schema("account"))["name"] is None
    assert valued(schema("user"))["recording_access_settings"]["status"] is True
    assert deep_null(schema("trigger"))["routing_rules"][0] is None
    assert "campaign" in valued(schema("call"))["paid"]


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    path = tmp_path_factory.mktemp("contract") / "agency.json"
    path.write_text(json.dumps(contract_agency()))
    out = io.StringIO()
    # No attestations: the critical BAA is MANUAL, which the default gate fails; the shapes are at stake here.
    assert run_offline_audit(path, None, output_format="json", out=out, fail_on=None) == 0
    results: list[dict[str, Any]] = json.loads(out.getvalue())
    return results


def test_every_account_is_audited_on_the_whole_catalog(audited: list[dict[str, Any]]) -> None:
    catalog = {check.check_id for check in all_checks()}
    accounts = {str(3000 + n) for n in range(len(VARIANTS))}
    assert {r["account_id"] for r in audited} == accounts
    for account in accounts:
        assert {r["check_id"] for r in audited if r["account_id"] == account} == catalog


def test_no_schema_shape_is_an_error(audited: list[dict[str, Any]]) -> None:
    errors = [
        (r["account_id"], r["check_id"], r["resource_id"], r["detail"])
        for r in audited
        if r["status"] == "ERROR"
    ]
    assert errors == []
