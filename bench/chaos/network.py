"""Network-fault campaign for `kb sync`: feeds that reset, hang, drip, lie, storm and redirect.

A raw-socket server plays one fault per feed path. Each round registers one feed source per fault
(plus healthy ones), syncs them all with a short fetch policy, and checks: every faulty source
fails alone with its reason recorded (its run and ingest_errors), a healthy source still syncs,
nothing from a faulty feed is half-ingested, no fetch outlives the policy's total deadline by
more than a second, and after the faults heal the next sync ingests every entry exactly once.

    python bench/chaos/network.py --rounds 5
    python bench/chaos/network.py --quick
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import struct
import sys
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import contextlib

from bench.chaos.harness import Figures

FAULTS = (
    "reset",
    "close",
    "hang",
    "drip-body",
    "drip-headers",
    "truncated",
    "storm-503",
    "redirect-file",
    "redirect-ftp",
    "redirect-loop",
    "endless-body",
    "huge-declared",
    "garbage",
    "not-a-feed",
)
DRIP_INTERVAL = 0.3


def feed(path: str, entries: int) -> bytes:
    """A well-formed RSS feed of `entries` items, unique to `path`."""
    items = "".join(
        f"<item><guid>{path}-{i}</guid><title>Talks {path} {i}</title>"
        f"<description>Pakistan and China held talks on trade ({path} report {i}) in "
        f"Beijing on {i % 28 + 1} May 2020.</description></item>"
        for i in range(entries)
    )
    channel = f"<channel><title>{path}</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


class FaultServer:
    """HTTP on a raw socket, so it can misbehave: `faults[path]` names what each path does."""

    def __init__(self, entries: int = 3) -> None:
        self.entries = entries
        self.faults: dict[str, str] = {}
        self.hits: dict[str, int] = {}
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.closed = False
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.closed = True
        self.sock.close()

    def _serve(self) -> None:
        while not self.closed:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        try:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                request += chunk
            path = request.split(b" ", 2)[1].decode()
            self.hits[path] = self.hits.get(path, 0) + 1
            self._reply(connection, path, self.faults.get(path, "ok"))
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                connection.close()

    def _reply(self, connection: socket.socket, path: str, fault: str) -> None:
        body = feed(path, self.entries)
        ok_head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        if fault == "ok":
            connection.sendall(ok_head + body)
        elif fault == "reset":
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif fault == "close":
            pass
        elif fault == "hang":
            time.sleep(30)
        elif fault == "drip-body":
            connection.sendall(ok_head)
            for byte in body:
                connection.sendall(bytes([byte]))
                time.sleep(DRIP_INTERVAL)
        elif fault == "drip-headers":
            for byte in ok_head + body:
                connection.sendall(bytes([byte]))
                time.sleep(DRIP_INTERVAL)
        elif fault == "truncated":
            connection.sendall(ok_head + body[: len(body) // 2])
        elif fault == "storm-503":
            connection.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy")
        elif fault.startswith("redirect"):
            target = {
                "redirect-file": "file:///etc/passwd",
                "redirect-ftp": "ftp://127.0.0.1/feed.xml",
                "redirect-loop": path,
            }[fault]
            connection.sendall(
                f"HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n".encode()
            )
        elif fault == "endless-body":
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n")
            connection.sendall(body[: len(body) - 20])
            chunk = b"<!-- padding -->" * 4096
            while True:
                connection.sendall(chunk)
        elif fault == "huge-declared":
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n" + body)
        elif fault == "garbage":
            connection.sendall(b"\x00\xffNOT HTTP AT ALL\r\n\r\n" * 10)
        elif fault == "not-a-feed":
            page = b"<html><body>Service page</body></html>"
            connection.sendall(
                f"HTTP/1.1 200 OK\r\nContent-Length: {len(page)}\r\n\r\n".encode() + page
            )


def fast_policy():  # type: ignore[no-untyped-def]
    from kb.sync.http import FetchPolicy

    return FetchPolicy(
        connect_timeout=1.0,
        read_timeout=1.0,
        total_timeout=2.0,
        max_bytes=256 * 1024,
        attempts=2,
        backoff=0.05,
        max_redirects=3,
    )


def sync_round(
    url: str, server: FaultServer, faults: list[str], figures: Figures, label: str
) -> None:
    """One source per fault plus two healthy ones; sync, check, heal, sync again, check."""
    from bench.chaos import invariants
    from bench.chaos.harness import scalar
    from kb.db.engine import open_database
    from kb.sync.sources import add_source
    from kb.sync.sync import sync_sources

    engine = open_database(url)
    policy = fast_policy()
    names = {}
    try:
        for index, fault in enumerate([*faults, "ok", "ok"]):
            path = f"/{label}-{index}-{fault}.xml"
            server.faults[path] = fault
            names[f"{label}-{index}"] = (path, fault)
            add_source(engine, f"{label}-{index}", server.url(path))
        started = time.monotonic()
        seconds: dict[str, float] = {}
        last = [started]

        def timed(result) -> None:  # type: ignore[no-untyped-def]
            now = time.monotonic()
            seconds[result.name], last[0] = now - last[0], now

        results = sync_sources(engine, policy=policy, on_result=timed)
        took = time.monotonic() - started
        by_name = {r.name: r for r in results}
        ceiling = policy.attempts * (policy.total_timeout + policy.read_timeout + 1.5)
        for name, (_, fault) in names.items():
            result = by_name[name]
            figures.inputs += 1
            reasons = [e.reason for e in result.errors]
            if fault == "ok":
                if not result.succeeded:
                    figures.fail(f"{label}: healthy {name} failed next to faulty ones: {reasons}")
                continue
            if result.succeeded:
                figures.fail(f"{label}: {fault} was not reported as a failure")
            elif not any(reasons):
                figures.fail(f"{label}: {fault} failed with no reason")
            if seconds[name] > ceiling:
                figures.fail(
                    f"{label}: {fault} took {seconds[name]:.1f} s (ceiling {ceiling:.1f} s)"
                )
        healthy = 2 * server.entries
        stored = scalar(url, "SELECT count(*) FROM articles")
        if stored != healthy:
            figures.fail(f"{label}: {stored} articles after the faulty sync, want {healthy}")
        failed_runs = scalar(url, "SELECT count(*) FROM ingest_runs WHERE status = 'failed'")
        if failed_runs != len(faults):
            figures.fail(f"{label}: {failed_runs} failed runs recorded for {len(faults)} faults")
        for path, _ in names.values():
            server.faults[path] = "ok"
        healed = sync_sources(engine, policy=policy)
        if not all(r.succeeded for r in healed):
            bad = [(r.name, [e.reason for e in r.errors]) for r in healed if not r.succeeded]
            figures.fail(f"{label}: after healing: {bad}")
        want = len(names) * server.entries
        stored = scalar(url, "SELECT count(*) FROM articles")
        if stored != want:
            figures.fail(f"{label}: {stored} articles after healing, want {want}")
        found = invariants.orphans(url)
        if found:
            figures.fail(f"{label}: orphans {found}")
        figures.trials += 1
        figures.notes.append(f"{label}: {len(faults)} faulty sources synced in {took:.1f} s")
    finally:
        engine.dispose()


def run(backend: str, rounds: int, seed: int) -> list[Figures]:
    from bench.databases import Databases

    rng = random.Random(seed)
    out = []
    server = FaultServer()
    with Databases() as databases:
        for name in ("sqlite", "postgresql") if backend == "both" else (backend,):
            figures = Figures("network", name)
            if name == "postgresql" and databases.postgres_down():
                figures.notes.append(f"skipped: {databases.postgres_down()}")
                out.append(figures.done())
                continue
            for number in range(rounds):
                faults = list(FAULTS) if number == 0 else rng.sample(FAULTS, rng.randint(3, 8))
                sync_round(
                    databases.new_migrated(name, "net"), server, faults, figures, f"r{number}"
                )
            out.append(figures.done())
    server.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="one round with every fault")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds = 1
    figures = run(args.backend, args.rounds, args.seed)
    for item in figures:
        print(json.dumps(item.to_json()) if args.json else item.line())
    return 1 if any(f.failures for f in figures) else 0


if __name__ == "__main__":
    raise SystemExit(main())
