"""A red flag reaches a person: the first email at once, the owners when nobody
acknowledges it in time, never twice, whatever runs overlap; plain words on the alert."""

import datetime
import threading
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from clients.models import RedFlag, SafetyCheck
from clients.red_flags import services as red_flags
from tests import factories

RAISED = datetime.datetime(2026, 12, 1, 8, 14, tzinfo=ZoneInfo(settings.TIME_ZONE))  # a Tuesday


def _run_at(moment):
    """The scheduled command, with the clock frozen at ``moment``."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _portal_flag(client, **fields):
    values = {
        "source": RedFlag.Source.CHECK_IN,
        "answers": ["saddle_numbness"],
        "raised_by": client.user,
        "raised_at": RAISED,
        "details": "Tingling since the weekend",
    }
    return factories.RedFlagFactory(client=client, **{**values, **fields})


@pytest.fixture
def owners(db):
    return [
        factories.OwnerFactory(email="owner@example.org"),
        factories.OwnerFactory(email="second-owner@example.org"),
    ]


def test_the_alert_reads_in_plain_words_with_the_day_and_time(client_record):
    flag = _portal_flag(client_record, answers=["saddle_numbness"])
    assert flag.summary == "Numbness in the saddle area — reported Tue 1 Dec, 08:14"
    flag.answers = ["bladder_bowel", "saddle_numbness"]
    assert flag.summary.startswith("A new bladder or bowel change; numbness in the saddle area")


def test_a_check_in_flag_emails_the_practitioner_at_once_with_no_health_details(
    client_record, practitioner, owners, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        check = red_flags.record_safety_answers(
            client=client_record,
            answers={"saddle_numbness": True, "bladder_bowel": False},
            source=SafetyCheck.Source.CHECK_IN,
            by=client_record.user,
            note="Numb when I sit",
        )
    flag = check.red_flag
    assert (flag.answers, flag.details, flag.source) == (
        ["saddle_numbness"],
        "Numb when I sit",
        "check_in",
    )
    assert check.answers == {"saddle_numbness": True, "bladder_bowel": False}
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [practitioner.email]
    assert reverse("clients:red_flag_resolve", args=[client_record.pk, flag.pk]) in email.body
    text = (email.subject + email.body).lower()
    for private in (
        "saddle",
        "numb",
        "bladder",
        client_record.first_name.lower(),
        client_record.last_name.lower(),
    ):
        assert private not in text, private
    flag.refresh_from_db()
    assert flag.notified_at is not None
    # The scheduled run does not send it again.
    _run_at(timezone.now())
    assert len(mail.outbox) == 1


def test_a_client_without_a_practitioner_alerts_every_owner(
    owners, django_capture_on_commit_callbacks
):
    client = factories.ClientUserFactory(client_record__practitioner=None).client_record
    with django_capture_on_commit_callbacks(execute=True):
        red_flags.raise_red_flag(
            client=client, answers=["bladder_bowel"], source=RedFlag.Source.CHECK_IN, by=client.user
        )
    assert mail.outbox[0].to == sorted(owner.email for owner in owners)


def test_a_failed_first_email_is_sent_by_the_next_scheduled_run(client_record, practitioner):
    flag = _portal_flag(client_record)
    with mock.patch("clients.red_flags.emails.EmailMessage.send", side_effect=OSError("down")):
        assert red_flags.send_pending_notices() == 0
    flag.refresh_from_db()
    assert flag.notified_at is None  # released, not lost
    _run_at(timezone.now())
    assert [email.to for email in mail.outbox] == [[practitioner.email]]


def test_escalation_waits_for_the_setting_then_emails_every_owner_once(
    client_record, owners, settings
):
    settings.CLINIC_RED_FLAG_ESCALATE_HOURS = 4
    flag = _portal_flag(client_record, notified_at=RAISED)
    _run_at(RAISED + datetime.timedelta(hours=3, minutes=59))
    assert mail.outbox == []
    _run_at(RAISED + datetime.timedelta(hours=4))
    _run_at(RAISED + datetime.timedelta(hours=4, minutes=5))  # twice in a row
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == sorted(owner.email for owner in owners)
    assert "nobody has acknowledged" in mail.outbox[0].body
    assert "saddle" not in mail.outbox[0].body.lower()
    flag.refresh_from_db()
    assert flag.escalated_at == RAISED + datetime.timedelta(hours=4)


def test_escalation_follows_the_setting(client_record, owners, settings):
    settings.CLINIC_RED_FLAG_ESCALATE_HOURS = 1
    _portal_flag(client_record, notified_at=RAISED)
    _run_at(RAISED + datetime.timedelta(hours=1))
    assert len(mail.outbox) == 1


def test_an_acknowledged_or_resolved_flag_is_never_escalated(client_record, practitioner, owners):
    acknowledged = _portal_flag(client_record, notified_at=RAISED)
    red_flags.acknowledge(red_flag=acknowledged, by=practitioner)
    resolved = _portal_flag(client_record, notified_at=RAISED)
    red_flags.clear_red_flag(
        red_flag=resolved, by=practitioner, resolution=RedFlag.Resolution.NOT_CONFIRMED, note="ok"
    )
    _run_at(RAISED + datetime.timedelta(days=2))
    assert mail.outbox == []
    acknowledged.refresh_from_db()
    assert acknowledged.acknowledged_by == practitioner
    assert acknowledged.history.latest().history_user == practitioner


def test_a_flag_a_practitioner_raised_is_theirs_already_and_emails_nobody(
    client_record, practitioner, owners, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        red_flags.raise_red_flag(
            client=client_record,
            answers=["trauma"],
            source=RedFlag.Source.ASSESSMENT,
            by=practitioner,
        )
    _run_at(timezone.now() + datetime.timedelta(days=1))
    assert mail.outbox == []


def test_a_medical_clearance_needs_who_and_when(client_record, practitioner):
    flag = _portal_flag(client_record)
    with pytest.raises(red_flags.RedFlagError, match="date the clearance"):
        red_flags.clear_red_flag(
            red_flag=flag,
            by=practitioner,
            resolution=RedFlag.Resolution.MEDICAL_CLEARANCE,
            note="GP saw them",
            cleared_by_name="Dr Ade",
        )
    red_flags.clear_red_flag(
        red_flag=flag,
        by=practitioner,
        resolution=RedFlag.Resolution.MEDICAL_CLEARANCE,
        note="GP saw them",
        cleared_by_name="Dr Ade",
        cleared_on=timezone.localdate(),
    )
    flag.refresh_from_db()
    assert (flag.is_resolved, flag.cleared_by_name, flag.acknowledged_by) == (
        True,
        "Dr Ade",
        practitioner,
    )


def test_the_alert_page_shows_what_was_reported_and_the_clients_note(
    practitioner_client, client_record
):
    flag = _portal_flag(client_record)
    body = practitioner_client.get(
        reverse("clients:red_flag_resolve", args=[client_record.pk, flag.pk])
    ).content.decode()
    assert "Numbness in the saddle area — reported Tue 1 Dec, 08:14" in body
    assert "Tingling since the weekend" in body
    assert "Numbness or tingling in the saddle area (groin" not in body  # not the question
    assert "Nobody has acknowledged this yet" in body


def test_acknowledging_through_the_page_records_who(
    practitioner_client, practitioner, client_record
):
    flag = _portal_flag(client_record)
    response = practitioner_client.post(
        reverse("clients:red_flag_acknowledge", args=[client_record.pk, flag.pk]), follow=True
    )
    assert "Acknowledged by" in response.content.decode()
    flag.refresh_from_db()
    assert flag.acknowledged_by == practitioner


def test_the_alert_page_costs_the_same_queries_whatever_the_history(
    practitioner_client, client_record, django_assert_num_queries
):
    flag = _portal_flag(client_record)
    url = reverse("clients:red_flag_resolve", args=[client_record.pk, flag.pk])
    # savepoint, session, user, the flag with its client, who raised and who acknowledged
    # it (the client visible to this user: a subquery), release
    with django_assert_num_queries(4):
        practitioner_client.get(url)
    red_flags.acknowledge(red_flag=flag, by=client_record.practitioner)
    with django_assert_num_queries(4):
        response = practitioner_client.get(url)
    assert "Acknowledged by" in response.content.decode()


def test_the_dashboard_alert_reads_in_plain_words_and_says_it_is_unacknowledged(
    practitioner_client, client_record
):
    _portal_flag(client_record)
    body = practitioner_client.get(reverse("dashboard")).content.decode()
    assert "Numbness in the saddle area — reported Tue 1 Dec, 08:14" in body
    assert "Not yet acknowledged" in body


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)
@pytest.mark.django_db(transaction=True)
def test_two_scheduled_runs_at_once_escalate_a_flag_once():
    owner = factories.OwnerFactory(email="owner@example.org")
    client = factories.ClientUserFactory(client_record__practitioner=owner).client_record
    flags = [_portal_flag(client, notified_at=RAISED) for _ in range(5)]
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait(timeout=30)
            _run_at(RAISED + datetime.timedelta(hours=5))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(mail.outbox) == len(flags)  # one escalation per flag, not two
    assert RedFlag.objects.filter(escalated_at__isnull=False).count() == len(flags)
