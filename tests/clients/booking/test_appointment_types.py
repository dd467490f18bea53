"""Appointment types: the owner's pages, each type's rules, and the free consultation
that every existing booking became."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from clients.booking import services as booking
from clients.models import AppointmentType, Consultation
from tests import factories
from tests.clients.booking.booking_support import make_bookable

pytestmark = pytest.mark.django_db


def test_the_free_consultation_type_exists_after_migrating_with_the_old_defaults():
    free = AppointmentType.objects.get(kind=AppointmentType.Kind.FREE_CONSULTATION)
    assert (free.name, free.minutes, free.buffer_minutes) == ("Free consultation", 30, 10)
    assert (free.min_notice_hours, free.cancel_cutoff_hours) == (12, 12)
    assert free.bookable_by == AppointmentType.BookableBy.ANYONE


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_makes_old_consultations_free_consultations_with_the_clinics_rules():
    executor = MigrationExecutor(connection)
    before, after = (
        [("clients", "0015_appointment_types")],
        [("clients", "0017_appointment_type_required")],
    )
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old.get_model("clients", "AppointmentType").objects.all().delete()
    old.get_model("clients", "BookingSettings").objects.create(
        pk=1,
        consultation_minutes=45,
        buffer_minutes=5,
        min_notice_hours=24,
        horizon_days=30,
        cancel_cutoff_hours=6,
        accepting=True,
    )
    user = old.get_model("clinic", "User").objects.create(
        email="p@example.org", role="practitioner"
    )
    now = timezone.now()
    old.get_model("clients", "Consultation").objects.create(
        practitioner=user,
        start=now,
        end=now + timedelta(minutes=45),
        first_name="A",
        last_name="B",
        email="a@example.org",
        message="",
        token_hash="x" * 64,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    free = new.get_model("clients", "AppointmentType").objects.get()
    assert (free.kind, free.minutes, free.buffer_minutes) == ("free_consultation", 45, 5)
    assert (free.min_notice_hours, free.cancel_cutoff_hours) == (24, 6)
    assert new.get_model("clients", "Consultation").objects.get().appointment_type_id == free.pk
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"minutes": 5}, "minutes"),
        ({"minutes": 600}, "minutes"),
        ({"buffer_minutes": 200}, "buffer_minutes"),
        ({"bookable_by": "anyone"}, "bookable_by"),  # only the free consultation is public
    ],
)
def test_a_type_with_impossible_rules_is_refused_with_a_message_on_the_field(fields, error_field):
    kind = AppointmentType(name="Follow-up", kind="follow_up", **fields)
    with pytest.raises(ValidationError) as error:
        kind.full_clean()
    assert error_field in error.value.message_dict


def test_the_free_consultation_stays_bookable_by_anyone():
    free = AppointmentType.free_consultation()
    free.bookable_by = AppointmentType.BookableBy.STAFF
    with pytest.raises(ValidationError, match="public page"):
        free.full_clean()


def test_a_follow_ups_length_and_break_set_its_open_times():
    practitioner = make_bookable()
    follow_up = factories.AppointmentTypeFactory(minutes=45, buffer_minutes=15)
    day = timezone.localdate() + timedelta(days=3)
    slots = booking.load_availability(
        first_day=day, last_day=day, appointment_type=follow_up
    ).slots_for(practitioner.pk)
    steps = {b - a for a, b in zip(slots, slots[1:], strict=False)}
    assert steps == {timedelta(minutes=60)}  # 45 minutes + a 15-minute break, 9:00 to 17:00
    assert len(slots) == 8


def test_a_follow_up_keeps_its_break_clear_of_a_free_consultation():
    practitioner = make_bookable()
    follow_up = factories.AppointmentTypeFactory(minutes=45, buffer_minutes=15)
    day = timezone.localdate() + timedelta(days=3)
    free_slots = booking.load_availability(first_day=day, last_day=day).slots_for(practitioner.pk)
    factories.ConsultationFactory(
        practitioner=practitioner, start=free_slots[0], end=free_slots[0] + timedelta(minutes=30)
    )
    slots = booking.load_availability(
        first_day=day, last_day=day, appointment_type=follow_up
    ).slots_for(practitioner.pk)
    # 9:00-9:30 is taken; with its 15-minute break the first follow-up fits at 10:00.
    assert slots[0] - free_slots[0] == timedelta(hours=1)


def test_the_type_pages_are_for_the_owner_only(client, practitioner_client, owner):
    url = reverse("clients:appointment_type_list")
    assert practitioner_client.get(url).status_code == 404
    client.force_login(owner)
    assert "Free consultation" in client.get(url).content.decode()


def test_the_owner_adds_a_type_with_its_rules_and_history(owner_client, owner):
    data = {
        "name": "Reassessment",
        "kind": "reassessment",
        "minutes": "60",
        "buffer_minutes": "15",
        "bookable_by": "clients",
        "min_notice_hours": "24",
        "cancel_cutoff_hours": "48",
        "colour": "purple",
        "active": "on",
        "position": "3",
    }
    response = owner_client.post(reverse("clients:appointment_type_create"), data)
    assert response.status_code == 302
    kind = AppointmentType.objects.get(name="Reassessment")
    assert (kind.minutes, kind.cancel_cutoff_hours, kind.colour) == (60, 48, "purple")
    assert kind.history.get().history_user == owner
    data["minutes"] = "3"
    response = owner_client.post(reverse("clients:appointment_type_edit", args=[kind.pk]), data)
    assert "between 10 and 480" in response.content.decode()
    kind.refresh_from_db()
    assert kind.minutes == 60


def test_the_free_consultations_kind_and_audience_cannot_be_changed_from_its_page(owner_client):
    free = AppointmentType.objects.get(kind="free_consultation")
    data = {
        "name": "Free chat",
        "kind": "follow_up",
        "minutes": "20",
        "buffer_minutes": "5",
        "bookable_by": "staff",
        "min_notice_hours": "2",
        "cancel_cutoff_hours": "2",
        "colour": "green",
        "position": "0",
    }
    owner_client.post(reverse("clients:appointment_type_edit", args=[free.pk]), data)
    free.refresh_from_db()
    assert (free.name, free.minutes) == ("Free chat", 20)
    assert (free.kind, free.bookable_by, free.active) == ("free_consultation", "anyone", True)


def test_the_public_booking_uses_the_free_consultation_types_length(client):
    practitioner = make_bookable()
    AppointmentType.objects.filter(kind="free_consultation").update(minutes=20)
    body = client.get(reverse("clients:book")).content.decode()
    assert "20 minutes" in body or "20-minute" in body or "20 min" in body
    day = timezone.localdate() + timedelta(days=2)
    start = booking.load_availability(first_day=day, last_day=day).slots_for(practitioner.pk)[0]
    booked = booking.book_consultation(
        practitioner_id=practitioner.pk,
        start=start,
        first_name="Dana",
        last_name="Fox",
        email="dana@example.net",
        message="Leg pain.",
    )
    assert booked.consultation.end - booked.consultation.start == timedelta(minutes=20)
    assert booked.consultation.appointment_type.kind == "free_consultation"


def test_the_type_list_runs_the_same_queries_however_many_types(
    owner_client, django_assert_num_queries
):
    url = reverse("clients:appointment_type_list")
    # session, user, the types
    with django_assert_num_queries(2):
        owner_client.get(url)
    factories.AppointmentTypeFactory.create_batch(8)
    with django_assert_num_queries(2):
        body = owner_client.get(url).content.decode()
    assert body.count("appointment-types/") == 1 + 9  # the add link; free consultation + 8


def test_a_consultation_row_always_has_a_type():
    consultation = factories.ConsultationFactory()
    assert Consultation.objects.get().appointment_type.is_free_consultation
    assert consultation.outcome_label == "Booked"
