"""Speaker turns of a transcript: who speaks (the business or the caller), what the agent asks, and
which of the caller's turns answers it.

A turn opens with a speaker label: at a line start "Dispatcher: ...", "CALLER > ...", "[agent] ...",
"[4:24 AM] Tomasz: ...", "Channel 1 (0:00:01): ...", WebVTT's "<v Caller>..."; inside a line,
after a sentence end, only a label of data/turn_roles.txt ("... with? Caller: ..."). A line-start
label is a speaker label when it names a side (data/turn_roles.txt), follows a message time, or
recurs as a label in the same text; "Note:" once is no turn. Each label gets a side: the listed
word's, the agent's when it is the answering agent's name, else the side the call's order gives it
(the business answers, so it speaks first).

A question is a cue (data/turn_questions.txt, data/number_cues.txt) ending a business-side turn:
"okay what's your name", "pickup address", "y su número de expediente". Its answer is the caller's
next turn, past turns that hold no answer yet ("um hold on", "sí"); an interpreter's turn may relay
the question (skipped) or the answer (an answer too). The scanners claim the identifiers of an
answer by the question's kind (scanners/answers.py, and the name scanner's `answers` part).

`parse` reads a text with one pass of each label regex; every turn is then looked at a bounded
number of times (its question cue is searched in its last 80 characters only): linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import Enum

from ctm_hipaa.phi.cues import CUE
from ctm_hipaa.phi.fold import CuePattern, Folded
from ctm_hipaa.phi.lexicon import entries, keyed_alternations, words


class Role(Enum):
    """The side a speaker talks for."""

    AGENT = "agent"  # the business that answers the call
    CALLER = "caller"  # the person calling, or whoever they speak for
    EITHER = "either"  # relays both ways (an interpreter): may ask and may answer


def _sides() -> dict[str, Role]:
    out: dict[str, Role] = {}
    for entry in entries("turn_roles"):
        side, _, ws = entry.partition(":")
        for w in ws.split():
            out[w] = Role(side.strip())
    return out


SIDE_WORDS = _sides()
# Every word that names a speaker's side: such a label is a role, never a person's name.
ROLE_WORDS = frozenset(SIDE_WORDS)

# A label at a line start: an optional message time, then "[label]" or "label:" / "label >".
# Labels are at most three words of at most 25 characters: one bounded attempt per line.
_LINE_LABEL = re.compile(
    r"(?m)^[ \t]*+(?P<time>\[(?=[^\]\n]{0,12}\d)[^\]\n]{1,12}\][ \t]*+)?"
    r"(?:\[(?P<b>[^\W\d_][\w'’-]{0,24}(?: [\w'’-]{1,24}){0,2})\]"
    # WebVTT's voice span: "<v Agent>thanks for calling", "<v.loud Caller>"
    r"|<v(?:\.[\w.-]{1,24})?[ \t](?P<v>[^\W\d_][\w'’-]{0,24}(?: [\w'’-]{1,24}){0,2})>(?=\S)"
    # "Caller:", "AGENT >", and a label with its time in brackets: "Channel 1 (0:00:01):"; Chinese
    # and Japanese transcripts write a full-width colon, with no blank after it ("前台：你好")
    r"|(?P<w>[^\W\d_][\w'’-]{0,24}(?: [\w'’-]{1,24}){0,2}?)"
    r"(?P<ptime>[ \t]\((?=[^)\n]{0,12}\d)[^)\n]{1,12}\))?[ \t]{0,3}(?:(?::|>)(?!//)(?=\s|$)|：))"
    r"[ \t]*"
)
# A side's label inside a line, after a sentence end: "... on the account? Caller: ..."
# A WebVTT or SRT cue's timing line ("00:00:04.500 --> 00:00:07.000", SRT's number before it) at
# the end of a turn's body; `\Z` anchors it at the body's end (the search's endpos).
_CUE_TIMING = re.compile(r"\s*+(?:\d{1,6}\n)?[\d:.,]{4,12} --> [\d:.,]{4,12}[^\n]{0,40}\Z")
_CUE_TIMING_REACH = 120  # searched in a body's last characters only: linear however long the body
_INLINE_LABEL = re.compile(r"(?<=[.?!…] )(?P<w>[^\W\d_][\w'’-]{1,24}):[ \t]+")
_LABEL_NUMBER = re.compile(r"[ _-]?\d{1,2}$")  # "speaker 1", "spk_0": the side is in the order

# Words that hold no answer: a turn of only these waits for the next ("um hold on"); an answer's
# identifier starts after them ("okay it's ...", "la mamá ...").
FILLERS = words("answer_fillers") | words("name_fillers")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")

# The question cues by kind: turn_questions.txt's, and the number cues (cues.CUE, compiled once for
# both its uses); where two overlap, the first, and of two at one place turn_questions.txt's (its
# NONE and SPELLED stop weaker cues). A kind's alternatives are joined in file order.
_QUESTION = CuePattern(
    r"(?<![\w'])(?:"
    + "|".join(f"(?P<{k}>{v})" for k, v in keyed_alternations("turn_questions").items())
    + r")(?![a-zà-ÿ])"
)
_TAIL = 80  # a question cue is searched in a turn's last characters
_JOINED_WORDS = 3  # "name and the date of birth"
_TRAILER_WORDS = 7  # "date of birth for verification", "the serial number it's on the back"
_SENTENCE_END = re.compile(r"[.?!]\s+\w")
_DIGIT = re.compile(r"\d")
_TELLS = re.compile(r"(?:'s|’s|\s+(?:is|was|es|era|é))\b")  # "her name is inés": told, not asked
_SHORT_ASK = 4  # words of a turn's last sentence that may ask without a question mark
_MAX_SKIPPED = 3  # filler turns and relayed questions between a question and its answer


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker turn: its label's words, its body (what is said), the speaker's side."""

    label_start: int
    label_end: int
    body_start: int
    body_end: int
    role: Role
    timed: bool  # the label follows a message time ("[4:24 AM] Tomasz:"): a chat thread


