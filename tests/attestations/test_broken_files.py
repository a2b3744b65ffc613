"""Broken attestation files: `ctm-hipaa attest` and `audit --attestations` print one line and exit 2.

Each kind of breakage once: bytes that are not UTF-8, UTF-16, nesting deep enough to exhaust the
parser's recursion, an integer too long for Python to convert, a file over the size limit, keys
given twice, and `true` where a number belongs. None may end in a traceback, echo a value or stall.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ctm_hipaa.attestations import AttestationError, load_attestations, parse_attestations
from ctm_hipaa.attestations.loader import MAX_FILE_BYTES
from ctm_hipaa_tools.agency_file import sample_agency_path
from ctm_hipaa_tools.cli import main

SECRET = "Jane Doe"  # stands in for PHI typed into a file: never in an error

BROKEN: dict[str, tuple[str, bytes, str]] = {
    "latin-1": (
        "att.yaml",
        f"agency:\n  attested_by: Jos\xe9 {SECRET}\n".encode("latin-1"),
        "not UTF-8 text",
    ),
    "utf-16": ("att.yaml", f"agency:\n  attested_by: {SECRET}\n".encode("utf-16"), "UTF-16"),
    "utf-16 without BOM": ("att.json", b'{"agency": {}}'.decode().encode("utf-16-le"), "not UTF-8 text"),
    "deep json": ("att.json", ('{"agency": ' + "[" * 5000 + "]" * 5000 + "}").encode(), "nested too deeply"),
    "deep yaml": ("att.yaml", ("agency: " + "[" * 900 + "]" * 900).encode(), "nested too deeply"),
    "5,000-digit int json": (
        "att.json",
        ('{"agency": {"idle_logout_minutes": ' + "9" * 5000 + "}}").encode(),
        "number with too many digits",
    ),
    "5,000-digit int yaml": (
        "att.yaml",
        ("agency:\n  idle_logout_minutes: " + "9" * 5000 + "\n").encode(),
        "line 2: not valid YAML (number with too many digits)",
    ),
    "impossible month yaml": (
        "att.yaml",
        b"agency:\n  attested_on: 2025-13-40\n",
        "agency.attested_on: 2025-13-40 is not a calendar date (there is no month 13)",
    ),
    "february 30 yaml": (
        "att.yaml",
        b"accounts:\n  1002:\n    baa_signed_on: 2026-02-30\n",
        "accounts.1002.baa_signed_on: 2026-02-30 is not a calendar date (February 2026 has 28 days)",
    ),
    "impossible date and time yaml": (
        "att.yaml",
        b"agency:\n  attested_on: 2026-04-31 10:00:00\n",
        "agency.attested_on: 2026-04-31 is not a calendar date (April 2026 has 30 days)",
    ),
    "impossible date json, text after it": (
        "att.json",
        f'{{"accounts": {{"1002": {{"attested_on": "2100-02-29 {SECRET}"}}}}}}'.encode(),
        "accounts.1002.attested_on: 2100-02-29 is not a calendar date (February 2100 has 28 days)",
    ),
    "text for a date json": (
        "att.json",
        f'{{"agency": {{"attested_on": "{SECRET}"}}}}'.encode(),
        "agency.attested_on: must be a date (YYYY-MM-DD)",
    ),
    "misspelt plan yaml": (
        "att.yaml",
        b"accounts:\n  1002:\n    plan: Advnced\n",
        "accounts.1002.plan: must be a CTM plan: Contact Center, Marketing, Advanced, Enterprise, "
        'Marketing Pro, Sales Engage, Performance, Growth, Connect, Other; did you mean "Advanced"?',
    ),
    "free text for a plan json": (
        "att.json",
        f'{{"accounts": {{"1002": {{"plan": "{SECRET}"}}}}}}'.encode(),
        "accounts.1002.plan: must be a CTM plan: Contact Center,",
    ),
    "misspelt field yaml": (
        "att.yaml",
        b"accounts:\n  1002:\n    plann: Advanced\n",
        'accounts.1002.plann: unknown field; did you mean "plan"?',
    ),
    "misspelt nested field yaml": (
        "att.yaml",
        b"agency:\n  mfa: {requird: true}\n",
        'agency.mfa.requird: unknown field; did you mean "required"?',
    ),
    "misspelt mfa interval yaml": (
        "att.yaml",
        b"agency:\n  mfa: {interval: evry login}\n",
        "agency.mfa.interval: must be one of every_login, 30_days (or never, N_days); "
        'did you mean "every_login"?',
    ),
    "misspelt support access yaml": (
        "att.yaml",
        b"accounts:\n  1002:\n    support_access: indefinte\n",
        "accounts.1002.support_access: must be off, indefinite or a window such as 1_hour, 24_hours, 7_days; "
        'did you mean "indefinite"?',
    ),
    "duplicate key yaml": (
        "att.yaml",
        b"agency:\n  idle_logout_minutes: 10\n  idle_logout_minutes: 99\n",
        "line 3: not valid YAML (a key appears twice)",
    ),
    "duplicate key json": (
        "att.json",
        b'{"agency": {"idle_logout_minutes": 10, "idle_logout_minutes": 99}}',
        "a key appears twice",
    ),
    "duplicate account id": (
        "att.yaml",
        b'accounts:\n  1002: {plan: Enterprise}\n  "1002": {plan: Marketing}\n',
        "accounts: an account id appears twice",
    ),
    "true for minutes": (
        "att.yaml",
        b"agency:\n  idle_logout_minutes: true\n",
        "agency.idle_logout_minutes: must be a whole number",
    ),
    "true for days": (
        "att.json",
        b'{"accounts": {"1002": {"recording_link_expiry_days": true}}}',
        "accounts.1002.recording_link_expiry_days: must be a whole number",
    ),
}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def attest_args(path: Path) -> list[str]:
    return ["attest", str(path), "--by", "ops", "--note", "ticket 1", "--table", "no-table-needed"]


def audit_args(path: Path) -> list[str]:
    return ["audit", "--snapshot", str(sample_agency_path()), "--attestations", str(path)]


@pytest.mark.parametrize("kind", BROKEN)
@pytest.mark.parametrize("command", [attest_args, audit_args], ids=["attest", "audit"])
def test_broken_file_is_one_line_and_exit_2(
    kind: str, command: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, data, expected = BROKEN[kind]
    path = tmp_path / name
    path.write_bytes(data)
    assert callable(command)
    code, out, err = run(command(path), capsys)
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1, err
    assert "invalid attestations in" in err and expected in err, err
    assert SECRET not in err and "Traceback" not in err


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    # 63 MB took 113 s and 2 GB of memory when it was parsed; the limit is checked first.
    path = tmp_path / "huge.yaml"
    line = b"  - hooks.vendor-under-baa.example\n"
    with path.open("wb") as out:
        out.write(b"agency:\n  baa_vendor_hosts:\n")
        out.write(line * (63_000_000 // len(line)))
    started = time.perf_counter()
    with pytest.raises(AttestationError, match=r"larger than the 1 MB limit") as caught:
        load_attestations(path)
    assert time.perf_counter() - started < 0.2
    assert len(caught.value.problems) == 1


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "padded.yaml"
    body = b"agency:\n  idle_logout_minutes: 10\n"
    path.write_bytes(body + b"#" * (MAX_FILE_BYTES - len(body) - 1) + b"\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert load_attestations(path).agency.idle_logout_minutes == 10


def test_the_message_names_at_most_20_problems() -> None:
    accounts = {str(n): {"plann": "x"} for n in range(1000, 1100)}
    with pytest.raises(AttestationError) as caught:
        parse_attestations({"accounts": accounts})
    assert len(caught.value.problems) == 100
    assert str(caught.value).count("unknown field") == 20
    assert str(caught.value).endswith("; and 80 more")


@pytest.mark.parametrize(
    ("written", "plan"),
    [("Advanced", "Advanced"), ("contact_center", "Contact Center"), ("marketing plan", "Marketing"),
     ("SALES-ENGAGE", "Sales Engage"), ("Other", "Other")],
)  # fmt: skip
def test_a_plan_is_read_as_ctm_names_it(written: str, plan: str) -> None:
    assert parse_attestations({"accounts": {"1002": {"plan": written}}}).accounts["1002"].plan == plan


def test_a_leap_day_is_a_date(tmp_path: Path) -> None:
    path = tmp_path / "leap.yaml"
    path.write_text("agency:\n  attested_on: 2028-02-29\n")
    assert str(load_attestations(path).agency.attested_on) == "2028-02-29"


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b'\xef\xbb\xbf{"agency": {"idle_logout_minutes": 10}}')
    assert load_attestations(path).agency.idle_logout_minutes == 10


def test_yaml_merge_keys_are_not_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "merge.yaml"
    path.write_text(
        "accounts:\n"
        "  '1001': &base {plan: Enterprise, attested_on: 2025-05-01}\n"
        "  '1002': {<<: *base, plan: Marketing}\n"
    )
    accounts = load_attestations(path).accounts
    assert accounts["1002"].plan == "Marketing"
    assert accounts["1002"].attested_on == accounts["1001"].attested_on


@pytest.mark.usefixtures("no_aws_configured")
def test_attest_without_aws_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "att.yaml"
    path.write_text("agency:\n  idle_logout_minutes: 10\n")
    code, out, err = run(attest_args(path), capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("ctm-hipaa attest: cannot record"), err
    assert "no AWS region is set: set AWS_DEFAULT_REGION" in err
