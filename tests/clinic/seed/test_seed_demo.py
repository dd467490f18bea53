import pytest
from django.core.management import CommandError, call_command

from clinic.models import Role, User
from clinic.seed.demo.staff import ALL_USERS, DEMO_PASSWORD


def _snapshot():
    return sorted(User.objects.values_list("email", "role", "password", "first_name"))


@pytest.mark.django_db
def test_seed_demo_creates_the_demo_staff_and_clients(capsys):
    call_command("seed_demo")
    assert User.objects.filter(role=Role.OWNER).count() == 1
    assert User.objects.filter(role=Role.PRACTITIONER).count() == 2
    assert User.objects.filter(role=Role.CLIENT).count() >= 3
    for demo in ALL_USERS:
        assert User.objects.get(email=demo.email).check_password(DEMO_PASSWORD)
    printed = capsys.readouterr().out
    assert DEMO_PASSWORD in printed
    assert "priya@example.com" in printed


@pytest.mark.django_db
def test_running_seed_demo_twice_changes_nothing():
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off_unless_this_is_a_demo_server(settings):
    """The audit: seed_demo ran in production and created the published demo passwords."""
    settings.DEBUG = False
    settings.CLINIC_DEMO_SERVER = False
    with pytest.raises(CommandError, match="CLINIC_DEMO_SERVER=true"):
        call_command("seed_demo")
    assert not User.objects.exists()
    settings.CLINIC_DEMO_SERVER = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.filter(role=Role.OWNER).exists()
