"""The page cache (clinic/page_cache.py): a page is served again only to the person it
was rendered for, and never after a write.

These tests commit (``transaction=True``), as a real request does: the stamp is
replaced when a write commits, which a test's usual rolled-back transaction never does.
"""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.test import Client as HttpClient
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.models import Client, SessionNote
from clinic import page_cache
from clinic.db import page_stamp
from clinic.models import PageStamp, SecuritySettings
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
ONCE = re.compile(r'name="once_key" value="([0-9a-f]{32})"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CLINIC_PAGE_CACHE_SECONDS = 60


@pytest.fixture
def record(practitioner):
    return factories.ClientFactory(
        first_name="Ottoline", last_name="Brisk", practitioner=practitioner, status="active"
    )


def _stamp() -> str:
    return PageStamp.objects.get().value


def _without_tokens(html: str) -> str:
    return ONCE.sub("ONCE", CSRF.sub("CSRF", html))


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_page_asked_for_again_is_served_from_the_cache_with_fresh_tokens(
    practitioner_client, record
):
    url = record.get_absolute_url()
    first, rendered_queries = _get(practitioner_client, url)
    again, cached_queries = _get(practitioner_client, url)

    assert "Ottoline" in again
    assert cached_queries == 1  # the session, its user and the stamp: one statement
    assert rendered_queries > cached_queries
    assert _without_tokens(again) == _without_tokens(first)
    # The client page has forms: each serving has its own one-time keys and a CSRF token
    # for this session.
    assert ONCE.findall(again) and set(ONCE.findall(again)).isdisjoint(ONCE.findall(first))
    assert CSRF.findall(again) and CSRF.findall(again) != CSRF.findall(first)


def test_a_form_from_a_cached_page_is_accepted_once(practitioner, record):
    browser = HttpClient(enforce_csrf_checks=True)
    browser.force_login(practitioner)
    url = record.get_absolute_url()
    browser.get(url)
    html, queries = _get(browser, url)
    assert queries == 1
    action = reverse("clients:note_create", args=[record.pk])
    form = re.search(rf'<form[^>]*action="{action}"[^>]*>(.*?)</form>', html, re.S)
    assert form, "the client page has the add-a-note form"
    fields = dict(re.findall(r'name="(csrfmiddlewaretoken|once_key)" value="([^"]+)"', form[1]))
    assert set(fields) == {"csrfmiddlewaretoken", "once_key"}
    post = {**fields, "text": "Walked in without a limp.", "noted_on": "2026-11-30"}
    first = browser.post(action, post)
    repeat = browser.post(action, post)
    assert first.status_code == 302 and repeat.status_code == 302
    assert SessionNote.objects.filter(client=record).count() == 1


@pytest.mark.parametrize(
    "change",
    ["save", "update", "raw_sql", "bulk_note", "archive_note", "raw_delete"],
)
def test_every_kind_of_write_shows_on_the_very_next_request(practitioner_client, record, change):
    note = factories.SessionNoteFactory(client=record, text="Old note text")
    url = record.get_absolute_url()
    _get(practitioner_client, url)
    assert _get(practitioner_client, url)[1] == 1  # cached

    if change == "save":
        record.first_name = "Perpetua"
        record.save()
        expected, gone = "Perpetua", "Ottoline"
    elif change == "update":
        Client.objects.filter(pk=record.pk).update(first_name="Perpetua")
        expected, gone = "Perpetua", "Ottoline"
    elif change == "raw_sql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE clients_client SET first_name = %s WHERE id = %s", ["Perpetua", record.pk]
            )
        expected, gone = "Perpetua", "Ottoline"
    elif change == "bulk_note":
        SessionNote.objects.bulk_create(
            [SessionNote(client=record, author=record.practitioner, text="Bulk new note")]
        )
        expected, gone = "Bulk new note", None
    elif change == "archive_note":
        note.archive(by=record.practitioner, reason="Written on the wrong client")
        expected, gone = None, "Old note text"
    else:  # nothing clinical is deleted by the app; a maintenance script might
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(SessionNote._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [note.pk])  # noqa: S608
        expected, gone = None, "Old note text"

    html, queries = _get(practitioner_client, url)
    assert queries > 1  # rendered afresh
    if expected:
        assert expected in html
    if gone:
        assert gone not in html


def test_the_stamp_is_replaced_once_when_a_transaction_commits_and_not_if_it_rolls_back(record):
    before = _stamp()
    with pytest.raises(RuntimeError), transaction.atomic():
        Client.objects.filter(pk=record.pk).update(first_name="Never")
        raise RuntimeError
    assert _stamp() == before

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        Client.objects.filter(pk=record.pk).update(first_name="Twice")
        Client.objects.filter(pk=record.pk).update(last_name="Over")
        assert _stamp() == before  # not until it commits
    stamp_writes = [q for q in queries if q["sql"].startswith('INSERT INTO "clinic_page_stamp"')]
    assert len(stamp_writes) == 1
    assert _stamp() != before


