"""Centralising and peripheralising, on constructed histories of body charts: the
client page's picture (Python) and the attention list (SQL) follow the same rule."""

import datetime

import pytest
from django.utils import timezone

from clients.body_chart import services
from clients.body_chart.services import CENTRALISING, PERIPHERALISING, UNCHANGED, trend
from clients.models import BodyChart
from programs import dashboard
from programs import services as program_services
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _chart(client, days_ago, marks, *, source=BodyChart.Source.CHECK_IN, assessment=None):
    chart = BodyChart(
        client=client,
        source=source,
        assessment=assessment,
        recorded_on=TODAY - datetime.timedelta(days=days_ago),
    )
    return services.save_marks(chart=chart, marks=marks, by=None, reason="test")


def _program(client, practitioner):
    return program_services.assign_program(
        client=client,
        template=factories.build_template(phases=2, exercises_per_phase=1),
        start_date=TODAY - datetime.timedelta(days=3),
        by=practitioner,
    )


@pytest.mark.parametrize(
    ("first", "latest", "expected"),
    [
        (None, None, None),
        (4, 2, CENTRALISING),  # calf -> thigh
        (2, 0, CENTRALISING),  # thigh -> back only
        (3, None, CENTRALISING),  # knee -> nothing at all
        (1, 5, PERIPHERALISING),  # buttock -> foot
        (None, 2, PERIPHERALISING),  # nothing -> thigh
        (0, 0, UNCHANGED),
        (4, 4, UNCHANGED),
    ],
)
def test_the_trend_compares_the_furthest_zone_down_the_leg(first, latest, expected):
    assert trend(first, latest) == expected


def test_saving_marks_keeps_the_furthest_level_and_replaces_earlier_marks(practitioner):
    client = factories.ClientFactory(practitioner=practitioner)
    chart = _chart(client, 0, {"low_back_left": "ache", "calf_right": "tingling"})
    assert chart.furthest_level == 4
    services.save_marks(chart=chart, marks={"buttock_left": "pain"}, by=None, reason="x")
    chart.refresh_from_db()
    assert chart.furthest_level == 1
    assert chart.marks_by_field() == {"buttock_left": "pain"}
    services.save_marks(chart=chart, marks={}, by=None, reason="x")
    chart.refresh_from_db()
    assert chart.furthest_level is None and not chart.marks.exists()


def test_an_unknown_zone_or_kind_is_refused_and_nothing_is_saved(practitioner):
    client = factories.ClientFactory(practitioner=practitioner)
    chart = _chart(client, 0, {"calf_left": "pain"})
    for marks in ({"elbow_left": "pain"}, {"calf_middle": "pain"}, {"calf_left": "itch"}):
        with pytest.raises(services.BodyChartError):
            services.save_marks(chart=chart, marks=marks, by=None, reason="x")
    assert chart.marks_by_field() == {"calf_left": "pain"}


def test_symptoms_retreating_up_the_leg_read_as_centralising(practitioner):
    client = factories.ClientFactory(practitioner=practitioner)
    _chart(
        client, 30, {"buttock_left": "pain", "calf_left": "tingling", "foot_sole_left": "numbness"}
    )
    _chart(client, 14, {"buttock_left": "pain", "calf_left": "tingling"})
    _chart(client, 1, {"buttock_left": "ache", "thigh_back_left": "ache"})
    course = services.course_for(client)
    assert course.trend == CENTRALISING
    assert course.first.furthest_level == 5 and course.latest.furthest_level == 2
    assert course.sentence.startswith(
        "Centralising: furthest down the leg was the foot, now the thigh"
    )


def test_symptoms_spreading_down_the_leg_read_as_peripheralising_and_need_attention(
    practitioner,
):
    client = factories.ClientFactory(practitioner=practitioner)
    program = _program(client, practitioner)
    _chart(client, 20, {"low_back_left": "pain", "buttock_right": "ache"})
    latest = _chart(client, 0, {"buttock_right": "pain", "shin_right": "burning"})
    assert services.course_for(client).trend == PERIPHERALISING
    reasons = {e.program.pk: e.reasons for e in dashboard.needs_attention(today=TODAY)}
    day = f"{latest.recorded_on:%a %-d %b}"
    assert reasons[program.pk] == [
        "Leg symptoms peripheralising: furthest down the leg was the buttock or hip, now "
        f"the lower leg (body chart of {day})"
    ]


def test_centralising_or_a_single_chart_is_no_reason_for_attention(practitioner):
    centralising = factories.ClientFactory(practitioner=practitioner)
    single = factories.ClientFactory(practitioner=practitioner)
    for client in (centralising, single):
        _program(client, practitioner)
    _chart(centralising, 9, {"calf_left": "pain"})
    _chart(centralising, 0, {"buttock_left": "pain"})
    _chart(single, 0, {"foot_top_left": "numbness"})
    assert dashboard.needs_attention(today=TODAY) == []
    assert services.course_for(single).trend is None


def test_charts_of_an_archived_assessment_or_an_unsent_intake_do_not_count(practitioner):
    client = factories.ClientFactory(practitioner=practitioner)
    _program(client, practitioner)
    _chart(client, 10, {"buttock_left": "pain"})
    archived = factories.AssessmentFactory(client=client)
    _chart(
        client,
        2,
        {"foot_sole_left": "pain"},
        source=BodyChart.Source.ASSESSMENT,
        assessment=archived,
    )
    archived.archived_at = timezone.now()
    archived.save()
    _chart(client, 1, {"calf_left": "pain"}, source=BodyChart.Source.INTAKE_DRAFT)
    course = services.course_for(client)
    assert course.trend is None and course.latest.furthest_level == 1
    assert dashboard.needs_attention(today=TODAY) == []


HISTORIES = [
    [{"calf_left": "pain"}, {"thigh_back_left": "pain"}],
    [{"buttock_left": "pain"}, {"knee_back_left": "pain"}, {"foot_top_left": "pain"}],
    [{}, {"groin_right": "ache"}],
    [{"foot_sole_right": "numbness"}, {}],
    [{"sacrum_left": "ache"}, {"low_back_right": "pain"}],
]


@pytest.mark.parametrize("history", HISTORIES)
def test_the_attention_lists_sql_and_the_client_pages_python_agree(practitioner, history):
    client = factories.ClientFactory(practitioner=practitioner)
    _program(client, practitioner)
    for days_ago, marks in zip(range(len(history) * 5, 0, -5), history, strict=True):
        _chart(client, days_ago, marks)
    python = services.course_for(client).trend
    (annotated,) = dashboard._programs(today=TODAY, client=client)
    sql = trend(annotated.chart_first_level, annotated.chart_latest_level)
    assert sql == python
    flagged = any(
        reason.startswith("Leg symptoms peripheralising")
        for entry in dashboard.needs_attention(today=TODAY)
        for reason in entry.reasons
    )
    assert flagged == (python == PERIPHERALISING)


def test_the_client_page_shows_first_and_latest_charts(practitioner_client, practitioner):
    client = factories.ClientFactory(practitioner=practitioner)
    _chart(client, 20, {"buttock_left": "pain"})
    _chart(client, 0, {"buttock_left": "pain", "calf_left": "tingling"})
    body = practitioner_client.get(client.get_absolute_url()).content.decode()
    assert "Where the symptoms sit" in body
    assert (
        "Peripheralising: furthest down the leg was the buttock or hip, now the lower leg" in body
    )
    assert "<strong>First</strong>" in body and "<strong>Latest</strong>" in body
    assert "Left calf: tingling (pins and needles)" in body
