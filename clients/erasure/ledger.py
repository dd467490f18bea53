"""The erasure ledger: which clients were anonymised, by id only, outside the database.

A backup taken before an erasure still holds the person's identity. The ledger is
a file kept beside the backups (``CLINIC_ERASURE_LEDGER``), one JSON line per
erasure with the client's id and its portal login's id and nothing else;
``manage.py restore`` re-applies every entry after loading a backup, so
restoring never brings an erased person back.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone


def ledger_path() -> Path:
    return Path(settings.CLINIC_ERASURE_LEDGER)


def append(*, client_id: int, login_id: int | None) -> None:
    """Add one erasure, flushed to disk before returning (raises ``OSError`` if not)."""
    path = ledger_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    line = json.dumps({"client": client_id, "login": login_id, "at": timezone.now().isoformat()})
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as ledger:
        ledger.write(line + "\n")
        ledger.flush()
        os.fsync(ledger.fileno())


def entries() -> list[dict]:
    """Every erasure recorded so far (a torn last line, from a crash mid-write, is skipped)."""
    path = ledger_path()
    if not path.is_file():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("client"), int):
            found.append(entry)
    return found
