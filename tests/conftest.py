"""Shared fixtures. Integration tests run the real Tansu broker and real ``screener worker``
processes; nothing Kafka-side is mocked."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.stream.broker import EmbeddedBroker

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real watch-list data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def broker():
    with EmbeddedBroker() as b:
        yield b
