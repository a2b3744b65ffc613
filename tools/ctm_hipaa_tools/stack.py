"""The local AWS stack: a moto server on a free loopback port with template.yaml's resources.

While a `LocalStack` is open, this process's AWS environment points at it (fake credentials,
`AWS_ENDPOINT_URL`), so boto3 clients made by any code, handlers included, reach moto and never
a real account. Closing it restores the environment and releases the port.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from types import TracebackType
from typing import Self

import boto3
import requests
from aws_lambda_powertools.utilities import parameters
from moto.server import ThreadedMotoServer

from ctm_hipaa.ctm import CTMCredentials
from ctm_hipaa_tools.provision import LOCAL_REGION, provision
from ctm_hipaa_tools.template import Template

# Credentials of the local stack only; the simulator accepts them and webhooks are signed with them.
DEFAULT_SECRET = CTMCredentials(access_key="local-access", secret_key="local-secret", webhook_secrets={})  # noqa: S106

FAKE_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": LOCAL_REGION,
    "AWS_REGION": LOCAL_REGION,
}


class LocalStack:
    """A running moto server holding every data resource of template.yaml."""

    def __init__(
        self,
        template_path: Path | None = None,
        *,
        stage: str = "local",
        secret: CTMCredentials = DEFAULT_SECRET,
    ) -> None:
        self._template_path = template_path
        self._stage = stage
        self.secret = secret
        self._server: ThreadedMotoServer | None = None
        self._saved_env: dict[str, str | None] = {}
        self.endpoint_url = ""
        self.template = Template.load(template_path, overrides={"Stage": stage})
        self.session: boto3.session.Session | None = None

    def start(self) -> Self:
        """Start moto on a free port, point this process's AWS environment at it, provision."""
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's request log is noise here
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint_url = f"http://{host}:{port}"
        self._set_env({**FAKE_AWS_ENV, "AWS_ENDPOINT_URL": self.endpoint_url})
        # moto keeps its state per process, not per server: start from a clean slate, so one
        # process runs one local stack at a time.
        requests.post(f"{self.endpoint_url}/moto-api/reset", timeout=10).raise_for_status()
        self.session = boto3.session.Session(region_name=LOCAL_REGION)
        # Powertools keeps one Secrets Manager client per process: one made for an earlier stack's
        # endpoint would miss this one.
        parameters.clear_caches()  # type: ignore[no-untyped-call]
        provision(self.template, self.session, self.secret)
        return self

    def stop(self) -> None:
        """Stop the server and restore the environment as it was before `start`."""
        if self._server is not None:
            self._server.stop()
            self._server = None
        parameters.clear_caches()  # type: ignore[no-untyped-call]
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_env.clear()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def physical_id(self, logical_id: str) -> str:
        """What `!Ref logical_id` is on this stack (table name, queue URL, topic ARN...)."""
        return self.template.physical[logical_id].ref

    def _set_env(self, values: dict[str, str]) -> None:
        for name, value in values.items():
            self._saved_env.setdefault(name, os.environ.get(name))
            os.environ[name] = value
