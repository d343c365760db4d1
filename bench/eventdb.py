"""A generated knowledge base of N events, bulk-loaded straight into kb's real schema.

The query benchmark needs a million events; making them through the extractor would take hours,
so the rows are generated here (same country weights and official names as `corpus.py`) and
written with the driver's fastest path: one `executemany` transaction on SQLite, `COPY` on
PostgreSQL, with the secondary indexes dropped during the load and rebuilt after it. The schema
comes from kb's own migrations, so the indexes measured are the ones kb ships.

The SQLite file of a given (size, seed, schema revision) is cached under bench/results/.
"""

from __future__ import annotations

import hashlib
import io
import random
import shutil
import sqlite3
import time
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench import corpus
from bench.measure import RESULTS

BUILDER_VERSION = "1"
CHUNK_EVENTS = 20_000
ARTICLES_PER_EVENT = 0.25
FIRST_DAY = date(2000, 1, 1)
DAYS = (date(2024, 12, 31) - FIRST_DAY).days
# Dates are written as ISO text, which both drivers take as it is (and is far cheaper to make).
DAY_TEXT = tuple((FIRST_DAY + timedelta(days=n)).isoformat() for n in range(DAYS))

EVENT_TYPE_WEIGHTS = {
    "meeting": 25,
    "visit": 12,
    "talks": 12,
    "call": 10,
    "statement": 10,
    "cooperation_pledge": 6,
    "agreement_signed": 5,
    "praise": 5,
    "criticism": 5,
    "military_exercise": 3,
    "aid": 3,
    "sanction": 1,
    "protest": 1,
    "threat": 1,
    "other": 1,
}
CAMEO = {
    "meeting": "040",
    "visit": "042",
    "talks": "046",
    "call": "040",
    "statement": "010",
    "cooperation_pledge": "030",
    "agreement_signed": "057",
    "praise": "051",
    "criticism": "111",
    "military_exercise": "062",
    "aid": "070",
    "sanction": "163",
    "protest": "140",
    "threat": "130",
    "other": None,
}
TOPIC_WEIGHTS = {
    "diplomacy": 25,
    "defence": 15,
    "economy": 12,
    "trade": 12,
    "security": 12,
    "energy": 8,
    "health": 5,
    "education": 4,
    "culture": 4,
    "other": 3,
}
AGREEMENT_KINDS = ("mou", "agreement", "protocol", "treaty", "accord")

# Tables in load order; the columns the builder writes (the rest take their server defaults).
COLUMNS: dict[str, tuple[str, ...]] = {
    "officials": ("id", "name", "name_key", "country_id", "country_iso3"),
    "official_roles": (
        "id", "official_id", "title", "title_norm", "organisation", "country_id",
        "first_seen", "last_seen",
    ),
    "articles": (
        "id", "content_hash", "url", "outlet", "title", "published", "language", "text_en",
        "source_ref", "extractor_version",
    ),
    "agreements": (
        "id", "name", "name_norm", "kind", "topic", "date", "date_precision", "status",
        "fusion_key",
    ),
    "agreement_parties": ("agreement_id", "country_id"),
    "agreement_mentions": (
        "id", "agreement_id", "article_id", "sentence", "field", "start_char", "end_char",
        "extractor_version",
    ),
    "events": (
        "id", "type", "cameo_code", "date", "date_precision", "date_source", "topic",
        "location", "status", "summary", "fusion_key", "agreement_id",
    ),
    "event_participants": ("id", "event_id", "country_id", "official_id", "side"),
    "event_country_pairs": (
        "event_id", "country_a", "country_b", "topic", "status", "date", "date_precision",
    ),
    "event_mentions": (
        "id", "event_id", "article_id", "sentence", "field", "start_char", "end_char",
        "extractor_version",
    ),
}  # fmt: skip

Row = tuple[Any, ...]


