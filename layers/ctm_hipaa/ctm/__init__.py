"""CallTrackingMetrics: the API client, pydantic models of CTM objects, and the account collector.

A lazy face (see `ctm_hipaa.faces`): the webhook needs the credentials and errors, not the HTTP
client, so each name loads its module on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctm_hipaa.faces import lazy_exports

if TYPE_CHECKING:
    from ctm_hipaa.ctm.api import DEFAULT_BASE_URL
    from ctm_hipaa.ctm.client import ACCOUNT_LIST, DEFAULT_CALLS_SAMPLE, CTMClient
    from ctm_hipaa.ctm.collector import collect_account
    from ctm_hipaa.ctm.credentials import CTMCredentials, load_credentials
    from ctm_hipaa.ctm.errors import CTMCredentialsError, CTMError
    from ctm_hipaa.ctm.models import (
        SNAPSHOT_PARTS,
        AccountSnapshot,
        Call,
        CallSetting,
        ItemProblem,
        Part,
        Trigger,
        TriggerAction,
        User,
        Webhook,
    )

__all__ = [
    "ACCOUNT_LIST",
    "DEFAULT_BASE_URL",
    "DEFAULT_CALLS_SAMPLE",
    "SNAPSHOT_PARTS",
    "AccountSnapshot",
    "CTMClient",
    "CTMCredentials",
    "CTMCredentialsError",
    "CTMError",
    "Call",
    "CallSetting",
    "ItemProblem",
    "Part",
    "Trigger",
    "TriggerAction",
    "User",
    "Webhook",
    "collect_account",
    "load_credentials",
]

if not TYPE_CHECKING:  # mypy reads the imports above, so it still rejects a name not exported
    __getattr__ = lazy_exports(
        __name__,
        __all__,
        {
            "api": ["DEFAULT_BASE_URL"],
            "client": ["ACCOUNT_LIST", "DEFAULT_CALLS_SAMPLE", "CTMClient"],
            "collector": ["collect_account"],
            "credentials": ["CTMCredentials", "load_credentials"],
            "errors": ["CTMCredentialsError", "CTMError"],
            "models": [
                "SNAPSHOT_PARTS",
                "AccountSnapshot",
                "Call",
                "CallSetting",
                "ItemProblem",
                "Part",
                "Trigger",
                "TriggerAction",
                "User",
                "Webhook",
            ],
        },
    )
