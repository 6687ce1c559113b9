"""The ``screener`` command (typer)."""