@dataclass(frozen=True, slots=True)
class Answer:
    """A caller's turn that answers a question, and the kind of identifier the question asked for."""

    start: int
    end: int
    kinds: tuple[str, ...]  # NAME, GEO, DATE, SPELLED, or number_cues kinds (SSN, MRN, ..., PHONE, NEG)


class Turns:
    """The speaker turns of one text, and the answers to the agent's questions (found on first use)."""

    __slots__ = ("_answers", "_f", "body_starts", "counts", "turns")

    def __init__(self, f: Folded, turns: tuple[Turn, ...], counts: dict[str, int]) -> None:
        self._f = f
        self.turns = turns
        self.counts = counts  # how often each label (lower case) opens a turn
        self.body_starts = [t.body_start for t in turns]  # ascending: the turn at an offset is a bisection
        self._answers: tuple[Answer, ...] | None = None

    def label(self, t: Turn) -> str:
        """The label's words as written ("Dispatcher", "speaker 1")."""
        return self._f.text[t.label_start : t.label_end]

    def recurs(self, t: Turn) -> bool:
        """True when the turn's label opens more than one turn of the text."""
        return self.counts.get(self.label(t).lower(), 0) > 1

    def at(self, pos: int) -> Turn | None:
        """The speaker turn whose body holds `pos`, if any."""
        i = bisect_right(self.body_starts, pos) - 1
        return self.turns[i] if i >= 0 and pos < self.turns[i].body_end else None

    def answers(self) -> tuple[Answer, ...]:
        """Every answer turn with the kind its question asked for, in text order."""
        if self._answers is None:
            self._answers = _answers(self._f, self.turns)
        return self._answers

    def answers_of(self, *kinds: str) -> list[Answer]:
        """The answers to questions of these kinds."""
        return [a for a in self.answers() if not kinds or any(k in a.kinds for k in kinds)]


NO_TURNS = Turns(Folded("", "", True), (), {})


