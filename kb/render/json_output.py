"""JSON: the records as they are; dates and other values JSON lacks become strings."""

from __future__ import annotations

import json
from typing import Any

from kb.render.document import Detail, Listing


def render_json(document: Listing | Detail) -> str:
    data: Any = document.records if isinstance(document, Listing) else document.record
    return json.dumps(data, ensure_ascii=False, indent=2, default=_plain) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
