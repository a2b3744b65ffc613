"""`ctm-hipaa evidence`: the audit package of an observation window, as one zip an auditor can verify.

    README.txt                          what is in the package, and how to verify it
    SHA256SUMS                          `sha256sum -c SHA256SUMS` checks every other file
    manifest.json                       the window, the runs in it, each file's size and SHA-256
    report.html                         the report as of the window's end (`StoredState.report`)
    runs/<date>_<run_id>/results.csv    each run's results in the window, in the report registry's
    runs/<date>_<run_id>/results.ocsf.json   csv and ocsf formats
    attestations.json                   every attestation version recorded by the window's end
    mute_rules.json                     every stored mute rule in force at some time in the window

The window is whole UTC days, `since` to `until` inclusive; the package is as of the end of `until`
(`Window.end`), never of the moment it is made, and its zip entries carry that time, in a fixed
order: the same stored state gives the same bytes. Every file holds what the report formats and
the stores already keep PHI-free: ids, statuses, counts, the checks' own sentences, workforce names
and the mute rules' and attestations' workforce text.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from ctm_hipaa import __version__
from ctm_hipaa.findings import FindingStore, MuteRule
from ctm_hipaa.report import FORMATS, AttestationRecord, render
from ctm_hipaa_tools.stored_report import StoredRun, StoredState

# The formats each run's results are kept in: csv for a spreadsheet, ocsf for a SIEM.
RUN_FORMATS = ("csv", "ocsf")
CHECKSUMS = "SHA256SUMS"
MANIFEST = "manifest.json"
README = "README.txt"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_README_TEXT = """ctm-hipaa evidence package: {since} to {until} (UTC days, inclusive), as of {as_of}.

report.html          the HIPAA compliance report as of the end of the window: each account's latest
                     audit in the window, the trend over the window's runs, the HIPAA requirement
                     matrix, the PHI-flow matrix and the open findings (opens in any browser, offline)
runs/                each audit run started in the window: its results as CSV and as OCSF events
attestations.json    every attestation recorded by the end of the window: who attested what and when,
                     until when it is evidence, who recorded it and with which note
mute_rules.json      every mute rule in force at some time in the window: what it suppressed, why,
                     who decided, when it expires or was revoked
manifest.json        the window, the runs, and the size and SHA-256 of every file but itself and
                     SHA256SUMS
SHA256SUMS           the SHA-256 of every other file

To verify that nothing was changed, unzip the package and, in its folder, run
    sha256sum -c SHA256SUMS
(macOS: shasum -a 256 -c SHA256SUMS). Every line must say OK. The same hashes are in manifest.json.

