"""Read template.yaml, the single source of truth for resources, and resolve its intrinsics.

The local stack, `ctm-hipaa invoke` and the tests all learn table keys, queues and environment
variables from here, so there is never a second copy of a schema. The template is the root of a
source checkout: functions' CodeUri and events/ are found beside it (`find_template`).
"""

from __future__ import annotations

import copy
import functools
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TEMPLATE_NAME = "template.yaml"
TEMPLATE_ENV = "CTM_HIPAA_TEMPLATE"

_SUB_VARIABLE = re.compile(r"\$\{([^}!]+)\}")
# What `!Ref AWS::NoValue` resolves to: `resolve` drops the property (or list item) holding it.
_NO_VALUE = object()


class TemplateError(Exception):
    """template.yaml cannot be read or uses a construct this local runner does not resolve."""


def find_template(explicit: Path | None = None) -> Path:
    """The template.yaml to use: `explicit` if given, else $CTM_HIPAA_TEMPLATE, else the first
    template.yaml in the current directory or one of its parents, else in a parent of this package
    (an editable install in a checkout). Raises TemplateError, saying what to pass, when none is found.
    """
    if explicit is not None:
        return explicit
    if configured := os.environ.get(TEMPLATE_ENV):
        return Path(configured)
    for start in (Path.cwd(), Path(__file__).resolve().parent):
        for folder in (start, *start.parents):
            if (folder / TEMPLATE_NAME).is_file():
                return folder / TEMPLATE_NAME
    raise TemplateError(
        f"cannot find {TEMPLATE_NAME} here or in a parent folder: "
        f"run from the ctm-hipaa checkout, pass --template PATH or set {TEMPLATE_ENV}"
    )


class _CfnLoader(yaml.SafeLoader):
    """SafeLoader that turns CloudFormation short-form tags into their long form."""


def _short_form(long_name: str) -> Callable[[yaml.SafeLoader, yaml.Node], Any]:
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if long_name == "Fn::GetAtt":
                value = str(value).split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
        return {long_name: value}

    return construct


for _tag in ("Ref", "Condition"):
    _CfnLoader.add_constructor(f"!{_tag}", _short_form(_tag))
for _fn in (
    "GetAtt",
    "Sub",
    "If",
    "Equals",
    "Not",
    "And",
    "Or",
    "Join",
    "Select",
    "Split",
    "GetAZs",
    "ImportValue",
    "FindInMap",
    "Base64",
):
    _CfnLoader.add_constructor(f"!{_fn}", _short_form(f"Fn::{_fn}"))


@functools.lru_cache(maxsize=16)
def _parse(path: Path, inode: int, mtime_ns: int, size: int) -> Any:
    """The parsed YAML of `path`, read once per version of the file (inode, mtime and size key it)."""
    return yaml.load(path.read_text(), Loader=_CfnLoader)  # noqa: S506 - SafeLoader subclass


