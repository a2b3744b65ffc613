"""TokenBucket: pure unit tests on a fake clock, plus the client's pacing."""

from __future__ import annotations

import threading

import pytest

from ctm_hipaa.ctm.client import TokenBucket


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_burst_then_steady_rate():
    clock = Clock()
    bucket = TokenBucket(5, clock=clock, sleep=clock.sleep)
    assert [bucket.reserve() for _ in range(5)] == [0.0] * 5  # a burst of `rate` by default
    waits = [bucket.reserve() for _ in range(3)]
    assert waits == pytest.approx([0.2, 0.4, 0.6])


def test_acquire_sleeps_and_refills_with_time():
    clock = Clock()
    bucket = TokenBucket(2, burst=1, clock=clock, sleep=clock.sleep)
    for _ in range(5):
        bucket.acquire()
    # one immediately, then one every 0.5 s
    assert clock.sleeps == pytest.approx([0.5, 0.5, 0.5, 0.5])
    assert clock.now == pytest.approx(2.0)
    clock.now += 10  # idle: refills only up to the burst
    assert bucket.reserve() == 0.0
    assert bucket.reserve() == pytest.approx(0.5)


def test_rate_over_a_long_run_never_exceeds_the_limit():
    clock = Clock()
    bucket = TokenBucket(5, burst=5, clock=clock, sleep=clock.sleep)
    for _ in range(105):
        bucket.acquire()
    # 5 free in the burst, then 100 at 5/s
    assert clock.now == pytest.approx(20.0)


def test_thread_safe_reservations_queue_in_order():
    clock = Clock()
    bucket = TokenBucket(10, burst=1, clock=clock, sleep=clock.sleep)
    waits: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(50):
            w = bucket.reserve()
            with lock:
                waits.append(w)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 400 reservations at 10/s with the clock frozen: each one 0.1 s after the previous
    assert sorted(waits) == pytest.approx([i * 0.1 for i in range(400)])


def test_invalid_configuration():
    with pytest.raises(ValueError):
        TokenBucket(0)
    with pytest.raises(ValueError):
        TokenBucket(float("inf"))
    with pytest.raises(ValueError):
        TokenBucket(5, burst=0.5)


def test_client_paces_requests_through_its_bucket(serve, make_client, make_agency, make_account, fake_time):
    sim = serve(make_agency(make_account(1001, users=0, calls=0)))
    client = make_client(sim.base_url, requests_per_second=4, burst=1)
    for _ in range(5):
        client.account(1001)
    assert fake_time.sleeps == pytest.approx([0.25] * 4)
    assert client.stats.throttled_seconds == pytest.approx(1.0)
    assert client.stats.retries == 0


def test_waiting_for_the_bucket_does_not_eat_the_retry_budget(
    serve, make_client, make_agency, make_account, fake_time
):
    sim = serve(make_agency(make_account(1001, users=0, calls=0)))
    # each request queues 2 s for its token, four times the whole per-request budget
    client = make_client(sim.base_url, requests_per_second=0.5, burst=1, total_timeout=0.5)
    for _ in range(3):
        assert client.account(1001).id == "1001"
    assert fake_time.sleeps == pytest.approx([2.0, 2.0])
    assert client.stats.retries == 0
