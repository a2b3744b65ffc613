"""How results name their resources the way a user finds them in CTM (`CheckResult.resource_name`).

Names come from workforce and configuration data only, which is not PHI: a user's name and login
email, a webhook's name and host (never its path or query, which may carry tokens), a trigger's or
a call setting's name, the account's name. A missing name falls back to the kind and the CTM id.
Every name is one line of at most `MAX_NAME_CHARS` characters.
"""

from __future__ import annotations

from ctm_hipaa.ctm import AccountSnapshot, CallSetting, ItemProblem, Trigger, User, Webhook
from ctm_hipaa.urls import parse_destination

MAX_NAME_CHARS = 120


def bounded(text: str | None) -> str:
    """`text` on one line (whitespace collapsed, no control characters), at most MAX_NAME_CHARS long."""
    if not text:
        return ""
    line = "".join(ch for ch in " ".join(text.split()) if ch.isprintable())
    return line if len(line) <= MAX_NAME_CHARS else line[: MAX_NAME_CHARS - 1] + "…"


def account_name(snapshot: AccountSnapshot) -> str:
    """The account's name in CTM, else ``account <id>``."""
    accounts = snapshot.account.items or []
    name = bounded(accounts[0].name) if accounts else ""
    return name or f"account {snapshot.account_id}"


def user_name(user: User) -> str:
    """``First Last <login email>``, or whichever of the two CTM gave, else ``user <id>``."""
    person = bounded(f"{user.first_name or ''} {user.last_name or ''}")
    email = bounded(user.email)
    if person and email:
        return bounded(f"{person} <{email}>")
    return person or email or f"user {user.id}"


def webhook_name(hook: Webhook) -> str:
    """``Name (host)``: the webhook's name and the host its URL reaches, never the path or query."""
    name = bounded(hook.name) or f"webhook {hook.id}"
    destination = parse_destination(hook.weburl)
    return bounded(f"{name} ({destination.host})") if destination is not None else name


def trigger_name(trigger: Trigger) -> str:
    """The trigger's name, else ``trigger <id>``."""
    return bounded(trigger.name) or f"trigger {trigger.id}"


def call_setting_name(setting: CallSetting) -> str:
    """The call setting's name, else ``call setting <id>``."""
    return bounded(setting.name) or f"call setting {setting.id}"


def part_resource_name(snapshot: AccountSnapshot, part: str) -> str:
    """A snapshot part as a whole, e.g. ``users of Acme Dental``."""
    return bounded(f"{part.replace('_', ' ')} of {account_name(snapshot)}")


def rejected_item_name(part: str, problem: ItemProblem) -> str:
    """An item left out of its part, e.g. ``user 6021`` or ``call setting #4 of the list``."""
    kind = part.replace("_", " ").removesuffix("s")
    return f"{kind} {problem.id}" if problem.id else f"{kind} #{problem.index + 1} of the list"
