from __future__ import annotations

import codecs
import gzip
import os

import pytest

from kb.ingest.readers.decode import decode_bytes, gunzip, is_gzip
from kb.ingest.readers.items import BadInput

SENTENCE = "Pakistan and Japan held defence talks in Tokyo on Tuesday."


def test_utf8_is_read_as_is():
    text = "وزیر خارجہ — Foreign Minister café"
    assert decode_bytes(text.encode("utf-8")) == text


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_byte_order_mark_selects_encoding_and_is_dropped(bom, encoding):
    assert decode_bytes(bom + SENTENCE.encode(encoding)) == SENTENCE


def test_utf16_without_bom_is_recognised_by_its_zero_bytes():
    assert decode_bytes(SENTENCE.encode("utf-16-le")) == SENTENCE


def test_latin1_text_is_detected_not_rejected():
    text = "Le ministre a déclaré à Genève que la coopération économique était renforcée."
    assert decode_bytes(text.encode("latin-1")) == text


def test_short_latin1_word_is_not_misread_as_utf16():
    assert decode_bytes("café".encode("latin-1")) == "café"


def test_stray_byte_in_utf8_is_replaced_not_fatal():
    data = ("اسلام آباد " * 50).encode("utf-8") + b"\xff" + b" ends"
    text = decode_bytes(data)
    assert text.startswith("اسلام آباد") and text.endswith("ends")
    assert text.count("\ufffd") == 1


def test_random_binary_is_rejected_with_a_reason():
    with pytest.raises(BadInput, match="binary data"):
        decode_bytes(os.urandom(4096) + b"\x00")


def test_control_characters_without_nul_are_rejected():
    with pytest.raises(BadInput, match="unprintable"):
        decode_bytes(bytes(range(1, 32)) * 40)


def test_head_cut_inside_a_multibyte_character_decodes_when_partial():
    data = "پاکستان".encode()[:-1]
    assert decode_bytes(data, partial=True) == "پاکستا"


def test_gzip_is_recognised_and_inflated():
    packed = gzip.compress(SENTENCE.encode())
    assert is_gzip(packed)
    assert gunzip(packed, limit=1000) == SENTENCE.encode()


def test_gzip_bomb_is_stopped_at_the_limit():
    with pytest.raises(BadInput, match="inflates past"):
        gunzip(gzip.compress(b"a" * 5_000_000), limit=1_000_000)


def test_truncated_gzip_is_reported_as_corrupt():
    with pytest.raises(BadInput, match="corrupt gzip"):
        gunzip(gzip.compress(SENTENCE.encode() * 20)[:30], limit=1000)
