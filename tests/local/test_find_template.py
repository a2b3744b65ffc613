"""The harness finds template.yaml without assuming where it is installed (no `parents[N]`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ctm_hipaa_tools.template as template_module
from ctm_hipaa_tools.cli import main
from ctm_hipaa_tools.template import TEMPLATE_ENV, Template, TemplateError, find_template

CHECKOUT = Path(__file__).resolve().parents[2]
CHECKOUT_TEMPLATE = CHECKOUT / "template.yaml"
BAD_SIGNATURE_EVENT = CHECKOUT / "events" / "webhook-bad-signature.json"


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with no template.yaml in it or above it, and no $CTM_HIPAA_TEMPLATE."""
    assert not any((folder / "template.yaml").exists() for folder in (tmp_path, *tmp_path.parents))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(TEMPLATE_ENV, raising=False)
    return tmp_path


@pytest.fixture
def installed(elsewhere: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The harness as a wheel would install it: in a site-packages with no template.yaml above it."""
    site = elsewhere / "venv" / "lib" / "site-packages" / "ctm_hipaa_tools"
    site.mkdir(parents=True)
    monkeypatch.setattr(template_module, "__file__", str(site / "template.py"))
    return elsewhere


def test_an_explicit_path_wins_over_the_environment(elsewhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TEMPLATE_ENV, str(elsewhere / "from-env.yaml"))
    assert find_template(elsewhere / "given.yaml") == elsewhere / "given.yaml"
    assert find_template() == elsewhere / "from-env.yaml"


def test_the_nearest_template_above_the_working_directory_is_found(
    installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (installed / "app" / "functions").mkdir(parents=True)
    (installed / "app" / "template.yaml").write_text("Resources: {}\n")
    monkeypatch.chdir(installed / "app" / "functions")
    assert find_template() == installed / "app" / "template.yaml"


def test_an_editable_install_finds_its_checkout_from_any_directory(elsewhere: Path) -> None:
    assert find_template() == CHECKOUT_TEMPLATE
    assert Template.load().path == CHECKOUT_TEMPLATE


def test_no_template_anywhere_is_one_clear_error(installed: Path) -> None:
    with pytest.raises(TemplateError, match=rf"--template PATH or set {TEMPLATE_ENV}"):
        Template.load()


def test_invoke_without_a_template_says_what_to_pass(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["invoke", "WebhookFunction", "-e", str(BAD_SIGNATURE_EVENT)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("ctm-hipaa invoke: cannot find template.yaml")
    assert "--template" in err
    assert "\n" not in err
    assert "Traceback" not in err


def test_demo_without_a_template_says_what_to_pass(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("ctm-hipaa demo: cannot find template.yaml")
    assert "\n" not in err


@pytest.mark.parametrize("how", ["option", "environment"])
def test_invoke_runs_on_the_template_it_is_given(
    installed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    args = ["invoke", "WebhookFunction", "-e", str(BAD_SIGNATURE_EVENT)]
    if how == "option":
        args += ["--template", str(CHECKOUT_TEMPLATE)]
    else:
        monkeypatch.setenv(TEMPLATE_ENV, str(CHECKOUT_TEMPLATE))
    assert main(args) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["statusCode"] == 401
