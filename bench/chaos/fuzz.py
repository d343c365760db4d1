"""Hostile-input campaign: every reader and the extractor against broken and malicious input.

Each input is written to a file and read with `read_paths` in auto mode and in every explicit
format; every article that comes out goes through the extractor. The outcome must be articles or
clean `ReadError`s: an exception escaping, a ReadError saying "internal error" (a reader bug the
last-resort handler caught), an extractor exception, a run past the deadline, or memory growing
past the cap is a failure. Entity tricks must neither expand nor fetch: a local HTTP server counts
requests, and no secret from a local file may appear in any text. Finally, 50 MB files go through
`kb ingest` as a separate process, timed, with its peak RSS measured.

    python bench/chaos/fuzz.py --inputs 3000
    python bench/chaos/fuzz.py --quick
"""

from __future__ import annotations

import argparse
import http.server
import json
import random
import resource
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.chaos.harness import Figures

FORMATS = ("auto", "text", "json", "jsonl", "html", "rss")
DEADLINE_SECONDS = 20.0
RSS_CAP_MB = 1500.0
SECRET = "kb-chaos-secret-7f3a"  # written to a local file that entities try to pull in

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
SCRIPTS = "Пакистан 中国 パキスタン पाकिस्तान پاکستان Ελλάδα 대한민국 ישראל ประเทศไทย ქართველი"


class Deadline(BaseException):
    """Raised by SIGALRM; a BaseException so no reader's `except Exception` can swallow it."""


@dataclass
class Outcome:
    articles: int = 0
    errors: int = 0
    failure: str | None = None


# --- valid seed documents ----------------------------------------------------------------------


def seeds(rng: random.Random) -> dict[str, str]:
    """Well-formed documents of every format, written from generated articles."""
    from bench.corpus import article, to_json, to_text

    items = [article(rng.randrange(10_000), seed=11) for _ in range(3)]
    records = [to_json(a) for a in items]
    entries = "".join(
        f"<item><title>{a.title}</title><link>{a.url}</link><guid>g{i}</guid>"
        f"<pubDate>Mon, 06 May 2019 10:00:00 GMT</pubDate>"
        f"<description><![CDATA[<p>{a.text_en}</p>]]></description></item>"
        for i, a in enumerate(items)
    )
    atom = "".join(
        f"<entry><id>urn:{i}</id><title>{a.title}</title><updated>2019-05-06T10:00:00Z</updated>"
        f"<content type='html'>&lt;p&gt;{a.text_en}&lt;/p&gt;</content></entry>"
        for i, a in enumerate(items)
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in items[0].text_en.split("\n\n"))
    return {
        "text": to_text(items[0]),
        "json": json.dumps(records[0], ensure_ascii=False),
        "json-list": json.dumps({"articles": records}, ensure_ascii=False),
        "jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
        "rss": f'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>{entries}'
        "</channel></rss>",
        "atom": f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Desk'
        f"</title>{atom}</feed>",
        "html": f"<!doctype html><html><head><title>{items[0].title}</title>"
        '<meta property="article:published_time" content="2019-05-06">'
        f"</head><body><nav>Home | World</nav><article><h1>{items[0].title}</h1>{paragraphs}"
        "</article><footer>Contact us</footer></body></html>",
    }


# --- hostile inputs ----------------------------------------------------------------------------


def entity_attacks(secret_file: Path, fetch_url: str) -> dict[str, str]:
    """Billion laughs and external entities (file and http) in feeds and HTML."""
    lol = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    external = (
        f'<!ENTITY file SYSTEM "file://{secret_file}"><!ENTITY web SYSTEM "{fetch_url}">'
        f'<!ENTITY % remote SYSTEM "{fetch_url}dtd"> %remote;'
    )
    out = {}
    for name, dtd, use in (
        ("laughs", lol, "&lol9;"),
        ("external", external, "&file; &web;"),
    ):
        head = f'<?xml version="1.0"?><!DOCTYPE r [{dtd}]>'
        body = f"Pakistan and China held talks on trade {use} in Beijing on Monday."
        out[f"{name}-rss"] = (
            f'{head}<rss version="2.0"><channel><title>Desk {use}</title><item><title>Talks {use}'
            f"</title><description>{body}</description></item></channel></rss>"
        )
        out[f"{name}-atom"] = (
            f'{head}<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>1</id>'
            f"<title>Talks {use}</title><content>{body}</content></entry></feed>"
        )
        out[f"{name}-html"] = (
            f"<!DOCTYPE html [{dtd}]><html><head><title>Talks {use}</title></head><body>"
            f"<article><p>{body} The two sides agreed to meet again next year in Islamabad.</p>"
            "</article></body></html>"
        )
        out[f"{name}-json"] = json.dumps({"title": f"Talks {use}", "text": f"<p>{body}</p>"})
    out["xinclude-rss"] = (
        '<rss version="2.0" xmlns:xi="http://www.w3.org/2001/XInclude"><channel><title>t</title>'
        f'<item><title>x</title><description><xi:include href="file://{secret_file}" '
        'parse="text"/>Pakistan and China met.</description></item></channel></rss>'
    )
    return out


