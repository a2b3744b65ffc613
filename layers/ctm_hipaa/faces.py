"""Lazy package faces (PEP 562): a package exports names that load their module on first use.

For the faces the webhook's cold start goes through (`ctm`, `webhook`): an eager face would load
every module of its package (the CTM HTTP client and `requests`, say) into a Lambda that needs one.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping


def lazy_exports(
    package: str, exported: Iterable[str], homes: Mapping[str, Iterable[str]]
) -> Callable[[str], object]:
    """The `__getattr__` of `package`: each name of `homes[module]` loads from `package.module`.

    Raises ValueError at import if `homes` does not name exactly `exported` (the face's `__all__`),
    so the two lists cannot drift; an unknown name raises AttributeError, as for any module.
    """
    home_of = {name: f"{package}.{module}" for module, names in homes.items() for name in names}
    if sorted(home_of) != sorted(exported):
        raise ValueError(f"{package}: the lazy exports do not match __all__")

    def __getattr__(name: str) -> object:
        home = home_of.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        setattr(sys.modules[package], name, value)  # later lookups skip __getattr__
        return value

    return __getattr__
