"""Every URL pattern the project serves, straight from the resolver.

The access matrix and the fuzz harness both walk this list, so a page added to
any ``urls.py`` is checked without anyone remembering to add it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or "route:<pattern>" for an unnamed pattern
    route: str
    callback: object
    converters: tuple[str, ...]  # names of the kwargs the pattern needs
    positional: int = 0  # unnamed regex groups (positional arguments)

    @property
    def namespace(self) -> str:
        return self.key.rpartition(":")[0] if not self.key.startswith("route:") else ""


def _walk(resolver: URLResolver, prefix: str, namespace: str):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            key = f"{namespace}{pattern.name}" if pattern.name else f"route:{namespace}{route}"
            regex = pattern.pattern.regex
            named = tuple(regex.groupindex)
            yield Route(key, route, pattern.callback, named, regex.groups - len(named))


def all_routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver(), "", ""):
        seen.setdefault(route.key, route)  # the first pattern with a name wins, as in reverse()
    return list(seen.values())