@dataclass
class BuildStats:
    events: int
    rows: int
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)  # compared by identity: one object per country
class Place:
    """A country as the builder needs it: its row id and names."""

    id: int
    iso3: str
    name: str
    capital: str | None


class Generator:
    """Rows for `events` events; the same seed gives the same database."""

    def __init__(self, places: list[Place], events: int, seed: int) -> None:
        self.places = places
        self.events = events
        self.rng = random.Random(seed)
        self.seed = seed
        self.articles = max(1, int(events * ARTICLES_PER_EVENT))
        total, cumulative = 0.0, []
        for rank in range(len(places)):
            total += 1.0 / (rank + 2) ** 1.1
            cumulative.append(total)
        self.country_weights = cumulative
        self.types = list(EVENT_TYPE_WEIGHTS)
        self.type_weights = _cumulative(EVENT_TYPE_WEIGHTS.values())
        self.topics = list(TOPIC_WEIGHTS)
        self.topic_weights = _cumulative(TOPIC_WEIGHTS.values())
        self.random = self.rng.random
        self.official_ids: dict[tuple[int, str, int], int] = {}
        self.official_rows: list[Row] = []
        self.role_rows: list[Row] = []
        self._officials()

    def _officials(self) -> None:
        """Every holder of every post in every four-year term, 2000-2024, for every country."""
        by_key: dict[tuple[str, str], int] = {}
        for place in self.places:
            for role in corpus.ROLES:
                for term in range(FIRST_DAY.year // 4, 2025 // 4 + 1):
                    name = corpus.official_name(place.iso3, role.key, term)
                    key = (name.casefold(), place.iso3)
                    official_id = by_key.get(key)
                    if official_id is None:
                        official_id = len(self.official_rows) + 1
                        by_key[key] = official_id
                        self.official_rows.append((official_id, name, key[0], place.id, place.iso3))
                        self.role_rows.append(
                            (
                                official_id, official_id, role.title, role.title.casefold(),
                                None, place.id, f"{term * 4}-01-01", f"{term * 4 + 3}-12-31",
                            )
                        )  # fmt: skip
                    self.official_ids[(place.id, role.key, term)] = official_id

    def pick_places(self, k: int) -> list[Place]:
        chosen: list[Place] = []
        weights, total = self.country_weights, self.country_weights[-1]
        while len(chosen) < k:
            place = self.places[bisect(weights, self.random() * total)]
            if place not in chosen:
                chosen.append(place)
        return chosen

    def article_rows(self) -> Iterator[list[Row]]:
        chunk: list[Row] = []
        for i in range(1, self.articles + 1):
            published = DAY_TEXT[int(self.random() * DAYS)]
            digest = hashlib.sha256(f"eventdb:{self.seed}:{i}".encode()).hexdigest()
            chunk.append(
                (
                    i, digest, f"https://news.example/eventdb/{self.seed}/{i}",
                    corpus.OUTLETS[i % len(corpus.OUTLETS)], f"Generated report {i}", published,
                    "en", f"Generated report {i} on relations between states.",
                    f"eventdb:{i}", "bench",
                )
            )  # fmt: skip
            if len(chunk) >= 50_000:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def event_chunks(self) -> Iterator[dict[str, list[Row]]]:
        """Rows of events and everything hanging off them, CHUNK_EVENTS events at a time."""
        rng = self.rng
        random = self.random
        roles = corpus.ROLES
        n_roles = len(roles)
        types, type_weights = self.types, self.type_weights
        topics, topic_weights = self.topics, self.topic_weights
        type_total, topic_total = type_weights[-1], topic_weights[-1]
        participant_id = mention_id = agreement_id = 0
        for start in range(1, self.events + 1, CHUNK_EVENTS):
            rows: dict[str, list[Row]] = {name: [] for name in COLUMNS}
            for event_id in range(start, min(start + CHUNK_EVENTS, self.events + 1)):
                kind = types[bisect(type_weights, random() * type_total)]
                topic = topics[bisect(topic_weights, random() * topic_total)]
                places = self.pick_places(3 if random() < 0.15 else 2)
                day = DAY_TEXT[int(random() * DAYS)]
                precision_draw = random()
                when: str | None
                if precision_draw < 0.70:
                    when, precision = day, "day"
                elif precision_draw < 0.90:
                    when, precision = day[:8] + "01", "month"
                elif precision_draw < 0.98:
                    when, precision = day[:5] + "01-01", "year"
                else:
                    when, precision = None, None
                names = " and ".join(p.name for p in places)
                isos = "|".join(sorted(p.iso3 for p in places))
                linked = None
                if kind == "agreement_signed":
                    agreement_id += 1
                    linked = agreement_id
                    agreement_kind = rng.choice(AGREEMENT_KINDS)
                    subject = rng.choice(corpus.AGREEMENT_SUBJECTS.get(topic, ("Cooperation",)))
                    title = f"{agreement_kind.upper()} on {subject}"
                    rows["agreements"].append(
                        (
                            agreement_id, title, title.casefold(), agreement_kind, topic, when,
                            precision, "signed", f"{isos}|{title.casefold()}",
                        )
                    )  # fmt: skip
                    for place in places:
                        rows["agreement_parties"].append((agreement_id, place.id))
                    rows["agreement_mentions"].append(
                        (
                            agreement_id, agreement_id, rng.randint(1, self.articles),
                            f"{names} signed the {title}.", "text_en", 0, 40, "bench",
                        )
                    )  # fmt: skip
                location = places[int(random() * len(places))].capital
                status = "occurred" if random() < 0.96 else "planned"
                rows["events"].append(
                    (
                        event_id, kind, CAMEO[kind], when, precision,
                        "explicit" if when else None, topic, location, status,
                        f"{kind.replace('_', ' ')} between {names} on {topic}",
                        f"{kind}|{isos}", linked,
                    )
                )  # fmt: skip
                ids = sorted(p.id for p in places)
                for n, country_a in enumerate(ids):
                    for country_b in ids[n + 1 :]:
                        rows["event_country_pairs"].append(
                            (event_id, country_a, country_b, topic, status, when, precision)
                        )
                term = int((when or day)[:4]) // 4
                for n, place in enumerate(places):
                    participant_id += 1
                    official = None
                    if random() < 0.5:
                        role = roles[int(random() * n_roles)]
                        official = self.official_ids.get((place.id, role.key, term))
                    side = "party" if n > 1 else ("actor", "target")[n]
                    rows["event_participants"].append(
                        (participant_id, event_id, place.id, official, side)
                    )
                first_article = 1 + int(random() * self.articles)
                for m in range(1 if random() < 0.7 else 2):
                    mention_id += 1
                    offset = int(random() * 2000) + m * 2000
                    sentence = f"Officials of {names} held a {kind.replace('_', ' ')} on {topic}."
                    rows["event_mentions"].append(
                        (
                            mention_id, event_id,
                            first_article if m == 0 else 1 + int(random() * self.articles),
                            sentence, "text_en", offset, offset + len(sentence), "bench",
                        )
                    )  # fmt: skip
            yield rows


def _cumulative(weights: Any) -> list[float]:
    total, result = 0.0, []
    for weight in weights:
        total += weight
        result.append(total)
    return result


# --- loading -----------------------------------------------------------------------------------


def build(url: str, events: int, seed: int = 0) -> BuildStats:
    """Create kb's schema at `url` (a new, empty database) and fill it with `events` events."""
    from kb.db.engine import open_database

    started = time.perf_counter()
    engine = open_database(url)
    engine.dispose()
    if url.startswith("sqlite"):
        counts = _load_sqlite(Path(url.removeprefix("sqlite:///")), events, seed)
    else:
        counts = _load_postgres(url, events, seed)
    return BuildStats(events, sum(counts.values()), time.perf_counter() - started, counts)


def _places(rows: list[tuple[int, str]]) -> list[Place]:
    """The countries in the database, ordered by news weight like the corpus."""
    ids = dict((iso3, id_) for id_, iso3 in rows)
    places = []
    for names in corpus.country_names():
        if names.iso3 in ids:
            places.append(Place(ids[names.iso3], names.iso3, names.name, names.capital))
    return places


def _load_sqlite(path: Path, events: int, seed: int) -> dict[str, int]:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("PRAGMA synchronous=OFF")
        places = _places(connection.execute("SELECT id, iso3 FROM countries").fetchall())
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join('?' * len(COLUMNS))})",
            tuple(COLUMNS),
        ).fetchall()
        connection.execute("BEGIN")
        for name, _sql in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        counts = dict.fromkeys(COLUMNS, 0)

        def write(table: str, rows: list[Row]) -> None:
            if rows:
                columns = COLUMNS[table]
                connection.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})",
                    rows,
                )
                counts[table] += len(rows)

        for table, rows in _all_rows(places, events, seed):
            write(table, rows)
        for _name, sql in indexes:
            connection.execute(sql)
        connection.execute("COMMIT")
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()
    return counts


