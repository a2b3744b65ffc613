"""Typed errors of the CTM client.

Every error names the API path (never its query string) and the HTTP status, and carries a
message a person can act on. No message ever holds a response body or a value from a call record:
CTM bodies may carry PHI, and these messages end up in logs, findings and alerts.

`kind` is the `PartErrorKind` of the `PartError` it becomes, so the collector can record a failed
snapshot part as data.
"""

from __future__ import annotations

from ctm_hipaa.ctm.models import PartError, PartErrorKind


class CTMError(Exception):
    """Base of every error raised while talking to CTM."""

    kind: PartErrorKind = PartErrorKind.UPSTREAM

    def __init__(self, message: str, *, path: str, status: int | None = None, attempts: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.status = status
        self.attempts = attempts

    def to_part_error(self) -> PartError:
        """The PHI-free record of this error that a snapshot keeps in place of the missing data."""
        return PartError(kind=self.kind, path=self.path, status=self.status, message=self.message)


class CTMUnauthorized(CTMError):
    """CTM answered 401: the access key or secret key was rejected."""

    kind = PartErrorKind.UNAUTHORIZED

    def __init__(self, *, path: str, status: int = 401, attempts: int = 1) -> None:
        super().__init__(
            f"CTM answered {status} for {path}: the API access key or secret key was rejected; "
            "check the CTM credentials secret (keys may have been reset or disabled in CTM)",
            path=path,
            status=status,
            attempts=attempts,
        )


class CTMForbidden(CTMError):
    """CTM answered 403: the key is valid but lacks access to this account or resource."""

    kind = PartErrorKind.FORBIDDEN

    def __init__(self, *, path: str, status: int = 403, attempts: int = 1) -> None:
        super().__init__(
            f"CTM answered {status} for {path}: the API key lacks access to this account; "
            "use agency API keys that can reach it",
            path=path,
            status=status,
            attempts=attempts,
        )


class CTMNotFound(CTMError):
    """CTM answered 404: the account or resource does not exist or is not visible to the key."""

    kind = PartErrorKind.NOT_FOUND

    def __init__(self, *, path: str, status: int = 404, attempts: int = 1) -> None:
        super().__init__(
            f"CTM answered {status} for {path}: the account or resource does not exist "
            "or is not visible to this API key",
            path=path,
            status=status,
            attempts=attempts,
        )


class CTMBadRequest(CTMError):
    """CTM refused the request itself (a 4xx other than 401/403/404/429): a client-side problem."""

    kind = PartErrorKind.BAD_REQUEST

    def __init__(self, *, path: str, status: int, attempts: int = 1) -> None:
        super().__init__(
            f"CTM answered {status} for {path}: CTM refused the request as sent "
            "(unsupported parameter or endpoint); this needs a fix in ctm-hipaa, not in CTM",
            path=path,
            status=status,
            attempts=attempts,
        )


class CTMRateLimited(CTMError):
    """CTM kept answering 429 until the retry budget ran out."""

    kind = PartErrorKind.RATE_LIMITED

    def __init__(self, *, path: str, status: int = 429, attempts: int = 1, reason: str = "") -> None:
        super().__init__(
            f"CTM answered {status} for {path} after {attempts} attempt(s){reason}: CTM is rate limiting "
            "this API key; lower the request rate or the auditor's concurrency",
            path=path,
            status=status,
            attempts=attempts,
        )


class CTMUpstreamError(CTMError):
    """CTM failed (5xx), or could not be reached (connection error, timeout), after retries."""

    kind = PartErrorKind.UPSTREAM

    def __init__(self, message: str, *, path: str, status: int | None = None, attempts: int = 1) -> None:
        super().__init__(message, path=path, status=status, attempts=attempts)

    @classmethod
    def server_error(cls, *, path: str, status: int, attempts: int, reason: str = "") -> CTMUpstreamError:
        """CTM answered 5xx on every attempt."""
        return cls(
            f"CTM answered {status} for {path} after {attempts} attempt(s){reason}: "
            "CTM is failing on its side; the audit will retry on its next run",
            path=path,
            status=status,
            attempts=attempts,
        )

    @classmethod
    def transport(cls, *, path: str, what: str, attempts: int, reason: str = "") -> CTMUpstreamError:
        """CTM could not be reached or did not answer in time; `what` names the failure, not its text."""
        return cls(
            f"CTM did not answer {path} ({what}) after {attempts} attempt(s){reason}: "
            "check network access to the CTM API host, or retry later",
            path=path,
            status=None,
            attempts=attempts,
        )


class CTMMalformedResponse(CTMError):
    """CTM answered, but not with what the API promises (not JSON, wrong shape, foreign next_page)."""

    kind = PartErrorKind.MALFORMED

    def __init__(self, problem: str, *, path: str, status: int | None = None, attempts: int = 1) -> None:
        # `problem` is always written by the client from shapes and field names, never from values.
        super().__init__(
            f"CTM answered {path} with an unusable response: {problem}",
            path=path,
            status=status,
            attempts=attempts,
        )


class CTMCredentialsError(Exception):
    """The CTM credentials secret is missing, unreadable or malformed. Never holds its content."""

    def __init__(self, message: str, *, secret_ref: str) -> None:
        super().__init__(message)
        self.message = message
        self.secret_ref = secret_ref
