"""The dashboard's programs query, built once per process (``clinic.prepared``), returns
exactly what the ORM queryset it was built from returns, for any "today"."""

import datetime

import pytest
from django.utils import timezone

from clients.body_chart import services as body_chart
from clients.models import BodyChart
from clinic.prepared import PreparedQuery, PreparingError
from programs import dashboard, services
from programs.models import ClientProgram, ExerciseCompletion, ProgramExercise, SessionLog
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
# A second "today" ten days earlier: every window (7 and 14 days) moves past some rows.
EARLIER = TODAY - datetime.timedelta(days=10)


def _day(days_ago):
    return TODAY - datetime.timedelta(days=days_ago)


def _program(practitioner, *, started_days_ago, name):
    client = factories.ClientFactory(practitioner=practitioner, last_name=name)
    return services.assign_program(
        client=client,
        template=factories.build_template(phases=2, exercises_per_phase=2),
        start_date=_day(started_days_ago),
        by=practitioner,
    )


def _log(program, days_ago, pain_after, *, legs="", hurt=False, number=1):
    log = SessionLog.objects.create(
        program=program,
        phase=program.current_phase,
        performed_on=_day(days_ago),
        session_number=number,
        pain_before=2,
        pain_after=pain_after,
        leg_symptoms=legs,
    )
    item = ProgramExercise.objects.filter(phase=program.current_phase).order_by("id").first()
    ExerciseCompletion.objects.create(log=log, program_exercise=item, hurt=hurt)


@pytest.fixture
def clinic(practitioner):
    """Programs whose reasons change between EARLIER and TODAY, and one of another
    practitioner's clients."""
    other = factories.PractitionerFactory()
    rising = _program(practitioner, started_days_ago=30, name="Abbott")
    for days_ago, pain in [(16, 1), (13, 2), (12, 6), (5, 1), (1, 4)]:
        _log(rising, days_ago, pain, hurt=True)
    spreading = _program(practitioner, started_days_ago=40, name="Baker")
    _log(spreading, 11, 3, legs="spread")
    _log(spreading, 0, 3, legs="same")
    quiet = _program(practitioner, started_days_ago=25, name="Cole")
    _log(quiet, 9, 2)
    flagged = _program(other, started_days_ago=3, name="Diaz")
    factories.RedFlagFactory(client=flagged.client, source="check_in")
    factories.AssessmentFactory(client=flagged.client, assessed_on=_day(60))
    factories.AssessmentFactory(client=rising.client, assessed_on=_day(46))
    factories.ConsultationFactory(
        practitioner=practitioner,
        client=quiet.client,
        appointment_type=factories.AppointmentTypeFactory(kind="reassessment"),
        start=timezone.now() - datetime.timedelta(days=5),
        end=timezone.now() - datetime.timedelta(days=5, minutes=-30),
    )
    for days_ago, marks in [(20, {"buttock_left": "pain"}), (4, {"calf_left": "pain"})]:
        chart = BodyChart(
            client=spreading.client, source=BodyChart.Source.CHECK_IN, recorded_on=_day(days_ago)
        )
        body_chart.save_marks(chart=chart, marks=marks, by=None, reason="test")
    return {"practitioner": practitioner, "other": other, "clients": [rising.client]}


def _rows(programs):
    """Every column, annotation and selected related value of each program."""
    return [
        (
            {k: v for k, v in vars(p).items() if k != "_state"},
            {k: v for k, v in vars(p.client).items() if k != "_state"},
            {k: v for k, v in vars(p.current_phase).items() if k != "_state"},
        )
        for p in programs
    ]


@pytest.mark.parametrize("today", [TODAY, EARLIER], ids=["today", "ten days ago"])
@pytest.mark.parametrize("whose", ["everyone", "practitioner", "client"])
def test_the_prepared_programs_query_returns_what_the_orm_returns(clinic, today, whose):
    kwargs = {
        "everyone": {},
        "practitioner": {"practitioner": clinic["practitioner"]},
        "client": {"client": clinic["clients"][0]},
    }[whose]
    expected = list(dashboard.programs_queryset(today=today, **kwargs))
    assert expected  # the data set has programs in every shape
    assert _rows(dashboard._programs(today=today, **kwargs)) == _rows(expected)


def test_the_same_prepared_sql_answers_each_day_with_that_days_reasons(clinic):
    # Run in both orders: whichever "today" prepared the SQL, the other gets its own.
    def reasons(today):
        return {e.name: e.reasons for e in dashboard.needs_attention(today=today)}

    def due(today):
        programs = dashboard._programs(today=today)
        return {e.name: e.reasons for e in dashboard.reassessments_due(programs, today=today)}

    def orm_reasons(today):
        programs = list(dashboard.programs_queryset(today=today))
        return {
            e.name: e.reasons for e in dashboard.needs_attention(today=today, programs=programs)
        }

    first = (reasons(TODAY), reasons(EARLIER), due(TODAY), due(EARLIER))
    assert first[0] == orm_reasons(TODAY)
    assert first[1] == orm_reasons(EARLIER)
    assert first[0] != first[1]  # the data set tells the two days apart
    assert first[2] != first[3]
    dashboard._prepared_programs._prepared.clear()
    assert (reasons(EARLIER), reasons(TODAY), due(EARLIER), due(TODAY)) == (
        first[1],
        first[0],
        first[3],
        first[2],
    )


def test_a_date_not_derived_from_the_arguments_cannot_be_prepared(db):
    fixed = PreparedQuery(
        lambda today: ClientProgram.objects.filter(
            start_date__gte=today, ended_at__lte=timezone.now()
        ),
        dates=("today",),
    )
    with pytest.raises(PreparingError):
        fixed(today=TODAY)
    unused = PreparedQuery(lambda today: ClientProgram.objects.all(), dates=("today",))
    with pytest.raises(PreparingError):
        unused(today=TODAY)


@pytest.mark.parametrize("own_clients_only", [False, True])
def test_the_prepared_red_flags_and_drafts_follow_the_visibility_rule(
    practitioner, own_clients_only
):
    from clients import dashboard as clients_dashboard
    from clients.models import Assessment, RedFlag
    from clinic.models import SecuritySettings
    from clinic.prepared import viewer_id

    other = factories.PractitionerFactory()
    owner = factories.OwnerFactory()
    for who in (practitioner, other, owner):
        client = factories.ClientFactory(practitioner=who)
        factories.RedFlagFactory(client=client)
        factories.RedFlagFactory(client=client, resolved_at=timezone.now())
        for author in (practitioner, other, owner):
            factories.AssessmentFactory(client=client, assessed_by=author, status="draft")
    settings_row = SecuritySettings.current()
    settings_row.own_clients_only = own_clients_only
    settings_row.save()
    for user in (practitioner, other, owner):
        flags = clients_dashboard._prepared_red_flags(practitioner=viewer_id(user))
        expected = RedFlag.objects.unresolved().visible_to(user)
        assert [f.pk for f in flags] == [f.pk for f in expected]
        assert [str(f.client) for f in flags] == [str(f.client) for f in expected]
        drafts = clients_dashboard._prepared_drafts(viewer=viewer_id(user), author=user.pk)
        expected = (
            Assessment.objects.active()
            .drafts()
            .visible_to(user)
            .filter(assessed_by=user)
            .order_by("-assessed_on", "-created_at", "-id")
        )
        assert [d.pk for d in drafts] == [d.pk for d in expected]
    mine = clients_dashboard._prepared_red_flags(practitioner=practitioner.pk)
    assert len(mine) == (1 if own_clients_only else 3)
