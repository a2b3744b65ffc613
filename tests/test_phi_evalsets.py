"""The hand-written PHI evaluation sets (tests/data/phi/set_<name>/) stay sound and built.

Their offsets come from inline markup in `records_*.txt`; `build.py` turns the markup into the
gold files. These tests fail when a source edit was not rebuilt, when a record breaks the
builder's checks, or when the payload file is not what score.py's `--payloads` would write.
They read no detector output.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from benchmarks.phi_score import BLIND, CORPORA, HAND_WRITTEN, main

PHI_DATA = Path(__file__).resolve().parent / "data" / "phi"


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("phi_evalsets_build", PHI_DATA / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", HAND_WRITTEN)
def test_set_is_sound_and_its_files_are_what_the_sources_build(name: str) -> None:
    builder = _builder()
    files, problems, _ = builder.render(name)
    assert problems == []
    assert builder.stale(files) == []


@pytest.mark.parametrize("name", HAND_WRITTEN)
def test_payload_file_is_the_gold_payloads(name: str) -> None:
    gold_file, payloads_file = CORPORA[name]
    gold = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines()]
    want = "".join(json.dumps(g["payload"], ensure_ascii=False) + "\n" for g in gold)
    assert payloads_file.read_text(encoding="utf-8") == want
    assert len(gold) >= 75  # enough records to score a set on (n, o and q hold 88, 85 and 78)
    assert len({g["id"] for g in gold}) == len(gold)


@pytest.mark.parametrize("name", sorted(BLIND))
def test_blind_sets_never_show_their_errors(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([name, "--show-errors", "5"])
    assert "blind" in capsys.readouterr().err
