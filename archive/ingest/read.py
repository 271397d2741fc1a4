"""Bytes to text: the encodings an article file may come in, and the files refused.

Accepted: UTF-8 (with or without BOM), UTF-16 with a BOM, and Vietnamese Windows-1258 when
the decoded text is clearly Vietnamese. Everything else raises InputError with a short
reason; the caller prefixes the file name.
"""

import codecs
import hashlib
import os
import stat
import unicodedata
from pathlib import Path

from archive.ingest import InputError
from archive.text.normalize import normalize

_REFUSED_ENCODING = "not UTF-8 text (nor UTF-16 with a BOM, nor Vietnamese Windows-1258)"
_BINARY = "a binary file, not text"

# C0 controls other than tab, newline, vertical tab, form feed and carriage return, and
# DEL: none belongs in an article. Decoded text must not have the C1 block either (in raw
# bytes 0x80-0x9F are UTF-8 continuation bytes).
_C0_CONTROLS = frozenset([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROLS = _C0_CONTROLS | frozenset(range(0x80, 0xA0))

# Windows-1258 writes most tones as separate combining marks (U+0300 huyền, U+0301 sắc,
# U+0303 ngã, U+0309 hỏi, U+0323 nặng) and has precomposed letters only for the rest.
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Letters only Vietnamese uses among those Windows-1258 can write: no French or German
# word has them, so they tell Vietnamese from a Latin-1 file read the same way.
_VIETNAMESE_ONLY = "ăđơưĂĐƠƯ" + _TONE_MARKS
_VIETNAMESE_LETTERS = frozenset("àáâăèéêìíòóôơùúưýđÀÁÂĂÈÉÊÌÍÒÓÔƠÙÚƯÝĐ" + _TONE_MARKS)
_TEXT_SYMBOLS = frozenset("“”‘’–—…•«»°€₫§©®±×·")


def read_text(path, *, max_bytes):
    """The text of an article file, newlines as "\\n"; InputError if it is not one."""
    path = Path(path)
    if path.is_dir():
        raise InputError("a folder, not a file")
    try:
        # Non-blocking, then checked: a FIFO named like an article would hang the import.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as file:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                raise InputError("not a regular file (a named pipe, socket or device)")
            if status.st_size > max_bytes:
                limit, size = _size(max_bytes), _size(status.st_size)
                raise InputError(f"larger than the {limit} limit ({size})")
            data = file.read(max_bytes + 1)
    except OSError as error:  # unreadable, a folder, gone since it was listed
        raise InputError(f"could not be read ({error.strerror or error})") from None
    if len(data) > max_bytes:  # grew while we looked
        raise InputError(f"larger than the {_size(max_bytes)} limit")
    if not data:
        raise InputError("empty file")
    text = _decode(data)
    if _control_share(text) > 0.01:
        raise InputError(_BINARY)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty file (only white space)")
    return text


def content_hash(text):
    """sha256 of the text with spelling, Unicode form and trailing white space unified.

    The same article stored twice (UTF-8 or UTF-16, composed or decomposed, CRLF or LF)
    gets the same hash.
    """
    text = normalize(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    lines = [line.rstrip() for line in text.strip().split("\n")]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _decode(data):
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("not valid UTF-8 text (it starts with a UTF-8 BOM)") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")  # the codec reads and drops the BOM
        except UnicodeDecodeError:
            raise InputError("not valid UTF-16 text (it starts with a UTF-16 BOM)") from None
    if b"\x00" in data or _control_share(data) > 0.01:  # a PNG, ZIP, PDF...
        if _looks_like_utf16(data):
            raise InputError(_REFUSED_ENCODING)  # UTF-16 without a BOM: byte order unknown
        raise InputError(_BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _as_vietnamese_cp1258(data)
    if text is None:
        raise InputError(_REFUSED_ENCODING)
    return text


def _as_vietnamese_cp1258(data):
    """The text if data reads as Vietnamese in Windows-1258 (NFC), else None."""
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:  # bytes the code page leaves undefined
        return None
    words = text.split()
    visible = sum(len(word) for word in words)
    # Anything that is neither ASCII, a letter Vietnamese writes, nor common typography is
    # what another encoding read as Windows-1258 looks like (Shift-JIS, UTF-8 mojibake).
    foreign = sum(
        1
        for word in words
        for ch in word
        if ord(ch) > 0x7E and ch not in _VIETNAMESE_LETTERS and ch not in _TEXT_SYMBOLS
    )
    if not words or foreign > visible * 0.01:
        return None
    # A combining mark must follow a letter; after anything else it is garbage.
    if any(ch in _TONE_MARKS and not (i and text[i - 1].isalpha()) for i, ch in enumerate(text)):
        return None
    vietnamese = sum(1 for word in words if any(ch in _VIETNAMESE_ONLY for ch in word))
    # Running Vietnamese text has one of these in well over a third of its words; French or
    # German read as Windows-1258 has none.
    if vietnamese < len(words) * 0.15:
        return None
    return unicodedata.normalize("NFC", text)


def _looks_like_utf16(data):
    """Text in UTF-16 without a BOM: Latin and Vietnamese letters, no controls."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        latin = sum(1 for ch in text if ord(ch) < 0x2000)  # Vietnamese ends at U+1EF9
        if latin >= len(text) * 0.95 and _control_share(text) <= 0.01:
            return True
    return False


def _control_share(chars):
    """Share of control characters in bytes or text (codes are ints or str)."""
    if not chars:
        return 0.0
    sample = chars[:65536]
    if isinstance(sample, bytes):
        return sum(1 for code in sample if code in _C0_CONTROLS) / len(sample)
    return sum(1 for ch in sample if ord(ch) in _CONTROLS) / len(sample)


def _size(n):
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
