"""Erasure leaves no identity behind (issue 21, point 5): bookings made with the
client's email or phone, the admin's change log, the application log, a pending
portal invitation, and a backup restored after the erasure."""

import io
import json
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from clients.erasure import ledger
from clients.erasure.services import anonymise_client, reapply_erasures
from clients.invitations import services as invitations
from clients.models import Client, Consultation
from clinic.models import User
from tests import factories

EMAIL = "robin.quayle@example.org"
PHONE = "+44 7700 900123"
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def robin(practitioner):
    return factories.ClientFactory(
        first_name="Robin",
        last_name="Quayle",
        email=EMAIL,
        phone=PHONE,
        status=Client.Status.DISCHARGED,
        practitioner=practitioner,
    )


def _history_text(model, ids) -> str:
    rows = model.history.filter(id__in=ids).values()
    return " ".join(str(value) for row in rows for value in row.values())


@pytest.mark.django_db
def test_consultations_booked_with_the_clients_email_or_phone_are_linked_and_scrubbed(
    robin, owner, practitioner
):
    by_email = factories.ConsultationFactory(
        practitioner=practitioner, first_name="Robin", last_name="Q", email=EMAIL.upper()
    )
    by_phone = factories.ConsultationFactory(
        first_name="Rob",
        last_name="Quayle",
        phone=PHONE,
        email="other@example.net",
    )
    stranger = factories.ConsultationFactory(email="x@example.net")
    by_email.status_note = "Called back"
    by_email.save()  # a second history row

    anonymise_client(client=robin, by=owner)

    for consultation in (by_email, by_phone):
        consultation.refresh_from_db()
        assert consultation.client_id == robin.pk
        assert (consultation.email, consultation.phone) == ("", "")
        assert consultation.full_name == f"Anonymised client {robin.pk}"
    text = _history_text(Consultation, [by_email.pk, by_phone.pk])
    for value in ("Robin", "Quayle", "Rob ", EMAIL, EMAIL.upper(), PHONE, "other@example.net"):
        assert value not in text
    stranger.refresh_from_db()
    assert stranger.client_id is None and stranger.email == "x@example.net"


@pytest.mark.django_db
def test_the_admin_change_log_forgets_the_clients_and_logins_names(robin, owner):
    login = factories.ClientUserFactory(email=EMAIL, client_record=None)
    Client.objects.filter(pk=robin.pk).update(user=login)
    for obj, text in ((robin, "Robin Quayle"), (login, EMAIL)):
        LogEntry.objects.create(
            user=owner,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=text,
            action_flag=CHANGE,
        )
    robin.refresh_from_db()
    anonymise_client(client=robin, by=owner)
    reprs = " ".join(LogEntry.objects.values_list("object_repr", flat=True))
    assert "Robin" not in reprs and "Quayle" not in reprs and EMAIL not in reprs


@pytest.mark.django_db
def test_the_application_log_never_writes_an_email_address(client, robin):
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        for _ in range(6):  # past the lock-out, which axes logs as a warning
            client.post(reverse("login"), {"username": EMAIL, "password": "wrong"})
        logging.getLogger("clinic").warning("Reminder for %s failed", EMAIL)
    finally:
        handler.setStream(previous)
    written = stream.getvalue()
    assert "Reminder for [email removed] failed" in written
    assert "AXES" in written  # the lock-out line is there, without the address
    assert "robin.quayle" not in written.lower()


@pytest.mark.django_db
def test_a_pending_invitation_is_a_404_after_erasure_and_submitting_it_is_no_500(
    client, robin, owner, practitioner, mailoutbox
):
    robin.status = Client.Status.ACTIVE
    robin.save()
    invitations.invite_client(client=robin, by=practitioner, base_url="http://testserver/")
    path = mailoutbox[-1].body.split("http://testserver", 1)[1].split()[0]
    assert client.get(path).status_code == 200
    Client.objects.filter(pk=robin.pk).update(status=Client.Status.DISCHARGED)
    robin.refresh_from_db()

    anonymise_client(client=robin, by=owner)

    assert client.get(path).status_code == 404
    password = "a-long-new-password-42"
    response = client.post(path, {"new_password1": password, "new_password2": password})
    assert response.status_code == 404
    assert not User.objects.filter(is_active=True, role="client").exists()


@pytest.mark.django_db
def test_the_ledger_holds_ids_only_and_reapplies_to_an_older_copy(robin, owner):
    login = factories.ClientUserFactory(email=EMAIL, client_record=None)
    Client.objects.filter(pk=robin.pk).update(user=login)
    robin.refresh_from_db()
    anonymise_client(client=robin, by=owner)

    text = ledger.ledger_path().read_text()
    assert json.loads(text) == {"client": robin.pk, "login": login.pk, "at": json.loads(text)["at"]}
    assert "Robin" not in text and EMAIL not in text
    assert oct(ledger.ledger_path().stat().st_mode & 0o777) == "0o600"

    # As if an older backup had been restored: the identity is back.
    Client.objects.filter(pk=robin.pk).update(
        first_name="Robin", last_name="Quayle", email=EMAIL, anonymised_at=None, user=login
    )
    User.objects.filter(pk=login.pk).update(email=EMAIL, is_active=True)
    assert reapply_erasures() == 1
    robin.refresh_from_db()
    login.refresh_from_db()
    assert robin.is_anonymised and robin.first_name == "Anonymised" and robin.email == ""
    assert EMAIL not in login.email and not login.is_active
    assert reapply_erasures() == 0  # nothing left to do


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file round trip")
@pytest.mark.django_db(transaction=True)
def test_restoring_a_backup_taken_before_an_erasure_does_not_bring_the_person_back(
    tmp_path, settings
):
    owner = factories.OwnerFactory(email="owner@example.org")
    robin = factories.ClientFactory(
        first_name="Robin", last_name="Quayle", email=EMAIL, status=Client.Status.DISCHARGED
    )
    out = io.StringIO()
    call_command("backup", "--dir", str(tmp_path / "backups"), stdout=out)
    backup_file = out.getvalue().strip()
    anonymise_client(client=robin, by=owner)

    restored = tmp_path / "restored.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {
        "DATABASE_URL": f"sqlite:///{restored}",
        "CLINIC_ERASURE_LEDGER": str(settings.CLINIC_ERASURE_LEDGER),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed argv
        [sys.executable, "manage.py", "restore", backup_file],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Erasures re-applied from the ledger: 1" in result.stdout
    with sqlite3.connect(restored) as db:
        row = db.execute(
            "SELECT first_name, last_name, email FROM clients_client WHERE id = ?", [robin.pk]
        ).fetchone()
        history = db.execute("SELECT first_name, email FROM clients_historicalclient").fetchall()
    assert row == ("Anonymised", f"client {robin.pk}", "")
    assert all(EMAIL not in str(h) and "Robin" not in str(h) for h in history)
