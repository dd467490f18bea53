"""``manage.py run_bench``: the bench harness lives in ``clinic.bench.run``."""

from clinic.bench.run import Command

__all__ = ["Command"]
