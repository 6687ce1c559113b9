"""HS codes and the item-risk table.

An HS code is kept as its digits only: "8542.31", "854231", "8542310000" and "8542 31 00" all
start with the same six digits, and a risk prefix is compared on digits. The item-risk table maps
HS-code prefixes to tiers; the longest prefix that starts an item's code decides its tier.

A tier is a label such as ``"1"``, ``"2"`` or ``"3.A"`` (the Common High Priority List's tiers 1, 2,
3.A, 3.B, 4.A and 4.B): a number, optionally followed by a letter. A table file may write a plain
tier as a number (``tier: 1``); it is kept as the label ``"1"``. :func:`tier_matches` tells whether
a configured tier selects a label: ``"3"`` selects ``"3.A"`` and ``"3.B"``, ``"3.A"`` only itself.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from screener.enrichment.yamlconf import ConfigError, load_yaml_file, validate_yaml

__all__ = [
    "normalize_hs", "ItemRiskEntry", "ItemRiskTable", "ItemRiskError", "DEFAULT_ITEM_RISK_RESOURCE",
    "normalize_tier", "tier_matches", "tier_number", "tier_sort_key",
]

DEFAULT_ITEM_RISK_RESOURCE = "data/item_risk.yaml"
_NON_DIGITS = re.compile(r"\D+")
MAX_HS_DIGITS = 14
_TIER = re.compile(r"^\s*(\d{1,2})(?:\s*\.?\s*([A-Za-z]))?\s*$")


def normalize_tier(value: object) -> str:
    """The canonical label of a tier: ``1`` -> ``"1"``, ``"3a"`` / ``"3 A"`` / ``"3.A"`` -> ``"3.A"``.

    Raises ValueError for anything else (0, negative numbers, booleans, words, floats)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"a tier is a number or a label such as \"3.A\", not {type(value).__name__} {value!r}")
    m = _TIER.match(str(value))
    if m is None or int(m.group(1)) < 1:
        raise ValueError(f"a tier is a number from 1 or a label such as \"3.A\", not {value!r}")
    number, letter = int(m.group(1)), m.group(2)
    return f"{number}.{letter.upper()}" if letter else str(number)


def tier_number(label: str) -> int:
    """The tier's number: ``"3.A"`` -> 3."""
    return int(label.split(".", 1)[0])


def tier_sort_key(label: str) -> tuple[int, str]:
    number, _, letter = label.partition(".")
    return int(number), letter


def tier_matches(selector: str, label: str) -> bool:
    """True when the configured tier ``selector`` selects the tier ``label`` (both canonical):
    equal, or ``selector`` is the number of a lettered label ("3" selects "3.A")."""
    return label == selector or (label.startswith(selector) and label[len(selector):len(selector) + 1] == ".")


class ItemRiskError(ConfigError):
    """The item-risk table file is unreadable or invalid (names the file and line)."""


def normalize_hs(raw: object) -> str | None:
    """Digits of an HS code ("8542.31.00" -> "85423100"); None when there are none.

    No zero-padding is attempted: a code that lost its leading zero in a spreadsheet cannot be told
    from a truncated one. Overlong values are cut at 14 digits (national codes have at most 10-12).
    """
    if raw is None or isinstance(raw, bool):
        return None
    digits = _NON_DIGITS.sub("", str(raw))
    return digits[:MAX_HS_DIGITS] or None


