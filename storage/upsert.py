"""INSERT … ON CONFLICT for whichever database the connection talks to."""

from __future__ import annotations

from typing import Any


def dialect_insert(dialect: str, table: Any) -> Any:
    """The dialect's INSERT, which has on_conflict_do_nothing/do_update. Its module is
    imported on first use, not at start: the PostgreSQL one costs ≈ 2 MiB and 18 modules
    that a bot on SQLite never needs."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)
