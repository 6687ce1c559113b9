"""Order events, as warehouse systems publish them on the ``orders`` topic."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

PartyRole = Literal[
    "sold_to", "ship_to", "bill_to", "end_user", "intermediate_consignee", "freight_forwarder"
]
EventType = Literal["created", "updated", "cancelled"]

# Bounds keep a hostile or broken producer from making the worker allocate without limit.
MAX_NAME_LEN = 500
MAX_PARTIES = 50
MAX_LINES = 1000


class _Open(BaseModel):
    # Unknown extra fields are carried through, not rejected: producers evolve faster than we do.
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)


MAX_ADDRESS_FIELD_LEN = 500


class Address(_Open):
    street: str | None = Field(default=None, max_length=MAX_ADDRESS_FIELD_LEN)
    city: str | None = Field(default=None, max_length=MAX_ADDRESS_FIELD_LEN)
    postal_code: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=MAX_ADDRESS_FIELD_LEN)
    country: str | None = Field(default=None, max_length=100)


class Party(_Open):
    role: PartyRole
    name: str = Field(min_length=1, max_length=MAX_NAME_LEN)
    country: str | None = Field(
        default=None, max_length=100, description="ISO 3166 alpha-2 code or an English country name"
    )
    address: Address | None = None
    type: Literal["person", "organization"] | None = Field(
        default=None, description="Party type when the order system knows it"
    )


class OrderLine(_Open):
    sku: str | None = None
    description: str | None = None
    hs_code: str | None = None
    eccn: str | None = None
    quantity: float | None = None
    unit_price: float | None = None

    @field_validator("hs_code", mode="before")
    @classmethod
    def _hs_code_as_text(cls, value: object) -> object:
        # HS codes are often exported as numbers by spreadsheets; keep them as text.
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value


class OrderEvent(_Open):
    order_id: str = Field(min_length=1, max_length=200)
    event_type: EventType = "created"
    order_version: int | None = None
    occurred_at: datetime | None = Field(default=None, description="RFC 3339 event time")
    warehouse_id: str | None = None
    parties: list[Party] = Field(min_length=1, max_length=MAX_PARTIES)
    lines: list[OrderLine] = Field(default_factory=list, max_length=MAX_LINES)
    currency: str | None = None
