"""The portal check-in's body chart: optional, saved with the session, in the course."""

from django.urls import reverse
from django.utils import timezone

from clients.body_chart import services as body_chart
from clients.models import BodyChart
from programs.models import ProgramExercise, SessionLog

URL = reverse("programs:portal_check_in")
TODAY = timezone.localdate()


def _post(program, **chart):
    items = ProgramExercise.objects.filter(phase=program.current_phase)
    data = {
        "program": program.pk,
        "day": TODAY.isoformat(),
        "done": [item.pk for item in items],
        "pain_before": 4,
        "pain_after": 3,
        "leg_symptoms": "same",
        "effort": "moderate",
        "note": "",
        **{f"flag_{code}": "no" for code in ("saddle_numbness", "bladder_bowel")},
    }
    data.update({f"chart_{name}": kind for name, kind in chart.items()})
    return data


def test_the_check_in_shows_the_body_chart_with_every_zone_labelled(portal_client, program):
    body = portal_client.get(URL).content.decode()
    assert "Where did you feel it today? (optional)" in body
    assert 'aria-label="Left calf: nothing"' in body
    assert '<label class="visually-hidden" for="id_chart_foot_sole_right">' in body
    assert body.count('<select name="chart_') == 28


def test_marks_are_saved_with_the_session_as_the_clients_chart(
    portal_client, program, client_record
):
    response = portal_client.post(URL, _post(program, calf_left="tingling", buttock_left="pain"))
    assert response.status_code == 302
    log = SessionLog.objects.get()
    chart = log.body_chart
    assert chart.source == BodyChart.Source.CHECK_IN
    assert chart.client == client_record and chart.recorded_on == TODAY
    assert chart.marks_by_field() == {"calf_left": "tingling", "buttock_left": "pain"}
    assert chart.furthest_level == 4
    assert body_chart.course_for(client_record).latest == chart


def test_changing_the_session_changes_its_chart_and_clearing_it_removes_it(portal_client, program):
    portal_client.post(URL, _post(program, calf_left="tingling"))
    log = SessionLog.objects.get()
    edit = _post(program, thigh_back_left="ache")
    edit["session"] = log.session_number
    portal_client.post(URL, edit)
    log.refresh_from_db()
    assert log.body_chart.marks_by_field() == {"thigh_back_left": "ache"}
    clear = _post(program)
    clear["session"] = log.session_number
    portal_client.post(URL, clear)
    log.refresh_from_db()
    assert log.body_chart is None and not BodyChart.objects.exists()


def test_a_session_without_marks_saves_no_chart(portal_client, program):
    portal_client.post(URL, _post(program))
    assert SessionLog.objects.get().body_chart is None
    assert not BodyChart.objects.exists()


def test_an_unknown_symptom_is_refused_at_its_field_and_nothing_is_saved(portal_client, program):
    response = portal_client.post(URL, _post(program, calf_left="itching"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_chart_calf_left-error"' in body
    assert "Choose one of the symptoms in the list." in body
    assert not SessionLog.objects.exists() and not BodyChart.objects.exists()
