"""Errors of the attestations package: messages a person can act on, naming the field and account."""

from __future__ import annotations

MAX_LISTED = 20  # problems named in the message; `problems` keeps them all


class AttestationError(ValueError):
    """The attestations could not be read or are invalid.

    `problems` holds one line per problem, each prefixed with its path in the document, e.g.
    ``accounts.1002.mfa.interval: must be one of every_login, 30_days (or never, N_days)``.
    Messages never echo the offending value back.
    """

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = list(problems)
        listing = "; ".join(self.problems[:MAX_LISTED])
        if len(self.problems) > MAX_LISTED:
            # A large broken file would otherwise print one line of thousands of problems.
            listing += f"; and {len(self.problems) - MAX_LISTED} more"
        super().__init__(f"invalid attestations in {source}: {listing}")