No file holds PHI: ids, statuses, counts, dates, the checks' own sentences and workforce names only.
"""


class EvidenceError(ValueError):
    """A window that is not one (a date that does not exist, since after until, in the future)."""


@dataclass(frozen=True)
class Window:
    """Whole UTC days, `since` to `until` inclusive."""

    since: date
    until: date

    @classmethod
    def parse(cls, since: str, until: str | None, *, today: date) -> Window:
        """The window of two `YYYY-MM-DD` dates (`until` defaults to `today`); `EvidenceError` when a
        date does not exist, `since` is after `until`, or `until` is after `today`."""
        first = _date(since, "--since")
        last = _date(until, "--until") if until is not None else today
        if first > last:
            raise EvidenceError(f"--since {first} is after --until {last}")
        if last > today:
            raise EvidenceError(f"--until {last} is in the future (today is {today}, UTC)")
        return cls(first, last)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.since, time(), UTC)

    @property
    def end(self) -> datetime:
        """The first moment after the window: what the package is as of."""
        return datetime.combine(self.until + timedelta(days=1), time(), UTC)


def _date(text: str, flag: str) -> date:
    value = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise EvidenceError(f"{flag} {text!r} is not a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise EvidenceError(f"{flag} {text!r} is not a date that exists") from None


def evidence_files(state: StoredState, window: Window) -> dict[str, bytes]:
    """Every file of the package by its name in the zip, checksums included."""
    runs = state.within(window.start, window.end)
    report = state.report(runs, as_of=window.end)
    rules = _in_window(FindingStore(state.table).mute_rules(), window)
    files: dict[str, bytes] = {
        "report.html": render("html", report).encode(),
        "attestations.json": _json([_attestation(a) for a in report.attestations]),
        "mute_rules.json": _json([_mute(rule, window.end) for rule in rules]),
    }
    listed = []
    for run in sorted(runs, key=lambda r: (r.meta.started_at, r.meta.run_id)):
        names = _run_files(run)
        files.update(names)
        listed.append(_run_entry(run, sorted(names)))
    files[README] = _README_TEXT.format(
        since=window.since, until=window.until, as_of=window.end.isoformat()
    ).encode()
    manifest = {
        "package": "ctm-hipaa evidence",
        "ctm_hipaa_version": __version__,
        "window": {"since": window.since.isoformat(), "until": window.until.isoformat()},
        "as_of": window.end.isoformat(),
        "runs": listed,
        "files": [
            {"name": name, "bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}
            for name, body in sorted(files.items())
        ],
    }
    files[MANIFEST] = _json(manifest)
    files[CHECKSUMS] = "".join(
        f"{hashlib.sha256(body).hexdigest()}  {name}\n" for name, body in sorted(files.items())
    ).encode()
    return files


def write_zip(files: dict[str, bytes], path: Path, *, at: datetime) -> None:
    """Write `files` to the zip `path`, entries in name order, each dated `at` (UTC, to the 2 seconds
    a zip keeps), Unix permissions 0644: the same files give the same bytes. Written next to `path`
    first and then renamed, so a failure leaves no half package."""
    moment = at.astimezone(UTC)
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second // 2 * 2)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for name in sorted(files):
                entry = zipfile.ZipInfo(name, date_time=stamp)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.create_system = 3  # Unix, whichever system made the package
                entry.external_attr = 0o100644 << 16
                archive.writestr(entry, files[name])
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def _run_files(run: StoredRun) -> dict[str, bytes]:
    started = run.meta.started_at.astimezone(UTC)
    folder = f"runs/{started.date().isoformat()}_{_UNSAFE.sub('-', run.meta.run_id)}"
    report = run.report_input()
    return {
        f"{folder}/results{FORMATS[name].extension}": render(name, report).encode() for name in RUN_FORMATS
    }


def _run_entry(run: StoredRun, files: Sequence[str]) -> dict[str, Any]:
    meta = run.meta
    finished = sorted(r.account_id for r in run.records)
    return {
        "run_id": meta.run_id,
        "started_at": meta.started_at.isoformat(),
        "source": meta.source,
        "expected": sorted(meta.expected),
        "finished": finished,
        "missing": sorted(set(meta.expected) - set(finished)),
        "results_truncated": sorted(r.account_id for r in run.records if r.results_truncated),
        "files": list(files),
    }


def _in_window(rules: Sequence[MuteRule], window: Window) -> list[MuteRule]:
    """The rules in force at some moment of the window: made before its end, and neither expired nor
    revoked before its start."""
    ended = [(rule, min(rule.expires_at, rule.revoked_at or rule.expires_at)) for rule in rules]
    kept = [rule for rule, until in ended if rule.created_at < window.end and until > window.start]
    return sorted(kept, key=lambda r: (r.created_at, r.rule_id))


def _mute(rule: MuteRule, end: datetime) -> dict[str, Any]:
    if rule.revoked_at is not None and rule.revoked_at < end:
        state = "revoked"
    else:
        state = "in force" if end < rule.expires_at else "expired"
    return {**rule.model_dump(mode="json"), "state_at_window_end": state}


def _attestation(record: AttestationRecord) -> dict[str, Any]:
    data: dict[str, Any] = record.model_dump(mode="json")
    return data


def _json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
