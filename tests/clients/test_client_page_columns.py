"""The client page reads its short lists as columns of the client's query
(``clients.client_page``, ``clinic.json_rows``): they must be what the ORM's own
queries give, field by field, on either database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clients import client_page
from clients.body_chart.services import course_for, save_assessment_chart
from clients.consent.services import consent_state, forget_current
from clients.intake.services import revoke_link
from clients.models import (
    BodyChart,
    ConsentSignature,
    ConsentVersion,
    IntakeLink,
    PortalInvitation,
    SessionNote,
)
from clients.timeline.base import timeline_for
from clinic.json_rows import Rows
from tests import factories
from tests.clients.test_client_pages import _everything

pytestmark = pytest.mark.django_db


def _fields(instance, names):
    return {name: getattr(instance, name) for name in names}


def _same(loaded, queried, names):
    assert type(loaded) is type(queried)
    assert _fields(loaded, names) == _fields(queried, names)


@pytest.fixture
def rich(practitioner):
    client = factories.ClientFactory(practitioner=practitioner)
    _everything(client, practitioner, 4)
    # A paper signature, a revoked intake link, an archived note, a chart of an
    # intake not sent yet (not counted), a note with the four parts.
    version = ConsentVersion.objects.create(number=99, text="Paper.")
    ConsentSignature.objects.create(
        client=client,
        version=version,
        how="paper",
        paper_signed_on=timezone.localdate() - timedelta(days=3),
        recorded_by=practitioner,
    )
    revoke_link(link=IntakeLink.objects.filter(client=client).first(), by=practitioner)
    note = factories.SessionNoteFactory(client=client)
    SessionNote.objects.filter(pk=note.pk).update(archived_at=timezone.now())
    factories.SessionNoteFactory(
        client=client, text="", subjective="Better", plan="More walking", signed_at=timezone.now()
    )
    BodyChart.objects.create(client=client, source=BodyChart.Source.INTAKE_DRAFT, furthest_level=5)
    return client


def test_the_columns_give_what_the_queries_give(rich, practitioner):
    client = client_page.page_client(practitioner, rich.pk)
    plain = type(rich).objects.get(pk=rich.pk)
    forget_current()  # the versions above were written without the service

    state, queried = client_page.consent(client), consent_state(plain)
    names = ["pk", "version_id", "full_name", "how", "signed_at", "paper_signed_on"]
    _same(state.current, queried.current, ["pk", "number"])
    for loaded, expected in zip(
        (state.latest, *state.earlier), (queried.latest, *queried.earlier), strict=True
    ):
        _same(loaded, expected, names)
        assert str(loaded.version) == str(expected.version)
        assert str(loaded.recorded_by) == str(expected.recorded_by)
    assert state.is_current == queried.is_current
    assert state.must_ask_again == queried.must_ask_again

    _same(
        client_page.intake(client),
        plain.intakes.first(),
        ["pk", "created_at", "created_by_id", "expires_at", "revoked_at", "submitted_at"]
        + ["assessment_id", "answers", "state"],
    )
    _same(
        client_page.invitation(client),
        plain.portal_invitations.first(),
        ["pk", "email", "created_at", "expires_at", "used_at", "revoked_at", "state"],
    )

    course, expected = client_page.course(client), course_for(plain)
    assert course.trend == expected.trend
    assert course.sentence == expected.sentence
    for chart, expected_chart in ((course.first, expected.first), (course.latest, expected.latest)):
        _same(chart, expected_chart, ["pk", "recorded_on", "furthest_level", "source"])
        assert chart.marks_by_field() == expected_chart.marks_by_field()

    # Every timeline provider reads its column, or queries without it: the same entries.
    assert timeline_for(client) == timeline_for(plain)
    assert len(timeline_for(client)) > 20


def test_a_client_with_nothing_has_empty_columns(practitioner):
    client = client_page.page_client(practitioner, factories.ClientFactory().pk)
    state = client_page.consent(client)
    assert (state.current, state.latest, state.earlier) == (None, None, ())
    assert client_page.intake(client) is None
    assert client_page.invitation(client) is None
    assert client_page.course(client) is None
    assert timeline_for(client) == []


def test_a_chart_whose_marks_were_all_removed_still_counts(practitioner):
    client = factories.ClientFactory(practitioner=practitioner)
    assessment = factories.AssessmentFactory(client=client)
    save_assessment_chart(assessment=assessment, marks={}, by=practitioner)
    course = client_page.course(client_page.page_client(practitioner, client.pk))
    assert course.latest.marks_by_field() == {}
    assert course.trend is None


def test_rows_refuse_a_key_that_is_not_a_plain_name():
    with pytest.raises(ValueError):
        Rows(PortalInvitation.objects.all(), ["email"]).object.__class__(
            ["x'); DROP"], [], frozenset()
        )
