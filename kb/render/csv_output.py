"""CSV: a header, then one line per row. A detail is a field,value block, then one block per
section, separated by blank lines."""

from __future__ import annotations

import csv
import io

from kb.render.document import Detail, Listing


def render_csv(document: Listing | Detail) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if isinstance(document, Listing):
        _write(writer, document)
        return out.getvalue()
    writer.writerow(["field", "value"])
    writer.writerows(document.fields)
    for _title, listing in document.sections:
        out.write("\n")
        _write(writer, listing)
    return out.getvalue()


def _write(writer: csv.writer, listing: Listing) -> None:  # type: ignore[valid-type]
    writer.writerow(listing.columns)
    for row in listing.rows:
        writer.writerow([row.get(c, "") for c in listing.columns])
