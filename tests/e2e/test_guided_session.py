"""A whole guided session on a phone (375 × 812), with Playwright's clock driving the
timers: sets counted, holds and rests finishing, the beep and the vibration called (and
not when muted), the screen announcements, then the end screen saved with the body chart
marked. axe on each page."""

import datetime
import re

from django.utils import timezone

from programs import services
from programs.models import ExerciseCompletion, ProgramExercise, SessionLog
from tests import factories
from tests.e2e.conftest import assert_accessible, log_in
from tests.factories import TEST_PASSWORD

PHONE_812 = {"width": 375, "height": 812}

# Counts what the page asks of the speaker and the vibration motor.
SIGNALS = """
window.__signals = {beeps: 0, vibrations: 0};
Object.defineProperty(Navigator.prototype, "vibrate", {
  configurable: true,
  value: function () { window.__signals.vibrations += 1; return true; },
});
(function () {
  var Real = window.AudioContext;
  if (!Real) { return; }
  window.AudioContext = class extends Real {
    createOscillator() { window.__signals.beeps += 1; return super.createOscillator(); }
  };
})();
"""


def _signals(page):
    return page.evaluate("window.__signals")


def _count_text(page):
    return page.locator("[data-count-text]").inner_text()


def _announced(page):
    return page.locator("[data-announce]").inner_text()


