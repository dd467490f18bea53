"""The Content-Security-Policy forbids inline code; this finds it before a browser does.

Scans every template the project renders, its own and crispy-bootstrap5's form
templates, so a new template with ``<script>…</script>``, ``style="…"`` or an
``onclick=`` fails here with the file and line.
"""

import re
from pathlib import Path

import crispy_bootstrap5
import pytest
from django.conf import settings

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"javascript:", re.IGNORECASE)


def _template_files():
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    roots += [
        Path(settings.BASE_DIR) / app / "templates" for app in ("clinic", "clients", "programs")
    ]
    roots.append(Path(crispy_bootstrap5.__file__).parent / "templates")
    for root in roots:
        if root.exists():
            yield from sorted(p for p in root.rglob("*") if p.suffix in {".html", ".txt"})


def _problems():
    found = []
    for path in _template_files():
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for label, pattern in [
                ("inline <script>", INLINE_SCRIPT),
                ("inline style", INLINE_STYLE),
                ("on* handler", HANDLER),
                ("javascript: URL", JS_URL),
            ]:
                if pattern.search(line):
                    found.append(f"{path}:{number}: {label}: {line.strip()[:120]}")
    return found


def test_there_are_templates_to_check():
    names = {path.name for path in _template_files()}
    assert {"base.html", "login.html", "field.html"} <= names


def test_no_template_has_inline_scripts_styles_or_event_handlers():
    problems = _problems()
    assert not problems, "Move these to static/js or static/css:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "line", ["<script>alert(1)</script>", '<p style="x">', '<a onclick="x()">', "<style>"]
)
def test_the_scan_catches_each_kind(line):
    assert any(p.search(line) for p in (INLINE_SCRIPT, INLINE_STYLE, HANDLER))
