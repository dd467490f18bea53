"""The practice dashboard is assembled from sections that each app provides.

A provider is ``f(request) -> list[Section]``; it must run a fixed number of
queries however many clients the clinic has, and must only read: the dashboard
runs outside a transaction (``non_atomic_requests``).

``clinic`` sits below the apps that fill the dashboard, so it cannot import them:
each app registers its providers from its ``AppConfig.ready()`` with
``register_provider(f, place=n)``; sections are shown by ``place``, lowest first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Provider = Callable[..., list["Section"]]
_providers: list[tuple[int, Provider]] = []


@dataclass
class Section:
    template: str
    context: dict = field(default_factory=dict)


def register_provider(provider: Provider, *, place: int) -> None:
    """Add ``provider``'s sections at ``place``; registering it again changes nothing."""
    if any(known is provider for _, known in _providers):
        return
    _providers.append((place, provider))
    _providers.sort(key=lambda entry: entry[0])


def providers() -> list[Provider]:
    return [provider for _, provider in _providers]


def dashboard_sections(request) -> list[Section]:
    sections: list[Section] = []
    for provider in providers():
        sections.extend(provider(request))
    return sections
