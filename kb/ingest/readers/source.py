"""An opened input: a file or stdin, gunzipped if it is gzip, with its first bytes in hand.

The first bytes decide the format (see detect.py) without consuming the stream, so JSON Lines
can still be read line by line afterwards and a 1 GB file is never held in memory whole.
"""

from __future__ import annotations

import codecs
import gzip
import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from kb.ingest.readers.decode import is_gzip
from kb.ingest.readers.items import BadInput

HEAD_BYTES = 64 * 1024
# Whole-document formats (JSON, HTML, feeds, text) are read into memory up to this size,
# after decompression: enough for any article or feed, and a stop for gzip bombs.
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024
# One JSON Lines line is one article; a longer line is refused rather than buffered.
MAX_LINE_BYTES = 32 * 1024 * 1024

_STREAM_ERRORS = (OSError, EOFError, zlib.error)


class Source:
    """A readable input; `head` is its first HEAD_BYTES (decompressed), still unconsumed."""

    def __init__(self, name: str, raw: BinaryIO, owned: bool = True) -> None:
        self.name = name
        self._raw = raw
        self._owned = owned
        magic = _read_up_to(raw, 2)
        stream: BinaryIO = _prefixed(magic, raw)
        self.compressed = is_gzip(magic)
        if self.compressed:
            stream = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
        try:
            self.head = _read_up_to(stream, HEAD_BYTES)
        except _STREAM_ERRORS as exc:
            raise BadInput(f"corrupt gzip data ({exc})") from None
        self._rest = _prefixed(self.head, stream)

    def close(self) -> None:
        if self._owned:
            self._raw.close()

    @property
    def at_end(self) -> bool:
        return len(self.head) < HEAD_BYTES

    def read_all(self, limit: int | None = None) -> bytes:
        """The whole input, or `BadInput` when it is larger than `limit` bytes."""
        limit = MAX_DOCUMENT_BYTES if limit is None else limit
        try:
            data = _read_up_to(self._rest, limit + 1)
        except _STREAM_ERRORS as exc:
            raise BadInput(f"corrupt gzip data ({exc})") from None
        if len(data) > limit:
            what = "decompresses to" if self.compressed else "is"
            raise BadInput(
                f"file {what} more than {limit // (1024 * 1024)} MB; "
                "split it or use JSON Lines, which is streamed"
            )
        return data

    def lines(self, limit: int | None = None) -> Iterator[bytes | str | None]:
        """Lines one at a time: bytes, or str for UTF-16/32 input; None for an overlong line."""
        limit = MAX_LINE_BYTES if limit is None else limit
        encoding = _wide_encoding(self.head)
        if encoding:
            yield from codecs.getreader(encoding)(self._rest, errors="replace")
            return
        try:
            while line := self._rest.readline(limit + 1):
                if len(line) > limit and not line.endswith(b"\n"):
                    yield None
                    while (more := self._rest.readline(limit)) and not more.endswith(b"\n"):
                        pass
                    continue
                yield line
        except _STREAM_ERRORS as exc:
            raise BadInput(f"corrupt gzip data ({exc})") from None


def open_path(path: str) -> Source:
    """Open a file for reading; `BadInput` with the OS's reason when it cannot be opened."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the caller through close()
    except OSError as exc:
        raise BadInput(exc.strerror or str(exc)) from None
    try:
        return Source(path, raw)
    except BaseException:
        raw.close()
        raise


def _wide_encoding(head: bytes) -> str | None:
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return encoding
    return None


def _read_up_to(stream: BinaryIO, size: int) -> bytes:
    # In chunks: a pipe may return short reads, and read(size) would allocate `size` up front.
    chunks = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(min(remaining, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _prefixed(prefix: bytes, stream: BinaryIO) -> BinaryIO:
    return io.BufferedReader(_Prefixed(prefix, stream), buffer_size=256 * 1024)  # type: ignore[return-value]


class _Prefixed(io.RawIOBase):
    """`prefix` followed by the rest of `stream`: bytes already read, put back in front."""

    def __init__(self, prefix: bytes, stream: BinaryIO) -> None:
        self._prefix = memoryview(prefix)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            count = min(len(buffer), len(self._prefix))
            buffer[:count] = self._prefix[:count]
            self._prefix = self._prefix[count:]
            return count
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
