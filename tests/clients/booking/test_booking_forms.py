"""The booking form owns the slot it is for and the pre-screen stop (the views only ask it)."""

from datetime import UTC, datetime

from django.http import QueryDict

from clients.booking.forms import BookingForm


def test_the_form_for_a_picked_time_reads_the_slot_and_practitioner_from_the_link():
    form = BookingForm.for_slot(QueryDict("start=20261203T0930Z&practitioner=7"))
    assert form.chosen_slot() == (datetime(2026, 12, 3, 9, 30, tzinfo=UTC), 7)
    assert form.initial == {"start": "20261203T0930Z", "practitioner": 7}


def test_any_practitioner_is_none_and_an_unreadable_time_gives_no_form():
    form = BookingForm.for_slot(QueryDict("start=20261203T0930Z&practitioner=any"))
    assert form.chosen_slot()[1] is None
    assert BookingForm.for_slot(QueryDict("start=tomorrow")) is None
    assert BookingForm.for_slot(QueryDict("")) is None


def test_one_yes_to_the_pre_screen_stops_the_booking_even_with_the_rest_empty():
    assert BookingForm({"bladder_bowel": "yes"}).stops_at_prescreen
    assert not BookingForm({"bladder_bowel": "no", "saddle_numbness": "no"}).stops_at_prescreen


def test_a_bound_form_gives_the_service_its_keyword_arguments():
    form = BookingForm(
        {
            "start": "20261203T0930Z",
            "practitioner": "any",
            "first_name": "Ann",
            "last_name": "Lee",
            "email": "ann@example.com",
            "message": "Sore back",
            "disclaimer": "on",
            "saddle_numbness": "no",
            "bladder_bowel": "no",
            "progressive_weakness": "no",
        }
    )
    assert form.is_valid(), form.errors
    assert form.booking_details() == {
        "practitioner_id": None,
        "start": datetime(2026, 12, 3, 9, 30, tzinfo=UTC),
        "first_name": "Ann",
        "last_name": "Lee",
        "email": "ann@example.com",
        "phone": "",
        "message": "Sore back",
    }
    assert form.chosen_slot() == (datetime(2026, 12, 3, 9, 30, tzinfo=UTC), None)
