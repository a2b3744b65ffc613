"""docs/relay.md and its example file say what the code does."""

from __future__ import annotations

from pathlib import Path

from ctm_hipaa.relay import Manifest, load_destinations, preset_names, small_zip3
from ctm_hipaa_tools.cli import _parser

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "relay.md").read_text(encoding="utf-8")


def test_the_example_destinations_file_validates_and_uses_every_preset() -> None:
    destinations = load_destinations(ROOT / "docs" / "relay-destinations.yaml").destinations
    assert {d.preset for d in destinations.values()} >= set(preset_names())
    assert any(d.policy is not None for d in destinations.values())


def test_the_doc_names_every_preset_small_area_and_manifest_field() -> None:
    assert all(f"`{name}`" in DOC for name in preset_names())
    assert ", ".join(sorted(small_zip3())) in DOC
    assert all(f'"{field}"' in DOC for field in Manifest.__dataclass_fields__)


def test_relay_help_points_at_the_doc() -> None:
    relay = next(
        action.choices["relay"]
        for action in _parser()._actions
        if hasattr(action, "choices") and action.choices and "relay" in action.choices
    )
    assert "docs/relay.md" in relay.format_help()