def parse(f: Folded, agent_names: frozenset[str] = frozenset()) -> Turns:
    """The speaker turns of `f.text` (none when it has no speaker labels).

    `agent_names` (lower-case name parts of the answering agent) marks the agent's own name label.
    """
    text = f.text
    if ":" not in text and ">" not in text and "[" not in text and "：" not in text:
        return NO_TURNS
    # (turn start, label start, label end, body start, timed, inline)
    found: list[tuple[int, int, int, int, bool, bool]] = []
    for m in _LINE_LABEL.finditer(text):
        g = "b" if m.group("b") is not None else "v" if m.group("v") is not None else "w"
        timed = m.group("time") is not None or m.group("ptime") is not None
        found.append((m.start(), m.start(g), m.end(g), m.end(), timed, False))
    if ": " in text:
        for m in _INLINE_LABEL.finditer(text):
            if _side_word(m.group("w")) is not None:
                found.append((m.start(), m.start("w"), m.end("w"), m.end(), False, True))
        found.sort()
    counts: dict[str, int] = {}
    for _, ls, le, _, _, _ in found:
        key = text[ls:le].lower()
        counts[key] = counts.get(key, 0) + 1
    # a label is kept when it names a side, follows a message time or (at a line start) recurs
    kept = [
        x
        for x in found
        if x[4]
        or _side_word(text[x[1] : x[2]]) is not None
        or (not x[5] and counts[text[x[1] : x[2]].lower()] > 1)
    ]
    if not kept:
        return NO_TURNS
    sides = _assign_sides([text[x[1] : x[2]].lower() for x in kept], agent_names)
    turns: list[Turn] = []
    captions = "-->" in text  # once: tested per turn, it would read the text once a turn
    for i, (_, ls, le, bs, timed, _) in enumerate(kept):
        be = kept[i + 1][0] if i + 1 < len(kept) else len(text)
        while be > bs and text[be - 1].isspace():
            be -= 1
        cue = _CUE_TIMING.search(text, max(bs, be - _CUE_TIMING_REACH), be) if captions else None
        if cue is not None:  # WebVTT/SRT: the next cue's timing line (and number) is no speech
            be = cue.start()
        turns.append(Turn(ls, le, bs, max(bs, be), sides[text[ls:le].lower()], timed))
    return Turns(f, tuple(turns), counts)


def _side_word(label: str) -> Role | None:
    """The side a label names by its word ("Llamante", "CALLER", "speaker"), or None."""
    low = label.lower()
    if " " in low:
        low = _LABEL_NUMBER.sub("", low)  # "caller 2"
        if low not in SIDE_WORDS:
            # "Nhân viên" (staff), "Người gọi" (caller): the first word names the side
            return SIDE_WORDS.get(low.split(" ", 1)[0])
    return SIDE_WORDS.get(low)


def _assign_sides(labels: list[str], agent_names: frozenset[str]) -> dict[str, Role]:
    """Each distinct label's side: its word's, the agent's name, else by the order of the call."""
    sides: dict[str, Role] = {}
    unknown: list[str] = []
    for label in labels:
        if label in sides or label in unknown:
            continue
        role = _side_word(label)
        if role is None and agent_names and any(w in agent_names for w in label.split()):
            role = Role.AGENT
        if role is None:
            unknown.append(label)
        else:
            sides[label] = role
    known = set(sides.values())
    for k, label in enumerate(unknown):
        if Role.AGENT in known and Role.CALLER not in known:
            sides[label] = Role.CALLER
        elif Role.CALLER in known and Role.AGENT not in known:
            sides[label] = Role.AGENT
        else:
            # "speaker 1" / "speaker 2", two names: the business answers the call, so speaks first
            first = k == 0 and labels[0] == label
            sides[label] = Role.AGENT if first else Role.CALLER
    return sides


