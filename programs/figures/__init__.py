"""Drawn pictures of exercises: a stick figure posed from joint angles, as SVG.

``library`` holds each demo exercise's start and end poses; ``svg`` draws them.
An exercise names its figure by key (``Exercise.figure``).
"""

from __future__ import annotations

from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe

from programs.figures import svg
from programs.figures.library import BY_KEY, CHOICES, FIGURES

__all__ = ["BY_KEY", "CHOICES", "FIGURES", "figure_for", "motion_svg", "still_svg"]


def figure_for(key: str) -> svg.Figure | None:
    return BY_KEY.get(key or "")


# The pictures depend on nothing but the figure data, so each is drawn once per process.
# mark_safe below: the markup is built from the figure data's numbers, and its only
# text (the descriptions) is escaped in programs.figures.svg.


@lru_cache(maxsize=256)
def still_svg(key: str, which: str) -> SafeString:
    """The start or end pose of figure ``key`` as inline SVG markup."""
    return mark_safe(svg.still(BY_KEY[key], which))  # noqa: S308  # nosec B308 B703


@lru_cache(maxsize=128)
def motion_svg(key: str) -> SafeString:
    return mark_safe(svg.animated(BY_KEY[key]))  # noqa: S308  # nosec B308 B703
