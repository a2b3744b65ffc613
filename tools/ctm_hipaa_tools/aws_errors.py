"""What to set when AWS cannot be used: one line for each misconfiguration a command can meet.

Every command that reaches AWS (`attest`, `audit --stack [--store]`, `audit`/`collect --secret-arn`,
`invoke --aws`, `redrive`, `findings ...`, `mutes list`) reports a botocore error through `explain`,
and `cli.main` does so for one no command caught; such an error exits 2. botocore's own messages
say what went wrong ("You must specify a region.") but not what to set; these lines name the
environment variables users set (`AWS_PROFILE`, `AWS_DEFAULT_REGION`, the key variables). They
repeat no AWS message: only error codes, operation names and the region, which hold no stored value.
"""

from __future__ import annotations

import botocore.session
from botocore import exceptions as boto

_SET_REGION = "set AWS_DEFAULT_REGION (e.g. us-east-1), or AWS_PROFILE to a profile that has a region"
_SET_CREDENTIALS = (
    "set AWS_PROFILE to a configured profile (aws configure, or aws sso login), "
    "or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
)
_EXPIRED_CODES = frozenset(
    {"ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired"}
)
_REJECTED_CODES = frozenset(
    {
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "AuthFailure",
        "IncompleteSignature",
        "MissingAuthenticationToken",
        "InvalidAccessKeyId",
    }
)
_DENIED_CODES = frozenset(
    {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "Forbidden"}
)
_NOT_FOUND_CODES = frozenset(
    {
        "ResourceNotFoundException",
        "NotFound",
        "NotFoundException",
        "NoSuchEntity",
        "QueueDoesNotExist",
        "AWS.SimpleQueueService.NonExistentQueue",
    }
)
# Expired or missing single sign-on sessions: botocore raises these before any request is sent.
_SSO_ERRORS = (
    boto.TokenRetrievalError,
    boto.SSOTokenLoadError,
    boto.UnauthorizedSSOTokenError,
    boto.SSOError,
)


def explain(exc: BaseException) -> str | None:
    """The line saying what to set for the AWS misconfiguration behind `exc`, or None when there is none.

    `exc` may be the botocore error itself or wrap it (as its cause or context, as the runtime's
    typed errors do). Recognised: no region, an unknown or unreachable region, no, partial or
    rejected credentials, an unknown profile, an expired session or token, access denied, and a
    resource (stack, table, secret, topic, queue) that does not exist. Throttling, timeouts and
    other faults are not misconfigurations: None.
    """
    for error in _chain(exc):
        line = _explain_one(error)
        if line is not None:
            return line
    return None


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _explain_one(exc: BaseException) -> str | None:
    if isinstance(exc, boto.NoRegionError):
        return f"no AWS region is set: {_SET_REGION}"
    if isinstance(exc, boto.InvalidRegionError):
        return f"the AWS region is not a region name: {_SET_REGION}"
    if isinstance(exc, boto.EndpointConnectionError):
        return (
            f"cannot reach AWS in region {_region()}: check that AWS_DEFAULT_REGION (or the profile's "
            "region) is a real region such as us-east-1, and the network"
        )
    if isinstance(exc, boto.ProfileNotFound):
        profile = exc.kwargs.get("profile", "")
        return (
            f"the AWS profile {profile} is not configured: set AWS_PROFILE to one that "
            "`aws configure list-profiles` shows, or unset it"
        )
    if isinstance(exc, boto.PartialCredentialsError):
        missing = exc.kwargs.get("cred_var", "a key")
        return f"incomplete AWS credentials ({missing} is missing): {_SET_CREDENTIALS}"
    if isinstance(exc, boto.NoCredentialsError):
        return f"no AWS credentials found: {_SET_CREDENTIALS}"
    if isinstance(exc, _SSO_ERRORS):
        return "the AWS single sign-on session has expired or is missing: set AWS_PROFILE, run aws sso login"
    if isinstance(exc, boto.ClientError):
        return _explain_client_error(exc)
    return None


def _explain_client_error(exc: boto.ClientError) -> str | None:
    error = exc.response.get("Error", {})
    code = str(error.get("Code", ""))
    operation = exc.operation_name
    if code in _EXPIRED_CODES:
        return (
            f"the AWS session token has expired ({code}): renew the credentials (aws sso login, or new "
            "temporary keys with AWS_SESSION_TOKEN) and run the command again"
        )
    if code in _REJECTED_CODES:
        return f"AWS rejected the credentials ({code}): {_SET_CREDENTIALS}"
    if code in _DENIED_CODES:
        return (
            f"access denied ({code} on {operation}): use AWS credentials (AWS_PROFILE) whose policy allows "
            f"{operation}"
        )
    # CloudFormation answers an unknown stack with a ValidationError "Stack with id X does not exist".
    missing_stack = code == "ValidationError" and "does not exist" in str(error.get("Message", ""))
    if code in _NOT_FOUND_CODES or missing_stack:
        return (
            f"no such resource in AWS region {_region()} ({code} on {operation}): check the name, or set "
            "AWS_DEFAULT_REGION to the region it is in"
        )
    return None


def _region() -> str:
    # The region every default session of this process resolves (environment, then profile).
    region = botocore.session.get_session().get_config_variable("region")
    return str(region) if region else "(none)"
