"""Read destinations and policies from YAML or JSON files, or from already-decoded data.

Files are read as strictly as attestations (`ctm_hipaa.attestations.read_document`: UTF-8, a size
limit, no key given twice), and every problem is reported at once with its path, never a value.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ctm_hipaa.attestations import read_document, validation_problems
from ctm_hipaa.relay.errors import RelayConfigError
from ctm_hipaa.relay.model import DestinationsFile, Policy

M = TypeVar("M", bound=BaseModel)


def _validate(model: type[M], data: object, source: str, shape: str) -> M:
    if not isinstance(data, dict):
        raise RelayConfigError(source, [f"(top level): must be a mapping with {shape}"])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RelayConfigError(source, validation_problems(exc, model)) from None


def parse_destinations(data: object, *, source: str = "destinations") -> DestinationsFile:
    """Validate decoded destinations data (a file's or a store's); `RelayConfigError` lists every
    problem with its path, e.g. ``destinations.crm.url``."""
    return _validate(DestinationsFile, data, source, "destinations")


def load_destinations(path: str | Path) -> DestinationsFile:
    """Load a destinations file (YAML or JSON); `RelayConfigError` when it cannot be read or is invalid."""
    return parse_destinations(read_document(path, RelayConfigError), source=str(Path(path)))


def parse_policy(data: object, *, source: str = "policy") -> Policy:
    """Validate decoded policy data (`fields`, `text`, `message`)."""
    return _validate(Policy, data, source, "fields (and text, message)")


def load_policy(path: str | Path) -> Policy:
    """Load a policy file (YAML or JSON), as `relay preview --policy FILE` takes it."""
    return parse_policy(read_document(path, RelayConfigError), source=str(Path(path)))
