"""`forward`: the body a destination receives of one CTM delivery, and its PHI-free manifest.

Pure and synchronous, so that the webhook (which has already inspected the delivery: it passes
its detections) and a relay Lambda (which has not: `forward` runs the detector) call it alike.
Nothing is sent here; the caller signs and posts the body.

The body keeps the payload's shape for what it forwards: the fields the policy allows, under the
policy's spelling of their path, or the vocabulary's name for a field a pattern (`custom_fields.*`)
matched. A key that is no field name ctm-hipaa knows is free text (it may be PHI, `"Dana cell"`):
under a pattern it is dropped, never forwarded. Lists keep the order of the elements forwarded.

The manifest names fields by the vocabulary only (`custom_fields.<key>` for a key it does not
know), never by the payload's spelling; it holds the destination, the policy and its version, the
fields kept, transformed and dropped, the detector's categories removed (and any forwarded: health
information a redacted text keeps), and counts.
"""

from __future__ import annotations

import fnmatch
import json
import string
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ctm_hipaa.phi import KEY_PLACEHOLDER, Category, Detection, inspect_payload, known_field
from ctm_hipaa.relay.model import (
    DURATION_FORMAT,
    MESSAGE_KEY,
    Destination,
    Generalization,
    Policy,
    Rule,
    TextPolicy,
    Transform,
    is_glob,
    message_fields,
    vocabulary_path,
)
from ctm_hipaa.relay.transforms import (
    MIN_KEY_BYTES,
    allow_words,
    generalize_age,
    generalize_date,
    generalize_phone,
    generalize_zip,
    redact,
    token,
)
from ctm_hipaa.relay.vocabulary import field_kind

MISSING = "unknown"  # a sentence's placeholder whose field the delivery lacks
MAX_MESSAGE_VALUE_CHARS = 80
_SCALARS = (str, int, float, bool, type(None))


