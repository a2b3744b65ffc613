"""Numbers written in Chinese characters or Korean Hangul: dates, ages over 89 and phone numbers.

Chinese writes a date as year 年, month 月 and day 日/号 ("一九三五年十月二号", "八零年五月二十号",
"1958年3月4日"), an age with 岁 or as "X 了" ("九十岁", "她今年九十一了"), and reads a phone number out
digit by digit ("四一五 五五五 零一七二", 幺 for one). Korean says the Sino-Korean numbers: a date
"천구백오십칠년 시월 삼일", "사월 구일", a day after "내일" or a weekday ("화요일 십칠일"), an age in
native numbers from ninety ("아흔셋") or with 세/살, and a phone number digit by digit ("이공일 오오오
공일구삼", 공 for zero). Each pattern is a few character classes (no word lists), tried only in a text
that has a Han or Hangul character.

Chinese said in pinyin (a transcript that writes Mandarin in Latin letters) reads a phone number digit
by digit ("liu wu ling wu wu wu ling yao er si", yao for one), a date as year nian, month yue and
day hao ("yi jiu wu ba nian er yue shi ba hao"), and spells a name's characters by a word that holds
them ("jian shi jian she de jian": jian as in jianshe).

Russian says a day of the month alone as a genitive ordinal ("есть окно двадцать шестого", "до
пятнадцатого"): from the tenth on, such an ordinal is a date (the first to the ninth are also "of the
second doctor", and are left alone). The ordinals are data/number_words_intl.txt's.
"""

from __future__ import annotations

import re

from ctm_hipaa.phi.claims import ScanState
from ctm_hipaa.phi.model import Category
from ctm_hipaa.phi.scanners import Scanner
from ctm_hipaa.phi.scanners.script_names import INTL_NUMBER_WORDS, LazyPattern
from ctm_hipaa.phi.validators import real_date

_SCRIPTS = LazyPattern(r"[\u0400-\u04ff\u4e00-\u9fff\uac00-\ud7a3]")
_CYRILLIC = LazyPattern(r"[\u0400-\u04ff]")
_RU_WORD = LazyPattern(r"[а-яё]+")
# Russian number words (data/number_words_intl.txt): the genitive ordinals ("шестого": 6) and the tens
_RU = {w: int(t[1]) for w, t in INTL_NUMBER_WORDS.items() if len(t) > 2 and t[2] == "ru" and t[1].isdigit()}
_RU_ORDINALS = {w: v for w, v in _RU.items() if w.endswith("ого") and v <= 30}
_RU_TENS = {w: v for w, v in _RU.items() if v in (20, 30) and w.endswith("ть")}

# Digit and unit values of both scripts; a number without a unit is read digit by digit ("一九三五")
_DIGITS = {
    **dict(zip("零一二三四五六七八九", range(10), strict=True)),
    "〇": 0,
    "幺": 1,
    "两": 2,
    **dict(zip("공영일이삼사오육칠팔구", (0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), strict=True)),
}
_UNITS = {"十": 10, "百": 100, "千": 1000, "십": 10, "백": 100, "천": 1000}


def number_value(said: str) -> int:
    """The value of a number in Han or Sino-Korean characters: "一九三五" 1935, "三十八" 38, "一千二百零五"
    1205, "천구백오십칠" 1957, "이십육" 26 (-1 when a character is neither a digit nor a unit)."""
    if said.isascii() and said.isdigit():
        return int(said)  # "1958年3月4日"
    if not any(c in _UNITS for c in said):
        value = 0
        for c in said:
            if c not in _DIGITS:
                return -1
            value = value * 10 + _DIGITS[c]
        return value
    total = digit = 0
    for c in said:
        if c in _UNITS:
            total += (digit or 1) * _UNITS[c]
            digit = 0
        elif c in _DIGITS:
            digit = digit * 10 + _DIGITS[c] if digit else _DIGITS[c]
        else:
            return -1
    return total + digit


