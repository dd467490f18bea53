"""Suggestions shown at the top of the client page by the apps above ``clients``.

A provider ``f(client) -> list[Notice]`` runs a fixed number of queries; ``programs``
registers its reassessment suggestion from ``ProgramsConfig.ready()`` (``clients``
cannot import ``programs``: docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

_providers: list = []


@dataclass
class Notice:
    title: str
    reasons: list[str] = field(default_factory=list)
    action_label: str = ""
    action_url: str = ""


def register_provider(provider) -> None:
    """Add ``provider(client) -> list[Notice]``; registering it again changes nothing."""
    if provider not in _providers:
        _providers.append(provider)


def notices_for(client) -> list[Notice]:
    found: list[Notice] = []
    for provider in _providers:
        found.extend(provider(client))
    return found