def question(f: Folded, t: Turn) -> tuple[str, ...]:
    """The kinds of identifier the turn asks for with cues ending it, or () when it asks for none.

    The cues nearest the end decide, with at most a few words after them ("name please"); cues
    joined by a few words ask together ("your name and date of birth": NAME and DATE). A spelling
    question anywhere in the turn's tail is SPELLED; a NONE cue asks for no identifier.
    """
    if t.body_end <= t.body_start:
        return ()
    text = f.text
    found = _question_cues(f, max(t.body_start, t.body_end - _TAIL), t.body_end)
    if not found:
        return ()
    if any(m.lastgroup == "SPELLED" for m in found):
        return ("SPELLED",)
    last = found[-1]
    trailer = text[last.end() : t.body_end]
    if (
        len(trailer.split()) > _TRAILER_WORDS
        or _SENTENCE_END.search(trailer)
        or _DIGIT.search(trailer)
        or _TELLS.match(trailer)
    ):
        return ()  # the cue is not the turn's end, or the turn tells it ("our fax is 541...", "her name is")
    if text[t.body_end - 1] in ".!" and len(_last_sentence(text, t).split()) > _SHORT_ASK:
        return ()  # a statement ("... sent over to our fax."); "Name please." and "Date of birth." ask
    kinds = [str(last.lastgroup)]
    for prev, cur in zip(reversed(found[:-1]), reversed(found[1:]), strict=True):
        gap = text[prev.end() : cur.start()]
        if len(gap.split()) > _JOINED_WORDS or _SENTENCE_END.search(gap):
            break
        kinds.append(str(prev.lastgroup))
    return () if "NONE" in kinds else tuple(dict.fromkeys(reversed(kinds)))


def _question_cues(f: Folded, start: int, end: int) -> list[re.Match[str]]:
    """The question cues of `f.text[start:end]` in order, none overlapping (see `_QUESTION`)."""
    found = sorted((*_QUESTION.finditer(f, start, end), *CUE.finditer(f, start, end)), key=re.Match.start)
    out: list[re.Match[str]] = []
    for m in found:  # sorted is stable: at one place, the turn question first
        if not out or m.start() >= out[-1].end():
            out.append(m)
    return out


def _last_sentence(text: str, t: Turn) -> str:
    """The turn's last sentence (its tail after the last sentence end before its final mark)."""
    s = max(t.body_start, t.body_end - _TAIL)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, s, t.body_end)]
    return text[ends[-1] - 1 if ends else s : t.body_end]


def filler_only(text: str, t: Turn) -> bool:
    """True when the turn holds no answer yet: only fillers ("um hold on", "one sec", "sí")."""
    return all(m.group(0).lower() in FILLERS for m in _WORD.finditer(text, t.body_start, t.body_end))


def _answers(f: Folded, turns: tuple[Turn, ...]) -> tuple[Answer, ...]:
    text = f.text
    n = len(turns)
    kinds = [question(f, t) if t.role is not Role.CALLER else () for t in turns]
    out: list[Answer] = []
    seen: set[int] = set()
    for i, t in enumerate(turns):
        kind = kinds[i]
        if not kind:
            continue
        j = i + 1
        while j < n and j - i <= _MAX_SKIPPED:
            u = turns[j]
            if filler_only(text, u) or (u.role is Role.EITHER and kinds[j]):
                # the caller is not ready yet, the agent only prompts ("go ahead"), or the
                # interpreter relays the question
                j += 1
                continue
            if u.role is Role.AGENT or (u.role is t.role and not kinds[j]):
                break  # the business speaks again (or the relay goes on): no answer
            got = [u]
            if u.role is Role.CALLER and j + 1 < n and turns[j + 1].role is Role.EITHER and not kinds[j + 1]:
                got.append(turns[j + 1])  # an interpreter's turn right after the answer relays it
            for a in got:
                if a.body_start not in seen and a.body_end > a.body_start:
                    seen.add(a.body_start)
                    out.append(Answer(a.body_start, a.body_end, kind))
            break
    out.sort(key=lambda a: a.start)
    return tuple(out)


# A caller's voicemail opens with the caller saying who calls ("hi this is marlys halvorson calling
# about my husband"), not with a business ("hi this is jenna from bright smile dental")
_CALLER_OPENS = re.compile(
    r"\A\s*(?:(?:hi|hey|hello|yes|yeah)[ ,]+)*(?:this\s+is|it'?s|my\s+name\s+is)\s+(?![^\n]{0,60}?\bfrom\b)",
    re.IGNORECASE,
)


def said_by_caller(turns: Turns, text: str, pos: int) -> bool:
    """True when the words at `pos` of `text` are the caller's, so "our number is ..." is the
    household's: a caller's turn, or a voicemail without turns that the caller opens."""
    turn = turns.at(pos)
    if turn is not None:
        return turn.role is Role.CALLER
    return not turns.turns and _CALLER_OPENS.match(text) is not None
