"""Export Control Classification Numbers (ECCNs) of the US Commerce Control List.

An ECCN is a digit (the category, 0-9), a letter (the product group, A-E; ``Y`` for the 0Y521
series), three digits, and optionally the paragraphs it falls under: ``3A001``, ``5A992.c``,
``5A002.a.1``, ``0Y521``, ``9A610.x``. ``EAR99`` marks an item subject to the EAR that is on no
ECCN. :func:`parse_eccn` normalises what an order line says ("3a001.A.1", " eccn 5A992 c ",
"EAR 99") to ``3A001.a.1`` / ``5A992.c`` / ``EAR99`` and tells an ECCN it cannot read apart (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["EAR99", "Eccn", "parse_eccn"]

EAR99 = "EAR99"

_PREFIX = re.compile(r"^\s*(?:eccn|classification)\s*[:#-]?\s*", re.IGNORECASE)
_EAR99 = re.compile(r"^ear\s*-?\s*99$", re.IGNORECASE)
_ECCN = re.compile(r"^([0-9])\s*([A-EYa-ey])\s*([0-9]{3})((?:[\s.\-]*[A-Za-z0-9]+)*)$")
_PARAGRAPH = re.compile(r"[A-Za-z]+|[0-9]+")


@dataclass(frozen=True, slots=True)
class Eccn:
    code: str  # normalised: "3A001.a.1", "5A992.c", "EAR99"
    base: str  # the five-character ECCN ("3A001") or "EAR99"

    @property
    def is_ear99(self) -> bool:
        return self.base == EAR99

    @property
    def on_ccl(self) -> bool:
        """True for an item on the Commerce Control List (any ECCN other than EAR99)."""
        return self.base != EAR99

    @property
    def category(self) -> int | None:
        return None if self.is_ear99 else int(self.base[0])


@lru_cache(maxsize=4096)
def parse_eccn(raw: str | None) -> Eccn | None:
    """The ECCN an order line gives, normalised; None when empty or not an ECCN."""
    if raw is None:
        return None
    text = _PREFIX.sub("", str(raw)).strip().strip(".,;")
    if not text or len(text) > 40:
        return None
    if _EAR99.match(text):
        return Eccn(EAR99, EAR99)
    m = _ECCN.match(text)
    if m is None:
        return None
    base = f"{m.group(1)}{m.group(2).upper()}{m.group(3)}"
    # Paragraphs are written in lower case letters and digits: "a.1", ".c", "x".
    paragraphs = [p.lower() for p in _PARAGRAPH.findall(m.group(4) or "")]
    if paragraphs and not paragraphs[0].isalpha():
        return None  # paragraphs start with a letter: "3A001.a.1", never "3A001.1"
    code = base + "".join("." + p for p in paragraphs)
    return Eccn(code, base)
