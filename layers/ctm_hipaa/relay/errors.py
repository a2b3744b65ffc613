"""Errors of the relay package: messages a person can act on, naming the file and the field."""

from __future__ import annotations

MAX_LISTED = 20  # problems named in the message; `problems` keeps them all


class RelayConfigError(ValueError):
    """Destinations or a policy could not be read or are invalid.

    `problems` holds one line per problem, each prefixed with its path in the document, e.g.
    ``destinations.crm.policy.fields.notes: keep is only for fields that carry no identifier...``.
    Messages never echo a value of the document back (a path and a destination name are
    configuration, written by the person configuring the relay).
    """

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = list(problems)
        listing = "; ".join(self.problems[:MAX_LISTED])
        if len(self.problems) > MAX_LISTED:
            listing += f"; and {len(self.problems) - MAX_LISTED} more"
        super().__init__(f"invalid relay configuration in {source}: {listing}")
