"""What the public home page shows from the apps above ``clinic``.

The clinic's description, photos and practitioner profiles live in ``clients``
(``clients.profile``), which registers its part from ``ClientsConfig.ready()``:
imports go down the stack, never up.
"""

from __future__ import annotations

from collections.abc import Callable

Provider = Callable[[object], dict]
_providers: list[Provider] = []


def register_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def home_context(request) -> dict:
    context: dict = {}
    for provider in _providers:
        context.update(provider(request))
    return context
