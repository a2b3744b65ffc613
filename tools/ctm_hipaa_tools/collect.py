"""`ctm-hipaa collect --out FILE [--account ID] [--secret-arn ARN]`: a live agency's snapshot file.

The same client and collector as the audit (`collect_account`), written in the snapshot format
(`agency_file`), so that `audit --snapshot FILE` re-audits it offline and a bug report can carry it.
Minimum necessary: each call keeps only the attribution fields the checks read (the `Call` model's
fields; a landing page keeps its path, not its query), so no caller data, notes or transcripts are
written; the other parts keep the fields their models declare, a password in a URL is redacted; the
file's `removed` note says so. The keys are never written. A part CTM refused becomes a
fault of the file at the same path, so the re-audit shows the same ERROR results.

Exit codes: 0 when the file was written, 1 when CTM refused to give the agency or its accounts, or
when an item of its account list fit no shape (reported on stderr; the file holds the others), 2 for
an unknown `--account` or an unwritable file. Errors are one line on stderr, never a CTM value.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from ctm_hipaa.ctm import SNAPSHOT_PARTS, AccountSnapshot, Call, CTMError, collect_account
from ctm_hipaa_tools.live_audit import FilterError, Progress, ResultFilter, Target, fail, list_accounts

_REDACTED = "REDACTED"
# What the checks read of a call: the model's declared fields. Everything else CTM sends is dropped.
CALL_FIELDS_KEPT: tuple[str, ...] = tuple(Call.model_fields)
REMOVED_NOTE: dict[str, Any] = {
    "calls": {
        "kept": list(CALL_FIELDS_KEPT),
        "dropped": "every other field of each call: caller data (name, numbers, email, address), notes, "
        "transcripts, recordings, custom and form fields; the query and fragment of the landing page",
        "why": "caller data, notes and transcripts are not written: the checks read only the attribution",
    },
    "other_parts": "only the fields the checks read are kept; a password written into a URL is "
    f"replaced by {_REDACTED}",
    "credentials": "the API keys are not written; audit --snapshot accepts any key for this file",
}
# A part refused without an HTTP status (timeout, connection error) is replayed as CTM unavailable.
_NO_STATUS = 503


def run_collect(
    target: Target, out_path: Path, *, accounts: Sequence[str] = (), progress: TextIO | None = None
) -> int:
    """Collect every account of `target` (or those `accounts` names) and write the snapshot file."""
    with target.client() as client:
        try:
            agency = client.agency()
            listed, left_out = list_accounts(client, "collect")
        except CTMError as exc:
            return fail(f"cannot list the agency's accounts: {exc.message}", 1, "collect")
        try:
            chosen = ResultFilter(accounts=frozenset(accounts))
            account_ids = chosen.check_accounts(listed, source=target.source)
        except FilterError as exc:
            return fail(str(exc), 2, "collect")
        done = Progress(progress, client, len(account_ids), verb="collected")
        entries: list[dict[str, Any]] = []
        faults: list[dict[str, Any]] = []
        for account_id in account_ids:
            entry, refused = snapshot_entry(collect_account(client, account_id))
            entries.append(entry)
            faults += refused
            done.account_done()
    document = {
        "removed": REMOVED_NOTE,
        "agency": declared_fields(agency),
        "accounts": entries,
        "faults": faults,
    }
    try:
        _write(out_path, json.dumps(document, indent=2) + "\n")
    except OSError as exc:
        return fail(f"cannot write {out_path} ({type(exc).__name__})", 2, "collect")
    if progress is not None:
        progress.write(f"wrote {len(entries)} account(s) to {out_path}\n")
    if left_out:
        return fail(
            f"{left_out} account(s) of CTM's list could not be read and are not in the file", 1, "collect"
        )
    return 0


def snapshot_entry(snapshot: AccountSnapshot) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One account of the snapshot file, and the faults that replay the parts CTM refused."""
    entry: dict[str, Any] = {"account": {"id": snapshot.account_id}}
    faults: list[dict[str, Any]] = []
    for name in SNAPSHOT_PARTS:
        part = snapshot.part(name)
        if part.error is not None or part.items is None:
            if part.error is not None:
                faults.append(_fault(part.error.path, part.error.status))
            items: list[dict[str, Any]] = []
        elif name == "calls":
            items = [_attribution_only(call) for call in part.items]
        else:
            items = [declared_fields(item) for item in part.items]
        if name == "account":
            entry["account"] = items[0] if items else entry["account"]
        else:
            entry[name] = items
    return entry, faults


def declared_fields(model: BaseModel) -> dict[str, Any]:
    """The fields the CTM models declare (what the checks can read) that CTM sent, recursively, as
    JSON values: any other field CTM returned is dropped, and a password written into a URL is
    replaced by `REDACTED` (the URL still has credentials, which is what the checks look at)."""
    return {
        name: _declared_value(getattr(model, name))
        for name in type(model).model_fields
        if name in model.model_fields_set
    }


def _declared_value(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return declared_fields(value)
    if isinstance(value, list):
        return [_declared_value(item) for item in value]
    if isinstance(value, str):
        return _without_password(value)
    return to_jsonable_python(value)


def _without_password(text: str) -> str:
    if not text.startswith(("http://", "https://")):
        return text
    try:
        parts = urlsplit(text)
        password = parts.password
    except ValueError:
        return text
    if not password:
        return text
    netloc = parts.netloc.replace(f":{password}@", f":{_REDACTED}@", 1)
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _attribution_only(call: Call) -> dict[str, Any]:
    kept = declared_fields(call)
    location = kept.get("location")
    if isinstance(location, str):
        # The checks read the path; a query string may carry a visitor's email or ids.
        parts = urlsplit(location)
        kept["location"] = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return kept


def _fault(path: str, status: int | None) -> dict[str, Any]:
    if status == 200:
        # An answer of the wrong shape: replayed as a body that is not JSON.
        return {"path": path, "status": 200, "body": "not JSON"}
    return {"path": path, "status": status or _NO_STATUS, "retry_after": 0}


def _write(path: Path, text: str) -> None:
    # Written beside the target, then renamed: a failed write leaves no half snapshot.
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