@dataclass(frozen=True)
class PhysicalResource:
    """What `Ref` and `Fn::GetAtt` of one resource resolve to in a given environment."""

    ref: str
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Template:
    """A parsed SAM template with an intrinsic-function resolver bound to physical resources."""

    body: dict[str, Any]
    path: Path
    parameters: dict[str, str] = field(default_factory=dict)
    physical: dict[str, PhysicalResource] = field(default_factory=dict)
    pseudo: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None, *, overrides: Mapping[str, str] | None = None) -> Template:
        """Parse `path` (by default the one `find_template` finds), taking parameter defaults and
        then `overrides`."""
        path = find_template(path)
        try:
            stat = path.stat()
            # Each Template gets its own copy: provisioning binds resources into it.
            body = copy.deepcopy(_parse(path, stat.st_ino, stat.st_mtime_ns, stat.st_size))
        except (OSError, yaml.YAMLError) as exc:
            raise TemplateError(f"cannot read {path}: {exc}") from exc
        params = {
            name: str(spec["Default"])
            for name, spec in body.get("Parameters", {}).items()
            if "Default" in spec
        }
        params.update(overrides or {})
        return cls(body=body, path=path, parameters=params)

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        resources: dict[str, dict[str, Any]] = self.body.get("Resources", {})
        return resources

    def resources_of_type(self, resource_type: str) -> dict[str, dict[str, Any]]:
        """Resources of one CloudFormation/SAM type whose Condition (if any) holds."""
        return {
            logical_id: spec
            for logical_id, spec in self.resources.items()
            if spec.get("Type") == resource_type and self.condition_holds(spec.get("Condition"))
        }

    def condition_holds(self, name: str | None) -> bool:
        if name is None:
            return True
        conditions = self.body.get("Conditions", {})
        if name not in conditions:
            raise TemplateError(f"unknown condition {name}")
        return bool(self.resolve(conditions[name]))

    def function_environment(self, logical_id: str) -> dict[str, str]:
        """A function's environment as Lambda would see it: Globals merged under its own variables."""
        spec = self.resources.get(logical_id)
        if spec is None or spec.get("Type") != "AWS::Serverless::Function":
            raise TemplateError(f"{logical_id} is not a function in template.yaml")
        merged: dict[str, Any] = {}
        globals_env = self.body.get("Globals", {}).get("Function", {}).get("Environment", {})
        merged.update(globals_env.get("Variables", {}))
        merged.update(spec.get("Properties", {}).get("Environment", {}).get("Variables", {}))
        return {key: str(self.resolve(value)) for key, value in merged.items()}

    def function_property(self, logical_id: str, name: str) -> Any:
        """A function property, falling back to Globals.Function as SAM does."""
        props = self.resources[logical_id].get("Properties", {})
        if name in props:
            return self.resolve(props[name])
        return self.resolve(self.body.get("Globals", {}).get("Function", {}).get(name))

    def resolve(self, value: Any) -> Any:
        """Resolve intrinsic functions in `value` against parameters and physical resources; a
        property or list item that resolves to `AWS::NoValue` is left out, as CloudFormation does."""
        if isinstance(value, list):
            return [item for item in map(self.resolve, value) if item is not _NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            handler = self._intrinsics().get(key)
            if handler is not None:
                return handler(arg)
        resolved = {key: self.resolve(item) for key, item in value.items()}
        return {key: item for key, item in resolved.items() if item is not _NO_VALUE}

    def _intrinsics(self) -> dict[str, Callable[[Any], Any]]:
        return {
            "Ref": self._ref,
            "Fn::GetAtt": self._get_att,
            "Fn::Sub": self._sub,
            "Fn::If": lambda arg: self.resolve(arg[1] if self.condition_holds(arg[0]) else arg[2]),
            "Fn::Equals": lambda arg: self.resolve(arg[0]) == self.resolve(arg[1]),
            "Fn::Not": lambda arg: not self.resolve(arg[0]),
            "Fn::And": lambda arg: all(self.resolve(item) for item in arg),
            "Fn::Or": lambda arg: any(self.resolve(item) for item in arg),
            "Fn::Join": lambda arg: str(arg[0]).join(str(self.resolve(item)) for item in arg[1]),
            "Fn::Select": lambda arg: self.resolve(arg[1])[int(self.resolve(arg[0]))],
            "Condition": lambda arg: self.condition_holds(arg),
        }

    def _ref(self, name: str) -> Any:
        if name == "AWS::NoValue":
            return _NO_VALUE
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        if name in self.physical:
            return self.physical[name].ref
        raise TemplateError(f"cannot resolve Ref {name}: no parameter value or local resource")

    def _get_att(self, arg: list[str]) -> str:
        logical_id, attribute = arg
        resource = self.physical.get(logical_id)
        if resource is None or attribute not in resource.attributes:
            raise TemplateError(f"cannot resolve GetAtt {logical_id}.{attribute} locally")
        return resource.attributes[attribute]

    def _sub(self, arg: str | list[Any]) -> str:
        text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in variables:
                return str(self.resolve(variables[name]))
            if "." in name:
                return self._get_att(name.split(".", 1))
            return str(self._ref(name))

        return _SUB_VARIABLE.sub(substitute, text)
