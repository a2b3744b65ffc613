"""Placeholders in events/ that `ctm-hipaa invoke` fills in, because a signed delivery must be
signed at send time with the stack's own secret:

    {{now}}          the current Unix time (in a header)
    {{signature}}    CTM's signature of the body with the account's webhook secret (in a header)
    {{pad:N}}        N filler characters (in the body), for the oversized-delivery event
"""

from __future__ import annotations

import copy
import json
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from ctm_hipaa.webhook import sign

_PAD = re.compile(r"\{\{pad:(\d{1,8})\}\}")


def expand_event(
    event: Mapping[str, Any], secret_for: Callable[[str], str], *, now: float | None = None
) -> dict[str, Any]:
    """A copy of `event` with its placeholders filled; events without any are returned unchanged."""
    expanded = copy.deepcopy(dict(event))
    body = expanded.get("body")
    if isinstance(body, str):
        body = _PAD.sub(lambda m: "x" * int(m.group(1)), body)
        expanded["body"] = body
    headers = expanded.get("headers")
    if not isinstance(headers, dict):
        return expanded
    stamp = str(int(time.time() if now is None else now))
    for name, value in headers.items():
        if value == "{{now}}":
            headers[name] = stamp
    if "{{signature}}" in headers.values():
        timestamp = next((v for k, v in headers.items() if k.lower() == "x-ctm-time"), stamp)
        signature = sign(secret_for(_account_of(body)), str(timestamp), str(body or "").encode())
        for name, value in headers.items():
            if value == "{{signature}}":
                headers[name] = signature
    return expanded


def _account_of(body: Any) -> str:
    try:
        payload = json.loads(body) if isinstance(body, str) else None
    except json.JSONDecodeError:
        return ""
    return str(payload.get("account_id", "")) if isinstance(payload, dict) else ""
