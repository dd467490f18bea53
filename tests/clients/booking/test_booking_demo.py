import pytest
from django.core.management import call_command
from django.urls import reverse

from clients.models import Consultation, WeeklyHours
from clinic.seed.demo.staff import PRACTITIONERS


def _snapshot():
    return (
        sorted(WeeklyHours.objects.values_list("practitioner__email", "weekday", "start_time")),
        sorted(Consultation.objects.values_list("email", "start", "status")),
    )


@pytest.mark.django_db
def test_seed_demo_gives_the_demo_practitioners_hours_and_a_few_bookings_once(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    emails = {email for email, _day, _start in _snapshot()[0]}
    assert emails == {demo.email for demo in PRACTITIONERS}
    assert Consultation.objects.filter(status="booked").count() == 2
    assert Consultation.objects.filter(status="attended").count() == 1
    first = _snapshot()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _snapshot() == first
    assert "slot-btn" in client.get(reverse("clients:book")).content.decode()
    assert (
        client.get(reverse("clients:booking_manage", args=["demo-manage-link"])).status_code == 200
    )
