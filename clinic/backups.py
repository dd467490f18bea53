"""Consistent backups and restores of the clinic's database.

PostgreSQL: ``pg_dump`` custom format (one snapshot, so consistent while the app
runs) and ``pg_restore`` in a single transaction. SQLite: the online backup API,
which copies a consistent image page by page while others keep writing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3

# Runs pg_dump/pg_restore by absolute path with an argument list (no shell).
import subprocess  # noqa: S404  # nosec B404
from pathlib import Path

from django.db import connections
from django.utils import timezone


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


def _vendor(alias: str) -> str:
    return connections[alias].vendor


def _pg_args_and_env(alias: str) -> tuple[list[str], dict[str, str]]:
    conf = connections[alias].settings_dict
    args = []
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client).")
    return path


def backup(*, directory: Path, alias: str = "default") -> Path:
    """Write a timestamped backup into ``directory``; returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    connection = connections[alias]
    if _vendor(alias) == "postgresql":
        target = directory / f"clinic-{stamp}.dump"
        args, env = _pg_args_and_env(alias)
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)]
        command += [*args, "--dbname", str(connection.settings_dict["NAME"])]
        # argv list, no shell; values come from settings, not from requests.
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603  # nosec B603
        if result.returncode != 0:
            target.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    if _vendor(alias) == "sqlite":
        target = directory / f"clinic-{stamp}.sqlite3"
        if target.exists():
            raise BackupError(f"{target} already exists; wait a second and try again.")
        connection.ensure_connection()
        with sqlite3.connect(target) as destination:
            connection.connection.backup(destination)
        destination.close()
        return target
    raise BackupError(f"Backups of {_vendor(alias)} databases are not supported.")


def is_empty(alias: str = "default") -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore(*, path: Path, alias: str = "default") -> None:
    """Load ``path`` into the database ``alias``, which must be empty (no tables)."""
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    if not is_empty(alias):
        raise BackupError(
            "The database is not empty. Restore into a new, empty database "
            "(e.g. createdb clinic_restored) and point DATABASE_URL at it."
        )
    connection = connections[alias]
    if _vendor(alias) == "postgresql":
        args, env = _pg_args_and_env(alias)
        command = [_tool("pg_restore"), "--no-owner", "--single-transaction", "--exit-on-error"]
        command += [*args, "--dbname", str(connection.settings_dict["NAME"]), str(path)]
        connection.close()
        # argv list, no shell; values come from settings and the operator's command line.
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603  # nosec B603
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    if _vendor(alias) == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()
        return
    raise BackupError(f"Restoring into {_vendor(alias)} databases is not supported.")
