"""The snapshot's parts and the part error kinds: each defined once, and what derives from them agrees."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ctm_hipaa.ctm import errors
from ctm_hipaa.ctm.models import SNAPSHOT_PARTS, AccountSnapshot, Part, PartError, PartErrorKind
from ctm_hipaa_tools.agency_file import AccountEntry
from ctm_hipaa_tools.simulator import LIST_KEYS


def test_snapshot_parts_are_the_part_fields_of_the_snapshot_in_collection_order() -> None:
    # The contract (DESIGN.md, "Offline inputs"); everything else reads SNAPSHOT_PARTS.
    assert SNAPSHOT_PARTS == ("account", "users", "webhooks", "triggers", "call_settings", "calls")


def test_agency_file_and_simulator_serve_every_snapshot_part() -> None:
    # The agency file is a model of its own (its lists are CTM-shaped dicts): its fields must match.
    assert tuple(AccountEntry.model_fields) == SNAPSHOT_PARTS
    assert set(LIST_KEYS) == set(SNAPSHOT_PARTS) - {"account"}


def test_part_looks_up_only_snapshot_parts() -> None:
    snap = AccountSnapshot.model_validate(
        {
            "account_id": "1",
            "collected_at": "2025-01-01T00:00:00Z",
            **{p: {"items": []} for p in SNAPSHOT_PARTS},
        }
    )
    assert all(isinstance(snap.part(name), Part) for name in SNAPSHOT_PARTS) and snap.complete
    with pytest.raises(KeyError):
        snap.part("requests_made")


def _error_classes(cls: type[errors.CTMError]) -> list[type[errors.CTMError]]:
    return [cls, *(c for sub in cls.__subclasses__() for c in _error_classes(sub))]


def test_every_part_error_kind_is_raised_by_some_ctm_error_and_no_other() -> None:
    assert {cls.kind for cls in _error_classes(errors.CTMError)} == set(PartErrorKind)


def test_part_error_kind_round_trips_through_json_and_rejects_unknown_kinds() -> None:
    for kind in PartErrorKind:
        error = PartError(kind=kind, path="/api/v1/accounts/1/users", status=None, message="m")
        again = PartError.model_validate_json(error.model_dump_json())
        assert again.kind is kind and again.model_dump(mode="json")["kind"] == kind.value
    with pytest.raises(ValidationError):
        PartError.model_validate({"kind": "transport", "path": "/p", "message": "m"})