def test_session_writes_leave_the_stamp_alone(practitioner_client, record):
    practitioner_client.get(record.get_absolute_url())
    before = _stamp()
    session = practitioner_client.session
    session["something"] = "else"
    session.save()
    practitioner_client.get(reverse("dashboard"))
    assert _stamp() == before


def test_another_person_never_gets_the_cached_page(
    practitioner_client, practitioner, other_practitioner, record
):
    practitioner.first_name, other_practitioner.first_name = "Pat", "Quinn"
    practitioner.save()
    other_practitioner.save()
    colleague = HttpClient()
    colleague.force_login(other_practitioner)  # (a login writes: before the pages)
    url = record.get_absolute_url()
    _get(practitioner_client, url)
    assert "Account menu for </span>Pat" in _get(practitioner_client, url)[0]
    html, queries = _get(colleague, url)
    assert queries > 1  # rendered for them
    assert "Account menu for </span>Quinn" in html and "</span>Pat" not in html

    # When the owner limits practitioners to their own clients, the colleague gets a
    # 404 on the very next request, not the page cached a moment ago.
    SecuritySettings.objects.update_or_create(pk=1, defaults={"own_clients_only": True})
    assert colleague.get(url).status_code == 404
    assert colleague.get(url).status_code == 404
    assert _get(practitioner_client, url)[0].count("Ottoline") >= 1


def test_a_client_gets_only_their_own_portal_page(client_user, practitioner):
    client_user.first_name = "Alethea"
    client_user.save()
    other = factories.ClientUserFactory(
        email="bea@example.org", first_name="Beatrix", client_record__practitioner=practitioner
    )
    url = reverse("programs:portal_home")
    alice, bea = HttpClient(), HttpClient()
    alice.force_login(client_user)
    bea.force_login(other)
    _get(alice, url)
    alice_again, queries = _get(alice, url)
    assert queries == 1
    bea_html, bea_queries = _get(bea, url)
    assert bea_queries > 1
    assert "Alethea" in alice_again
    assert "Beatrix" in bea_html and "Alethea" not in bea_html


def test_waiting_messages_are_shown_by_a_freshly_rendered_page(practitioner_client, record):
    url = reverse("dashboard")
    _get(practitioner_client, url)
    assert _get(practitioner_client, url)[1] == 1
    # A message left for the next page (as after a form), with no write.
    storage = CookieStorage(RequestFactory().get("/"))
    practitioner_client.cookies[storage.cookie_name] = storage._encode(
        [Message(messages.INFO, "A message for the next page")]
    )
    html, queries = _get(practitioner_client, url)
    assert "A message for the next page" in html
    assert queries > 1
    html, _ = _get(practitioner_client, url)
    assert "A message for the next page" not in html


def test_a_new_minute_renders_afresh(practitioner_client, record, monkeypatch):
    url = reverse("dashboard")
    _get(practitioner_client, url)
    assert _get(practitioner_client, url)[1] == 1
    monkeypatch.setattr(page_cache, "_minute", lambda: "209901010000")
    assert _get(practitioner_client, url)[1] > 1


def test_without_a_stamp_nothing_is_cached(practitioner_client, record):
    PageStamp.objects.all().delete()
    url = reverse("dashboard")
    _get(practitioner_client, url)
    assert _get(practitioner_client, url)[1] > 1
    # The next write brings the stamp back.
    record.save()
    assert PageStamp.objects.exists()


def test_htmx_and_error_answers_are_not_cached(practitioner_client, record):
    url = reverse("clients:client_list")
    practitioner_client.get(url, headers={"HX-Request": "true"})
    with CaptureQueriesContext(connection) as queries:
        practitioner_client.get(url, headers={"HX-Request": "true"})
    assert len(queries) > 1
    missing = reverse("clients:client_detail", args=[record.pk + 1000])
    assert practitioner_client.get(missing).status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert practitioner_client.get(missing).status_code == 404
    assert len(queries) > 1


