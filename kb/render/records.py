"""kb's query rows as documents: which columns a timeline, an official or an agreement shows.

The library returns rows (`kb.query.rows`); this module decides how people see them, the same
way in every format: the cells for table/CSV/Markdown/HTML, and `to_json()` for JSON.
"""

from __future__ import annotations

from collections.abc import Sequence

from kb.query.readonly_sql import SqlResult
from kb.query.rows import (
    AgreementDetail,
    AgreementRow,
    ArticleDetail,
    EventDetail,
    Evidence,
    OfficialDetail,
    OfficialRow,
    TimelinePage,
    TimelineRow,
    period_end,
)
from kb.render.document import ChartPoint, Detail, Listing

SUMMARY_LENGTH = 160
SUMMARY_MIN_WORDS = 4
SHOWN_PLAIN = ("occurred", "signed")  # statuses not worth repeating beside the type


def timeline_listing(
    rows: Sequence[TimelineRow], *, title: str = "", evidence: bool = False, empty: str = ""
) -> Listing:
    columns = ["id", "date", "type", "topic", "countries", "officials", "place", "agreement"]
    columns += ["summary", "reports"] + (["evidence", "article"] if evidence else [])
    cells = []
    for row in rows:
        cell = {
            "id": str(row.id) if row.kind == "event" else f"agreement {row.id}",
            "date": row.when(),
            "type": row.type
            if row.status in ("occurred", "signed")
            else f"{row.type} ({row.status})",
            "topic": row.topic or "",
            "countries": ", ".join(c.iso3 for c in row.countries),
            "officials": "\n".join(o.label() for o in row.officials),
            "place": row.location or "",
            "agreement": row.agreement.name if row.agreement and row.kind == "event" else "",
            "summary": short_summary(row),
            "reports": str(row.mentions),
        }
        if evidence:
            cell["evidence"] = "\n".join(f"“{e.sentence}”" for e in row.evidence)
            cell["article"] = "\n".join(a.label() for a in row.articles)
        cells.append(cell)
    return Listing(
        columns=columns,
        rows=cells,
        records=[row.to_json(evidence=evidence) for row in rows],
        title=title,
        empty=empty or "no events match",
        chart=timeline_chart(rows),
    )


def page_note(page: TimelinePage, limit: int | None) -> str | None:
    """What a page leaves out and how to see it, or None when it shows every row.

    Says how many rows exist, how many are not shown, and the options that show the next page
    and every row, so a cut-off table is never mistaken for the whole answer.
    """
    if not page.hidden:
        return None
    total = page.total
    if not page.rows:
        return f"no rows from --offset {page.offset}: {total:,} match (--offset 0 for the first)"
    if page.offset == 0:
        shown = f"showing the first {len(page.rows):,} rows of {total:,}"
    else:
        shown = f"showing rows {page.first:,}–{page.last:,} of {total:,}"
    ways = []
    if page.last < total:
        ways.append(f"--offset {page.last} for the next {min(limit or total, total - page.last):,}")
    ways.append(f"--limit {total}{' --offset 0' if page.offset else ''} for every row")
    return f"{shown}; {page.hidden:,} not shown ({', '.join(ways)})"


