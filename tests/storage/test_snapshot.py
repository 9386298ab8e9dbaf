"""A new SQLite database gets the migrations' schema from storage/migrations/sqlite_schema.sql
(no Alembic at first start); it must be exactly what the migrations build."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storage import db, snapshot

ROOT = Path(__file__).resolve().parents[2]


def schema(path: Path) -> list[tuple[str, str, str, str | None]]:
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                           "ORDER BY type, name").fetchall()
        version = con.execute("SELECT version_num FROM alembic_version").fetchall()
    finally:
        con.close()
    return [*rows, ("version", str(version), "", None)]


def upgrade(path: Path, *, use_snapshot: bool = True) -> None:
    async def run() -> None:
        engine = db.make_engine(f"sqlite:///{path}")
        try:
            await db.upgrade(engine, snapshot=use_snapshot)
        finally:
            await engine.dispose()

    asyncio.run(run())


def test_snapshot_is_of_the_current_migrations() -> None:
    assert db.SQLITE_SCHEMA.read_text(encoding="utf-8") == snapshot.render(), (
        "a migration changed: run `python -m storage.snapshot` and commit the file")


def test_new_database_from_the_snapshot_equals_the_migrated_one(tmp_path: Path) -> None:
    upgrade(tmp_path / "fast.db")
    upgrade(tmp_path / "slow.db", use_snapshot=False)
    assert schema(tmp_path / "fast.db") == schema(tmp_path / "slow.db")
    upgrade(tmp_path / "fast.db")  # at head now: nothing to do
    assert schema(tmp_path / "fast.db") == schema(tmp_path / "slow.db")


def test_first_start_does_not_import_alembic(tmp_path: Path) -> None:
    code = ("import asyncio, sys; from storage import db\n"
            "async def main():\n"
            f"    engine = db.make_engine('sqlite:///{tmp_path / 'new.db'}')\n"
            "    await db.upgrade(engine)\n"
            "    await engine.dispose()\n"
            "asyncio.run(main()); print('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "False"
    assert schema(tmp_path / "new.db")[-1][1] == str([(db.script_head(),)])


def test_a_snapshot_of_other_migrations_leaves_it_to_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As after a migration was added or edited and the snapshot not written again.
    old = tmp_path / "old.sql"
    old.write_text(db.SQLITE_SCHEMA.read_text(encoding="utf-8").replace(
        f"-- migrations: {db.migrations_digest()}", "-- migrations: 0"), encoding="utf-8")
    monkeypatch.setattr(db, "SQLITE_SCHEMA", old)
    upgrade(tmp_path / "a.db")
    upgrade(tmp_path / "b.db", use_snapshot=False)
    assert schema(tmp_path / "a.db") == schema(tmp_path / "b.db")


def test_a_database_with_anything_in_it_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "used.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE mine (x)")
    con.commit()
    con.close()
    assert not db.create_from_snapshot(str(path))
    con = sqlite3.connect(path)
    assert con.execute("SELECT name FROM sqlite_master").fetchall() == [("mine",)]
    con.close()