_HD = "[〇零一二三四五六七八九十]"
_HAN_DATE = LazyPattern(
    rf"(?:(?P<y>[〇零一二三四五六七八九]{{2,4}}|\d{{2,4}})年)?(?P<m>{_HD}{{1,2}}|\d{{1,2}})月"
    rf"(?:(?P<d>{_HD}{{1,3}}|\d{{1,2}})[日号號])?"
)
_HAN_AGE = LazyPattern(
    r"(?<![〇零一二三四五六七八九十百])(?P<a>[一二三四五六七八九十百]{2,4})(?:周?岁|歲|了)"
)
_HAN_PHONE = LazyPattern(
    r"(?<![〇零一二三四五六七八九十百千幺两])[〇零一二三四五六七八九幺两]"
    r"(?: ?[〇零一二三四五六七八九幺两]){9,14}(?![〇零一二三四五六七八九十百千幺两])"
)
_KD = "[일이삼사오육칠팔구십]"
_KO_DATE = LazyPattern(
    rf"(?<![가-힣])(?:(?P<y>[일이삼사오육칠팔구십백천]{{2,8}})년\s?)?(?P<m>{_KD}{{1,2}}|유|시)월"
    rf"(?:\s?(?P<d>{_KD}{{1,4}})일)?"
)
# a day alone after "tomorrow", "the day after" or a weekday ("내일 이십육일", "화요일 십칠일")
_KO_DAY = LazyPattern(rf"(?<![가-힣])(?:내일|모레|[월화수목금토일]요일)\s(?P<d>{_KD}{{1,4}})일")
_KO_AGE = LazyPattern(
    r"(?<![가-힣])아흔(?:하나|둘|셋|넷|다섯|여섯|일곱|여덟|아홉)?"
    r"|(?<![가-힣])(?P<a>[일이삼사오육칠팔구십백]{2,4}) ?(?:세|살)"
)
_KO_PHONE = LazyPattern(
    r"(?<![가-힣])(?:플러스 )?[공영일이삼사오육칠팔구]{2,5}(?: [공영일이삼사오육칠팔구]{2,5}){1,4}(?![가-힣])"
)
_KO_MONTHS = {"유": 6, "시": 10}


def _phone_digits(said: str) -> int:
    return sum(1 for c in said if c in _DIGITS)


def _date(st: ScanState, s: int, e: int, y: str | None, m: str, d: str | None) -> None:
    month = _KO_MONTHS.get(m) or number_value(m)
    day = number_value(d) if d is not None else 1
    year = number_value(y) if y is not None else -1
    if y is None and d is None:
        return  # "十月" alone is October or ten months
    full = year if year >= 1000 else None
    if 1 <= month <= 12 and 1 <= day <= 31 and real_date(month, day, full) and st.free(s, e):
        st.claim(s, e, Category.DATE)


def scan(st: ScanState) -> None:
    """Claim and report the dates, ages over 89 and phone numbers said in Han or Hangul numbers, and
    the days of the month said alone in Russian."""
    text = st.text
    if text.isascii():
        _pinyin(st)
        return
    if _CYRILLIC.search(text):
        _russian_days(st)
    for m in _HAN_PHONE.finditer(text):
        if 10 <= _phone_digits(m.group(0)) <= 15 and st.free(m.start(), m.end()):
            st.claim(m.start(), m.end(), Category.PHONE)
    for m in _KO_PHONE.finditer(text):
        if 10 <= _phone_digits(m.group(0)) <= 15 and st.free(m.start(), m.end()):
            st.claim(m.start(), m.end(), Category.PHONE)
    for rx in (_HAN_DATE, _KO_DATE):
        for m in rx.finditer(text):
            _date(st, m.start(), m.end(), m.group("y"), m.group("m"), m.group("d"))
    for m in _KO_DAY.finditer(text):
        if 1 <= number_value(m.group("d")) <= 31 and st.free(m.start(), m.end()):
            st.claim(m.start(), m.end(), Category.DATE)
    for rx in (_HAN_AGE, _KO_AGE):
        for m in rx.finditer(text):
            said = m.group("a")
            s, e = m.span("a") if said is not None else m.span()
            if (said is None or 90 <= number_value(said) <= 125) and st.free(s, e):
                st.claim(s, e, Category.AGE)


