"""Callers use the runtime's package faces, and the lazy faces keep the webhook's cold start small.

`lint-imports` (in `make lint`) checks which package may import which; this checks how: the Lambda
handlers, the dev harness, the benchmarks and every runtime package importing another go through
that package's `__init__` and its `__all__`, never its modules. README.md "Layering" has the rules.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ROOT / "layers" / "ctm_hipaa"
PACKAGES = sorted(p.name for p in RUNTIME.iterdir() if (p / "__init__.py").is_file())
CALLERS = sorted(
    [
        *(ROOT / "functions").glob("*/app.py"),
        *(ROOT / "tools").rglob("*.py"),
        *(ROOT / "benchmarks").rglob("*.py"),
    ]
)


def _runtime_imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of each `from ctm_hipaa... import names` in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.module, [alias.name for alias in node.names])
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "ctm_hipaa"
    ]


def _off_face(path: Path, own: str | None) -> list[str]:
    """The imports in `path` that reach past a package face of the runtime, or for a name it hides."""
    bad = []
    for line, module, names in _runtime_imports(path):
        parts = module.split(".")
        if len(parts) < 2 or parts[1] not in PACKAGES or parts[1] == own:
            continue  # ctm_hipaa itself, its plain modules (settings, telemetry), or the own package
        where = f"{path.relative_to(ROOT)}:{line}"
        if len(parts) > 2:
            bad.append(f"{where} imports {module}, past the face ctm_hipaa.{parts[1]}")
            continue
        exported = importlib.import_module(module).__all__
        bad += [f"{where} imports {name}, not in {module}.__all__" for name in names if name not in exported]
    return bad


def test_handlers_harness_and_benchmarks_import_package_faces_only() -> None:
    assert [p for p in CALLERS if p.parent.parent.name == "functions"], "no handler found"
    assert [bad for path in CALLERS for bad in _off_face(path, own=None)] == []


def test_runtime_packages_import_each_other_through_their_faces() -> None:
    modules = [(path, path.relative_to(RUNTIME).parts) for path in sorted(RUNTIME.rglob("*.py"))]
    offenders = [
        bad for path, parts in modules for bad in _off_face(path, own=parts[0] if len(parts) > 1 else None)
    ]
    assert offenders == []


@pytest.mark.parametrize("package", PACKAGES)
def test_each_exported_name_resolves(package: str) -> None:
    face = importlib.import_module(f"ctm_hipaa.{package}")
    assert face.__all__, f"ctm_hipaa.{package} exports nothing"
    missing = [name for name in face.__all__ if not hasattr(face, name)]
    assert missing == []


def test_the_webhook_cold_start_loads_neither_the_ctm_client_nor_the_catalog() -> None:
    code = (
        "import sys; import ctm_hipaa.webhook.bootstrap; "
        "loaded = [m for m in sys.modules if m in ('requests', 'ctm_hipaa.ctm.client') "
        "or m.startswith(('ctm_hipaa.checks', 'ctm_hipaa.audit'))]; "
        "assert not loaded, loaded"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr


def test_the_webhook_face_loads_only_what_is_asked_for() -> None:
    code = (
        "import sys; from ctm_hipaa.webhook import WEBHOOK_CHECK_ID; "
        "loaded = [m for m in sys.modules if m.startswith(('ctm_hipaa.webhook.', 'pydantic'))]; "
        "assert loaded == ['ctm_hipaa.webhook.check_names'], loaded"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
