"""More work for the scheduled command (``manage.py send_reminders``, cron every 5 minutes).

The command lives in ``clients``; an app above it that has something to send on the same
beat (``programs``: exercise reminders) registers a job from its ``AppConfig.ready()``.
A job takes ``now`` and returns how many messages it sent, and must be safe when two
runs overlap (claim before sending).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

Job = Callable[..., int]
_jobs: dict[str, Job] = {}


def register_job(name: str, job: Job) -> None:
    """``name`` is what the command's summary line calls the count, e.g. "exercise reminder(s)"."""
    _jobs[name] = job


def run_jobs(*, now: datetime) -> list[tuple[str, int]]:
    return [(name, job(now=now)) for name, job in _jobs.items()]