def fixed_cases(secret_file: Path, fetch_url: str, scale: float = 1.0) -> dict[str, bytes]:
    """Named hostile inputs: nesting, huge lines, invisible and mixed characters, entities.

    `scale` shrinks the huge ones (the tests run them at a tenth of the campaign's size).
    """
    deep = 100_000

    def n(count: int) -> int:
        return max(1, int(count * scale))

    talks = "Pakistan and China signed a defence pact in Islamabad on 5 May 2020."
    cases = {
        "nested-json-list": "[" * deep + "]" * deep,
        "nested-json-object": '{"a":' * deep + "1" + "}" * deep,
        "nested-jsonl-line": f'{{"text": "{talks}"}}\n' + "[" * deep + "]" * deep + "\n",
        "nested-html": "<html><body>" + "<div>" * deep + talks + "</div>" * deep + "</body></html>",
        "nested-rss-content": '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        "<description>" + "&lt;b&gt;" * n(deep) + talks + "</description></item></channel></rss>",
        "nested-rss-xml": '<rss version="2.0"><channel><title>t</title>'
        + "<x>" * n(20_000)
        + "</x>" * n(20_000)
        + f"<item><title>x</title><description>{talks}</description></item></channel></rss>",
        "huge-line-text": "Title\n\n" + (talks + " ") * n(25_000),
        "huge-word-text": "Title\n\n" + "a" * n(3_000_000),
        "huge-title-line": "Pakistan " * n(500_000),
        "huge-json-string": json.dumps({"title": "t", "text": "x" * n(3_000_000)}),
        "zero-width": "Talks\n\n"
        + "".join(c + ZERO_WIDTH[i % 5] for i, c in enumerate(talks * 20)),
        "bidi-controls": "Talks\n\n" + "".join(c + BIDI[i % 12] for i, c in enumerate(talks * 20)),
        "mixed-scripts": f"{SCRIPTS}\n\n" + " ".join(f"{talks} {SCRIPTS}" for _ in range(30)),
        "combining-marks": "Talks\n\n" + "".join(c + "\u0301\u0308\u0336" * 5 for c in talks * 5),
        "urdu-only": "پاکستان اور چین\n\n"
        + "پاکستان اور چین نے اسلام آباد میں دفاعی معاہدے پر دستخط کیے۔ " * 50,
        "lone-surrogates-json": '{"title": "Pact \\ud800", "text": "Pakistan \\udfff and China '
        'signed a pact on 5 May 2020.", "\\udc00": 1}',
        "lone-surrogates-jsonl": '{"text": "Pakistan \\ud800 met China on 5 May 2020."}\n',
        "char-refs-surrogates-rss": '<rss version="2.0"><channel><title>t&#xD800;</title><item>'
        "<title>x&#xDFFF;</title><description>Pakistan &#55296; and China held talks.</description>"
        "</item></channel></rss>",
        "nul-bytes": f"Talks\x00\n\n{talks}\x00" * 10,
        "only-whitespace": " \n\t\r\n" * 1000,
        "bom-only": "\ufeff",
        "crlf-and-cr": ("Talks\r\r" + talks + "\r") * 100,
        "json-wrong-types": json.dumps(
            [1, None, "x", [], {"text": 5}, {"text": {"rendered": ["a", {"x": 1}]}}, {"text": True}]
        ),
        "json-huge-number": '{"title": "t", "text": "Talks", "published": ' + "9" * 5000 + "}",
        "json-dates-absurd": json.dumps(
            {"text": talks, "published": "99999-99-99T99:99:99+99:99", "date": -(10**30)}
        ),
        "feed-absurd-dates": '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        "<pubDate>Mon, 99 Foo 99999 99:99:99 +9999</pubDate>"
        f"<description>{talks}</description></item></channel></rss>",
        "html-script-only": "<html><body><script>"
        + "var a=1;" * 100_000
        + "</script></body></html>",
        "html-unclosed": "<html><body><article><p>" + talks * 30 + "<p><div><span" * 1000,
        "extract-many-countries": "Talks\n\n"
        + " and ".join(["Pakistan", "China", "India", "Japan", "Iran", "Turkey"] * n(2000))
        + " signed a pact on 5 May 2020.",
        "extract-many-dates": "Talks\n\n"
        + "Pakistan and China met on "
        + ", ".join(f"{d} May 20{d:02d}" for d in range(1, 29)) * 200
        + ".",
        "extract-no-sentence-end": "Talks\n\n" + "Pakistan China talks " * n(100_000),
        "extract-titles-chain": "Talks\n\n"
        + "Prime Minister Foreign Minister Army Chief General Admiral " * n(20_000),
        "extract-quotes-brackets": "Talks\n\n" + ('"(' * 50_000) + talks + (')"' * 50_000),
        "gzip-bomb-header": "\x1f\x8b" + "x" * 100,
    }
    out = {name: value.encode("utf-8", "surrogatepass") for name, value in cases.items()}
    out |= {k: v.encode() for k, v in entity_attacks(secret_file, fetch_url).items()}
    out["utf16-text"] = ("\ufeffTalks\n\n" + talks).encode("utf-16-le")
    out["latin1-text"] = ("Talks\n\nPakistán and Chína met. " * 20).encode("latin-1")
    return out


