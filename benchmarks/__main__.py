"""`python -m benchmarks`: run every benchmark and print its figures."""

import importlib

SUITES = (
    "benchmarks.phi",
    "benchmarks.presidio",
    "benchmarks.records",
    "benchmarks.audit",
    "benchmarks.relay",
    "benchmarks.relay_residual",
)


def main() -> None:
    for name in SUITES:
        importlib.import_module(name).run()


if __name__ == "__main__":
    main()