def test_a_full_guided_session_counts_times_and_saves_each_exercise(transactional_db, page_factory):
    practitioner = factories.PractitionerFactory()
    user = factories.ClientUserFactory(first_name="Dana", last_name="Reed")
    record = user.client_record
    program = services.assign_program(
        client=record,
        template=factories.build_template(phases=1, exercises_per_phase=3),
        start_date=timezone.localdate() - datetime.timedelta(days=3),
        by=practitioner,
    )
    hold, sides, skip = ProgramExercise.objects.filter(phase=program.current_phase).order_by(
        "position"
    )
    # A held exercise: 2 sets of 2 holds of 5 s, 10 s rest between; an exercise per side:
    # 2 sets of 2 reps each side, 5 s rest; and one the client will skip.
    ProgramExercise.objects.filter(pk=hold.pk).update(
        sets=2, reps=2, hold_seconds=5, rest_seconds=10, per_side=False
    )
    ProgramExercise.objects.filter(pk=sides.pk).update(
        sets=2, reps=2, hold_seconds=0, rest_seconds=5, per_side=True
    )
    easier = factories.ExerciseFactory(name="Half bridge", instructions="Only lift halfway.")
    hold.exercise.easier_variations.add(easier)

    page = page_factory(PHONE_812)
    page.add_init_script(SIGNALS)
    page.clock.install()
    log_in(page, user.email, TEST_PASSWORD)

    # Today: a short page with one big button (two screens at most).
    assert page.get_by_role("heading", name="Today's exercises").is_visible()
    assert page.evaluate("document.body.scrollHeight") <= 2 * PHONE_812["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_812["width"]
    assert_accessible(page)
    page.get_by_role("link", name="Start today's session").click()
    page.wait_for_load_state()

    # Exercise 1: holds counted by the clock, a rest between the sets.
    assert page.get_by_role("heading", name=hold.exercise.name, level=1).is_visible()
    assert "Exercise 1 of 3" in page.content()
    page.get_by_text("Too hard today? Try the easier version: Half bridge").click()
    assert page.get_by_text(easier.instruction_steps[0]).is_visible()
    assert page.get_by_label("Beep and vibrate when a timer ends").is_checked()
    assert _count_text(page) == "Set 1 of 2: 0 of 2 holds."
    assert_accessible(page)

    page.get_by_role("button", name="Start a 5 s hold (1 of 2)").click()
    assert _announced(page) == "Hold for 5 seconds."
    clock = page.locator("[data-clock]")
    assert clock.inner_text() == "5 s"
    page.clock.run_for(1000)
    assert clock.inner_text() == "4 s"  # counts every second
    page.clock.run_for(2000)
    assert _announced(page) == "Half way: 2 seconds left."
    assert _signals(page)["vibrations"] == 0
    page.clock.run_for(2000)
    assert _announced(page) == "Hold done. Relax."
    assert _count_text(page) == "Set 1 of 2: 1 of 2 holds."
    assert _signals(page) == {"beeps": 2, "vibrations": 1}  # two short tones, one buzz
    assert clock.is_hidden()

    page.get_by_role("button", name="Start a 5 s hold (2 of 2)").click()
    page.clock.run_for(5000)
    assert _count_text(page) == "Set 2 of 2: 0 of 2 holds."
    assert _announced(page) == "Set 1 done. Rest 10 seconds when you are ready."
    # The rest waits for a tap, then counts down.
    page.clock.run_for(3000)
    assert clock.is_hidden()
    page.get_by_role("button", name="Start the 10 s rest").click()
    assert page.get_by_role("button", name=re.compile("Start a 5 s hold")).is_disabled()
    page.clock.run_for(5000)
    assert clock.inner_text() == "5 s"
    assert _announced(page) == "Half way: 5 seconds left."
    page.clock.run_for(5000)
    assert _announced(page) == "Rest over. Start set 2."
    assert _signals(page)["vibrations"] == 3
    for number in (1, 2):
        page.get_by_role("button", name=f"Start a 5 s hold ({number} of 2)").click()
        page.clock.run_for(5000)
    assert _count_text(page) == "All 2 sets done."
    assert _signals(page)["vibrations"] == 5
    assert page.evaluate("document.activeElement.textContent") == "Done: next exercise"
    assert_accessible(page)
    page.get_by_role("button", name="Done: next exercise").click()
    page.wait_for_load_state()

    # Exercise 2: reps on each side with the big button, muted this time.
    assert "Exercise 2 of 3" in page.content()
    page.get_by_label("Beep and vibrate when a timer ends").uncheck()
    assert _count_text(page) == "Set 1 of 2, first side: 0 of 2 reps."
    for _ in range(2):
        page.get_by_role("button", name=re.compile(r"^Rep done")).click()
    assert _announced(page) == "First side done. Now the second side."
    assert _count_text(page) == "Set 1 of 2, second side: 0 of 2 reps."
    page.get_by_role("button", name="Rep done (1 of 2)").click()
    page.get_by_role("button", name="Rep done (2 of 2)").click()
    assert _announced(page) == "Set 1 done. Rest 5 seconds when you are ready."
    before = _signals(page)
    page.get_by_role("button", name="Start the 5 s rest").click()
    page.clock.run_for(5000)
    assert _announced(page) == "Rest over. Start set 2."
    assert _signals(page) == before  # muted: no beep, no buzz
    page.get_by_role("button", name="Count the whole set as done").click()
    assert _count_text(page) == "All 2 sets done."
    page.get_by_label("This one hurt").check()
    assert page.evaluate("document.body.scrollWidth") <= PHONE_812["width"]
    page.get_by_role("button", name="Done: next exercise").click()
    page.wait_for_load_state()

    # Exercise 3: the mute is remembered on this device; skipped for want of equipment.
    assert not page.get_by_label("Beep and vibrate when a timer ends").is_checked()
    page.get_by_text("Skip this exercise").click()
    page.get_by_label("No equipment").check()
    page.get_by_role("button", name="Skip it and finish").click()
    page.wait_for_load_state()

    # The end screen starts from what the steps said.
    assert page.get_by_role("heading", name="How did it go?").is_visible()
    assert page.locator("form[data-offline-queue]").count() == 1
    group = page.get_by_role("group", name=sides.exercise.name)
    assert group.get_by_label("Done", exact=True).is_checked()
    assert group.get_by_label("This hurt").is_checked()
    group = page.get_by_role("group", name=skip.exercise.name)
    assert group.get_by_label("Skipped", exact=True).is_checked()
    assert group.get_by_role("combobox").input_value() == "equipment"
    assert_accessible(page)
    questions = page.get_by_role("group", name="First, since your last session")
    for radio in questions.get_by_role("radio", name="No").all():
        radio.check()
    page.get_by_label("Pain before (0-10)").fill("4")
    page.get_by_label("Pain after (0-10)").fill("3")
    page.get_by_label("About the same").check()
    # Where it was felt, on the body chart: a tap, then the keyboard.
    calf = page.locator('.bc-zone[aria-label^="Left calf:"]')
    calf.click()
    assert calf.get_attribute("aria-label") == "Left calf: pain"
    buttock = page.locator('.bc-zone[aria-label^="Left buttock:"]')
    buttock.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert buttock.get_attribute("aria-label") == "Left buttock: ache"
    summary = page.locator(".bc-summary").inner_text()
    assert summary == "Marked: Left buttock: ache; Left calf: pain."
    assert page.locator("#id_chart_calf_left").input_value() == "pain"
    assert_accessible(page)
    page.get_by_label("Moderate").check()
    page.get_by_role("button", name="Save my session").click()
    page.wait_for_load_state()
    assert "Session 1 of today saved. Well done." in page.content()
    assert "1 session logged today" in page.content()
    assert_accessible(page)

    log = SessionLog.objects.get(program=program)
    assert (log.pain_before, log.pain_after) == (4, 3)
    assert log.body_chart.marks_by_field() == {"calf_left": "pain", "buttock_left": "ache"}
    rows = {
        c.program_exercise_id: (c.status, c.skip_reason, c.hurt, c.sets_done)
        for c in ExerciseCompletion.objects.filter(log=log)
    }
    assert rows == {
        hold.pk: ("done", "", False, 2),
        sides.pk: ("done", "", True, 2),
        skip.pk: ("skipped", "equipment", False, None),
    }


def test_the_timer_speaks_ten_seconds_before_the_end_of_a_long_hold_and_not_every_second(
    transactional_db, page_factory
):
    practitioner = factories.PractitionerFactory()
    user = factories.ClientUserFactory()
    program = services.assign_program(
        client=user.client_record,
        template=factories.build_template(phases=1, exercises_per_phase=1),
        start_date=timezone.localdate(),
        by=practitioner,
    )
    ProgramExercise.objects.filter(phase=program.current_phase).update(
        sets=1, reps=1, hold_seconds=40
    )
    item = ProgramExercise.objects.get(phase=program.current_phase)
    item.exercise.figure = "knee-to-chest"  # a drawn figure: moving, or two stills
    item.exercise.save()
    page = page_factory(PHONE_812)
    page.add_init_script(SIGNALS)
    page.clock.install()
    page.emulate_media(reduced_motion="reduce")
    log_in(page, user.email, TEST_PASSWORD)
    page.goto("/portal/session/1/")
    # With reduced motion the moving figure gives way to the two stills.
    assert page.locator(".figure-motion").count() == 1
    assert page.locator(".figure-motion").is_hidden()
    assert page.locator(".figure-stills").is_visible()
    page.get_by_role("button", name="Start a 40 s hold (1 of 1)").click()
    said = []
    for _ in range(40):
        page.clock.run_for(1000)
        text = _announced(page)
        if not said or said[-1] != text:
            said.append(text)
    assert said == [
        "Hold for 40 seconds.",
        "Half way: 20 seconds left.",
        "10 seconds left.",
        "All sets done. Well done. Go on when you are ready.",
    ]
    assert _signals(page)["vibrations"] == 1
    assert_accessible(page)


# Long names, as a real library has: the worst case for the Today page's height.
LONG_NAMES = [
    "Side-lying clam with a resistance band",
    "Supine knee to chest with a towel",
    "Prone press-up on the elbows",
    "Sciatic nerve slider, seated",
    "Bird dog with a three-second hold",
    "Glute bridge with a slow lowering",
]


def test_today_is_two_screens_at_most_with_every_card_on_it(transactional_db, page_factory):
    """The worst realistic case: the weekly safety check due, a questionnaire open, an
    intake form to fill, six exercises twice a day, and a session already logged today."""
    from clients.intake import services as intake
    from clients.questionnaires import services as questionnaires
    from programs.portal.check_in import record_check_in

    practitioner = factories.PractitionerFactory()
    user = factories.ClientUserFactory(first_name="Alexandra")
    record = user.client_record
    program = services.assign_program(
        client=record,
        template=factories.build_template(phases=1, exercises_per_phase=6),
        start_date=timezone.localdate() - datetime.timedelta(days=10),
        by=practitioner,
    )
    items = ProgramExercise.objects.filter(phase=program.current_phase).order_by("position")
    for item, name in zip(items, LONG_NAMES, strict=True):
        item.exercise.name = name
        item.exercise.save()
    items.update(times_per_day=2, per_side=True, hold_seconds=5)
    questionnaires.schedule_questionnaires(
        client=record,
        measures=["odi"],
        psfs_activities=[],
        every_weeks=4,
        starts_on=timezone.localdate(),
        by=practitioner,
    )
    intake.create_link(client=record, by=practitioner)
    record_check_in(
        client=record,
        program_id=program.pk,
        day=timezone.localdate(),
        pain_before=4,
        pain_after=3,
        leg_symptoms="same",
        effort="moderate",
        note="",
        by=user,
    )

    page = page_factory(PHONE_812)
    log_in(page, user.email, TEST_PASSWORD)
    assert page.get_by_role("heading", name="This week's safety check").is_visible()
    assert page.get_by_role("heading", name="A short questionnaire").is_visible()
    assert page.get_by_role("heading", name="Your intake form").is_visible()
    assert "1 session logged today of 2 prescribed a day" in page.content()
    assert page.locator(".today-exercises li").count() == 6
    assert page.evaluate("document.body.scrollHeight") <= 2 * PHONE_812["height"]
    assert_accessible(page)

    # Nothing is hidden: the safety questions open in place (here by keyboard), and a "No"
    # to each is sent.
    page.get_by_text("Answer the three questions").focus()
    page.keyboard.press("Enter")
    questions = page.get_by_role("group", name="In the last week, have you had any of these?")
    assert questions.is_visible()
    assert_accessible(page)
    for radio in questions.get_by_role("radio", name="No").all():
        radio.check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state()
    assert "Nothing there needs a call today." in page.content()
    assert page.get_by_role("heading", name="This week's safety check").count() == 0

    # Straight after a second session is logged (the saved message on top): still two
    # screens. The check-in asks the safety questions too, so the weekly card is gone.
    page.get_by_role("link", name="log a session without the guide").click()
    page.wait_for_load_state()
    questions = page.get_by_role("group", name="First, since your last session")
    for radio in questions.get_by_role("radio", name="No").all():
        radio.check()
    page.get_by_label("Pain before (0-10)").fill("3")
    page.get_by_label("Pain after (0-10)").fill("2")
    page.get_by_label("About the same").check()
    page.get_by_label("Moderate").check()
    page.get_by_role("button", name="Save session").click()
    page.wait_for_load_state()
    assert "Session 2 for" in page.content()
    assert "2 sessions logged today of 2 prescribed a day" in page.content()
    assert page.get_by_role("heading", name="This week's safety check").count() == 0
    assert page.get_by_role("heading", name="Your intake form").is_visible()
    assert page.evaluate("document.body.scrollHeight") <= 2 * PHONE_812["height"]