@dataclass(frozen=True)
class Manifest:
    """What a forwarded body holds, PHI-free: field paths of the vocabulary, categories and counts."""

    destination: str | None
    policy: str  # a preset's name, or "inline"
    policy_version: str
    text_policy: str
    kept: tuple[str, ...]
    transformed: Mapping[str, str]  # path -> the transform (token, generalize:zip, redact, allow-words)
    dropped: tuple[str, ...]
    categories_removed: Mapping[str, int]
    categories_forwarded: Mapping[str, int]
    counts: Mapping[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The manifest as JSON-ready data (sorted, stable)."""
        return {
            "destination": self.destination,
            "policy": self.policy,
            "policy_version": self.policy_version,
            "text_policy": self.text_policy,
            "kept": list(self.kept),
            "transformed": dict(sorted(self.transformed.items())),
            "dropped": list(self.dropped),
            "categories_removed": dict(sorted(self.categories_removed.items())),
            "categories_forwarded": dict(sorted(self.categories_forwarded.items())),
            "counts": dict(self.counts),
        }


@dataclass(frozen=True)
class _Leaf:
    path: str  # rendered as the detector renders it: the payload's keys, `[i]` indices
    keys: tuple[str, ...]  # the payload's keys down to it, no indices
    steps: tuple[str | int, ...]  # keys and indices, to rebuild the shape
    value: Any

    @property
    def plain(self) -> bool:
        """True when the leaf is a field's own value: not an element of a list."""
        return all(isinstance(step, str) for step in self.steps)


def _leaves(payload: Mapping[str, Any]) -> Iterator[_Leaf]:
    """Every scalar under `payload`, depth first in key order (an explicit stack: any depth)."""
    stack: list[tuple[Any, str, tuple[str, ...], tuple[str | int, ...]]] = [(payload, "", (), ())]
    while stack:
        node, path, keys, steps = stack.pop()
        if isinstance(node, Mapping):
            children: list[tuple[Any, str, tuple[str, ...], tuple[str | int, ...]]] = []
            for k, v in node.items():
                key = str(k)
                children.append((v, f"{path}.{key}" if path else key, (*keys, key), (*steps, key)))
            stack += reversed(children)
        elif isinstance(node, list):
            stack += reversed([(v, f"{path}[{i}]", keys, (*steps, i)) for i, v in enumerate(node)])
        else:
            yield _Leaf(path, keys, steps, node)


@dataclass(frozen=True)
class _Compiled:
    rule: Rule
    lowered: tuple[str, ...]
    known: tuple[str | None, ...]
    globs: tuple[bool, ...]

    @classmethod
    def of(cls, rule: Rule) -> _Compiled:
        return cls(
            rule,
            tuple(s.casefold() for s in rule.segments),
            tuple(known_field(s) for s in rule.segments),
            tuple(is_glob(s) for s in rule.segments),
        )

    def matches(self, keys: tuple[str, ...], names: Sequence[str | None]) -> bool:
        if len(self.rule.segments) > len(keys):
            return False
        for i, segment in enumerate(self.lowered):
            key, name = keys[i], names[i]
            if self.globs[i]:
                if name is None or not fnmatch.fnmatchcase(name, segment):
                    return False
            elif key.casefold() != segment and (self.known[i] is None or name != self.known[i]):
                return False
        return True

    @property
    def rank(self) -> tuple[int, int]:
        """Longer paths first, then those with fewer patterns."""
        return len(self.rule.segments), -sum(self.globs)


class _Rules:
    """A policy's rules by their first segment, so that a leaf no rule can name costs two lookups."""

    def __init__(self, policy: Policy) -> None:
        ranked = sorted((_Compiled.of(r) for r in policy.rules), key=lambda c: c.rank, reverse=True)
        self._by_key: dict[str, list[_Compiled]] = {}
        self._by_name: dict[str, list[_Compiled]] = {}
        self._patterns: list[_Compiled] = []
        for compiled in ranked:
            if compiled.globs[0]:
                self._patterns.append(compiled)
                continue
            self._by_key.setdefault(compiled.lowered[0], []).append(compiled)
            if compiled.known[0] is not None:
                self._by_name.setdefault(compiled.known[0], []).append(compiled)
        self._rank = {id(c): i for i, c in enumerate(ranked)}

    def best(self, keys: tuple[str, ...], names: Sequence[str | None]) -> _Compiled | None:
        """The most specific rule naming the leaf at `keys` (whose vocabulary names are `names`)."""
        candidates = [*self._by_key.get(keys[0].casefold(), ()), *self._patterns]
        if names[0] is not None:
            candidates += self._by_name.get(names[0], ())
        matching = [c for c in candidates if c.matches(keys, names)]
        return min(matching, key=lambda c: self._rank[id(c)]) if matching else None


def forward(
    payload: Mapping[str, Any],
    target: Destination | Policy,
    key: bytes,
    *,
    policy_name: str = "inline",
    detections: Sequence[Detection] | None = None,
    now: datetime | None = None,
) -> tuple[dict[str, Any], Manifest]:
    """The body `target` (a destination, or a bare policy: a preset's, `policy_name`) receives of
    `payload`, and its manifest. `key` is the destination's HMAC key of tokens (at least 16 bytes).
    `detections`: the detector's of this payload when the caller has them (the webhook), else the
    detector runs here; they must be a complete inspection's (after `InspectionIncomplete`, pass
    None), since `redact` masks only what they name. `now` dates what `generalize` does to years
    (ages over 89). Raises TypeError when `payload` is not a mapping, ValueError for a short key;
    never for a value."""
    if not isinstance(payload, Mapping):
        raise TypeError("payload must be a JSON object")
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"a token key needs at least {MIN_KEY_BYTES} bytes")
    if isinstance(target, Destination):
        policy, name, destination = target.effective_policy, target.policy_name, target.name
    else:
        policy, name, destination = target, policy_name, None
    found = list(inspect_payload(payload) if detections is None else detections)
    by_path: dict[str, list[Detection]] = {}
    for d in found:
        by_path.setdefault(d.path, []).append(d)
    this_year = (now or datetime.now(UTC)).year
    rules = _Rules(policy)

    body: dict[str, Any] = {}
    kept: set[str] = set()
    transformed: dict[str, str] = {}
    dropped: set[str] = set()
    removed: Counter[str] = Counter()
    forwarded: Counter[str] = Counter()
    first_values: dict[str, Any] = {}
    seen: set[str] = set()
    for leaf in _leaves(payload):
        seen.add(leaf.path)
        names = [known_field(k) for k in leaf.keys]
        shown = ".".join(n or KEY_PLACEHOLDER for n in names)
        if leaf.plain:
            first_values.setdefault(shown, leaf.value)
        rule = rules.best(leaf.keys, names) if leaf.keys else None
        outcome = _apply(leaf, names, rule, policy, key, by_path.get(leaf.path, []), this_year)
        if outcome is None:
            dropped.add(shown)
            removed.update(str(d.category) for d in by_path.get(leaf.path, []))
            continue
        steps, value, spec, kept_health = outcome
        if not _insert(body, steps, value):
            dropped.add(shown)  # two payload keys with one vocabulary name: the first one wins
            removed.update(str(d.category) for d in by_path.get(leaf.path, []))
            continue
        leaf_detections = by_path.get(leaf.path, [])
        if spec == Transform.KEEP:
            kept.add(shown)
            forwarded.update(str(d.category) for d in leaf_detections)
        else:
            transformed[shown] = spec
            for d in leaf_detections:
                health_kept = kept_health and d.category is Category.HEALTH
                (forwarded if health_kept else removed)[str(d.category)] += 1
    # Detections in keys that are no field name (`custom_fields.<key>`): such keys are never forwarded.
    for path, dets in by_path.items():
        if path not in seen:
            removed.update(str(d.category) for d in dets)
    if policy.message is not None:
        body[MESSAGE_KEY] = _sentence(policy.message, first_values)
        kept.update(path for path, _ in message_fields(policy.message) if path in first_values)
    manifest = Manifest(
        destination=destination,
        policy=name,
        policy_version=policy.version,
        text_policy=str(policy.text),
        kept=tuple(sorted(kept)),
        transformed=transformed,
        dropped=tuple(sorted(only_dropped := dropped - kept - set(transformed))),
        categories_removed=dict(removed),
        categories_forwarded=dict(forwarded),
        counts={
            "fields": len(seen),
            "kept": len(kept),
            "transformed": len(transformed),
            "dropped": len(only_dropped),
            "detections_removed": sum(removed.values()),
        },
    )
    return _lists(body), manifest


