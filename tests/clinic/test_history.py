"""clinic.history.record_change: the one way services say who changed a record, and why."""

import pytest

from clinic.history import REASON_MAX_LENGTH, history_entries, record_change
from tests import factories
from tests.markers import postgresql_only


@pytest.mark.django_db
def test_an_archived_exercise_records_who_archived_it_and_the_reason_cut_to_the_column():
    owner = factories.OwnerFactory()
    exercise = factories.ExerciseFactory()
    exercise.archive(by=owner, reason="x" * 300)
    latest = exercise.history.latest()
    assert latest.history_user == owner
    # PostgreSQL refuses a reason longer than the column; the reason is cut, not the save.
    assert latest.history_change_reason == ("Archived: " + "x" * 300)[: REASON_MAX_LENGTH - 1] + "…"
    assert history_entries(exercise)[0].who == str(owner)


@pytest.mark.django_db
def test_a_change_made_with_nobody_logged_in_is_recorded_as_the_system():
    client = factories.ClientFactory()
    record_change(client, by=None, reason="Booked online")
    client.save()
    entry = history_entries(client)[0]
    assert (entry.who, entry.reason) == ("System", "Booked online")


@pytest.mark.django_db
def test_a_reason_set_without_record_change_is_cut_to_the_column_too():
    """Issue 21 point 3: history reasons are varchar(100) and PostgreSQL refused longer
    ones with a 500. Any reason, however it is set, now fits."""
    client = factories.ClientFactory()
    client._change_reason = "y" * 150
    client.save()
    stored = client.history.latest().history_change_reason
    assert len(stored) == REASON_MAX_LENGTH and stored.endswith("…")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_enforces_the_reason_column_so_the_limit_tests_can_fail_there():
    """Why the fuzz-at-limits tests must run on PostgreSQL: SQLite stores the overlong
    value, PostgreSQL refuses it."""
    from django.db import DataError

    client = factories.ClientFactory()
    with pytest.raises(DataError):
        client.history.filter(pk=client.history.latest().pk).update(
            history_change_reason="z" * (REASON_MAX_LENGTH + 1)
        )
