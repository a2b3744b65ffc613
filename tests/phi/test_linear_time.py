"""The detector's time grows linearly with its input: 8 times the input costs at most 12 times the time.

Each adversarial generator (benchmarks/adversarial.py) targets a pattern or loop that once grew with
the square of its input. Both sizes are timed in the same run, alternately, best of several repeats,
so that a loaded machine slows both alike.
"""

from __future__ import annotations

import gc
import time

import pytest

from benchmarks.adversarial import GENERATORS
from ctm_hipaa.phi import inspect_payload

pytestmark = pytest.mark.timing

SMALL = 4 * 1024
RATIO = 8  # the large input is this many times the small one
BOUND = 12  # ... and may cost at most this many times the time
REPEATS = 3


def best_times(name: str, repeats: int) -> tuple[float, float]:
    small, large = GENERATORS[name](SMALL), GENERATORS[name](SMALL * RATIO)
    inspect_payload(small)  # warm: first-use imports and caches
    best = [float("inf"), float("inf")]
    gc.collect()
    gc.disable()  # a collection landing in one timing only is noise, not growth
    try:
        for _ in range(repeats):
            for i, payload in enumerate((small, large)):
                started = time.perf_counter()
                inspect_payload(payload)
                best[i] = min(best[i], time.perf_counter() - started)
    finally:
        gc.enable()
    return best[0], best[1]


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_eight_times_the_input_costs_at_most_twelve_times_the_time(name: str) -> None:
    small, large = best_times(name, REPEATS)
    if large > BOUND * small:
        # A busy machine can slow one timing; quadratic growth (64 times here) fails again.
        small, large = best_times(name, 3 * REPEATS)
    assert large <= BOUND * small, f"{name}: {large / small:.1f} times the time for {RATIO} times the input"
