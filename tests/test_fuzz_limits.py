"""Every form field at its limit and past it, as every visitor: never a 500.

tests/test_fuzz.py throws random junk; this file is deliberate. It opens every page
(every URL pattern, every role), reads each form the page really shows (field names,
types, ``maxlength``, ``min``/``max``, the options of each list), and submits it twice:

* **at the limit**: every text at exactly its maximum length, numbers at their
  maximum (2**31 - 1 without one), the latest date the field allows, real options
  and hidden values kept, so the submission passes validation and reaches the
  services and the database;
* **past it**: one character too many, numbers past the maximum (25 nines without
  one), dates in years 1 and 9999, options that do not exist.

SQLite ignores column lengths; PostgreSQL refuses an overlong value with an error that
only shows as a 500. CI runs this on both (``make test`` on each, .ci/run), and the
PostgreSQL run is the one that counts for lengths.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from django.urls import Resolver404, resolve

from tests.test_access_matrix import PROJECT_ROUTES, ROLES, http_client_for, url_for
from tests.test_fuzz import _is_error, _row_counts

TEXT_TYPES = {"text", "email", "url", "tel", "password", "search", "textarea", None, ""}
NO_MAXLENGTH = 20_000  # a free-text field without a limit gets this much
# Buttons that end the visitor's session or would make later forms meaningless.
SKIP_ACTIONS = {"logout"}


@dataclass
class Field:
    tag: str
    name: str
    type: str | None
    value: str
    attrs: dict
    options: list[str] = dataclasses.field(default_factory=list)


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = dataclasses.field(default_factory=list)


class FormReader(HTMLParser):
    """The forms of a page with their fields and those fields' limits."""

    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value") or "")
        elif tag == "form":
            self._form = Form(attrs.get("action") or "", (attrs.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name"):
            return
        elif tag == "input":
            self._form.fields.append(
                Field(tag, attrs["name"], attrs.get("type"), attrs.get("value") or "", attrs)
            )
        elif tag == "select":
            self._select = Field(tag, attrs["name"], "select", "", attrs)
            self._form.fields.append(self._select)
        elif tag == "textarea":
            self._textarea = Field(tag, attrs["name"], "textarea", "", attrs)
            self._form.fields.append(self._textarea)
        elif tag == "button" and attrs.get("value") is not None:
            self._form.fields.append(
                Field(tag, attrs["name"], "submit", attrs.get("value") or "", attrs)
            )

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def read_forms(html: str) -> list[Form]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


def _text(length: int, kind: str | None) -> str:
    if kind == "email":
        domain = "@example.org"
        return "a" * max(1, length - len(domain)) + domain
    if kind == "url":
        prefix = "https://example.org/"
        return prefix + "p" * max(1, length - len(prefix))
    return ("Ünïcödé 🙂 text " * (length // 16 + 1))[:length]


def _number(field: Field, over: bool) -> list[str]:
    top = field.attrs.get("max")
    if not over:
        return [top or str(2**31 - 1)]
    return [str(int(float(top)) + 1) if top else "9" * 25]


def _values(field: Field, over: bool) -> list[str] | None:
    """What to send for ``field``; None leaves it out (a file, an unchecked box)."""
    kind = (field.type or "").lower()
    if kind in {"file", "image", "reset"}:
        return None
    if kind == "hidden":
        return [field.value]
    if kind == "submit":
        return [field.value] if field.tag == "button" else None
    if kind in {"checkbox", "radio"}:
        return [field.value or "on"]
    if kind == "number":
        return _number(field, over)
    if kind == "date":
        return ["0001-01-01" if over else field.attrs.get("max") or "9999-12-31"]
    if kind == "datetime-local":
        return ["0001-01-01T00:00" if over else "9999-12-31T23:59"]
    if kind == "time":
        return ["24:00" if over else "23:59"]
    if kind == "select":
        real = [option for option in field.options if option]
        if over:
            return ["9" * 25]
        if "multiple" in field.attrs:
            return real
        return [real[-1] if real else ""]
    if kind in TEXT_TYPES or kind == "textarea":
        limit = field.attrs.get("maxlength")
        length = int(limit) if limit else NO_MAXLENGTH
        return [_text(length + 1 if over else length, kind)]
    return ["9" * 25 if over else "x"]


def body_for(form: Form, *, over: bool) -> dict[str, list[str]]:
    body: dict[str, list[str]] = {}
    seen_radio = set()
    for field in form.fields:
        if field.name == "csrfmiddlewaretoken":
            continue
        if (field.type or "").lower() == "radio":
            if field.name in seen_radio:
                continue
            seen_radio.add(field.name)
        values = _values(field, over)
        if values is not None:
            body.setdefault(field.name, []).extend(values)
    return body


def _target(form: Form, page_url: str) -> str | None:
    url = form.action or page_url
    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return None
    return None if match.url_name in SKIP_ACTIONS else url


def _forms_on(http, url: str) -> list[Form]:
    page = http.get(url)
    if page.status_code != 200 or page.streaming or b"<form" not in page.content:
        return []
    return read_forms(page.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("route", PROJECT_ROUTES, ids=lambda route: route.key)
def test_every_field_at_and_past_its_limit_never_gives_a_500(world, route):
    page_url = url_for(route, world)
    for role in ROLES:
        http = http_client_for(world, role)
        for index in range(len(_forms_on(http, page_url))):
            for over in (False, True):
                # Read the page again each time: a save bumps the version its forms carry.
                forms = _forms_on(http, page_url)
                target = _target(forms[index], page_url) if index < len(forms) else None
                if target is None:
                    continue
                form = forms[index]
                before = _row_counts()
                send = http.post if form.method == "post" else http.get
                response = send(target, body_for(form, over=over))
                limits = "past" if over else "at"
                where = f"{form.method.upper()} {target} as {role}, {limits} limits"
                assert response.status_code < 500, where
                if form.method == "post" and _is_error(response):
                    assert _row_counts() == before, f"{where}: refused but saved something"
                if not http.session.get("_auth_user_id") and role != "anonymous":
                    http = http_client_for(world, role)  # a form that ended the session


def test_the_reader_finds_limits_and_options():
    html = """
    <form method="post" action="/x/"><input name="a" maxlength="5">
    <input type="number" name="n" min="0" max="10"><textarea name="t" maxlength="3"></textarea>
    <select name="s"><option value="">--</option><option value="1">One</option></select>
    <input type="hidden" name="version" value="7"><input type="file" name="f"></form>
    """
    (form,) = read_forms(html)
    assert body_for(form, over=False) == {
        "a": [_text(5, "text")],
        "n": ["10"],
        "t": [_text(3, "textarea")],
        "s": ["1"],
        "version": ["7"],
    }
    over = body_for(form, over=True)
    assert (len(over["a"][0]), over["n"], len(over["t"][0])) == (6, ["11"], 4)
