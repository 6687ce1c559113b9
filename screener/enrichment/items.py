"""HS codes and the item-risk table.

An HS code is kept as its digits only: "8542.31", "854231", "8542310000" and "8542 31 00" all
start with the same six digits, and a risk prefix is compared on digits. The item-risk table maps
HS-code prefixes to tiers; the longest prefix that starts an item's code decides its tier.
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

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from screener.enrichment.yamlconf import ConfigError, load_yaml_file, validate_yaml

__all__ = [
    "normalize_hs", "ItemRiskEntry", "ItemRiskTable", "ItemRiskError", "DEFAULT_ITEM_RISK_RESOURCE",
]

DEFAULT_ITEM_RISK_RESOURCE = "data/item_risk.yaml"
_NON_DIGITS = re.compile(r"\D+")
MAX_HS_DIGITS = 14


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
    tier: int = Field(ge=1, le=99)
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
    entries: list[_EntryModel] = Field(default_factory=list)

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
    tier: int
    label: str | None = None


@dataclass(frozen=True)
class ItemRiskTable:
    entries: tuple[ItemRiskEntry, ...]
    source: str = ""
    published: str | None = None  # ISO date of the source's edition
    url: str | None = None
    path: str | None = None  # where it was loaded from (not part of the digest)
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
    def tiers(self) -> list[int]:
        return sorted({e.tier for e in self.entries})

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
    def from_entries(cls, entries: list[tuple[str, int] | tuple[str, int, str]], source: str = "inline"):
        """Build a table in code: ``[("8542.31", 1, "label"), ...]`` (prefixes normalised to digits)."""
        out = []
        for e in entries:
            digits = normalize_hs(e[0])
            if not digits:
                raise ValueError(f"bad HS prefix {e[0]!r}")
            out.append(ItemRiskEntry(digits, int(e[1]), e[2] if len(e) > 2 else None))
        return cls(tuple(out), source=source)


@lru_cache(maxsize=1)
def default_item_risk_table() -> ItemRiskTable:
    res = resources.files("screener.enrichment").joinpath(DEFAULT_ITEM_RISK_RESOURCE)
    text = res.read_text(encoding="utf-8")
    model = validate_yaml(_TableModel, text, f"screener/enrichment/{DEFAULT_ITEM_RISK_RESOURCE}", ItemRiskError)
    return ItemRiskTable._from_model(model, f"package:screener.enrichment/{DEFAULT_ITEM_RISK_RESOURCE}")