def test_the_cache_is_off_when_set_to_zero(practitioner_client, record, settings):
    settings.CLINIC_PAGE_CACHE_SECONDS = 0
    url = record.get_absolute_url()
    _get(practitioner_client, url)
    assert _get(practitioner_client, url)[1] > 1


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ("SELECT 1", False),
        ('  SELECT "a" FROM "b" FOR UPDATE', False),
        ('SAVEPOINT "s1"', False),
        ('RELEASE SAVEPOINT "s1"', False),
        ('INSERT INTO "clients_client" ("a") VALUES (%s)', True),
        ('UPDATE "clients_client" SET "a" = %s', True),
        ('DELETE FROM "programs_program" WHERE id = %s', True),
        ("update clients_client set a = 1", True),
        ('INSERT OR IGNORE INTO "clients_note" VALUES (1)', True),
        ('UPDATE "clinic_session" SET "session_data" = %s', False),
        ('INSERT INTO "clinic_session" VALUES (%s)', False),
        ('INSERT INTO "clinic_page_stamp" (id, value) VALUES (1, %s)', False),
        ("TRUNCATE clients_client", True),
        ("WITH x AS (SELECT 1) UPDATE clients_client SET a = 1", True),
        ("VACUUM ANALYZE", False),
        ("CREATE DATABASE test_x", False),  # schema: migrations replace it when they end
        ("/* note */ UPDATE clients_client SET a = 1", True),
        ("-- note\nDELETE FROM clients_client", True),
        ("EXPLAIN ANALYZE UPDATE clients_client SET a = 1", True),
        ("EXPLAIN SELECT 1", False),
        ("WITH x AS (SELECT 1) SELECT * FROM x", False),
        ("SELECT 1; UPDATE clients_client SET a = 1", True),
        ('INSERT INTO "clinic_usedformkey" ("key") VALUES (%s)', False),
        ('DELETE FROM "axes_accessattempt" WHERE id = 1', False),
    ],
)
def test_which_statements_replace_the_stamp(sql, writes):
    assert page_stamp.writes(sql) is writes


def test_a_safety_yes_from_the_portal_shows_on_the_next_cached_page_for_both_sides(
    practitioner_client, client_user, client_record
):
    """Duty of care: the client's own Today and the practitioner's dashboard and client
    page, each cached a moment before, show the red flag on the very next request."""
    portal = HttpClient()
    portal.force_login(client_user)
    pages = [
        (practitioner_client, reverse("dashboard")),
        (practitioner_client, client_record.get_absolute_url()),
        (portal, reverse("programs:portal_home")),
    ]
    for browser, url in pages:
        browser.get(url)
        html, queries = _get(browser, url)
        assert queries == 1 and "Record resolution" not in html

    answer = portal.post(reverse("programs:portal_safety_check"), {"flag_saddle_numbness": "yes"})
    assert answer["Location"] == reverse("programs:portal_urgent")

    dashboard, client_page, today = (_get(browser, url)[0] for browser, url in pages)
    assert "stop exercise and refer to a physician" in dashboard
    assert client_record.first_name in dashboard.split('id="red-flags"', 1)[1]
    assert "stop exercise and refer to a physician" in client_page
    assert "Record resolution" not in today  # the client never sees the clinician's banner
    assert 'id="red-flags"' not in today


def test_a_write_in_a_rolled_back_savepoint_still_leaves_the_outer_writes_stamped(record):
    before = _stamp()
    with transaction.atomic():
        Client.objects.filter(pk=record.pk).update(first_name="Outer")
        try:
            with transaction.atomic():
                Client.objects.filter(pk=record.pk).update(last_name="Inner")
                raise RuntimeError
        except RuntimeError:
            pass
    assert _stamp() != before


def test_the_stamp_commits_with_the_data_or_nothing_is_saved(record, monkeypatch):
    def broken(connection):
        raise DatabaseError("the stamp could not be written")

    monkeypatch.setattr(page_stamp, "_write", broken)
    with pytest.raises(DatabaseError), transaction.atomic():
        Client.objects.filter(pk=record.pk).update(first_name="Unsaved")
    record.refresh_from_db()
    assert record.first_name == "Ottoline"


def test_a_deactivated_user_gets_no_cached_page(practitioner_client, practitioner, record):
    url = record.get_absolute_url()
    _get(practitioner_client, url)
    practitioner.is_active = False
    practitioner.save()
    response = practitioner_client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_page_being_cached_never_uses_a_consent_version_kept_before_the_stamp(owner):
    from clients.consent import services as consent

    browser = HttpClient()
    browser.force_login(owner)
    url = reverse("dashboard")
    assert "No consent text yet" in _get(browser, url)[0]
    version = consent.save_consent_text(
        text="We keep your records safely.", change_note="", by=owner, expected_number=None
    )
    # What a request that read the old rows could put back between the write and the
    # forgetting after its commit: "no version", kept outside any cached page.
    cache.set(consent.CURRENT_OBJECT_CACHE_KEY, (None, None), 60)
    html, _ = _get(browser, url)
    assert "No consent text yet" not in html
    assert consent.current_version() == version


def test_the_posture_pages_upload_tokens_are_new_on_every_serving(practitioner_client, record):
    assessment = factories.AssessmentFactory(client=record)
    url = reverse("clients:posture", args=[record.pk, assessment.pk])
    first, _ = _get(practitioner_client, url)
    again, queries = _get(practitioner_client, url)
    tokens = re.compile(r'name="(\w+)-token" value="([0-9a-f]{32})"')
    assert queries <= 3  # (an atomic view: BEGIN and COMMIT around the session's query)
    assert len(tokens.findall(first)) == 4
    assert set(tokens.findall(first)).isdisjoint(tokens.findall(again))
