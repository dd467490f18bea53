"""Consent pages: the owner's text, the client page, the device handed over, the portal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.consent import services
from clients.models import Assessment, ConsentSignature, ConsentVersion
from programs.models import ClientProgram
from tests import factories

pytestmark = pytest.mark.django_db

VERSIONS = reverse("clients:consent_versions")
HANDOVER = reverse("clients:consent_handover")
UNLOCK = reverse("clients:consent_handover_unlock")
PORTAL_CONSENT = reverse("clients:portal_consent")
PORTAL_HOME = reverse("programs:portal_home")


def _version(owner, text="We work together safely.", expected=None):
    return services.save_consent_text(text=text, change_note="", by=owner, expected_number=expected)


# --- the owner's text ------------------------------------------------------------


def test_the_owner_writes_the_first_version_and_then_a_second_after_a_signature(
    owner_client, owner
):
    response = owner_client.post(
        VERSIONS,
        {"text": "Line one.\n\nLine two.", "change_note": "First", "expected_number": 0},
        follow=True,
    )
    assert "version 1 saved" in response.content.decode()
    services.sign_consent(
        client=factories.ClientFactory(), version=1, full_name="Ann Lee", how="portal"
    )
    body = owner_client.get(VERSIONS).content.decode()
    assert "saving makes <strong>version 2</strong>" in body
    assert "1 client signed version 1" in body
    owner_client.post(VERSIONS, {"text": "Changed.", "change_note": "", "expected_number": 1})
    assert list(ConsentVersion.objects.values_list("number", "text")) == [
        (2, "Changed."),
        (1, "Line one.\n\nLine two."),
    ]


def test_a_stale_edit_says_so_at_the_field_and_saves_nothing(owner_client, owner):
    _version(owner)
    response = owner_client.post(
        VERSIONS, {"text": "Mine.", "change_note": "", "expected_number": 0}
    )
    assert "Someone saved a new consent version" in " ".join(
        response.context["form"].errors["text"]
    )
    assert ConsentVersion.objects.get().text == "We work together safely."


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "", "expected_number": 0}, "text"),
        ({"text": "x" * 20_001, "expected_number": 0}, "text"),
        ({"text": "ok", "change_note": "n" * 301, "expected_number": 0}, "change_note"),
        ({"text": "ok", "expected_number": "9" * 30}, "expected_number"),
    ],
)
def test_bad_input_on_the_text_form_is_shown_at_the_field(owner_client, data, field):
    response = owner_client.post(VERSIONS, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not ConsentVersion.objects.exists()


def test_a_practitioner_reads_the_versions_but_cannot_edit_them(practitioner_client, owner):
    _version(owner)
    body = practitioner_client.get(VERSIONS).content.decode()
    assert "We work together safely." in body
    assert "Save the consent text" not in body
    response = practitioner_client.post(
        VERSIONS, {"text": "Mine.", "change_note": "", "expected_number": 1}
    )
    assert response.status_code == 404
    assert ConsentVersion.objects.get().text == "We work together safely."


def test_a_version_page_shows_its_text_and_history(practitioner_client, owner):
    version = _version(owner)
    body = practitioner_client.get(version.get_absolute_url()).content.decode()
    assert "We work together safely." in body
    assert "New consent version" in body
    assert practitioner_client.get(reverse("clients:consent_version", args=[9])).status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_the_versions_page_costs_the_same_queries_for_1_or_12_versions(
    owner_client, owner, django_assert_num_queries, count
):
    for number in range(1, count + 1):
        ConsentVersion.objects.create(number=number, text=f"Text {number}", created_by=owner)
    # savepoint, session, user, the versions with their signature counts and authors
    # (the first is the current one), release
    with django_assert_num_queries(4):
        response = owner_client.get(VERSIONS)
    assert (
        response.content.decode().count("client</td>")
        + response.content.decode().count("clients</td>")
        == count
    )


# --- the client page and the gates beside each action -------------------------------


def test_the_client_page_says_no_consent_and_offers_the_two_ways(practitioner_client, owner):
    _version(owner)
    client = factories.ClientFactory(first_name="Ann")
    body = practitioner_client.get(client.get_absolute_url()).content.decode()
    assert "No consent recorded yet." in body
    assert "Hand the device over to sign" in body
    assert "Record a paper form" in body
    # beside the invitation button
    assert "must agree to the consent text (version 1) before you can invite them" in body


def test_the_client_page_shows_the_signature_and_asks_again_for_a_new_version(
    practitioner_client, owner, practitioner
):
    client = factories.ClientFactory(first_name="Ann")
    services.sign_consent(
        client=client,
        version=_version(owner),
        full_name="Ann Lee",
        how="in clinic",
        by=practitioner,
    )
    body = practitioner_client.get(client.get_absolute_url()).content.decode()
    assert "in the clinic, signed “Ann Lee” (device handed over by" in body
    assert "Hand the device over" not in body
    _version(owner, text="Second.", expected=1)
    body = practitioner_client.get(client.get_absolute_url()).content.decode()
    assert "The consent text changed since (version 2 now)" in body
    services.sign_consent(client=client, version=2, full_name="Ann Lee", how="portal")
    body = practitioner_client.get(client.get_absolute_url()).content.decode()
    assert "Agreed to <a" in body
    assert "Version 1: " in body  # the earlier signature, kept


def test_completing_on_the_assessment_page_without_consent_saves_nothing(
    practitioner_client, owner, practitioner
):
    _version(owner)
    assessment = factories.AssessmentFactory(status="draft", pain_now=5)
    client = assessment.client
    url = reverse("clients:assessment_edit", args=[client.pk, assessment.pk])
    page = practitioner_client.get(url).content.decode()
    assert "before you can complete the assessment" in page
    data = {**practitioner_client.get(url).context["form"].initial}
    form = practitioner_client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["pain_now"] = "2"
    data["complete"] = "1"
    response = practitioner_client.post(url, data)
    assert "Before completing the assessment" in response.content.decode()
    assessment.refresh_from_db()
    assert (assessment.status, assessment.pain_now) == (Assessment.Status.DRAFT, 5)


def test_the_assign_page_says_consent_is_needed_and_refuses_at_the_form(practitioner_client, owner):
    _version(owner)
    client = factories.ClientFactory(first_name="Ann")
    template = factories.build_template(phases=1)
    url = reverse("programs:program_assign", args=[client.pk])
    assert "before you can assign a program" in practitioner_client.get(url).content.decode()
    response = practitioner_client.post(
        url, {"template": template.pk, "start_date": timezone.localdate().isoformat()}
    )
    assert "Before assigning a program, Ann" in response.content.decode()
    assert not ClientProgram.objects.exists()


def test_the_invite_button_is_refused_with_a_message(practitioner_client, owner, mailoutbox):
    _version(owner)
    client = factories.ClientFactory(first_name="Ann", email="ann@example.org")
    response = practitioner_client.post(
        reverse("clients:client_invite", args=[client.pk]), follow=True
    )
    assert "Before inviting them to the portal, Ann" in response.content.decode()
    assert mailoutbox == []


# --- paper -------------------------------------------------------------------------


def test_the_practitioner_records_a_paper_form(practitioner_client, owner):
    _version(owner)
    client = factories.ClientFactory()
    day = timezone.localdate() - timedelta(days=2)
    response = practitioner_client.post(
        reverse("clients:consent_paper", args=[client.pk]),
        {"version": 1, "signed_on": day.isoformat()},
        follow=True,
    )
    assert "Paper consent to version 1 recorded." in response.content.decode()
    signature = ConsentSignature.objects.get()
    assert (signature.how, signature.paper_signed_on) == ("paper", day)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"version": 1, "signed_on": "2999-01-01"}, "signed_on", "future"),
        ({"version": 1, "signed_on": "1066-10-14"}, "signed_on", "Check the year"),
        ({"version": 1, "signed_on": "not a date"}, "signed_on", "Enter a valid date"),
        ({"version": 7, "signed_on": "2026-01-01"}, "version", "valid choice"),
        ({"version": "9" * 40, "signed_on": "2026-01-01"}, "version", "valid choice"),
    ],
)
def test_bad_paper_input_is_shown_at_the_field(practitioner_client, owner, data, field, message):
    _version(owner)
    client = factories.ClientFactory()
    response = practitioner_client.post(reverse("clients:consent_paper", args=[client.pk]), data)
    assert message in " ".join(response.context["form"].errors[field])
    assert not ConsentSignature.objects.exists()


# --- the device handed over -----------------------------------------------------------


@pytest.fixture
def handed_over(practitioner_client, owner, practitioner):
    _version(owner)
    client = factories.ClientFactory(practitioner=practitioner, first_name="Ann")
    response = practitioner_client.post(reverse("clients:consent_handover_start", args=[client.pk]))
    assert response.url == HANDOVER
    return client


def test_while_handed_over_every_other_page_leads_back_to_signing(practitioner_client, handed_over):
    other = factories.ClientFactory()
    for url in [
        reverse("dashboard"),
        other.get_absolute_url(),
        handed_over.get_absolute_url(),
        reverse("clients:client_list") + "?q=a",
        reverse("clients:client_edit", args=[other.pk]),
    ]:
        response = practitioner_client.get(url)
        assert response.status_code == 302
        assert response.url == HANDOVER, url
    response = practitioner_client.post(reverse("clients:note_create", args=[other.pk]), {})
    assert response.url == HANDOVER
    page = practitioner_client.get(HANDOVER).content.decode()
    assert "Hello, Ann" in page
    assert "We work together safely." in page
    assert 'id="main-nav"' not in page  # no menu to wander off with


def test_the_client_signs_then_the_practitioner_unlocks_with_their_password(
    practitioner_client, handed_over, practitioner
):
    practitioner.set_password("the-right-password-2026")
    practitioner.save()
    practitioner_client.force_login(practitioner)
    session = practitioner_client.session
    session["consent_handover"] = {"client": handed_over.pk, "done": False, "attempts": 0}
    session.save()
    response = practitioner_client.post(
        HANDOVER,
        {"sign": "1", "consent-full_name": "Ann Lee", "consent-agree": "on", "consent-version": 1},
        follow=True,
    )
    body = response.content.decode()
    assert "Thank you, Ann" in body
    assert "hand the device back" in body
    signature = ConsentSignature.objects.get()
    assert (signature.how, signature.full_name, signature.recorded_by) == (
        "in_clinic",
        "Ann Lee",
        practitioner,
    )
    response = practitioner_client.post(UNLOCK, {"password": "wrong"})
    assert response.status_code == 400
    assert "That is not your password." in response.content.decode()
    assert practitioner_client.get(reverse("dashboard")).url == HANDOVER
    response = practitioner_client.post(UNLOCK, {"password": "the-right-password-2026"})
    assert response.url == handed_over.get_absolute_url()
    assert practitioner_client.get(reverse("dashboard")).status_code == 200


def test_bad_signing_input_is_shown_at_the_field_and_saves_nothing(
    practitioner_client, handed_over
):
    response = practitioner_client.post(
        HANDOVER,
        {"sign": "1", "consent-full_name": " ", "consent-version": 1},
    )
    form = response.context["sign_form"]
    assert form.errors["full_name"]
    assert "Tick the box" in " ".join(form.errors["agree"])
    response = practitioner_client.post(
        HANDOVER,
        {"sign": "1", "consent-full_name": "Ann", "consent-agree": "on", "consent-version": 7},
    )
    assert "The consent text changed" in " ".join(response.context["sign_form"].errors["version"])
    assert not ConsentSignature.objects.exists()


def test_the_client_may_decline_and_nothing_is_signed(practitioner_client, handed_over):
    response = practitioner_client.post(HANDOVER, {"decline": "1"}, follow=True)
    assert "Nothing was signed." in response.content.decode()
    assert not ConsentSignature.objects.exists()


def test_a_wrong_password_before_signing_keeps_the_signing_form(practitioner_client, handed_over):
    response = practitioner_client.post(UNLOCK, {"password": "guess"})
    body = response.content.decode()
    assert "That is not your password." in body
    assert "Hello, Ann" in body
    assert "Thank you" not in body
    assert '<details class="mt-4" open>' in body


def test_five_wrong_passwords_log_the_session_out(practitioner_client, handed_over):
    for _ in range(4):
        assert practitioner_client.post(UNLOCK, {"password": "guess"}).status_code == 400
    response = practitioner_client.post(UNLOCK, {"password": "guess"})
    assert response.url == reverse("login")
    assert practitioner_client.get(reverse("dashboard")).url.startswith(reverse("login"))


def test_the_handover_page_costs_fixed_queries(
    practitioner_client, handed_over, django_assert_num_queries
):
    # savepoint, session, user, client, release (the current version is cached: the
    # handover was started a request ago)
    with django_assert_num_queries(4):
        response = practitioner_client.get(HANDOVER)
    assert response.status_code == 200


# --- the portal -------------------------------------------------------------------------


def test_the_portal_asks_before_anything_else_and_then_lets_the_client_in(
    portal_client, owner, client_record
):
    _version(owner)
    for url in [PORTAL_HOME, reverse("programs:portal_progress")]:
        response = portal_client.get(url)
        assert response.url.startswith(PORTAL_CONSENT)
    # the urgent advice never waits for paperwork
    assert portal_client.get(reverse("programs:portal_urgent")).status_code == 200
    page = portal_client.get(PORTAL_CONSENT + "?next=/portal/progress/").content.decode()
    assert "Before we start" in page
    response = portal_client.post(
        PORTAL_CONSENT,
        {
            "consent-full_name": client_record.full_name,
            "consent-agree": "on",
            "consent-version": 1,
            "next": "/portal/progress/",
        },
    )
    assert response.url == "/portal/progress/"
    signature = ConsentSignature.objects.get()
    assert (signature.client, signature.how, signature.recorded_by) == (
        client_record,
        "portal",
        None,
    )
    assert portal_client.get(PORTAL_HOME).status_code == 200


def test_a_new_version_asks_the_client_again(portal_client, owner, client_record):
    services.sign_consent(
        client=client_record, version=_version(owner), full_name="A", how="portal"
    )
    assert portal_client.get(PORTAL_HOME).status_code == 200
    _version(owner, text="Second.", expected=1)
    response = portal_client.get(PORTAL_HOME, follow=True)
    assert "Our consent text has changed" in response.content.decode()


def test_the_next_address_cannot_lead_off_the_portal(portal_client, owner):
    _version(owner)
    response = portal_client.post(
        PORTAL_CONSENT,
        {
            "consent-full_name": "Alice Client",
            "consent-agree": "on",
            "consent-version": 1,
            "next": "https://evil.example/",
        },
    )
    assert response.url == PORTAL_HOME


def test_the_portal_consent_page_costs_fixed_queries(
    portal_client, owner, django_assert_num_queries
):
    _version(owner)
    # savepoint, session, user, client, latest signature, current version, release
    with django_assert_num_queries(6):
        response = portal_client.get(PORTAL_CONSENT)
    assert "Sign and continue" in response.content.decode()


def test_a_signed_client_costs_no_consent_query_after_the_first_page(
    portal_client, owner, client_record, django_assert_num_queries
):
    services.sign_consent(
        client=client_record, version=_version(owner), full_name="A", how="portal"
    )
    portal_client.get(reverse("programs:portal_urgent"))  # (exempt: no check yet)
    portal_client.get(PORTAL_HOME)  # checks once, remembers it in the session
    with django_assert_num_queries(1):  # session, user
        portal_client.get(reverse("programs:portal_urgent"))
