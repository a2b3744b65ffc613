"""The HIPAA mapping document (`hipaa_mapping.json`): requirements -> checks, as data.

The one owner of the checks' HIPAA citations, as a Prowler framework JSON is: a check's
citations are the requirements that list it. The registry joins it to the catalog at import;
`compliance` reports on it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAPPING_FILE = "hipaa_mapping.json"

_CITATION = re.compile(r"^164\.\d{3}(\([A-Za-z0-9]+\))*$")


class MappingError(ValueError):
    """The mapping document is inconsistent with the check catalog."""


class Requirement(BaseModel):
    """One HIPAA requirement (a 45 CFR citation, e.g. 164.312(d)) and the checks that evidence it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    section: str = Field(min_length=1)
    checks: tuple[str, ...] = ()

    @field_validator("id")
    @classmethod
    def _citation(cls, value: str) -> str:
        if not _CITATION.match(value):
            raise ValueError(f"not a 45 CFR 164 citation: {value!r}")
        return value


class ComplianceFramework(BaseModel):
    """A framework -> checks mapping document."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    framework: str
    name: str
    description: str = ""
    requirements: tuple[Requirement, ...]

    def citations(self) -> dict[str, tuple[str, ...]]:
        """check_id -> the ids of the requirements that list it, in document order."""
        cited: dict[str, list[str]] = {}
        for req in self.requirements:
            for check_id in req.checks:
                cited.setdefault(check_id, []).append(req.id)
        return {check_id: tuple(ids) for check_id, ids in cited.items()}


def parse_mapping(data: object, check_ids: Collection[str]) -> ComplianceFramework:
    """Validate a mapping document: 164 citations as ids, each once, naming only `check_ids`.

    Raises `MappingError` naming the requirement and check at fault (pydantic's
    `ValidationError`, a ValueError too, for a malformed document).
    """
    framework = ComplianceFramework.model_validate(data)
    seen: set[str] = set()
    for req in framework.requirements:
        if req.id in seen:
            raise MappingError(f"requirement {req.id} appears twice")
        seen.add(req.id)
        unknown = [c for c in req.checks if c not in check_ids]
        if unknown:
            raise MappingError(f"requirement {req.id} maps unknown checks {unknown}")
    return framework


def bundled_mapping() -> object:
    """The JSON data of the mapping shipped with the package (not yet validated)."""
    text = resources.files("ctm_hipaa.checks").joinpath(MAPPING_FILE).read_text(encoding="utf-8")
    data: object = json.loads(text)
    return data
