"""clinic.history.record_change: the one way services say who changed a record, and why."""

import pytest

from clinic.history import REASON_MAX_LENGTH, history_entries, record_change
from tests import factories


@pytest.mark.django_db
def test_an_archived_exercise_records_who_archived_it_and_the_reason_cut_to_the_column():
    owner = factories.OwnerFactory()
    exercise = factories.ExerciseFactory()
    exercise.archive(by=owner, reason="x" * 300)
    latest = exercise.history.latest()
    assert latest.history_user == owner
    # PostgreSQL refuses a reason longer than the column; the reason is cut, not the save.
    assert latest.history_change_reason == ("Archived: " + "x" * 300)[:REASON_MAX_LENGTH]
    assert history_entries(exercise)[0].who == str(owner)


@pytest.mark.django_db
def test_a_change_made_with_nobody_logged_in_is_recorded_as_the_system():
    client = factories.ClientFactory()
    record_change(client, by=None, reason="Booked online")
    client.save()
    entry = history_entries(client)[0]
    assert (entry.who, entry.reason) == ("System", "Booked online")