_Outcome = tuple[tuple[str | int, ...], Any, str, bool]  # body steps, value, transform, health kept


def _apply(
    leaf: _Leaf,
    names: Sequence[str | None],
    compiled: _Compiled | None,
    policy: Policy,
    key: bytes,
    detections: Sequence[Detection],
    this_year: int,
) -> _Outcome | None:
    """What one leaf becomes under its rule, or None when it is dropped."""
    if compiled is None:
        return None
    rule = compiled.rule
    steps = _body_steps(leaf, names, compiled)
    if steps is None or rule.transform is Transform.DROP:
        return None
    last = next((n for n in reversed(names) if n is not None), None) or ""
    value = leaf.value
    if rule.transform is Transform.KEEP:
        # Only the field itself, a scalar: never what a mapping or a list in its place holds.
        whole = leaf.plain and len(leaf.keys) == len(rule.segments) and isinstance(value, _SCALARS)
        return (steps, value, Transform.KEEP, False) if whole else None
    if rule.transform is Transform.TOKEN:
        hashed = token(value, key, kind=field_kind(last))
        return (steps, hashed, Transform.TOKEN, False) if hashed is not None else None
    if rule.transform is Transform.GENERALIZE:
        coarse = _generalize(rule.kind, value, this_year)
        return (steps, coarse, rule.spec, False) if coarse is not None else None
    return _free_text(steps, value, policy.text, detections)


def _generalize(kind: Generalization | None, value: Any, this_year: int) -> Any:
    if kind is Generalization.DATE:
        return generalize_date(value, this_year=this_year)
    if kind is Generalization.ZIP:
        return generalize_zip(value)
    if kind is Generalization.PHONE:
        return generalize_phone(value)
    return generalize_age(value)


def _free_text(
    steps: tuple[str | int, ...], value: Any, mode: TextPolicy, detections: Sequence[Detection]
) -> _Outcome | None:
    if mode is TextPolicy.DROP or isinstance(value, bool) or value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value)
    if mode is TextPolicy.REDACT:
        # Identifiers only: HEALTH spans the whole leaf, and health information without an
        # identifier is not PHI; the manifest counts it as forwarded.
        spans = [(d.start, d.end, str(d.category)) for d in detections if d.category is not Category.HEALTH]
        return steps, redact(text, spans), "redact", True
    return steps, allow_words(text), "allow-words", True


def _body_steps(
    leaf: _Leaf, names: Sequence[str | None], compiled: _Compiled
) -> tuple[str | int, ...] | None:
    """The leaf's path in the body: the rule's spelling of the segments it names exactly, the
    vocabulary's name of the others; None when a key only a pattern (or nothing) names is not a
    field name ctm-hipaa knows."""
    out: list[str | int] = []
    depth = 0
    for step in leaf.steps:
        if isinstance(step, int):
            out.append(step)
            continue
        if depth < len(compiled.rule.segments) and not compiled.globs[depth]:
            out.append(compiled.rule.segments[depth])
        elif (name := names[depth]) is not None:
            out.append(name)
        else:
            return None
        depth += 1
    return tuple(out)


def _insert(body: dict[str, Any], steps: tuple[str | int, ...], value: Any) -> bool:
    """Put `value` at `steps` in `body` (lists as index-keyed dicts until `_lists`); False when the
    place is taken."""
    node: dict[Any, Any] = body
    for i, step in enumerate(steps):
        if i == len(steps) - 1:
            if step in node:
                return False
            node[step] = value
            return True
        child = node.setdefault(step, {})
        if not isinstance(child, dict):
            return False
        node = child
    return False


def _lists(node: Any) -> Any:
    """Index-keyed dicts back to lists, in index order."""
    if not isinstance(node, dict):
        return node
    if node and all(isinstance(k, int) for k in node):
        return [_lists(node[k]) for k in sorted(node)]
    return {k: _lists(v) for k, v in node.items()}


def _sentence(template: str, values: Mapping[str, Any]) -> str:
    parts = []
    for literal, name, spec, _ in string.Formatter().parse(template):
        parts.append(literal)
        if name is not None:
            parts.append(_rendered(values.get(vocabulary_path(name)), spec or ""))
    return "".join(parts)


def _rendered(value: Any, spec: str) -> str:
    if spec == DURATION_FORMAT and isinstance(value, int | float) and not isinstance(value, bool):
        seconds = max(0, int(value))
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        if hours:
            return f"{hours}h{minutes:02d}m{secs:02d}s"
        return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"
    if value is None or isinstance(value, dict | list) or value == "":
        return MISSING
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_MESSAGE_VALUE_CHARS else text[: MAX_MESSAGE_VALUE_CHARS - 1] + "…"