def mutations(
    seed_docs: dict[str, str], rng: random.Random, count: int
) -> Iterator[tuple[str, bytes]]:
    """Truncations, byte flips, splices of hostile characters and random bytes, `count` of them."""
    names = sorted(seed_docs)
    for number in range(count):
        kind = number % 5
        name = rng.choice(names)
        data = bytearray(seed_docs[name].encode("utf-8"))
        if kind == 0:  # truncated anywhere
            data = data[: rng.randrange(len(data))]
            label = f"truncated-{name}"
        elif kind == 1:  # flipped bytes
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            label = f"flipped-{name}"
        elif kind == 2:  # hostile characters spliced in
            extra = "".join(
                rng.choice(ZERO_WIDTH + BIDI + SCRIPTS + "<>&\"'{}[]\\;") for _ in range(50)
            )
            at = rng.randrange(len(data))
            data[at:at] = extra.encode("utf-8")
            label = f"spliced-{name}"
        elif kind == 3:  # a chunk repeated (deep or long structure)
            start = rng.randrange(len(data))
            chunk = data[start : start + rng.randint(1, 40)]
            data[start:start] = chunk * rng.randint(10, 2000)
            label = f"repeated-{name}"
        else:  # random bytes, sometimes behind a plausible start
            data = bytearray(rng.randbytes(rng.randint(0, 5000)))
            if rng.random() < 0.5:
                data[0:0] = rng.choice([b"{", b"[", b"<rss", b"<html>", b"<?xml ", b"\xef\xbb\xbf"])
            label = "random-bytes"
        yield f"{number:05d}-{label}", bytes(data)


# --- running one input -------------------------------------------------------------------------


def check_file(path: Path, format: str, deadline: float = DEADLINE_SECONDS) -> Outcome:
    """Read `path` as `format` and extract every article, under a deadline."""
    from kb.article import Article
    from kb.extract.pipeline import extract
    from kb.ingest.pipeline import MAX_ARTICLE_CHARS
    from kb.ingest.readers import read_paths

    outcome = Outcome()

    def expire(*_: object) -> None:
        raise Deadline

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, deadline)
    try:
        for item in read_paths([str(path)], format=format):
            if not isinstance(item, Article):
                outcome.errors += 1
                if "internal error" in item.reason:
                    outcome.failure = f"reader: {item.reason[:200]}"
                continue
            outcome.articles += 1
            item.content_hash  # noqa: B018 - must be computable for every article
            for text in (item.title, item.text_en, item.text_ur, item.url or ""):
                if SECRET in text:
                    outcome.failure = "an external entity's file content reached the article"
            size = len(item.title) + len(item.title_ur) + len(item.text_en) + len(item.text_ur)
            if size <= MAX_ARTICLE_CHARS and not item.is_empty():
                try:
                    extract(item)
                except Exception as exc:
                    outcome.failure = f"extractor: {type(exc).__name__}: {str(exc)[:200]}"
    except Deadline:
        outcome.failure = f"still running after {deadline:g} s"
    except BaseException as exc:
        outcome.failure = f"traceback: {type(exc).__name__}: {str(exc)[:200]}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return outcome


class FetchCounter:
    """A local HTTP server that counts requests: an entity that fetches shows up here."""

    def __init__(self) -> None:
        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(SECRET.encode())

            def log_message(self, *_: object) -> None:
                pass

        self.hits = hits
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- 50 MB files -------------------------------------------------------------------------------


