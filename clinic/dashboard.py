"""The practice dashboard is assembled from sections that each app provides.

A provider is ``f(request) -> list[Section]``; it must run a fixed number of
queries however many clients the clinic has, and must only read: the dashboard
runs outside a transaction (``non_atomic_requests``). Sections are shown in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.module_loading import import_string

PROVIDERS: list[str] = [
    "clients.dashboard.sections",
    "programs.dashboard.sections",
    # each app appends its own.
    "clients.booking.dashboard.sections",
]


@dataclass
class Section:
    template: str
    context: dict = field(default_factory=dict)


def dashboard_sections(request) -> list[Section]:
    sections: list[Section] = []
    for path in PROVIDERS:
        sections.extend(import_string(path)(request))
    return sections
