"""PHI detector speed: per-event latency over the dev corpus, throughput, cold start, size scaling,
and ms/KB of the adversarial generators (benchmarks/adversarial.py) at 1, 8, 64 and 512 KB."""

from __future__ import annotations

import compileall
import json
import os
import py_compile
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import ctm_hipaa
from benchmarks.adversarial import GENERATORS, body_size
from ctm_hipaa.phi import inspect_payload

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "phi" / "dev.payloads.jsonl"
PACKAGE = Path(ctm_hipaa.__file__).parent
_COLD = (
    "import json,sys,time;t=time.perf_counter();from ctm_hipaa.phi import inspect_payload;"
    "inspect_payload(json.loads(sys.stdin.read()));print(time.perf_counter()-t);"
    "import ctm_hipaa.phi.detector as d;assert d.__file__.startswith(sys.path[1]),d.__file__"
)
# A synthetic transcript turn exercising every scanner (names, phones, dates, ids, addresses, health).
_TURNS = (
    "Agent: Thank you for calling, this is Kim, how can I help you?\n"
    "Caller: Hi, it's Dana Whitfield, my date of birth is 07/02/1961 and my cell is (614) 555-0142.\n"
    "Agent: And your address? Caller: 48 Orchard Ln Apt 3, Columbus, OH 43215.\n"
    "Caller: My member ID is XZA123456789 and I've had knee pain since March 14th, taking ibuprofen 200 mg.\n"
    "Agent: I can get you in on 3/18 at 2:30 PM with Dr. Patel. Press 2 for billing. Order 5551234 shipped.\n"
)


def _percentile(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def _time_one(payload: dict[str, Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        inspect_payload(payload)
        best = min(best, time.perf_counter() - t)
    return best


def _cold_start(sample: str, *, bytecode: bool, runs: int = 5) -> float:
    """Median seconds of import + first inspect_payload in a fresh interpreter, from a copy of the
    package laid out as the Lambda layer ships it: with its bytecode compiled beforehand
    (`bytecode`, as layers/Makefile does), or with none, so that every module of ours is compiled
    from source first (a layer built without a local python3.12)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPYCACHEPREFIX"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    with tempfile.TemporaryDirectory() as layer:
        shutil.copytree(PACKAGE, Path(layer) / PACKAGE.name, ignore=shutil.ignore_patterns("__pycache__"))
        if bytecode:
            compileall.compile_dir(
                layer, quiet=1, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH
            )
        env["PYTHONPATH"] = layer  # before the editable install's finder
        times = []
        for _ in range(runs):
            res = subprocess.run(  # noqa: S603 - our own interpreter and a constant script
                [sys.executable, "-c", _COLD],
                input=sample,
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            times.append(float(res.stdout.strip()))
    return statistics.median(times)


def run() -> None:
    """Print median/p99 ms per event, throughput, cold start and the cost for 1, 8, 10, 100 KB payloads."""
    lines = [ln for ln in DATA.read_text(encoding="utf-8").splitlines() if ln.strip()]
    payloads = [json.loads(ln) for ln in lines]
    for p in payloads[:20]:  # warm caches (phonenumbers metadata, regex compilation)
        inspect_payload(p)
    per_event = []
    t0 = time.perf_counter()
    for p in payloads:
        t = time.perf_counter()
        inspect_payload(p)
        per_event.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - t0
    sizes = [len(ln.encode()) for ln in lines]
    print("PHI detector benchmark")
    print(f"  dev corpus: {len(payloads)} events, median size {statistics.median(sizes) / 1024:.1f} KB")
    print(
        f"  per event: median {statistics.median(per_event):.2f} ms   "
        f"p99 {_percentile(per_event, 0.99):.2f} ms"
    )
    # The target is per 2 KB event: the corpus's events of 1.5-2.5 KB, apart from its 10 KB tail.
    near_2kb = [ms for ms, size in zip(per_event, sizes, strict=True) if 1536 <= size <= 2560]
    print(
        f"  per 2 KB event ({len(near_2kb)} events of 1.5-2.5 KB): "
        f"median {statistics.median(near_2kb):.2f} ms   p99 {_percentile(near_2kb, 0.99):.2f} ms"
    )
    print(f"  throughput: {len(payloads) / total:.0f} events/s (single thread)")
    print(
        f"  cold start (fresh process: import + first inspect_payload, median of 5): "
        f"{_cold_start(lines[0], bytecode=True) * 1000:.0f} ms with bytecode, as the layer ships; "
        f"{_cold_start(lines[0], bytecode=False) * 1000:.0f} ms compiling from source"
    )
    for kb in (1, 8, 10, 100):
        text = (_TURNS * (kb * 1024 // len(_TURNS) + 1))[: kb * 1024]
        payload = {"id": 1, "transcription_text": text, "tracking_number": "+16145550100"}
        ms = _time_one(payload, 5) * 1000
        print(f"  {kb:>3} KB transcript: {ms:.2f} ms ({ms / kb:.2f} ms/KB)")
    adversarial()


ADVERSARIAL_KB = (1, 8, 64, 512)  # 512 KB: the largest body the webhook accepts


def adversarial() -> None:
    """Print ms/KB of every adversarial generator at each size, and the slowest body under 512 KB."""
    print("  adversarial inputs, ms per KB of body (best of 3; 512 KB once):")
    print("    " + f"{'generator':<18}" + "".join(f"{kb:>8} KB" for kb in ADVERSARIAL_KB))
    worst = (0.0, "", 0)
    for name, make in GENERATORS.items():
        cells = []
        for kb in ADVERSARIAL_KB:
            payload = make(kb * 1024)
            size = body_size(payload)
            seconds = _time_one(payload, 1 if kb >= 512 else 3)
            worst = max(worst, (seconds, name, size))
            cells.append(f"{seconds * 1000 / (size / 1024):11.2f}")
        print(f"    {name:<18}" + "".join(cells))
    print(f"  slowest adversarial body: {worst[1]}, {worst[2] / 1024:.0f} KB, {worst[0] * 1000:.0f} ms")


if __name__ == "__main__":
    run()
