"""Closing a local stack leaves no trace: environment restored, port released, next one starts clean."""

from __future__ import annotations

import os
import socket

from ctm_hipaa_tools.stack import LocalStack


def test_closing_restores_the_environment_and_frees_the_port() -> None:
    before = {name: os.environ.get(name) for name in ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID")}
    with LocalStack() as stack:
        port = int(stack.endpoint_url.rsplit(":", 1)[1])
    assert {name: os.environ.get(name) for name in before} == before
    with socket.socket() as probe:
        # Released means nothing listens there any more; the server's side of its closed connections
        # may still sit in TIME_WAIT, which SO_REUSEADDR lets a new listener ignore, as moto's does.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))
        probe.listen()


def test_a_new_stack_starts_from_a_clean_slate() -> None:
    with LocalStack() as first:
        assert first.session is not None
        first.session.client("sqs").create_queue(QueueName="left-behind")
    with LocalStack() as second:
        assert second.session is not None
        urls = second.session.client("sqs").list_queues().get("QueueUrls", [])
        assert not any(url.endswith("/left-behind") for url in urls)
