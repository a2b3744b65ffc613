"""Run a function's handler the way `sam local invoke` would, without Docker.

The handler module is loaded from the function's CodeUri, its environment is the template's
(Globals merged under the function's own variables, intrinsics resolved to the local stack or to a
deployed stack), and it receives a Lambda context with the function's timeout.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from ctm_hipaa_tools.events import expand_event
from ctm_hipaa_tools.template import Template, TemplateError


class InvokeError(Exception):
    """The function or the event cannot be used (unknown function, unreadable event file)."""


@dataclass
class LambdaContext:
    """The parts of Lambda's context object that handlers and Powertools read."""

    function_name: str
    memory_limit_in_mb: int
    invoked_function_arn: str
    timeout_seconds: int
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    log_group_name: str = ""
    log_stream_name: str = "local"
    _deadline: float = field(default=0.0, repr=False)

    def __post_init__(self) -> None:
        self._deadline = time.monotonic() + self.timeout_seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


@dataclass(frozen=True)
class Invocation:
    """What a handler returned, and how long it took."""

    function: str
    result: Any
    duration_ms: float


def load_event(path: Path) -> dict[str, Any]:
    """Read an event file; a clear InvokeError when it is missing or not a JSON object."""
    try:
        event = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise InvokeError(f"cannot read event {path}: {exc}") from exc
    if not isinstance(event, dict):
        raise InvokeError(f"event {path} is not a JSON object")
    return event


def invoke(
    template: Template, function: str, event: Mapping[str, Any], *, extra_env: Mapping[str, str] | None = None
) -> Invocation:
    """Invoke `function`'s handler once with `event`, in this process, in the template's environment.

    The handler's module is loaded afresh (a cold start) with the environment in place, and the
    handler's stdout (Lambda's log stream) is sent to stderr so that stdout carries the result.
    """
    handler_path, handler_name, code_dir = _handler_location(template, function)
    context = LambdaContext(
        function_name=template.physical[function].ref if function in template.physical else function,
        memory_limit_in_mb=int(template.function_property(function, "MemorySize") or 128),
        invoked_function_arn=(
            template.physical[function].attributes.get("Arn", "") if function in template.physical else ""
        ),
        timeout_seconds=int(template.function_property(function, "Timeout") or 3),
    )
    env = {
        **template.function_environment(function),
        "AWS_LAMBDA_FUNCTION_NAME": context.function_name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(context.memory_limit_in_mb),
        "AWS_SAM_LOCAL": "true",  # as `sam local invoke` sets it: Powertools turns X-Ray off
        **(extra_env or {}),
    }
    with environment(env), contextlib.redirect_stdout(sys.stderr):
        module = _load_module(function, handler_path, code_dir)
        handler = getattr(module, handler_name, None)
        if handler is None:
            raise InvokeError(f"{function}: {handler_path.name} has no function {handler_name}")
        started = time.perf_counter()
        result = handler(dict(event), context)
        elapsed = (time.perf_counter() - started) * 1000
    return Invocation(function=function, result=result, duration_ms=elapsed)


def _handler_location(template: Template, function: str) -> tuple[Path, str, Path]:
    spec = template.resources.get(function)
    if spec is None or spec.get("Type") != "AWS::Serverless::Function":
        functions = sorted(template.resources_of_type("AWS::Serverless::Function"))
        raise InvokeError(
            f"{function} is not a function of template.yaml; choose one of {', '.join(functions)}"
        )
    props = spec["Properties"]
    module_name, _, handler_name = str(props["Handler"]).rpartition(".")
    code_dir = (template.path.parent / str(props["CodeUri"])).resolve()
    return code_dir / f"{module_name.replace('.', '/')}.py", handler_name, code_dir


def _load_module(function: str, path: Path, code_dir: Path) -> ModuleType:
    if not path.is_file():
        raise TemplateError(f"{function}: handler file {path} does not exist")
    name = f"_ctm_hipaa_function_{function}_{uuid.uuid4().hex}"
    spec = importlib.util.spec_from_file_location(name, path, submodule_search_locations=[str(code_dir)])
    if spec is None or spec.loader is None:
        raise InvokeError(f"{function}: cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set `values` in os.environ for the block, then restore what was there (a Lambda's environment)."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def invoke_from_cli(
    function: str, event_path: Path, *, deployed_stack: str | None = None, template_path: Path | None = None
) -> Invocation:
    """`ctm-hipaa invoke`: one invocation on a fresh local stack (with the CTM simulator serving the
    sample agency), or on the deployed stack `deployed_stack` in real AWS. `template_path` is
    template.yaml (default: the one `find_template` finds)."""
    event = load_event(event_path)
    if deployed_stack:
        import boto3
        from botocore.exceptions import BotoCoreError, ClientError

        from ctm_hipaa.ctm import CTMCredentialsError, load_credentials
        from ctm_hipaa_tools.aws_errors import explain
        from ctm_hipaa_tools.deployed import bind_deployed

        try:
            template = bind_deployed(Template.load(template_path), boto3.session.Session(), deployed_stack)
        except (BotoCoreError, ClientError) as exc:
            raise InvokeError(f"cannot read the stack {deployed_stack}: {explain(exc) or exc}") from None
        secret_arn = template.parameters.get("CtmSecretArn", "")
        try:
            credentials = load_credentials(secret_arn)
        except CTMCredentialsError as exc:
            problem = explain(exc)
            raise InvokeError(
                f"cannot read the secret {secret_arn}: {problem}" if problem else str(exc)
            ) from None
        return invoke(template, function, expand_event(event, credentials.webhook_secret_for))
    from ctm_hipaa_tools.agency_file import load_agency_file, sample_agency_path
    from ctm_hipaa_tools.simulator import CTMSimulator
    from ctm_hipaa_tools.stack import DEFAULT_SECRET, LocalStack

    with (
        LocalStack(template_path) as stack,
        CTMSimulator(load_agency_file(sample_agency_path())) as simulator,
    ):
        return invoke(
            stack.template,
            function,
            expand_event(event, DEFAULT_SECRET.webhook_secret_for),
            extra_env={"CTM_API_BASE_URL": simulator.base_url},
        )
