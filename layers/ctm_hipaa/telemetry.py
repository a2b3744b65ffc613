"""Metrics with one dimension per value (category, reason), as CloudWatch EMF through Powertools.

Only names, categories, reasons and configured channels become dimensions: never a payload value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from aws_lambda_powertools.metrics import MetricUnit, single_metric


class Telemetry(Protocol):
    def rejected(self, reason: str) -> None:
        """A delivery was refused (bad signature, malformed, too large...)."""

    def detected(self, counts: Mapping[str, int]) -> None:
        """A delivery carried these PHI categories, this many times each."""

    def unavailable(self, dependency: str) -> None:
        """A dependency failed and the sender was asked to retry."""

    def incomplete(self, channel: str) -> None:
        """A delivery on this (configured) channel was recorded after its inspection ran out of time."""


class PowertoolsTelemetry:
    """Emits `WebhookRejected{reason}`, `PhiDetected{category}`, `DependencyUnavailable{dependency}`
    and `InspectionIncomplete{channel}`."""

    def rejected(self, reason: str) -> None:
        _count("WebhookRejected", "reason", reason, 1)

    def detected(self, counts: Mapping[str, int]) -> None:
        for category, count in sorted(counts.items()):
            _count("PhiDetected", "category", category, count)

    def unavailable(self, dependency: str) -> None:
        _count("DependencyUnavailable", "dependency", dependency, 1)

    def incomplete(self, channel: str) -> None:
        _count("InspectionIncomplete", "channel", channel, 1)


class RelayTelemetry(Protocol):
    def forwarded(self, destination: str) -> None:
        """A delivery reached this destination (a configured name)."""

    def failed(self, reason: str) -> None:
        """A delivery could not be forwarded this time (`reason` names the failure, never a value)."""

    def redacted(self, counts: Mapping[str, int]) -> None:
        """A forwarded body had these PHI categories taken out, this many times each."""


class PowertoolsRelayTelemetry:
    """Emits `RelayForwarded{destination}`, `RelayFailed{reason}` and `RelayRedacted{category}`."""

    def forwarded(self, destination: str) -> None:
        _count("RelayForwarded", "destination", destination, 1)

    def failed(self, reason: str) -> None:
        _count("RelayFailed", "reason", reason, 1)

    def redacted(self, counts: Mapping[str, int]) -> None:
        for category, count in sorted(counts.items()):
            if count:
                _count("RelayRedacted", "category", category, count)


def reports_not_written(error: str) -> None:
    """Emit `RunReportsNotWritten{error}`: a run's reports could not be written (the AWS error code
    or the exception's type, never its message)."""
    _count("RunReportsNotWritten", "error", error, 1)


def _count(name: str, dimension: str, value: str, count: int) -> None:
    with single_metric(name=name, unit=MetricUnit.Count, value=count) as metric:
        metric.add_dimension(name=dimension, value=value)
