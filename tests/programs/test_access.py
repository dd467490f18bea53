"""programs.access.get_client_programs_for: the program page's access rule, in one place."""

import pytest
from django.http import Http404

from programs import services
from programs.access import get_client_programs_for
from tests import factories


@pytest.mark.django_db
def test_a_client_with_programs_comes_with_them_and_its_open_flags_in_two_queries(
    program, client_record, practitioner, django_assert_num_queries
):
    services.end_program(
        program=program, by=practitioner, expected_version=program.version, reason="Done"
    )
    second = services.assign_program(
        client=client_record,
        template=factories.build_template(phases=1, exercises_per_phase=1),
        start_date=program.start_date,
        by=practitioner,
    )
    flag = factories.RedFlagFactory(client=client_record)
    with django_assert_num_queries(2):  # programs with client and flag marker; the flags
        found = get_client_programs_for(practitioner, client_record.pk)
    assert found.client == client_record
    assert found.active == second
    assert found.ended == [program]
    assert found.open_flags == [flag]


@pytest.mark.django_db
def test_a_client_without_programs_is_still_found_for_practice_staff(practitioner, client_record):
    found = get_client_programs_for(practitioner, client_record.pk)
    assert (found.client, found.active, found.ended, found.open_flags) == (
        client_record,
        None,
        [],
        [],
    )


@pytest.mark.django_db
def test_a_client_user_cannot_reach_another_clients_programs(
    program, other_client_user, client_record
):
    with pytest.raises(Http404):
        get_client_programs_for(other_client_user, client_record.pk)