def _all_rows(places: list[Place], events: int, seed: int) -> Iterator[tuple[str, list[Row]]]:
    generator = Generator(places, events, seed)
    yield "officials", generator.official_rows
    yield "official_roles", generator.role_rows
    for chunk in generator.article_rows():
        yield "articles", chunk
    for rows in generator.event_chunks():
        for table in COLUMNS:
            if table in rows:
                yield table, rows[table]


def _load_postgres(url: str, events: int, seed: int) -> dict[str, int]:
    import psycopg2

    connection = psycopg2.connect(url.replace("postgresql+psycopg2://", "postgresql://", 1))
    try:
        with connection, connection.cursor() as cursor:
            # Rows are consistent by construction: skip the per-row foreign-key triggers.
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("SELECT id, iso3 FROM countries")
            places = _places(cursor.fetchall())
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                "AND tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                (list(COLUMNS),),
            )
            indexes = cursor.fetchall()
            for name, _sql in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            counts = dict.fromkeys(COLUMNS, 0)
            for table, rows in _all_rows(places, events, seed):
                if rows:
                    cursor.copy_expert(
                        f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN",
                        io.StringIO("".join(_copy_line(row) for row in rows)),
                    )
                    counts[table] += len(rows)
            for _name, sql in indexes:
                cursor.execute(sql)
            for table, columns in COLUMNS.items():
                if columns[0] == "id":
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table}))"
                    )
        connection.autocommit = True
        with connection.cursor() as cursor:
            # What autovacuum does after a load this size (PostgreSQL 13+ vacuums insert-only
            # tables too): planner statistics, and the visibility map that lets index-only scans
            # skip the heap. Done here rather than whenever autovacuum gets to it, so every run
            # measures the same state.
            cursor.execute("VACUUM ANALYZE")
    finally:
        connection.close()
    return counts


def _copy_line(row: Row) -> str:
    return "\t".join("\\N" if v is None else str(v) for v in row) + "\n"


def cached_sqlite(events: int, seed: int = 0) -> tuple[Path, BuildStats | None]:
    """The path of a built SQLite database of `events` events, building it if not cached.

    Returns the build statistics when it was built now, None when it came from the cache.
    """
    from kb.db.migrate import head_revision

    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"events-{events}-s{seed}-b{BUILDER_VERSION}-{head_revision()}.sqlite"
    if path.exists():
        return path, None
    for stale in RESULTS.glob(f"events-{events}-s{seed}-*.sqlite"):
        stale.unlink()
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    stats = build(f"sqlite:///{partial}", events, seed)
    shutil.move(partial, path)
    return path, stats