def short_summary(row: TimelineRow) -> str:
    """The stored summary when it says something, else the first reporting sentence, shortened.

    Some extractors store only the trigger words ("signed", "called on") as the summary; a few
    words say less than the sentence they came from."""
    summary = row.summary or ""
    sentence = row.evidence[0].sentence if row.evidence else ""
    text = summary if len(summary.split()) >= SUMMARY_MIN_WORDS or not sentence else sentence
    text = " ".join(text.split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def timeline_chart(rows: Sequence[TimelineRow]) -> list[ChartPoint]:
    return [
        ChartPoint(
            start=row.date,
            end=period_end(row.date, row.date_precision),
            lane=row.type,
            label=f"{row.when()} · {row.type} · {', '.join(c.iso3 for c in row.countries)}"
            f" · {short_summary(row)}",
            weight=max(row.mentions, 1),
        )
        for row in rows
        if row.date is not None
    ]


def officials_listing(rows: Sequence[OfficialRow], *, title: str = "") -> Listing:
    return Listing(
        columns=["id", "name", "country", "posts", "events", "first event", "last event"],
        rows=[
            {
                "id": str(row.id),
                "name": row.name,
                "country": row.country or "",
                "posts": "\n".join(
                    f"{r.title} ({r.span()})" if r.span() else r.title for r in row.roles
                ),
                "events": str(row.events),
                "first event": row.first_event.isoformat() if row.first_event else "",
                "last event": row.last_event.isoformat() if row.last_event else "",
            }
            for row in rows
        ],
        records=[row.to_json() for row in rows],
        title=title,
        empty="no officials match",
    )


def agreements_listing(rows: Sequence[AgreementRow], *, title: str = "") -> Listing:
    return Listing(
        columns=["id", "date", "name", "kind", "topic", "status", "parties", "events", "reports"],
        rows=[
            {
                "id": str(row.id),
                "date": row.date_label or "undated",
                "name": row.name,
                "kind": row.kind,
                "topic": row.topic or "",
                "status": row.status,
                "parties": ", ".join(c.iso3 for c in row.parties),
                "events": ", ".join(str(i) for i in row.event_ids),
                "reports": str(row.mentions),
            }
            for row in rows
        ],
        records=[row.to_json() for row in rows],
        title=title,
        empty="no agreements match",
        chart=[
            ChartPoint(
                row.date,
                period_end(row.date, row.date_precision),
                row.kind,
                f"{row.date_label} · {row.name}",
                max(row.mentions, 1),
            )
            for row in rows
            if row.date is not None
        ],
    )


def sql_listing(result: SqlResult) -> Listing:
    return Listing(
        columns=list(result.columns),
        rows=[
            {c: "" if v is None else str(v) for c, v in zip(result.columns, row, strict=False)}
            for row in result.rows
        ],
        records=result.records(),
        empty="no rows",
        note=f"showing the first {len(result.rows)} rows; more exist (raise --limit)"
        if result.truncated
        else None,
    )


def evidence_listing(items: Sequence[Evidence]) -> Listing:
    return Listing(
        columns=["published", "article", "sentence"],
        rows=[
            {
                "published": e.article.published.isoformat() if e.article.published else "",
                "article": f"{e.article.id}: {e.article.title or e.article.url or ''}",
                "sentence": e.sentence,
            }
            for e in items
        ],
        records=[e.to_json() for e in items],
        empty="no evidence stored",
    )


def event_detail(detail: EventDetail) -> Detail:
    row = detail.row
    precision = f" ({row.date_precision}, {row.date_source})" if row.date_source else ""
    fields = [
        ("id", str(row.id)),
        ("date", row.when() + (precision if row.date else "")),
        ("type", row.type),
        ("status", row.status),
        ("topic", row.topic or ""),
        ("CAMEO", row.cameo_code or ""),
        ("countries", ", ".join(f"{c.name} ({c.iso3})" for c in row.countries)),
        ("officials", "\n".join(o.label() for o in row.officials)),
        ("place", row.location or ""),
        ("agreement", f"{row.agreement.name} (id {row.agreement.id})" if row.agreement else ""),
        ("summary", row.summary or ""),
        ("reports", str(row.mentions)),
    ]
    participants = Listing(
        columns=["country", "official", "side"],
        rows=[
            {"country": p["country"], "official": p["official"] or "", "side": p["side"]}
            for p in detail.participants
        ],
        records=detail.participants,
        empty="no participants stored",
    )
    return Detail(
        title=f"Event {row.id}: {row.type}, {row.when()}",
        fields=fields,
        record=detail.to_json(),
        sections=[("participants", participants), ("evidence", evidence_listing(row.evidence))],
        chart=[],
    )


def agreement_detail(detail: AgreementDetail) -> Detail:
    a = detail.agreement
    fields = [
        ("id", str(a.id)),
        ("name", a.name),
        ("kind", a.kind),
        ("date", a.date_label or "undated"),
        ("status", a.status),
        ("topic", a.topic or ""),
        ("parties", ", ".join(f"{c.name} ({c.iso3})" for c in a.parties)),
        ("reports", str(a.mentions)),
    ]
    return Detail(
        title=f"Agreement {a.id}: {a.name}",
        fields=fields,
        record=detail.to_json(),
        sections=[
            ("events", timeline_listing(detail.events)),
            ("evidence", evidence_listing(detail.evidence)),
        ],
    )


def official_detail(detail: OfficialDetail) -> Detail:
    o = detail.official
    fields = [
        ("id", str(o.id)),
        ("name", o.name),
        ("country", o.country or ""),
        ("also written", ", ".join(o.aliases)),
        ("events", str(o.events)),
    ]
    posts = Listing(
        columns=["title", "organisation", "country", "first seen", "last seen"],
        rows=[
            {
                "title": r.title,
                "organisation": r.organisation or "",
                "country": r.country or "",
                "first seen": r.first_seen.isoformat() if r.first_seen else "",
                "last seen": r.last_seen.isoformat() if r.last_seen else "",
            }
            for r in o.roles
        ],
        records=[r.to_json() for r in o.roles],
        empty="no posts recorded",
    )
    events = timeline_listing(detail.events)
    return Detail(
        title=f"Official {o.id}: {o.name}",
        fields=fields,
        record=detail.to_json(),
        sections=[
            ("posts", posts),
            ("events", events),
            ("evidence", evidence_listing(detail.evidence)),
        ],
        chart=events.chart,
    )


def article_detail(detail: ArticleDetail) -> Detail:
    a = detail.article
    fields = [
        ("id", str(a.id)),
        ("title", a.title),
        ("title (Urdu)", a.title_ur or ""),
        ("url", a.url or ""),
        ("outlet", a.outlet or ""),
        ("published", a.published.isoformat() if a.published else ""),
        ("language", a.language or ""),
        ("text", a.text_en or ""),
        ("text (Urdu)", a.text_ur or ""),
    ]
    return Detail(
        title=f"Article {a.id}: {a.title}",
        fields=[(label, value) for label, value in fields if value],
        record=detail.to_json(),
        sections=[
            ("events", timeline_listing(detail.events, evidence=True)),
            ("agreements", agreements_listing(detail.agreements)),
            ("officials", officials_listing(detail.officials)),
        ],
    )
