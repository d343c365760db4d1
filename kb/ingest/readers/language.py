"""Language tags and script: enough to tell the project's English text from its Urdu text."""

from __future__ import annotations

import re

_NAMES = {"english": "en", "urdu": "ur", "اردو": "ur"}
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")


def normalise_language(value: object) -> str | None:
    """'en-US', 'English', 'UR' -> 'en', 'en', 'ur'; anything else lower-cased primary subtag."""
    if not isinstance(value, str) or not value.strip():
        return None
    tag = value.strip().lower()
    if tag in _NAMES:
        return _NAMES[tag]
    primary = re.split(r"[-_]", tag, maxsplit=1)[0]
    return primary if primary.isalpha() and len(primary) <= 8 else None


def is_urdu_script(text: str) -> bool:
    """True when most letters are Arabic script, which in this project's sources means Urdu."""
    sample = text[:2000]
    arabic = len(_ARABIC_SCRIPT.findall(sample))
    return arabic > 0 and arabic > len(_LETTER.findall(sample)) / 2