def _quoted_prefix(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError(
            f"an HS prefix must be a quoted string such as \"8542.31\", not {type(value).__name__} "
            f"{value!r} (unquoted numbers lose leading and trailing zeros)")
    return value


class _EntryModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    prefix: Annotated[str, BeforeValidator(_quoted_prefix)]
    tier: Annotated[int | str, AfterValidator(normalize_tier)]
    label: str | None = None

    @field_validator("prefix")
    @classmethod
    def _digits(cls, value: str) -> str:
        if re.search(r"[^\d.\s-]", value):
            raise ValueError(f"an HS prefix holds digits (and . - or spaces), not {value!r}")
        digits = normalize_hs(value)
        if not digits or len(digits) < 2:
            raise ValueError(f"an HS prefix needs at least 2 digits (the chapter), got {value!r}")
        return digits


class _TableModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    source: str = Field(min_length=1, description="Where the table comes from")
    published: date | None = Field(default=None, strict=False, description="Date of the source's edition")
    url: str | None = None
    note: str | None = None
    tiers: dict[str, str] = Field(default_factory=dict, description="What each tier label means (documentation)")
    entries: list[_EntryModel] = Field(default_factory=list)

    @field_validator("tiers")
    @classmethod
    def _tier_labels(cls, tiers: dict[str, str]) -> dict[str, str]:
        return {normalize_tier(k): v for k, v in tiers.items()}

    @field_validator("entries")
    @classmethod
    def _unique(cls, entries: list[_EntryModel]) -> list[_EntryModel]:
        seen: dict[str, int] = {}
        for i, e in enumerate(entries):
            if e.prefix in seen:
                raise ValueError(f"prefix {e.prefix} is listed twice (entries {seen[e.prefix]} and {i})")
            seen[e.prefix] = i
        return entries


@dataclass(frozen=True, slots=True)
class ItemRiskEntry:
    prefix: str  # digits only
    tier: str  # canonical tier label: "1", "2", "3.A", ...
    label: str | None = None

    @property
    def tier_number(self) -> int:
        return tier_number(self.tier)


@dataclass(frozen=True)
class ItemRiskTable:
    entries: tuple[ItemRiskEntry, ...]
    source: str = ""
    published: str | None = None  # ISO date of the source's edition
    url: str | None = None
    path: str | None = None  # where it was loaded from (not part of the digest)
    tier_notes: dict[str, str] = field(default_factory=dict, compare=False)  # what each tier means
    _index: dict[str, ItemRiskEntry] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update({e.prefix: e for e in self.entries})

    def lookup(self, hs_digits: str | None) -> ItemRiskEntry | None:
        """The entry of the longest prefix that starts ``hs_digits`` (digits only), or None."""
        if not hs_digits:
            return None
        for n in range(len(hs_digits), 1, -1):
            hit = self._index.get(hs_digits[:n])
            if hit is not None:
                return hit
        return None

    @property
    def tiers(self) -> list[str]:
        """The tier labels of the table, in order ("1", "2", "3.A", ...)."""
        return sorted({e.tier for e in self.entries}, key=tier_sort_key)

    def canonical(self) -> dict[str, Any]:
        """Content that decides outcomes plus its provenance, for digests and policy versions."""
        return {
            "source": self.source,
            "published": self.published,
            "entries": sorted([e.prefix, e.tier] for e in self.entries),
        }

    @property
    def digest(self) -> str:
        blob = json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()[:12]

    @classmethod
    def _from_model(cls, model: _TableModel, path: str | None) -> ItemRiskTable:
        return cls(
            entries=tuple(ItemRiskEntry(e.prefix, e.tier, e.label) for e in model.entries),
            source=model.source,
            published=model.published.isoformat() if model.published else None,
            url=model.url,
            path=path,
            tier_notes=dict(model.tiers),
        )

    @classmethod
    def load(cls, path: str | Path | None = None) -> ItemRiskTable:
        """Load a table file; the packaged default when ``path`` is None. Raises :class:`ItemRiskError`."""
        if path is None:
            return default_item_risk_table()
        model = load_yaml_file(_TableModel, path, ItemRiskError)
        return cls._from_model(model, str(path))

    @classmethod
    def loads(cls, text: str, name: str = "<string>") -> ItemRiskTable:
        return cls._from_model(validate_yaml(_TableModel, text, name, ItemRiskError), name)

    @classmethod
    def from_entries(cls, entries: list[tuple[str, int | str] | tuple[str, int | str, str]],
                     source: str = "inline"):
        """Build a table in code: ``[("8542.31", 1, "label"), ("8504.40", "3.A"), ...]`` (prefixes
        normalised to digits, tiers to their labels)."""
        out = []
        for e in entries:
            digits = normalize_hs(e[0])
            if not digits:
                raise ValueError(f"bad HS prefix {e[0]!r}")
            out.append(ItemRiskEntry(digits, normalize_tier(e[1]), e[2] if len(e) > 2 else None))
        return cls(tuple(out), source=source)


@lru_cache(maxsize=1)
def default_item_risk_table() -> ItemRiskTable:
    res = resources.files("screener.enrichment").joinpath(DEFAULT_ITEM_RISK_RESOURCE)
    text = res.read_text(encoding="utf-8")
    model = validate_yaml(_TableModel, text, f"screener/enrichment/{DEFAULT_ITEM_RISK_RESOURCE}", ItemRiskError)
    return ItemRiskTable._from_model(model, f"package:screener.enrichment/{DEFAULT_ITEM_RISK_RESOURCE}")