def big_files(folder: Path, megabytes: int = 50) -> dict[str, Path]:
    """A 50 MB file of each shape. The bulk is what a reader must wade through — one huge text,
    fields and elements no article uses, a page of boilerplate — around a few hundred real
    articles, so the trial measures the reader's time and memory, not ingest throughput."""
    from bench.corpus import article, to_json

    size = megabytes * 1024 * 1024
    record = to_json(article(7, seed=12))
    pad = "x" * (size // 200)
    records = [
        json.dumps(
            {
                **record,
                "title": f"{i} {record['title']}",
                "url": f"{record['url']}/{i}",
                "raw_html": pad,
            }
        )
        for i in range(200)
    ]
    entry_pad = "<junk>" + "y" * (size // 400) + "</junk>"
    files = {
        "text": "Title\n\n" + "Pakistan and China held talks in Beijing. " * (size // 43),
        "json": '{"articles": [' + ",".join(records) + "]}",
        "jsonl": "\n".join(records) + "\n",
        "html": "<html><body><nav>"
        + "<a href='/x'>link</a>" * (size // 22)
        + "</nav><article><p>Pakistan and China held talks in Beijing on Monday about trade "
        "and the two sides agreed to meet again.</p></article></body></html>",
        "rss": '<rss version="2.0"><channel><title>t</title>'
        + "".join(
            f"<item><guid>{i}</guid><title>Talks {i}</title>{entry_pad}<description>Pakistan and "
            f"China met in Beijing on {i % 28 + 1} May 2020.</description></item>"
            for i in range(400)
        )
        + "</channel></rss>",
    }
    out = {}
    for name, text in files.items():
        path = folder / f"big-{name}.{'txt' if name == 'text' else name}"
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


def big_file_trials(folder: Path, figures: Figures, timeout: float = 900) -> None:
    """`kb ingest` each 50 MB file in its own process: clean outcome, time and peak RSS."""
    import os
    import signal
    import subprocess

    from bench.chaos.harness import kb_executable

    for name, path in big_files(folder).items():
        url = f"sqlite:///{folder / f'big-{name}.sqlite'}"
        started = time.monotonic()
        command = [
            "/usr/bin/time",
            "-f",
            "%M",
            *kb_executable(),
            "--db",
            url,
            "ingest",
            str(path),
            "-q",
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            figures.fail(f"50 MB {name}: still running after {timeout:g} s")
            continue
        seconds = time.monotonic() - started
        peak = int(stderr.strip().splitlines()[-1]) / 1024
        figures.trials += 1
        figures.inputs += 1
        said = (stdout.strip() or stderr.strip().splitlines()[0])[:140]
        figures.notes.append(
            f"50 MB {name}: exit {process.returncode}, {seconds:.1f} s, peak RSS {peak:.0f} MB: "
            f"{said}"
        )
        if "Traceback" in stderr or process.returncode not in (0, 1):
            figures.fail(f"50 MB {name}: exit {process.returncode}: {stderr[-300:]}")
        if peak > RSS_CAP_MB:
            figures.fail(f"50 MB {name}: peak RSS {peak:.0f} MB over {RSS_CAP_MB:.0f} MB")


# --- the campaign ------------------------------------------------------------------------------


def run(count: int, seed: int, big: bool) -> Figures:
    figures = Figures("hostile-input")
    rng = random.Random(seed)
    server = FetchCounter()
    with tempfile.TemporaryDirectory(prefix="kb-fuzz-") as scratch:
        folder = Path(scratch)
        secret = folder / "secret.txt"
        secret.write_text(SECRET)
        inputs = list(fixed_cases(secret, server.url).items())
        inputs += list(mutations(seeds(rng), rng, count))
        slowest = (0.0, "")
        for name, data in inputs:
            path = folder / f"input-{name[:60]}"
            path.write_bytes(data)
            for format in FORMATS:
                started = time.monotonic()
                outcome = check_file(path, format)
                took = time.monotonic() - started
                slowest = max(slowest, (took, f"{name} as {format}"))
                figures.trials += 1
                if outcome.failure:
                    figures.fail(f"{name} as {format}: {outcome.failure}")
            figures.inputs += 1
            path.unlink()
        if server.hits:
            figures.fail(f"entities fetched {len(server.hits)} URLs: {server.hits[:3]}")
        figures.notes.append(
            f"slowest input: {slowest[1]} in {slowest[0]:.1f} s; peak RSS {rss_mb():.0f} MB; "
            f"{len(server.hits)} entity fetches"
        )
        if big:
            big_file_trials(folder, figures)
    server.close()
    return figures.done()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=3000, help="random inputs (plus the fixed)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--no-big", action="store_true", help="skip the 50 MB files")
    parser.add_argument("--quick", action="store_true", help="300 random inputs, no 50 MB files")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.inputs, args.no_big = 300, True
    figures = run(args.inputs, args.seed, not args.no_big)
    print(json.dumps(figures.to_json()) if args.json else figures.line())
    return 1 if figures.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
