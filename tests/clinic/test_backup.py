"""Backups round-trip: seed a clinic, back it up, restore into an empty database, compare."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = 5


def _restore_in_a_fresh_process(path: Path, database_url: str, **extra_env):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DATABASE_URL"] = database_url
    env.update(extra_env)
    # Not the repository's ledger: erasures made while developing must not touch this copy.
    env["CLINIC_ERASURE_LEDGER"] = str(path.parent / "test-erasure-ledger.jsonl")
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed argv
        [sys.executable, "manage.py", "restore", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout


def _snapshot(cursor, tables, quote):
    """Row count and the first rows (by primary key) of every table.

    `tables` maps each table to its primary-key column: ordering by the first column is
    not enough, because a history table's first column repeats the tracked row's id.
    """
    state = {}
    for table, key in tables.items():
        name = quote(table)
        cursor.execute(f"SELECT COUNT(*) FROM {name}")  # noqa: S608 - names from introspection
        count = cursor.fetchone()[0]
        order = quote(key) if key else "1"
        cursor.execute(f"SELECT * FROM {name} ORDER BY {order} LIMIT {SAMPLE}")  # noqa: S608
        state[table] = (count, [tuple(row) for row in cursor.fetchall()])
    return state


def _source_snapshot():
    with connection.cursor() as cursor:
        tables = {
            table: connection.introspection.get_primary_key_column(cursor, table)
            for table in connection.introspection.table_names(cursor)
        }
    # The driver's own cursor, so values come back as the restored side's do.
    raw = connection.connection.cursor()
    return tables, _snapshot(raw, tables, connection.ops.quote_name)


def _assert_same(source, restored):
    assert set(restored) == set(source)
    # The page cache's stamp gets a new value on restore (clinic/db/page_stamp.py): pages
    # cached before must not come back. One row on both sides.
    stamp = "clinic_page_stamp"
    assert source[stamp][0] == restored[stamp][0] == 1
    assert source[stamp][1] != restored[stamp][1]
    source, restored = dict(source), dict(restored)
    del source[stamp], restored[stamp]
    assert restored == source
    counts = {table: count for table, (count, _) in source.items()}
    assert counts["clinic_user"] >= 6  # the demo users came through
    assert sum(counts.values()) > 6


@pytest.fixture
def seeded(transactional_db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
def test_a_sqlite_backup_restores_into_an_empty_database_with_every_row(seeded, tmp_path):
    path = Path(_call("backup", "--dir", str(tmp_path / "backups")))
    assert path.name.startswith("clinic-") and path.suffix == ".sqlite3"
    tables, source = _source_snapshot()

    restored_file = tmp_path / "restored.sqlite3"
    _restore_in_a_fresh_process(path, f"sqlite:///{restored_file}")
    # Same type detection as Django's own SQLite connection.
    detect = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
    with sqlite3.connect(restored_file, detect_types=detect) as restored:
        state = _snapshot(restored.cursor(), tables, connection.ops.quote_name)
    _assert_same(source, state)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL round trip")
def test_a_postgresql_backup_restores_into_an_empty_database_with_every_row(seeded, tmp_path):
    import shutil

    import psycopg

    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        if os.environ.get("CI") == "true":
            pytest.fail("pg_dump/pg_restore are needed in CI")
        pytest.skip("pg_dump/pg_restore are not installed")

    path = Path(_call("backup", "--dir", str(tmp_path)))
    assert path.suffix == ".dump"
    tables, _ = _source_snapshot()

    conf = connection.settings_dict
    target = f"{conf['NAME']}_restore"
    admin = {"host": conf["HOST"], "port": conf["PORT"], "user": conf["USER"]}
    if conf.get("PASSWORD"):
        admin["password"] = conf["PASSWORD"]
    # Both sides read through plain psycopg connections, so JSON and time zones come
    # back in the same Python types (Django's connection registers its own loaders).
    with psycopg.connect(dbname=conf["NAME"], **admin) as original:
        source = _snapshot(original.cursor(), tables, connection.ops.quote_name)
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{target}"')
        server.execute(f'CREATE DATABASE "{target}"')
    try:
        password = f":{conf['PASSWORD']}" if conf.get("PASSWORD") else ""
        url = f"postgres://{conf['USER']}{password}@{conf['HOST']}:{conf['PORT']}/{target}"
        _restore_in_a_fresh_process(path, url)
        with psycopg.connect(dbname=target, **admin) as restored:
            state = _snapshot(restored.cursor(), tables, connection.ops.quote_name)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{target}"')
    _assert_same(source, state)


def _call(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    backup_file = tmp_path / "clinic-x.dump"
    backup_file.write_bytes(b"not really a backup")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup_file))


@pytest.mark.django_db
def test_restore_says_when_the_file_is_missing(tmp_path):
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing.dump"))


# Private files, optional encryption (issue 21 point 13) -------------------------------

PLAIN_HEADERS = (b"PGDMP", b"SQLite format 3")


@pytest.mark.django_db
def test_backups_are_readable_by_their_owner_only(tmp_path, settings):
    """The audit found backup files 0644 in a 0755 folder."""
    folder = tmp_path / "backups"
    settings.CLINIC_BACKUP_KEY = ""
    path = Path(_call("backup", "--dir", str(folder)))
    assert path.read_bytes().startswith(PLAIN_HEADERS)
    assert (path.stat().st_mode & 0o777, folder.stat().st_mode & 0o777) == (0o600, 0o700)
    folder.chmod(0o755)  # an existing folder is tightened too
    path.unlink()
    path.with_name(path.name + ".media.tar").unlink(missing_ok=True)
    _call("backup", "--dir", str(folder))
    assert folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.django_db
def test_with_a_key_the_backup_is_encrypted_and_restore_needs_that_key(tmp_path, settings):
    from cryptography.fernet import Fernet

    from clinic import backups

    settings.CLINIC_BACKUP_KEY = Fernet.generate_key().decode()
    path = Path(_call("backup", "--dir", str(tmp_path)))
    assert path.name.endswith((".dump.enc", ".sqlite3.enc"))
    sealed = path.read_bytes()
    assert sealed.startswith(backups.ENCRYPTED_MAGIC)
    assert not any(header in sealed for header in PLAIN_HEADERS)
    assert path.stat().st_mode & 0o777 == 0o600
    media = path.with_name(path.name + ".media.tar")
    # no plain copy left behind; the uploaded files are sealed with the same key
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, media.name]
    assert media.read_bytes().startswith(backups.ENCRYPTED_MAGIC)

    plain = tmp_path / "check"
    backups.decrypt_file(path, plain, Fernet(settings.CLINIC_BACKUP_KEY))
    assert plain.read_bytes().startswith(PLAIN_HEADERS)

    settings.CLINIC_BACKUP_KEY = Fernet.generate_key().decode()
    with pytest.raises(backups.BackupError, match="does not open with CLINIC_BACKUP_KEY"):
        with backups._readable(path):
            pass
    settings.CLINIC_BACKUP_KEY = ""
    with pytest.raises(backups.BackupError, match="set CLINIC_BACKUP_KEY"):
        with backups._readable(path):
            pass
    settings.CLINIC_BACKUP_KEY = "not-a-key"
    with pytest.raises(CommandError, match="not a Fernet key"):
        call_command("backup", "--dir", str(tmp_path))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
def test_an_encrypted_sqlite_backup_restores_with_the_key(seeded, tmp_path, settings):
    from cryptography.fernet import Fernet

    key = Fernet.generate_key().decode()
    settings.CLINIC_BACKUP_KEY = key
    path = Path(_call("backup", "--dir", str(tmp_path / "backups")))
    tables, source = _source_snapshot()
    restored_file = tmp_path / "restored.sqlite3"
    _restore_in_a_fresh_process(path, f"sqlite:///{restored_file}", CLINIC_BACKUP_KEY=key)
    detect = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
    with sqlite3.connect(restored_file, detect_types=detect) as restored:
        state = _snapshot(restored.cursor(), tables, connection.ops.quote_name)
    _assert_same(source, state)
