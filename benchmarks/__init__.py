"""Benchmarks behind `make bench`: they print figures; targets are checked by reading them."""
