"""Free-text scanners, one module per kind of identifier; `phi.pipeline` runs them in order.

Each module exposes `SCANNER`: a name, a cheap gate (`wants`: False when the text cannot hold
its kind, so the scan is skipped) and `scan`, which reads the shared `ScanState` and claims the
spans it consumes. The name scanner (`names.NameScanner`) runs last, over the claims of all the
others; `health` is the per-field health-term test, not a span scanner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ctm_hipaa.phi.claims import ScanState


@dataclass(frozen=True, slots=True)
class Scanner:
    """One step of the pipeline."""

    name: str
    wants: Callable[[ScanState], bool]
    scan: Callable[[ScanState], None]


def has_digit(st: ScanState) -> bool:
    """Gate of the scanners whose every layout has a digit."""
    return st.has_digit


def no_digit(st: ScanState) -> bool:
    """Gate of the scans that stand in for a digit scanner in a text without digits."""
    return not st.has_digit
