"""Fields a page marks wrong (Bootstrap's ``is-invalid``) without saying why.

A red field needs its message: one the field points at with ``aria-describedby``,
or the ``<id>_error`` block Django and crispy forms write under it. A field marked
without one is a mark nobody can act on, and a screen reader hears nothing at all.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text_by_id: dict[str, str] = {}
        self.invalid: list[dict] = []
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "is-invalid" in (attrs.get("class") or "").split():
            self.invalid.append(attrs)
        if attrs.get("id"):
            self.text_by_id.setdefault(attrs["id"], "")
        if tag not in VOID:
            self._open.append((tag, attrs.get("id")))

    def handle_startendtag(self, tag, attrs):
        self._open.append((tag, None))
        self.handle_starttag(tag, attrs)
        self._open.pop()

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                return

    def handle_data(self, data):
        for _tag, element_id in self._open:
            if element_id:
                self.text_by_id[element_id] += data


def unexplained_invalid_fields(html: str) -> list[str]:
    """The names (or ids) of the elements marked invalid with no message to read."""
    reader = _Reader()
    reader.feed(html)
    missing = []
    for attrs in reader.invalid:
        element_id = attrs.get("id") or ""
        candidates = (attrs.get("aria-describedby") or "").split()
        if element_id:
            # A choice's id is its field's id and the option's number: id_kinds_0.
            candidates += [f"{element_id}_error", re.sub(r"_\d+$", "", element_id) + "_error"]
        if not any(reader.text_by_id.get(c, "").strip() for c in candidates):
            missing.append(attrs.get("name") or element_id or str(attrs))
    return missing
