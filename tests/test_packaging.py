"""The runtime package imports nothing of the dev harness, and the CLI needs moto only where it runs one.

The Lambda layer ships `ctm_hipaa` alone (tests/test_template.py builds it and lists it); these run
each check in a fresh interpreter in which `moto` and `ctm_hipaa_tools` cannot be imported.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_AGENCY = ROOT / "tools" / "ctm_hipaa_tools" / "data" / "sample_agency.json"
HARNESS_IMPORT = re.compile(r"^\s*(?:from|import)\s+(?:moto|ctm_hipaa_tools)\b", re.MULTILINE)

# Put first on sys.meta_path: any import of these names fails, as in a layer or a runtime-only install.
BLOCKER = textwrap.dedent(
    """
    import sys

    class Blocked:
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
            return None

    sys.meta_path.insert(0, Blocked())
    """
)


def run_blocked(blocked: set[str], code: str) -> subprocess.CompletedProcess[str]:
    script = f"BLOCKED = {sorted(blocked)!r}\n{BLOCKER}\n{textwrap.dedent(code)}"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_every_runtime_module_imports_without_the_harness_or_moto() -> None:
    result = run_blocked(
        {"moto", "ctm_hipaa_tools"},
        """
        import importlib, pkgutil
        import ctm_hipaa

        names = [m.name for m in pkgutil.walk_packages(ctm_hipaa.__path__, "ctm_hipaa.")]
        for name in names:
            importlib.import_module(name)
        print(len(names))
        """,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 50  # the whole package was walked, not an empty path


def test_the_handlers_import_only_the_runtime() -> None:
    handlers = sorted((ROOT / "functions").glob("*/*.py"))
    assert handlers
    for handler in handlers:
        assert not HARNESS_IMPORT.search(handler.read_text()), handler


def test_the_runtime_sources_never_name_the_harness() -> None:
    # Also catches a lazy import inside a function, which importing every module would not run.
    sources = sorted((ROOT / "layers" / "ctm_hipaa").rglob("*.py"))
    assert sources
    offenders = [str(path.relative_to(ROOT)) for path in sources if HARNESS_IMPORT.search(path.read_text())]
    assert offenders == []


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["scan", "-"], 0),
        (["audit", "--snapshot", str(SAMPLE_AGENCY), "--format", "json", "--fail-on", "none"], 0),
        (["--version"], 0),
    ],
)
def test_the_commands_that_need_no_local_stack_run_without_moto(argv: list[str], expected: int) -> None:
    result = run_blocked(
        {"moto"},
        f"""
        import io, sys
        sys.stdin = io.StringIO('{{"caller_number": "+15555550123"}}')
        from ctm_hipaa_tools.cli import main
        try:
            code = main({argv!r})
        except SystemExit as exc:  # argparse's --version
            code = exc.code
        raise SystemExit(code)
        """,
    )
    assert result.returncode == expected, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "argv", [["demo"], ["invoke", "WebhookFunction", "-e", "events/webhook-bad-signature.json"]]
)
def test_the_local_stack_commands_without_moto_name_the_extra(argv: list[str]) -> None:
    result = run_blocked(
        {"moto"},
        f"""
        from ctm_hipaa_tools.cli import main
        raise SystemExit(main({argv!r}))
        """,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (
        f"ctm-hipaa {argv[0]}: needs moto, which the local extra installs: pip install 'ctm-hipaa[local]'"
    )
