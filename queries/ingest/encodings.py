"""Decode a CSV file's bytes strictly: UTF-8 (with or without a byte-order mark) or GBK/GB18030.

Files typed up in Chinese-language software often come in GBK; everything else in UTF-8.
Both are decoded with Python's codecs in strict mode, and a file that neither decodes nor
reads as plausible text is refused with the byte offset where it goes wrong. There is never a
lossy fallback (no ``errors="replace"``, no guessing library): a wrong character in a unit's
name would silently split it from its own records.

GB18030 (a superset of GBK) decodes many byte sequences that were never meant as Chinese, so
a successful GB18030 decode is accepted only when its non-ASCII characters are of the kinds a
Chinese table holds (CJK ideographs, CJK and full-width punctuation, a few symbols), and only
when the file is not UTF-8 Chinese with one foreign line in it (mixed encodings).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 (BOM)"
GB18030 = "GBK/GB18030"

# Characters a GBK table plausibly holds beyond ASCII. Anything else after a GB18030 decode
# means the bytes were something else (Latin-1, Windows-1252, a binary file).
_PLAUSIBLE = (
    (0x00A0, 0x00FF),  # Latin-1 symbols GBK has: · × ÷ ° ± §
    (0x0391, 0x03C9),  # Greek letters used as symbols
    (0x2000, 0x206F),  # general punctuation: “ ” ‘ ’ — … ‰
    (0x2100, 0x218F),  # letterlike symbols, Roman numerals Ⅰ Ⅱ
    (0x2190, 0x22FF),  # arrows and mathematical operators
    (0x2460, 0x24FF),  # circled numbers ① ②
    (0x2500, 0x25FF),  # box drawing and geometric shapes ■ ○
    (0x2600, 0x26FF),  # ★ ☆
    (0x3000, 0x303F),  # CJK punctuation: 、 。 《 》 「 」
    (0x3040, 0x30FF),  # kana (GBK has them)
    (0x3100, 0x312F),  # bopomofo
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility (㎡)
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms: ，（）：
)
# UTF-8 Chinese characters (3 bytes each) that decode cleanly before the first bad byte: a
# GBK file almost never forms two of them by chance, so two mean a UTF-8 file with a foreign
# line in it.
_MIXED_AFTER = 2


class EncodingRefused(ValueError):
    """The file is in no encoding the loader accepts; the message names the byte offset."""

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def _plausible(ch: str) -> bool:
    code = ord(ch)
    return code < 0x80 or any(lo <= code <= hi for lo, hi in _PLAUSIBLE)


def _byte(data: bytes, offset: int) -> str:
    return f"0x{data[offset]:02X}" if offset < len(data) else "end of file"


def decode(data: bytes, name: str) -> Decoded:
    """The text of a CSV file, or EncodingRefused saying where and why it cannot be read."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EncodingRefused(
            f"{name} is UTF-16 (it starts with a UTF-16 byte-order mark); save it as "
            "CSV UTF-8 or as GBK",
            0,
        )
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise EncodingRefused(
            f"{name} holds a NUL byte at byte offset {offset}: it is not a text file in "
            "UTF-8 or GBK (a UTF-16 or binary file?)",
            offset,
        )
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(data[len(codecs.BOM_UTF8) :].decode("utf-8", "strict"), UTF8_BOM)
        except UnicodeDecodeError as exc:
            at = exc.start + len(codecs.BOM_UTF8)
            raise EncodingRefused(
                f"{name} starts with a UTF-8 byte-order mark but is not UTF-8: invalid byte "
                f"{_byte(data, at)} at byte offset {at}",
                at,
            ) from None
    try:
        return Decoded(data.decode("utf-8", "strict"), UTF8)
    except UnicodeDecodeError as exc:
        utf8_at = exc.start
    prefix = data[:utf8_at].decode("utf-8", "strict")
    cjk_before = sum(1 for ch in prefix if 0x3000 <= ord(ch) <= 0xFFEF)
    if cjk_before >= _MIXED_AFTER:
        raise EncodingRefused(
            f"{name} mixes encodings: it is UTF-8 up to byte offset {utf8_at}, where byte "
            f"{_byte(data, utf8_at)} is not UTF-8; save the whole file in one encoding",
            utf8_at,
        )
    try:
        text = data.decode("gb18030", "strict")
    except UnicodeDecodeError as exc:
        raise EncodingRefused(
            f"{name} is neither UTF-8 (invalid byte {_byte(data, utf8_at)} at byte offset "
            f"{utf8_at}) nor GBK/GB18030 (invalid byte {_byte(data, exc.start)} at byte "
            f"offset {exc.start}); save it as CSV UTF-8",
            utf8_at,
        ) from None
    for i, ch in enumerate(text):
        if not _plausible(ch):
            offset = len(text[:i].encode("gb18030"))
            raise EncodingRefused(
                f"{name} is not UTF-8 (invalid byte {_byte(data, utf8_at)} at byte offset "
                f"{utf8_at}), and read as GBK it gives {ch!r} (U+{ord(ch):04X}) at byte offset "
                f"{offset}, which a Chinese table does not hold: the file is in another "
                "encoding (Latin-1, Windows-1252?); save it as CSV UTF-8",
                utf8_at,
            )
    _check_common(text, data, name, utf8_at)
    return Decoded(text, GB18030)


def _check_common(text: str, data: bytes, name: str, utf8_at: int) -> None:
    """Refuse text whose "Chinese" is mostly outside GB2312's everyday characters.

    Latin-1 or Windows-1252 letters followed by ASCII (the ü of Müller, 0xFC 0x6C) form
    valid but rare GBK characters; real Chinese tables are almost all GB2312 characters.
    """
    core = rare = 0
    first_rare = None
    for i, ch in enumerate(text):
        if ord(ch) < 0x80:
            continue
        raw = ch.encode("gb18030")
        if len(raw) == 2 and 0xA1 <= raw[0] <= 0xF7 and 0xA1 <= raw[1] <= 0xFE:
            core += 1
        else:
            rare += 1
            first_rare = i if first_rare is None else first_rare
    if rare and rare >= core:
        offset = len(text[:first_rare].encode("gb18030"))
        raise EncodingRefused(
            f"{name} is not UTF-8 (invalid byte {_byte(data, utf8_at)} at byte offset "
            f"{utf8_at}), and read as GBK most of its Chinese characters are rare ones (the "
            f"first, {text[first_rare]!r}, at byte offset {offset}): it is in another encoding "
            "(Latin-1, Windows-1252?); save it as CSV UTF-8",
            utf8_at,
        )
