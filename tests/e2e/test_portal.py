"""A client's first days in the portal, on a phone: invitation, today's exercises, a
session logged, and the practitioner seeing it."""

import datetime
import re

from django.core import mail
from django.utils import timezone

from clients.invitations import services as invitations
from programs import services
from programs.models import SessionLog
from tests import factories
from tests.e2e.conftest import PHONE, assert_accessible, log_in
from tests.factories import TEST_PASSWORD

NEW_PASSWORD = "a-long-portal-pass-73"


def test_an_invited_client_logs_a_session_and_the_practitioner_sees_it(
    transactional_db, page_factory, live_server
):
    practitioner = factories.PractitionerFactory(email="pat@example.org")
    record = factories.ClientFactory(
        practitioner=practitioner, first_name="Dana", last_name="Reed", email="dana@example.org"
    )
    today = timezone.localdate()
    program = services.assign_program(
        client=record,
        template=factories.build_template(phases=2, exercises_per_phase=2),
        start_date=today - datetime.timedelta(days=10),
        by=practitioner,
    )
    # Last week's session, so a worse one today shows as rising pain.
    SessionLog.objects.create(
        program=program,
        phase=program.current_phase,
        performed_on=today - datetime.timedelta(days=5),
        pain_before=3,
        pain_after=2,
    )
    first = program.current_phase.items.order_by("position").first()
    invitations.invite_client(client=record, by=practitioner, base_url=live_server.url + "/")
    link = re.search(r"https?://\S+/portal/welcome/\S+/", mail.outbox[-1].body).group(0)

    page = page_factory(PHONE)
    page.goto(link)
    assert_accessible(page)
    assert "Welcome, Dana" in page.content()
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password and continue").click()
    page.wait_for_load_state()

    # Today's exercises: a summary, each linking to its page of the session.
    assert page.get_by_role("link", name=first.exercise.name).is_visible()
    assert page.get_by_role("link", name="Start today's session").is_visible()
    assert "Week 2 of" in page.content()
    assert_accessible(page)

    # The form without the guide, for a session done away from the phone.
    page.get_by_role("link", name="log a session without the guide").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label(re.compile(f"^{re.escape(first.exercise.name)}")).check()
    page.get_by_label("Pain before (0-10)").fill("3")
    page.get_by_label("Pain after (0-10)").fill("6")
    page.get_by_label("About the same").check()
    page.get_by_label("Moderate").check()
    page.get_by_label("Anything to tell your practitioner?").fill("Sore after the bridges")
    # Worse after than before: the safety questions (always shown) must be answered.
    questions = page.get_by_role("group", name="First, since your last session")
    assert questions.is_visible()
    for radio in questions.get_by_role("radio", name="No").all():
        radio.check()
    assert_accessible(page)
    page.get_by_role("button", name="Save session").click()
    page.wait_for_load_state()
    assert "saved" in page.content()
    assert "1 session logged today" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="My progress").click()
    page.wait_for_load_state()
    assert "2 sessions logged in the last 28 days" in page.content()
    assert_accessible(page)

    log = SessionLog.objects.get(program=program, performed_on=today)
    assert list(log.completions.values_list("program_exercise_id", flat=True)) == [first.pk]

    staff = page_factory(PHONE)
    practitioner.set_password(TEST_PASSWORD)
    practitioner.save()
    log_in(staff, practitioner.email, TEST_PASSWORD)
    staff.goto("/practice/")
    assert "Pain rising: 2 → 6 after sessions this week" in staff.content()
    assert_accessible(staff)
    staff.get_by_role("link", name="Dana Reed").first.click()
    staff.wait_for_load_state()
    assert "Sore after the bridges" in staff.content()
    assert_accessible(staff)
