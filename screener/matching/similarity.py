"""Token similarity and the fuzzy keys the index looks tokens up by.

``token_similarity`` is the one place that says how alike two normalised tokens are (0..1). It
takes the best of:

* edit similarity, ``1 - OSA distance / longer length`` (rapidfuzz; OSA counts a transposition
  as one edit, so "Kalashnikvo" is one edit from "Kalashnikov");
* sound: equal metaphone codes (rigour's Rust metaphone: Smirnov/Smirnoff, Muhammad/Mohammed,
  Gennady/Gennadiy) score ``PHONETIC_SIM``; codes one edit apart (Kontsern/Concern) score
  ``NEAR_PHONETIC_SIM``;
* consonant skeleton: vowels dropped and doubled letters collapsed (Yevgeniy/Evgeny -> vgn,
  Mueller/Muller -> mlr, "KLSHNKV" -> klshnkv) scores ``SKELETON_SIM``;
* an initial ("B") against a word with that first letter scores ``INITIAL_SIM``.

Tokens of three letters or fewer, and numbers, must match exactly (a one-letter change in "Ali"
is a different name). Anything under ``MIN_TOKEN_SIM`` is 0.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA
from rigour.text import metaphone as _metaphone

from screener.matching.normalize import skeleton

MIN_TOKEN_SIM = 0.7
PHONETIC_SIM = 0.9
NEAR_PHONETIC_SIM = 0.8
SKELETON_SIM = 0.88
INITIAL_SIM = 0.8
PREFIX_SIM = 0.9  # a truncated last word against the word it starts


def metaphone(token: str) -> str:
    if len(token) < 4 or token.isdigit():
        return ""
    try:
        return _metaphone(token)
    except Exception:  # pragma: no cover - defensive: metaphone on odd input
        return ""


def skel(token: str) -> str:
    if len(token) < 4 or not token.isalpha():
        return ""
    s = skeleton(token)
    return s if len(s) >= 3 else ""


def deletes(token: str) -> list[str]:
    """Every string one deletion away from ``token`` (the symmetric-delete fuzzy key)."""
    return [token[:i] + token[i + 1:] for i in range(len(token))]


def token_similarity(a: str, b: str, ma: str = "", mb: str = "", sa: str = "", sb: str = "") -> float:
    """How alike two normalised tokens are, 0..1. ``ma``/``mb`` metaphone and ``sa``/``sb``
    skeleton keys may be passed in when precomputed (``""`` = not applicable)."""
    if a == b:
        return 1.0
    la = len(a)
    lb = len(b)
    if la == 1 or lb == 1:
        return INITIAL_SIM if a[0] == b[0] else 0.0
    if la <= 3 or lb <= 3 or a.isdigit() or b.isdigit():
        return 0.0
    longer = la if la > lb else lb
    d = OSA.distance(a, b)
    s = 1.0 - d / longer
    if s < PHONETIC_SIM and ma and ma == mb:
        s = PHONETIC_SIM
    if s < SKELETON_SIM and sa and sa == sb:
        s = SKELETON_SIM
    if (s < NEAR_PHONETIC_SIM and len(ma) >= 4 and len(mb) >= 4 and ma[0] == mb[0]
            and OSA.distance(ma, mb, score_cutoff=1) <= 1):
        s = NEAR_PHONETIC_SIM
    return s if s >= MIN_TOKEN_SIM else 0.0


def keyed_similarity(a: str, b: str) -> float:
    """``token_similarity`` computing the phonetic keys itself."""
    return token_similarity(a, b, metaphone(a), metaphone(b), skel(a), skel(b))
