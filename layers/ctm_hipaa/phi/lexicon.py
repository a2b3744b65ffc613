"""The detector's vocabularies: word lists in `phi/data/*.txt`, read once at import.

A data file holds one entry per line; blank lines and lines starting with "#" are comments (each
file opens with a header saying what the list is and where it came from). Entries keep their case
and inner spaces. Only names of files shipped in `phi/data` are read, so no caller input reaches
a path.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from importlib import resources

# Letters NFKD does not take apart into a base letter and an accent ("ł" in "łódź", "đ" in "đau")
_NO_DECOMPOSITION = str.maketrans(
    {"ł": "l", "đ": "d", "ø": "o", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)


def unaccented(low: str) -> str:
    """Lower-case `low` without its diacritics, as the word lists spell it ("cobán" -> "coban",
    "łódź" -> "lodz", "straße" -> "strasse"); letters of other scripts are kept."""
    if low.isascii():
        return low
    bare = unicodedata.normalize("NFKD", low.translate(_NO_DECOMPOSITION))
    return "".join(c for c in bare if not unicodedata.combining(c))


def entries(name: str) -> tuple[str, ...]:
    """The entries of `data/<name>.txt` in file order (for lists where order matters)."""
    text = resources.files(__package__).joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return tuple(s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#"))


def words(name: str) -> frozenset[str]:
    """The entries of `data/<name>.txt` as a set (membership tests)."""
    return frozenset(entries(name))


def spelled_out(name: str) -> frozenset[str]:
    """Every phrase the entries of `data/<name>.txt` spell, each entry written with letter classes,
    optional letters and groups of alternatives ("abuel[oa]s?", "syn(?:a|owi)?", "pitit(?: (?:fi|
    gason))?"), for set look-ups where a regex of the same alternation would only test whole words."""
    out: set[str] = set()
    for entry in entries(name):
        forms, end = _spell(entry, 0)
        if end != len(entry):
            raise ValueError(f"data/{name}.txt: an entry uses pattern syntax beyond [..], ? and (?:..|..)")
        out.update(forms)
    return frozenset(out)


def _spell(src: str, i: int) -> tuple[list[str], int]:
    """The strings `src[i:]` spells up to a `|` or `)` of its group, and where it stopped."""
    forms = [""]
    while i < len(src) and src[i] not in "|)":
        if src.startswith("(?:", i):
            opts: list[str] = []
            i += 3
            while True:
                alt, i = _spell(src, i)
                opts += alt
                if i >= len(src):
                    return forms, i  # unclosed: the caller sees the entry unread
                i += 1
                if src[i - 1] == ")":
                    break
        elif src[i] == "[":
            close = src.find("]", i)
            if close < 0:
                return forms, i
            opts, i = list(src[i + 1 : close]), close + 1
        elif src[i] in "\\.*+{}^$(":
            return forms, i
        else:
            opts, i = [src[i]], i + 1
        if i < len(src) and src[i] == "?":
            opts, i = [*opts, ""], i + 1
        forms = [f + o for f in forms for o in opts]
    return forms, i


def pairs(name: str) -> dict[str, tuple[str, ...]]:
    """`data/<name>.txt` read as `word: token token ...` lines: each word mapped to its tokens."""
    out: dict[str, tuple[str, ...]] = {}
    for entry in entries(name):
        word, _, tokens = entry.partition(":")
        out[word.strip()] = tuple(tokens.split())
    return out


def alternation(name: str) -> str:
    """`data/<name>.txt` as one regex alternation: its entries joined with "|" in file order."""
    return "|".join(entries(name))


def keyed_alternations(name: str) -> dict[str, str]:
    """`data/<name>.txt` read as `KEY: alternative` lines: each key's alternatives joined with "|".

    Keys keep the order in which they first appear, alternatives their file order.
    """
    alts: dict[str, list[str]] = {}
    for entry in entries(name):
        key, _, alt = entry.partition(": ")
        alts.setdefault(key, []).append(alt)
    return {key: "|".join(parts) for key, parts in alts.items()}


def bare_entries(name: str) -> list[str]:
    """`data/<name>.txt`, a large generated list (a header of comment lines, then one bare entry
    per line), in file order.

    Read with one split instead of `entries`' per-line checks, which would double its load time.
    """
    text = resources.files(__package__).joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return (text.split("\n\n", 1)[1] if text.startswith("#") else text).split()


def bare_words(name: str) -> Mapping[str, None]:
    """`data/<name>.txt`, a large generated list, for membership tests (see `bare_entries`).

    A dict of its words rather than a set: the garbage collector walks every entry of a set at each
    collection that reaches it, but never looks into a dict of strings (it stays untracked). With
    the name lists' 200,000 words, those walks were a tenth of the detector's cold start.
    """
    return dict.fromkeys(bare_entries(name))
