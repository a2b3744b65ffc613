"""The `ctm-hipaa scan` implementation: output lines, JSONL, bad input handling."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from ctm_hipaa.phi.scan import run

SECRET = "Dana Whitfield 614-555-0142"


def test_single_payload(tmp_path: Path) -> None:
    f = tmp_path / "p.json"
    f.write_text(json.dumps({"name": "Dana Whitfield", "notes": "call 614-555-0142"}))
    out = io.StringIO()
    assert run(str(f), jsonl=False, out=out) == 0
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert {"record": 0, "path": "name", "start": 0, "end": 14, "category": "NAME"} in rows
    assert {"record": 0, "path": "notes", "start": 5, "end": 17, "category": "PHONE"} in rows


def test_jsonl_records_are_numbered(tmp_path: Path) -> None:
    f = tmp_path / "p.jsonl"
    f.write_text(json.dumps({"email": "a@b.co"}) + "\n\n" + json.dumps({"visitor_ip": "203.0.113.9"}) + "\n")
    out = io.StringIO()
    assert run(str(f), jsonl=True, out=out) == 0
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [(r["record"], r["category"]) for r in rows] == [(0, "EMAIL"), (1, "IP")]


@pytest.mark.parametrize("content", [SECRET, json.dumps([SECRET]), json.dumps(SECRET)])
def test_bad_input_exit_2_without_echo(
    tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "bad.json"
    f.write_text(content)
    out = io.StringIO()
    assert run(str(f), jsonl=False, out=out) == 2
    err = capsys.readouterr().err
    assert out.getvalue() == ""
    assert len(err.strip().splitlines()) == 1
    assert "Dana" not in err and "555" not in err


def test_bad_jsonl_line_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text(json.dumps({"name": "A B"}) + "\n" + SECRET + "\n")
    out = io.StringIO()
    assert run(str(f), jsonl=True, out=out) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "Dana" not in err
    assert out.getvalue() == ""  # nothing printed for a half-bad file


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"caller_number": "+16145550142"})))
    out = io.StringIO()
    assert run("-", jsonl=False, out=out) == 0
    assert json.loads(out.getvalue())["category"] == "PHONE"


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(str(tmp_path / "nope.json"), jsonl=False, out=io.StringIO()) == 2
    assert "cannot read" in capsys.readouterr().err


def test_import_stays_lean() -> None:
    import subprocess
    import sys

    code = (
        "import sys, ctm_hipaa.phi; "
        "print(sorted(m for m in ('pydantic', 'boto3', 'requests', 'yaml') if m in sys.modules))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("payload", "flags", "expected", "lines"),
    [
        ({"name": "Dana Whitfield", "notes": "call 614-555-0142"}, ["--fail-on-phi"], 1, 2),
        ({"name": "Dana Whitfield", "notes": "call 614-555-0142"}, [], 0, 2),
        ({"duration": 42, "direction": "inbound"}, ["--fail-on-phi"], 0, 0),
    ],
)
def test_fail_on_phi_exits_1_after_printing_every_detection(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    payload: dict[str, object],
    flags: list[str],
    expected: int,
    lines: int,
) -> None:
    from ctm_hipaa_tools.cli import main

    f = tmp_path / "p.json"
    f.write_text(json.dumps(payload))
    assert main(["scan", *flags, str(f)]) == expected
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == lines
    assert "Dana" not in captured.out + captured.err and "555" not in captured.out + captured.err


def test_fail_on_phi_keeps_exit_2_for_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ctm_hipaa_tools.cli import main

    f = tmp_path / "bad.json"
    f.write_text(SECRET)
    assert main(["scan", "--fail-on-phi", str(f)]) == 2
    assert capsys.readouterr().out == ""
