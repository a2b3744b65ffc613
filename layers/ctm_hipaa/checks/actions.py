"""Trigger action types: which ones move data off CTM.

CTM does not document the action `type` strings (ctm-api.md 2.6), so known spellings are matched
and anything else is UNKNOWN: reported MANUAL, never assumed harmless.
"""

from __future__ import annotations

from enum import StrEnum


class ActionKind(StrEnum):
    """What a trigger action does with the call's data."""

    EMAIL = "email"
    SMS = "sms"
    WEBHOOK = "webhook"
    ON_PLATFORM = "on_platform"  # stays inside CTM (tags, scores, custom fields, routing)
    UNKNOWN = "unknown"


_EXACT: dict[str, ActionKind] = {
    "mail": ActionKind.EMAIL,
    "text": ActionKind.SMS,
    "text_message": ActionKind.SMS,
    "send_text": ActionKind.SMS,
    "mms": ActionKind.SMS,
    "http": ActionKind.WEBHOOK,
    "http_post": ActionKind.WEBHOOK,
    "post": ActionKind.WEBHOOK,
    "url": ActionKind.WEBHOOK,
}
_ON_PLATFORM = frozenset({
    "tag", "tags", "add_tag", "remove_tag", "set_tag",
    "value", "set_value", "score", "set_score", "lead_score",
    "custom_field", "set_custom_field", "update_custom_field",
    "assign", "assign_agent", "route", "routing",
    "conversion", "convert", "sale", "set_sale", "milestone",
    "note", "add_note", "redact", "exclude", "delay", "stop",
})  # fmt: skip


def action_kind(action_type: str | None) -> ActionKind:
    """Classify a trigger action type string (case and separators ignored)."""
    if not action_type:
        return ActionKind.UNKNOWN
    text = "_".join(action_type.strip().lower().replace("-", " ").replace("_", " ").split())
    if text in _EXACT:
        return _EXACT[text]
    if "email" in text:
        return ActionKind.EMAIL
    if "sms" in text:
        return ActionKind.SMS
    if "webhook" in text:
        return ActionKind.WEBHOOK
    if text in _ON_PLATFORM:
        return ActionKind.ON_PLATFORM
    return ActionKind.UNKNOWN


OFF_PLATFORM = frozenset({ActionKind.EMAIL, ActionKind.SMS, ActionKind.WEBHOOK})
