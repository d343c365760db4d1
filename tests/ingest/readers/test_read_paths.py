from __future__ import annotations

import gzip
import io
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.article import Article
from kb.errors import UsageError
from kb.ingest.readers import ReadError, read_paths

GOOD_JSONL_LINE = (
    '{"title":"Ok","text":"The defence minister met the army chief in Rawalpindi on Monday.",'
    '"published":"2023-05-08"}\n'
)
GOOD_TEXT = (
    "Title: Japan and Pakistan hold talks\nPublished: 2022-03-02\n\n"
    "Pakistan and Japan held defence talks in Tokyo on Tuesday.\n"
)


def split(items):
    articles = [item for item in items if isinstance(item, Article)]
    errors = {item.item: item.reason for item in items if isinstance(item, ReadError)}
    return articles, errors


@pytest.fixture
def bad_input_folder(tmp_path: Path) -> Path:
    """The bad-input acceptance check's folder, plus the other bad cases of the issue."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "junk.txt").write_bytes(os.urandom(4096) + b"\x00")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.json").write_text('{"title": "x", "text": ')
    (folder / "mixed.jsonl").write_text(GOOD_JSONL_LINE + "{oops\n")
    (folder / "good.txt").write_text(GOOD_TEXT)
    (folder / "utf16.txt").write_bytes(
        b"\xff\xfe" + GOOD_TEXT.replace("Japan", "Nepal").encode("utf-16-le")
    )
    latin = (
        "Title: Réunion à Genève\n\n"
        "Les ministres se sont réunis à Genève pour parler de coopération.\n"
    )
    (folder / "latin1.txt").write_bytes(latin.encode("latin-1"))
    (folder / "menu.html").write_text(
        "<!doctype html><html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
        "</body></html>"
    )
    (folder / "broken.rss").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>B')
    return folder


def test_bad_input_is_named_and_good_items_still_come_through(bad_input_folder: Path):
    articles, errors = split(list(read_paths([bad_input_folder])))
    folder = str(bad_input_folder)
    assert errors == {
        f"{folder}/broken.json": errors[f"{folder}/broken.json"],
        f"{folder}/broken.rss": errors[f"{folder}/broken.rss"],
        f"{folder}/empty.txt": "empty file",
        f"{folder}/junk.txt": errors[f"{folder}/junk.txt"],
        f"{folder}/menu.html": "no article text found",
        f"{folder}/mixed.jsonl:2": errors[f"{folder}/mixed.jsonl:2"],
    }
    assert errors[f"{folder}/broken.json"].startswith("malformed JSON")
    assert errors[f"{folder}/broken.rss"].startswith("malformed feed")
    assert errors[f"{folder}/junk.txt"].startswith("binary data")
    assert errors[f"{folder}/mixed.jsonl:2"].startswith("malformed JSON")
    titles = {article.title for article in articles}
    assert titles == {
        "Ok",
        "Japan and Pakistan hold talks",
        "Nepal and Pakistan hold talks",
        "Réunion à Genève",
    }
    for article in articles:
        assert article.source_ref and article.source_ref.startswith(folder)


def test_every_format_in_a_folder_in_sorted_order(fixtures: Path):
    items = list(read_paths([fixtures]))
    refs = [item.source_ref if isinstance(item, Article) else item.item for item in items]
    # Strip the item part (":LINE", "#entry-N", "#item-N") to get the file each came from.
    files = [re.sub(r"(:\d+|#(entry|item)-\d+)$", "", ref) for ref in refs]
    assert files == sorted(files)
    assert {Path(file).name for file in files} == {path.name for path in fixtures.iterdir()}
    articles, errors = split(items)
    assert len(articles) == 13
    assert f"{fixtures}/no-article.html" in errors and f"{fixtures}/malformed.rss" in errors


def test_folders_recurse_and_skip_hidden_and_non_article_files(tmp_path: Path):
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text("First story\n\nThe envoys met in Doha.\n")
    (tmp_path / "b" / "deeper" / "c.txt").write_text("Third story\n\nThe ministers met in Rome.\n")
    (tmp_path / "b" / "b.txt").write_text("Second story\n\nThe delegates met in Oslo.\n")
    (tmp_path / ".hidden.txt").write_text("Hidden\n\nNot read.\n")
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    items = list(read_paths([tmp_path]))
    assert [item.title for item in items] == ["First story", "Second story", "Third story"]


def test_folders_skip_their_own_documentation(tmp_path: Path):
    (tmp_path / "story.txt").write_text("A story\n\nThe envoys met in Doha.\n")
    (tmp_path / "README.md").write_text("# Examples\n\n| file | event |\n")
    (tmp_path / "LICENSE").write_text("Permission is hereby granted.\n")
    (tmp_path / "notes.rst").write_text("Notes\n=====\n")
    assert [item.title for item in read_paths([tmp_path])] == ["A story"]


def test_a_non_article_file_named_explicitly_is_still_read(tmp_path: Path):
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + os.urandom(64))
    [error] = read_paths([path])
    assert error.item == str(path) and error.reason.startswith("binary data")


def test_missing_path_is_an_error_not_an_exception(tmp_path: Path):
    [error] = read_paths([tmp_path / "nope.json"])
    assert error == ReadError(str(tmp_path / "nope.json"), "No such file or directory")


def test_auto_detects_json_in_a_txt_file_and_feeds_by_content(tmp_path: Path, fixtures: Path):
    (tmp_path / "article.txt").write_text('{"title": "Talks", "text": "The envoys met."}')
    feed = (fixtures / "atom.xml").read_bytes()
    for name in ("feed.xml", "feed.rss", "feed"):
        (tmp_path / name).write_bytes(feed)
    items = list(read_paths([tmp_path]))
    assert {item.source_ref for item in items} == {
        f"{tmp_path}/article.txt",
        f"{tmp_path}/feed#entry-1",
        f"{tmp_path}/feed.rss#entry-1",
        f"{tmp_path}/feed.xml#entry-1",
    }


def test_explicit_format_overrides_detection(tmp_path: Path):
    path = tmp_path / "a.json"
    path.write_text('{"title": "Talks", "text": "The envoys met."}')
    [article] = read_paths([path], format="text")
    assert article.title.startswith("{")


def test_unknown_format_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown format"):
        read_paths(["x"], format="pdf")


def test_gzip_is_read_transparently_and_streams_jsonl(tmp_path: Path):
    path = tmp_path / "x.jsonl.gz"
    path.write_bytes(gzip.compress((GOOD_JSONL_LINE * 3 + "{bad\n").encode()))
    articles, errors = split(list(read_paths([path])))
    assert len(articles) == 3 and errors == {f"{path}:4": errors[f"{path}:4"]}
    text = tmp_path / "story"
    text.write_bytes(gzip.compress(GOOD_TEXT.encode()))
    [article] = read_paths([text])
    assert article.title == "Japan and Pakistan hold talks"


def test_corrupt_gzip_is_named(tmp_path: Path):
    path = tmp_path / "bad.json.gz"
    path.write_bytes(gzip.compress(b'{"title": "x", "text": "y"}' * 1000)[:40])
    [error] = read_paths([path])
    assert error.item == str(path) and "gzip" in error.reason


def test_empty_gzip_is_an_empty_file(tmp_path: Path):
    path = tmp_path / "e.txt.gz"
    path.write_bytes(gzip.compress(b""))
    assert list(read_paths([path])) == [ReadError(str(path), "empty file")]


def test_whitespace_only_file_is_empty(tmp_path: Path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b"\xef\xbb\xbf \n\n\t\n")
    assert list(read_paths([path])) == [ReadError(str(path), "empty file")]


def test_published_and_outlet_fill_in_only_when_missing(tmp_path: Path):
    (tmp_path / "a.jsonl").write_text(
        '{"title": "a", "text": "One.", "published": "2020-01-01", "outlet": "Own"}\n'
        '{"title": "b", "text": "Two."}\n'
    )
    first, second = read_paths([tmp_path], published=date(2021, 5, 5), outlet="Given")
    assert (first.published, first.outlet) == (date(2020, 1, 1), "Own")
    assert (second.published, second.outlet) == (date(2021, 5, 5), "Given")


def test_stdin_is_read_for_dash(monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(GOOD_JSONL_LINE.encode() * 2))
    monkeypatch.setattr(sys, "stdin", stdin)
    items = list(read_paths(["-"]))
    assert [item.source_ref for item in items] == ["<stdin>:1", "<stdin>:2"]


def test_stdin_from_a_real_pipe_with_gzip():
    code = "from kb.ingest.readers import read_paths; print([i.title for i in read_paths(['-'])])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=gzip.compress(GOOD_TEXT.encode()),
        capture_output=True,
        check=True,
    )
    assert result.stdout.decode().strip() == "['Japan and Pakistan hold talks']"


def test_large_jsonl_is_streamed_not_loaded(tmp_path: Path):
    path = tmp_path / "big.jsonl"
    with path.open("w") as out:
        for number in range(20_000):
            out.write(f'{{"title": "Story {number}", "text": "The envoys met again."}}\n')
    items = read_paths([path])
    first = next(items)
    assert first.title == "Story 0"
    assert sum(1 for _ in items) == 19_999


def test_overlong_jsonl_line_is_skipped_and_reading_goes_on(tmp_path: Path, monkeypatch):
    from kb.ingest.readers import source

    monkeypatch.setattr(source, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "long.jsonl"
    path.write_text('{"title": "a", "text": "' + "x" * 5000 + '"}\n' + GOOD_JSONL_LINE)
    items = list(read_paths([path]))
    assert items[0] == ReadError(f"{path}:1", "line too long to be one article")
    assert items[1].title == "Ok" and items[1].source_ref == f"{path}:2"


def test_document_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch):
    from kb.ingest.readers import source

    monkeypatch.setattr(source, "MAX_DOCUMENT_BYTES", 100_000)
    path = tmp_path / "huge.txt"
    path.write_text("Huge\n\n" + "The envoys met. " * 20_000)
    [error] = read_paths([path])
    assert "more than" in error.reason


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=3000),
    name=st.sampled_from(["x.txt", "x.json", "x.jsonl", "x.rss", "x.html", "x"]),
)
def test_random_bytes_never_raise(tmp_path: Path, data: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(data)
    for item in read_paths([path]):
        assert isinstance(item, Article | ReadError)
        if isinstance(item, ReadError):
            assert "internal error" not in item.reason


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    prefix=st.sampled_from([b"{", b"[", b"<rss>", b"<html>", b"\x1f\x8b", b"\xff\xfe", b""]),
    data=st.binary(max_size=2000),
)
def test_random_bytes_after_a_format_signature_never_raise(
    tmp_path: Path, prefix: bytes, data: bytes
):
    path = tmp_path / "sig"
    path.write_bytes(prefix + data)
    for item in read_paths([path]):
        if isinstance(item, ReadError):
            assert "internal error" not in item.reason
