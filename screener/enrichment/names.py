"""Party names that cannot be screened as written.

- A name with nothing to screen: after the invisible characters, marks, punctuation and symbols
  are gone, no letter or digit is left (zero-width characters, bidi controls, combining marks,
  NUL, Hangul fillers, a Braille blank, dots). Such a party is held (``UNSCREENABLE_NAME``), never
  released: whoever fills an order with an invisible name is hiding who it is for. (A name in a
  script the matcher cannot read is held with the same code, by ``screening``: what can be read
  is the matcher's to say, ``matching.normalize.unreadable_words``.)
- A name with bidi overrides or embeddings: what a reviewer sees differs from the characters
  stored (U+202E followed by a listed name written backwards displays as the listed name). Such a
  party is held (``BIDI_CONTROL``), and its displayed reading is screened as well as its stored one.

Bidi marks (U+200E, U+200F, U+061C) are left alone: right-to-left text uses them legitimately.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Overrides and embeddings (U+202A-U+202E) and isolates (U+2066-U+2069).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_RLO, _LRO, _PDF = "\u202e", "\u202d", "\u202c"
_POP = frozenset("\u202c\u2069")
# Letters in Unicode's eyes that render as nothing.
_BLANK_LETTERS = frozenset("\u3164\uffa0\u115f\u1160\u2800")


@dataclass(frozen=True, slots=True)
class NameCheck:
    screenable: bool  # some letter or digit is left to screen
    bidi: bool  # the name holds bidi overrides, embeddings or isolates
    displayed: str | None  # the reading a viewer sees, when it differs from the stored one


@lru_cache(maxsize=65_536)
def check_name(name: str) -> NameCheck:
    bidi = any(c in BIDI_CONTROLS for c in name)
    return NameCheck(_screenable(name), bidi, displayed_reading(name) if bidi else None)


def _screenable(name: str) -> bool:
    for c in unicodedata.normalize("NFKC", name):
        if c in _BLANK_LETTERS:
            continue
        if unicodedata.category(c)[0] in "LN":
            return True
    return False


def displayed_reading(name: str) -> str:
    """The characters in the order a viewer sees them: runs under a right-to-left override are
    reversed (nested runs are handled with a stack), then every bidi control is dropped."""
    out: list[list[str]] = [[]]
    kinds: list[str] = []
    for c in name:
        if c in (_RLO, _LRO) or c in BIDI_CONTROLS - _POP:
            kinds.append(c)
            out.append([])
        elif c in _POP and kinds:
            run = out.pop()
            kind = kinds.pop()
            out[-1].extend(reversed(run) if kind == _RLO else run)
        elif c not in BIDI_CONTROLS:
            out[-1].append(c)
    while kinds:  # an override left open runs to the end of the text
        run = out.pop()
        kind = kinds.pop()
        out[-1].extend(reversed(run) if kind == _RLO else run)
    return "".join(out[0])
