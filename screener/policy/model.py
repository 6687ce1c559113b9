"""The policy file's schema (pydantic). Unknown keys and wrong types are errors, not ignored:
a typo in a hold policy must stop the worker at start-up, not silently release orders."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from screener.enrichment import DEFAULT_EMBARGOED, DEFAULT_OCCUPIED_REGIONS, DEFAULT_TRANSSHIPMENT_RISK
from screener.enrichment.countries import is_iso2, to_iso2
from screener.matching.base import DEFAULT_HOLD_THRESHOLD

PartyRole = Literal[
    "sold_to", "ship_to", "bill_to", "end_user", "intermediate_consignee", "freight_forwarder"
]
ALL_ROLES: list[PartyRole] = [
    "sold_to", "ship_to", "bill_to", "end_user", "intermediate_consignee", "freight_forwarder"
]


def _iso2(value: str) -> str:
    code = value.strip()
    if not is_iso2(code):
        guess = to_iso2(code)
        hint = f" (did you mean {guess!r}?)" if guess else ""
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code{hint}")
    return code.upper()


Iso2 = Annotated[str, AfterValidator(_iso2)]


def _sorted_unique(values: list[str]) -> list[str]:
    return sorted(set(values))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Rule(_Strict):
    enabled: bool = True


class WatchlistMatchRule(_Rule):
    # The matching engine's calibrated threshold (screener/matching/base.py says why 0.80).
    threshold: float = Field(default=DEFAULT_HOLD_THRESHOLD, ge=0.0, le=1.0,
                             description="Hits scoring below this are ignored")
    lists: list[str] | None = Field(
        default=None, description="Watch lists that count (case-insensitive); null means every list")


class EmbargoedDestinationRule(_Rule):
    roles: list[PartyRole] = Field(default_factory=lambda: list(ALL_ROLES), min_length=1)


class DiversionRiskRule(_Rule):
    roles: list[PartyRole] = Field(default_factory=lambda: list(ALL_ROLES), min_length=1)
    tiers: list[Annotated[int, Field(ge=1)]] | None = Field(
        default=None, description="Item-risk tiers that count; null means every tier in the table")


DEFAULT_FORWARDER_KEYWORDS = [
    "logistics", "logistic", "logistik", "freight", "forwarding", "forwarder", "spedition", "cargo",
    "courier", "shipping",
]


class ForwarderAsEndUserRule(_Rule):
    keywords: list[str] = Field(
        default_factory=lambda: list(DEFAULT_FORWARDER_KEYWORDS),
        description="Whole words in an end user's name that mark a logistics company; [] disables "
                    "the keyword check (the same-name check stays)")


class ShipToMismatchRule(_Rule):
    destinations: list[Literal["embargoed", "transshipment_risk"]] = Field(
        default_factory=lambda: ["embargoed", "transshipment_risk"], min_length=1,
        description="Which risk destinations a diverging ship-to must be in")


class UnresolvedCountryRule(_Rule):
    roles: list[PartyRole] = Field(default_factory=lambda: list(ALL_ROLES), min_length=1)


class Rules(_Strict):
    WATCHLIST_MATCH: WatchlistMatchRule = Field(default_factory=WatchlistMatchRule)
    EMBARGOED_DESTINATION: EmbargoedDestinationRule = Field(default_factory=EmbargoedDestinationRule)
    DIVERSION_RISK: DiversionRiskRule = Field(default_factory=DiversionRiskRule)
    FORWARDER_AS_END_USER: ForwarderAsEndUserRule = Field(default_factory=ForwarderAsEndUserRule)
    SHIP_TO_MISMATCH: ShipToMismatchRule = Field(default_factory=ShipToMismatchRule)
    UNRESOLVED_COUNTRY: UnresolvedCountryRule = Field(default_factory=UnresolvedCountryRule)


_REGION_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _region_name(name: str) -> str:
    if not _REGION_NAME.match(name):
        raise ValueError(f"region name {name!r} must be upper-case letters, digits and _ (e.g. CRIMEA)")
    return name


RegionName = Annotated[str, AfterValidator(_region_name)]


class OccupiedRegionSpec(_Strict):
    country: Iso2 = "UA"
    terms: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)


def _default_regions() -> dict[str, OccupiedRegionSpec]:
    return {r.name: OccupiedRegionSpec(country=r.country, terms=list(r.terms)) for r in DEFAULT_OCCUPIED_REGIONS}


class Destinations(_Strict):
    embargoed: Annotated[list[Iso2], AfterValidator(_sorted_unique)] = Field(
        default_factory=lambda: sorted(DEFAULT_EMBARGOED))
    transshipment_risk: Annotated[list[Iso2], AfterValidator(_sorted_unique)] = Field(
        default_factory=lambda: sorted(DEFAULT_TRANSSHIPMENT_RISK))
    occupied_regions: dict[RegionName, OccupiedRegionSpec] = Field(default_factory=_default_regions)


class ItemRisk(_Strict):
    table: str | None = Field(
        default=None,
        description="Path of a replacement item-risk table (relative to the policy file); null means "
                    "the packaged table")


class PolicyModel(_Strict):
    description: str | None = None
    rules: Rules = Field(default_factory=Rules)
    destinations: Destinations = Field(default_factory=Destinations)
    item_risk: ItemRisk = Field(default_factory=ItemRisk)
