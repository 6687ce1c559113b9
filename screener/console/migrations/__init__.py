"""Alembic migrations of the console database (run by ``screener console migrate`` and at start)."""
