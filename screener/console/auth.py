"""Named users: argon2id password hashes (argon2-cffi), roles, sessions and CSRF tokens.

Roles, each including the one before:
- reviewer: works the queue: clears holds that need no second reviewer, asks for the clears that
  do, confirms, escalates, adds notes, proposes allow-list records;
- approver: also approves (or rejects) another user's four-eyes clear or allow-list record, and
  revokes allow-list records;
- admin: also sees the users page (accounts are made with ``screener console user add``).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from screener.console.settings import ROLES

_hasher = PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) parameters
# Verified against when a user does not exist, so an unknown name takes as long as a wrong password.
_DUMMY = _hasher.hash("not a password of anyone")

RANK = {role: i for i, role in enumerate(ROLES)}


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise ValueError("a password has at least 8 characters")
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher.check_needs_rehash(stored)


def at_least(role: str, wanted: str) -> bool:
    return RANK.get(role, -1) >= RANK[wanted]


def same_token(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


@dataclass(frozen=True)
class Principal:
    """The authenticated user of a request."""

    username: str
    role: str
    csrf: str
    display_name: str | None = None

    def can(self, wanted: str) -> bool:
        return at_least(self.role, wanted)
