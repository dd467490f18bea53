import datetime

import factory
from axes.models import AccessAttempt
from django.utils import timezone

from clients.models import AppointmentType, Client
from clinic.models import Role, User

TEST_PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.CLIENT
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class PractitionerFactory(UserFactory):
    role = Role.PRACTITIONER


class OwnerFactory(UserFactory):
    role = Role.OWNER


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"client{n}@example.org")
    phone = factory.Sequence(lambda n: f"+1 555 {n:04d}")
    status = Client.Status.ACTIVE
    practitioner = factory.SubFactory(PractitionerFactory)


class ClientUserFactory(UserFactory):
    """A portal user together with the client record it belongs to."""

    role = Role.CLIENT
    client_record = factory.RelatedFactory(
        ClientFactory,
        factory_related_name="user",
        email=factory.SelfAttribute("..email"),
        first_name=factory.SelfAttribute("..first_name"),
        last_name=factory.SelfAttribute("..last_name"),
    )


# --- Assessments, red flags and session notes (clients app) ---------------------------


def all_red_flags_no() -> dict:
    from clients.vocab import RED_FLAG_QUESTIONS

    return {code: False for code, _q, _p in RED_FLAG_QUESTIONS}


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A completed assessment with a clear red-flag screen, pain and an ODI of 16/50 (32 %)."""

    class Meta:
        model = "clients.Assessment"

    client = factory.SubFactory(ClientFactory)
    assessed_by = factory.SelfAttribute("client.practitioner")
    status = "completed"
    completed_at = factory.LazyFunction(timezone.now)
    red_flag_answers = factory.LazyFunction(all_red_flags_no)
    pain_now = 6
    pain_best = 3
    pain_worst = 8
    odi_answers = factory.LazyFunction(lambda: [2, 2, 2, 2, 2, 2, 1, 1, 1, 1])
    psfs_items = factory.LazyFunction(
        lambda: [
            {"activity": "Sitting at work", "score": 3},
            {"activity": "Walking the dog", "score": 4},
            {"activity": "Getting out of the car", "score": 5},
        ]
    )
    elevated_hip = True
    elevated_hip_side = "right"
    elevated_hip_magnitude = 8
    elevated_hip_unit = "mm"
    muscle_findings = factory.LazyFunction(lambda: ["weak_glute_med", "tight_piriformis"])


class RedFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clients.RedFlag"

    client = factory.SubFactory(ClientFactory)
    source = "assessment"
    answers = factory.LazyFunction(lambda: ["saddle_numbness"])
    raised_by = factory.SelfAttribute("client.practitioner")
    raised_at = factory.LazyFunction(timezone.now)
    # The escalation clock starts when it was raised, unless a test says otherwise.
    escalates_from = factory.SelfAttribute("raised_at")


class SessionNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clients.SessionNote"

    client = factory.SubFactory(ClientFactory)
    author = factory.SelfAttribute("client.practitioner")
    text = "Bridges and clamshells went well; less buttock pain after sitting."


# Free-consultation booking ---------------------------------------------------------


class AvailabilityExceptionFactory(factory.django.DjangoModelFactory):
    """A whole day off next week."""

    class Meta:
        model = "clients.AvailabilityException"

    practitioner = factory.SubFactory(PractitionerFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


class WeeklyHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "clients.WeeklyHours"

    practitioner = factory.SubFactory(PractitionerFactory)
    weekday = 0
    start_time = datetime.time(9, 0)
    end_time = datetime.time(12, 0)


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A booked consultation tomorrow at 10:00 UTC unless told otherwise."""

    class Meta:
        model = "clients.Consultation"

    practitioner = factory.SubFactory(PractitionerFactory)
    start = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=1)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
    )
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(minutes=30))
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"visitor{n}@example.org")
    phone = ""
    message = "Pain down the back of my left leg when I sit."
    disclaimer_accepted_at = factory.LazyFunction(timezone.now)
    token_hash = factory.Sequence(lambda n: f"{n:064d}")
    appointment_type = factory.LazyFunction(AppointmentType.ensure_free_consultation)


class AppointmentTypeFactory(factory.django.DjangoModelFactory):
    """A follow-up session clients may book in the portal."""

    class Meta:
        model = "clients.AppointmentType"

    name = factory.Sequence(lambda n: f"Follow-up session {n}")
    kind = "follow_up"
    minutes = 45
    buffer_minutes = 15
    bookable_by = "clients"
    min_notice_hours = 12
    cancel_cutoff_hours = 24
    colour = "blue"


class AccessAttemptFactory(factory.django.DjangoModelFactory):
    """Failed logins as django-axes records them (5 = locked out with the default limit)."""

    class Meta:
        model = AccessAttempt

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    ip_address = factory.Sequence(lambda n: f"10.0.{n // 250}.{n % 250 + 1}")
    failures_since_start = 5
    user_agent = "test"
    get_data = ""
    post_data = ""
    http_accept = ""
    path_info = "/login/"


# --- programs ---------------------------------------------------------------------


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.Exercise"

    name = factory.Sequence(lambda n: f"Exercise {n:03d}")
    purpose = "Wake up the glutes."
    instructions = "Lie on your back.\nLift the hips.\nLower slowly."
    cues = "Breathe out as you lift."
    category = "activation"
    targets = ["glute_max"]
    regions = ["hip"]
    equipment = ["mat"]


class ProgramTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.ProgramTemplate"

    name = factory.Sequence(lambda n: f"Template {n}")
    client_name = factory.Sequence(lambda n: f"Easy movement plan {n}")


class TemplatePhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.TemplatePhase"

    template = factory.SubFactory(ProgramTemplateFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Phase {n}")
    goal = "Calm things down."
    client_name = factory.Sequence(lambda n: f"Step {n}")
    client_goal = "Ease the ache, a little and often."
    max_worst_pain = 5
    min_adherence_percent = 70
    min_days_in_phase = 7


class TemplateExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.TemplateExercise"

    phase = factory.SubFactory(TemplatePhaseFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    position = factory.Sequence(lambda n: n + 1)


class SuggestionRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.SuggestionRule"

    finding = "weak_glute_med"
    exercise = factory.SubFactory(ExerciseFactory)
    reason = "Strengthens the side of the hip."


class SessionLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programs.SessionLog"

    pain_before = 3
    pain_after = 2


def build_template(*, phases: int = 2, exercises_per_phase: int = 2, **kwargs):
    """A template with ``phases`` phases of ``exercises_per_phase`` exercises each."""
    template = ProgramTemplateFactory(**kwargs)
    for position in range(1, phases + 1):
        phase = TemplatePhaseFactory(template=template, position=position)
        for item_position in range(1, exercises_per_phase + 1):
            TemplateExerciseFactory(phase=phase, position=item_position)
    return template
