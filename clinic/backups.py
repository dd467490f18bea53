"""Consistent backups and restores of the clinic's database and uploaded files.

PostgreSQL: ``pg_dump`` custom format (one snapshot, so consistent while the app
runs) and ``pg_restore`` in a single transaction. SQLite: the online backup API,
which copies a consistent image page by page while others keep writing.

A backup holds every client's health record: the folder is made ``0700`` and each
file ``0600`` (created so, never readable by others even for a moment). With
``CLINIC_BACKUP_KEY`` set (a Fernet key) the file is also encrypted, as
``….enc``; ``restore`` decrypts it with the same key.
Uploaded files (``MEDIA_ROOT``) go into a tar file beside the database backup,
named after it (``clinic-<stamp>.dump.media.tar``); ``restore`` unpacks it when it
is there. Uploaded files are never changed in place (each upload gets a new
random name), so copying them after the database snapshot misses nothing it
refers to. With object storage (``DJANGO_S3_BUCKET``) the bucket keeps them
(use its versioning), and no tar is written.
"""

from __future__ import annotations

import os
import shutil
import sqlite3

# Runs pg_dump/pg_restore by absolute path with an argument list (no shell).
import subprocess  # noqa: S404  # nosec B404
import tarfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.files.storage import storages
from django.db import connections
from django.utils import timezone

from clinic.db.page_stamp import replace_stamp

FILE_MODE = 0o600
FOLDER_MODE = 0o700
ENCRYPTED_MAGIC = b"CLINIC-BACKUP-FERNET-1\n"
CHUNK_BYTES = 16 * 1024 * 1024  # encrypted in chunks, so memory stays bounded


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


# Steps run by ``manage.py restore`` once the backup is loaded, e.g. re-applying the
# erasures made since the backup was taken. Registered from the owning app's
# ``AppConfig.ready()`` (clinic cannot import the apps above it).
_after_restore: list[tuple[str, Callable[[], int]]] = []


def register_after_restore(label: str, step: Callable[[], int]) -> None:
    """``step()`` returns how many records it changed; ``label`` names them for the operator."""
    if all(existing is not step for _, existing in _after_restore):
        _after_restore.append((label, step))


def after_restore() -> list[tuple[str, int]]:
    return [(label, step()) for label, step in _after_restore]


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


def _fernet() -> Fernet | None:
    key = settings.CLINIC_BACKUP_KEY
    if not key:
        return None
    try:
        return Fernet(key)
    except ValueError as error:
        raise BackupError(
            "CLINIC_BACKUP_KEY is not a Fernet key (32 url-safe base64-encoded bytes); make "
            'one with: python -c "from cryptography.fernet import Fernet; '
            'print(Fernet.generate_key().decode())"'
        ) from error