_PY_DIGITS = {"ling": 0, "yi": 1, "yao": 1, "er": 2, "liang": 2, "san": 3, "si": 4, "wu": 5, "liu": 6}
_PY_DIGITS |= {"qi": 7, "ba": 8, "jiu": 9}
_PY_D = "(?:ling|yi|yao|er|liang|san|si|wu|liu|qi|ba|jiu)"
_PY_PHONE = LazyPattern(rf"(?<![\w'])(?:{_PY_D} ){{9,14}}{_PY_D}(?![\w'])")
_PY_N = rf"(?:{_PY_D} shi(?: {_PY_D})?|shi(?: {_PY_D})?|{_PY_D})"  # 1 to 99: "er shi san", "shi ba"
_PY_DATE = LazyPattern(
    rf"(?<![\w'])(?:(?P<y>{_PY_D}(?: {_PY_D}){{1,3}}) nian )?"
    rf"(?P<m>{_PY_N}) yue (?P<d>{_PY_N}) (?:hao|ri)(?![\w'])"
)
# "jian shi jian she de jian", "guo shi guo jia de guo": a syllable, "is", a word holding it, "de" it
_PY_SPELLED = LazyPattern(r"(?<![\w'])([a-z]{1,6}) shi (?:\1 [a-z]{1,6}|[a-z]{1,6} \1) de \1(?![\w'])")


def _pinyin_value(said: str) -> int:
    """1 to 99 said in pinyin ("er shi san" 23, "shi ba" 18, "jiu" 9); a year digit by digit."""
    words = said.split()
    if "shi" not in words:
        value = 0
        for w in words:
            value = value * 10 + _PY_DIGITS[w]
        return value
    i = words.index("shi")
    tens = _PY_DIGITS[words[0]] if i == 1 else 1
    return tens * 10 + (_PY_DIGITS[words[i + 1]] if i + 1 < len(words) else 0)


def _pinyin(st: ScanState) -> None:
    low = st.f.low if st.f.exact else st.text.lower()
    if len(low) != len(st.text):
        return
    for m in _PY_PHONE.finditer(low):
        if st.free(m.start(), m.end()):
            st.claim(m.start(), m.end(), Category.PHONE)
    if " yue " in low:
        for m in _PY_DATE.finditer(low):
            month, day = _pinyin_value(m.group("m")), _pinyin_value(m.group("d"))
            year = _pinyin_value(m.group("y")) if m.group("y") else None
            full = year if year is not None and year >= 1000 else None
            if 1 <= month <= 12 and real_date(month, day, full) and st.free(m.start(), m.end()):
                st.claim(m.start(), m.end(), Category.DATE)
    if " de " in low:
        for m in _PY_SPELLED.finditer(low):
            if st.free(m.start(), m.end()):
                st.claim(m.start(), m.end(), Category.NAME)


def _russian_days(st: ScanState) -> None:
    low = st.text.lower()
    if len(low) != len(st.text):
        return
    prev: re.Match[str] | None = None
    for m in _RU_WORD.finditer(low):
        day = _RU_ORDINALS.get(m.group(0), 0)
        s = m.start()
        if day and day < 10 and prev is not None and prev.end() + 1 == s and prev.group(0) in _RU_TENS:
            day += _RU_TENS[prev.group(0)]
            s = prev.start()  # "двадцать шестого"
        if 10 <= day <= 31 and st.free(s, m.end()):
            st.claim(s, m.end(), Category.DATE)
        prev = m


def _wants(st: ScanState) -> bool:
    if st.text.isascii():
        return st.f.mentions(" ling ", " yao ", " nian ", " shi ")  # pinyin's digits and dates
    return _SCRIPTS.search(st.text) is not None


SCANNER = Scanner("cjk_numbers", _wants, scan)
