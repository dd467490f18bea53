import datetime

import pytest
from django.utils import timezone

from programs import services
from tests import factories


@pytest.fixture
def template(db):
    return factories.build_template(phases=3, exercises_per_phase=2, name="Sciatica basics")


@pytest.fixture
def program(client_record, template, practitioner):
    return services.assign_program(
        client=client_record,
        template=template,
        start_date=timezone.localdate() - datetime.timedelta(days=3),
        by=practitioner,
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The default hasher costs about half a second per user on this machine; these
    # tests create several users each and never test hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