def _private_file(path: Path) -> Path:
    """Create ``path`` empty, readable and writable by this user only."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    return path


def _private_folder(directory: Path) -> None:
    directory.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    directory.chmod(FOLDER_MODE)


def encrypt_file(source: Path, target: Path, fernet: Fernet) -> None:
    with source.open("rb") as plain, _private_file(target).open("wb") as sealed:
        sealed.write(ENCRYPTED_MAGIC)
        while chunk := plain.read(CHUNK_BYTES):
            token = fernet.encrypt(chunk)
            sealed.write(len(token).to_bytes(4, "big") + token)


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(len(ENCRYPTED_MAGIC)) == ENCRYPTED_MAGIC


def decrypt_file(source: Path, target: Path, fernet: Fernet) -> None:
    with source.open("rb") as sealed, _private_file(target).open("wb") as plain:
        sealed.read(len(ENCRYPTED_MAGIC))
        while header := sealed.read(4):
            token = sealed.read(int.from_bytes(header, "big"))
            try:
                plain.write(fernet.decrypt(token))
            except InvalidToken as error:
                raise BackupError(
                    "This backup does not open with CLINIC_BACKUP_KEY (another key, "
                    "or the file is damaged)."
                ) from error


def backup(*, directory: Path, alias: str = "default") -> Path:
    """Write a timestamped backup into ``directory``; returns its path."""
    _private_folder(directory)
    fernet = _fernet()
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    suffix = {"postgresql": ".dump", "sqlite": ".sqlite3"}.get(_vendor(alias))
    if suffix is None:
        raise BackupError(f"Backups of {_vendor(alias)} databases are not supported.")
    target = directory / f"clinic-{stamp}{suffix}"
    final = target.with_name(target.name + ".enc") if fernet else target
    if any(
        p.exists() for p in (target, final, media_archive_for(target), media_archive_for(final))
    ):
        raise BackupError(f"{final} already exists; wait a second and try again.")
    _private_file(target)
    media = media_archive_for(target)
    try:
        _dump(target, alias)
        wrote_media = backup_media(target=media) is not None
        if fernet:
            encrypt_file(target, final, fernet)
            if wrote_media:
                encrypt_file(media, media_archive_for(final), fernet)
    except BaseException:
        final.unlink(missing_ok=True)
        media_archive_for(final).unlink(missing_ok=True)
        raise
    finally:
        if fernet:
            target.unlink(missing_ok=True)
            media.unlink(missing_ok=True)
    return final


def _dump(target: Path, alias: str) -> None:
    """Fill the (already created, private) ``target`` with a backup of ``alias``."""
    connection = connections[alias]
    if _vendor(alias) == "postgresql":
        args, env = _pg_args_and_env(alias)
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)]
        command += [*args, "--dbname", str(connection.settings_dict["NAME"])]
        # argv list, no shell; values come from settings, not from requests.
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603  # nosec B603
        if result.returncode != 0:
            target.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return
    connection.ensure_connection()
    with sqlite3.connect(target) as destination:
        connection.connection.backup(destination)
    destination.close()


def is_empty(alias: str = "default") -> bool:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


@contextmanager
def _readable(path: Path):
    """``path`` itself, or a private decrypted copy of it removed afterwards."""
    if not is_encrypted(path):
        yield path
        return
    fernet = _fernet()
    if fernet is None:
        raise BackupError("This backup is encrypted: set CLINIC_BACKUP_KEY to its key.")
    plain = path.with_name(f".{path.name}.{os.getpid()}.plain")
    try:
        decrypt_file(path, plain, fernet)
        yield plain
    finally:
        plain.unlink(missing_ok=True)


def restore(*, path: Path, alias: str = "default") -> None:
    """Load ``path`` into the database ``alias``, which must be empty (no tables), and
    the uploaded files saved beside it into ``MEDIA_ROOT``."""
    _restore_database(path=path, alias=alias)
    archive = media_archive_for(path)
    if archive.is_file():
        with _readable(archive) as readable:
            restore_media(archive=readable)


def _restore_database(*, path: Path, alias: str) -> None:
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    if not is_empty(alias):
        raise BackupError(
            "The database is not empty. Restore into a new, empty database "
            "(e.g. createdb clinic_restored) and point DATABASE_URL at it."
        )
    with _readable(path) as readable:
        _load(readable, alias)
    # The restored stamp is the backup's: pages cached from then must not come back.
    replace_stamp(alias)


def _load(path: Path, alias: str) -> None:
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


def media_archive_for(database_backup: Path) -> Path:
    return database_backup.with_name(database_backup.name + ".media.tar")


def _media_on_local_disk() -> bool:
    return not getattr(settings, "S3_BUCKET", "")


# Private files (posture photos: clinic.private_storage) travel in the same tar under
# this prefix and go back to the private storage's folder, never to MEDIA_ROOT.
PRIVATE_PREFIX = "private-media/"


def _local_roots() -> list[tuple[str, Path]]:
    """(prefix in the tar, folder) for each storage kept on this machine's disk."""
    roots = [("", Path(settings.MEDIA_ROOT))]
    try:
        roots.append((PRIVATE_PREFIX, Path(storages["private"].path(""))))
    except (NotImplementedError, KeyError):  # object storage, or no private storage
        pass
    return roots


def backup_media(*, target: Path) -> Path | None:
    """Copy every uploaded file (public and private) into the tar ``target``
    (owner-only); None with object storage."""
    if not _media_on_local_disk():
        return None
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as archive:
        for prefix, root in _local_roots():
            if not root.is_dir():
                continue
            for path in sorted(root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    name = prefix + path.relative_to(root).as_posix()
                    archive.add(path, arcname=name, recursive=False)
    return target


def restore_media(*, archive: Path) -> int:
    """Unpack a media tar into ``MEDIA_ROOT`` (and its private files into the private
    storage's folder); returns how many files it held.

    The ``data`` filter refuses absolute paths, ``..``, links and devices, so a
    tampered archive cannot write outside those folders.
    """
    roots = dict(_local_roots())
    public = roots.pop("")
    with tarfile.open(archive, mode="r") as tar:
        members = [member for member in tar.getmembers() if member.isfile()]
        private = [m for m in members if m.name.startswith(PRIVATE_PREFIX)]
        rest = [m for m in members if not m.name.startswith(PRIVATE_PREFIX)]
        public.mkdir(parents=True, exist_ok=True)
        tar.extractall(public, members=rest, filter="data")  # noqa: S202  # nosec B202
        if private and PRIVATE_PREFIX in roots:
            folder = roots[PRIVATE_PREFIX]
            folder.mkdir(parents=True, exist_ok=True)
            for member in private:
                member.name = member.name.removeprefix(PRIVATE_PREFIX)
            tar.extractall(folder, members=private, filter="data")  # noqa: S202  # nosec B202
    return len(members)
