"""The console's own settings (``SCREENER_CONSOLE_*``). Kafka, topic names, the signing key and the
policy file are the workers' settings (``screener.config.Settings``), shared on purpose."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ROLES = ("reviewer", "approver", "admin")
DEFAULT_FOUR_EYES = ("WATCHLIST_MATCH", "ADDRESS_MATCH", "EMBARGOED_DESTINATION")
DEFAULT_ALLOW_DAYS = 365


class ConsoleSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SCREENER_CONSOLE_", extra="ignore")

    database_url: str = Field(default="sqlite:///screener-console.db",
                              description="SQLAlchemy URL: sqlite:///path.db or "
                                          "postgresql+psycopg://user:password@host/db")
    host: str = "127.0.0.1"
    port: int = 8080
    sla_hours: float = Field(default=24.0, gt=0, description="A hold older than this is overdue")
    session_hours: float = Field(default=8.0, gt=0, description="A session ends after this long unused")
    secure_cookies: bool = Field(default=False, description="Mark cookies Secure (set it behind TLS)")
    auth_header: str | None = Field(default=None, description="Trust this request header (e.g. "
                                    "X-Forwarded-User) as the signed-in user name, from trusted proxies only")
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.1", "::1"],
        description="Addresses whose auth header (and X-Forwarded-For) is believed; comma-separated")
    login_max_failures: int = Field(default=5, ge=1, description="Failed sign-ins before a user is locked")
    login_lockout_minutes: float = Field(default=15.0, gt=0)
    materialise: bool = Field(default=True, description="Run the Kafka materialiser in this process")
    order_retention_hours: float = Field(default=168.0, gt=0, description="Orders that never had a case "
                                         "are dropped from the database after this long")
    page_size: int = Field(default=100, ge=10, le=1000)

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [v.strip() for v in value.split(",") if v.strip()]
        return value
