"""Bytes to text: BOMs, UTF-8, detected legacy encodings, and a firm no for binary data.

Articles arrive in whatever encoding their source used. UTF-8 is tried first because it is
nearly always right and a strict UTF-8 decode almost never succeeds on anything else; otherwise
charset-normalizer guesses. Binary junk is refused with a reason instead of being passed on as
mojibake. Nothing here raises anything but `BadInput`.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib

from kb.ingest.readers.items import BadInput

GZIP_MAGIC = b"\x1f\x8b"

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Share of characters that may be control characters or U+FFFD before text counts as binary.
MAX_UNPRINTABLE_RATIO = 0.02
# A few replacement characters in otherwise valid UTF-8 are stray bytes, not another encoding.
MAX_STRAY_BYTE_RATIO = 0.001

# High bytes in a Latin text written in a legacy code page: accents, a few per word at most.
MAX_ACCENT_RATIO = 0.3
_ASCII_BYTES = bytes(range(128))

# Control characters other than whitespace, DEL and C1 controls, and the replacement character.
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def is_gzip(head: bytes) -> bool:
    return head.startswith(GZIP_MAGIC)


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress gzip data, refusing anything that inflates past `limit` bytes (gzip bombs)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise BadInput(f"corrupt gzip data ({exc})") from None
    if len(out) > limit:
        raise BadInput(f"gzip data inflates past {limit // 1_000_000} MB")
    return out


def decode_bytes(data: bytes, partial: bool = False) -> str:
    """Decode article bytes to text, or raise `BadInput` saying why they are not text.

    `partial=True` is for a head cut from a longer stream: a multi-byte character split at the
    end is not an error then.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if partial and encoding.startswith("utf-16"):
                body = body[: len(body) // 2 * 2]
            elif partial and encoding.startswith("utf-32"):
                body = body[: len(body) // 4 * 4]
            text = body.decode(encoding, errors="replace")
            _require_printable(text)
            return text

    utf16 = _bare_utf16(data)
    if utf16:
        text = data[: len(data) // 2 * 2].decode(utf16, errors="replace")
        _require_printable(text)
        return text
    if b"\x00" in data:
        raise BadInput("binary data, not text (contains NUL bytes)")

    text = _decode_utf8(data, partial)
    if text is None:
        text = _decode_detected(data)
    _require_printable(text)
    return text


def _decode_utf8(data: bytes, partial: bool) -> str | None:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        return decoder.decode(data, final=not partial)
    except UnicodeDecodeError:
        pass
    # Mostly valid UTF-8 with the odd broken byte: keep UTF-8, replace the strays.
    lenient = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(data, final=True)
    strays = lenient.count("\ufffd")
    non_ascii = len(lenient) - len(lenient.encode("ascii", "ignore")) - strays
    if non_ascii and strays <= max(1, int(len(lenient) * MAX_STRAY_BYTE_RATIO)):
        return lenient
    return None


def _decode_detected(data: bytes) -> str:
    from charset_normalizer import from_bytes

    if _mostly_ascii(data):
        # Some high bytes in ASCII text are accents in a Western code page; a statistical
        # guess on so little evidence picks Central European or Arabic code pages as often.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    for match in from_bytes(data):
        # Without NUL bytes a UTF-16/32 guess is charset-normalizer misreading short Latin text.
        if match.encoding.startswith(("utf_16", "utf_32")):
            continue
        return data.decode(match.encoding, errors="replace")
    # Nothing convincing: Windows-1252 maps almost every byte, and the printable check decides.
    return data.decode("cp1252", errors="replace")


def _mostly_ascii(data: bytes) -> bool:
    # Arabic-script or Cyrillic text in a single-byte code page is mostly high bytes.
    sample = data[:65536]
    high = len(sample.translate(None, _ASCII_BYTES))
    return high <= MAX_ACCENT_RATIO * len(sample)


def _bare_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' for BOM-less UTF-16 of mostly Latin text (every other byte NUL)."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    odd_nuls = sample[1 : pairs * 2 : 2].count(0)
    even_nuls = sample[0 : pairs * 2 : 2].count(0)
    if odd_nuls >= 0.9 * pairs and even_nuls <= 0.1 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.9 * pairs and odd_nuls <= 0.1 * pairs:
        return "utf-16-be"
    return None


def _require_printable(text: str) -> None:
    if not text:
        return
    bad = sum(1 for _ in _UNPRINTABLE.finditer(text))
    if bad > len(text) * MAX_UNPRINTABLE_RATIO:
        share = 100 * bad / len(text)
        raise BadInput(f"binary data, not text ({share:.0f}% unprintable characters)")
