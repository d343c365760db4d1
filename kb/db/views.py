"""The `timeline` view: one row per event, ready for direct SQL, the same on both databases.

Dates come out as text ('YYYY-MM-DD') with a `date_label` printed at the date's precision
('2019', '2020-08', '2021-01-20'). Lists (countries, officials) are sorted by byte order
(`COLLATE "C"` on PostgreSQL, SQLite's default BINARY) so both databases give identical strings.
SQLite before 3.44 has no ORDER BY inside aggregates, so the SQLite form aggregates an ordered
subquery instead, which SQLite evaluates in order.

The migrations call these functions; changing the view means a new migration that drops and
recreates it.
"""

from __future__ import annotations

from sqlalchemy import Connection

VIEW_NAME = "timeline"

# The mention that first reported the event: earliest published article (undated last), then id.
_FIRST_MENTION = """
        FROM event_mentions m JOIN articles a ON a.id = m.article_id
        WHERE m.event_id = e.id
        ORDER BY (a.published IS NULL), a.published, a.id, m.id
        LIMIT 1"""

_TEMPLATE = """
CREATE VIEW timeline AS
SELECT
    e.id AS event_id,
    {date} AS date,
    e.date_precision AS date_precision,
    CASE e.date_precision
        WHEN 'year' THEN substr({date}, 1, 4)
        WHEN 'month' THEN substr({date}, 1, 7)
        ELSE {date}
    END AS date_label,
    e.type AS type,
    e.cameo_code AS cameo_code,
    e.status AS status,
    e.topic AS topic,
    e.location AS location,
    e.summary AS summary,
    ({countries}) AS countries,
    ({officials}) AS officials,
    ag.name AS agreement,
    e.agreement_id AS agreement_id,
    (SELECT count(DISTINCT m.article_id) FROM event_mentions m WHERE m.event_id = e.id)
        AS mentions,
    (SELECT min({published})
        FROM event_mentions m JOIN articles a ON a.id = m.article_id
        WHERE m.event_id = e.id) AS first_published,
    (SELECT m.article_id {first_mention}) AS first_article_id,
    (SELECT m.sentence {first_mention}) AS evidence
FROM events e
LEFT JOIN agreements ag ON ag.id = e.agreement_id
"""

_COUNTRIES_FROM = """FROM (SELECT DISTINCT c.iso3 AS iso3
            FROM event_participants p JOIN countries c ON c.id = p.country_id
            WHERE p.event_id = e.id{order}) x"""
_OFFICIALS_FROM = """FROM (SELECT DISTINCT o.name AS name
            FROM event_participants p JOIN officials o ON o.id = p.official_id
            WHERE p.event_id = e.id{order}) x"""


def timeline_view_sql(dialect: str) -> str:
    """CREATE VIEW statement for `dialect` ("sqlite" or "postgresql")."""
    if dialect == "postgresql":
        return _TEMPLATE.format(
            date="to_char(e.date, 'YYYY-MM-DD')",
            published="to_char(a.published, 'YYYY-MM-DD')",
            countries="SELECT string_agg(x.iso3, ',' ORDER BY x.iso3 COLLATE \"C\") "
            + _COUNTRIES_FROM.format(order=""),
            officials="SELECT string_agg(x.name, '; ' ORDER BY x.name COLLATE \"C\") "
            + _OFFICIALS_FROM.format(order=""),
            first_mention=_FIRST_MENTION,
        )
    if dialect == "sqlite":
        return _TEMPLATE.format(
            date="e.date",
            published="a.published",
            countries="SELECT group_concat(x.iso3, ',') "
            + _COUNTRIES_FROM.format(order=" ORDER BY c.iso3"),
            officials="SELECT group_concat(x.name, '; ') "
            + _OFFICIALS_FROM.format(order=" ORDER BY o.name"),
            first_mention=_FIRST_MENTION,
        )
    raise ValueError(f"no timeline view for {dialect!r}")


def create_timeline_view(connection: Connection) -> None:
    connection.exec_driver_sql(timeline_view_sql(connection.dialect.name))


def drop_timeline_view(connection: Connection) -> None:
    connection.exec_driver_sql(f"DROP VIEW IF EXISTS {VIEW_NAME}")
