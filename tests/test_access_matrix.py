"""Who can open what: every URL pattern in the project, for every kind of visitor.

The patterns come from the URL resolver, so a new page cannot slip past: a
pattern with no line in ``EXPECTATIONS`` fails ``test_every_url_pattern_has_an_expectation``.

To add a page: one line in ``EXPECTATIONS`` (what a GET gives to anonymous,
client A, client B, practitioner, owner) and, if its URL takes arguments, one
line in ``KWARGS`` building them from ``world`` (objects that belong to client A
where a client owns something, so client B shows what "someone else's" gives).

Outcomes: ``LOGIN`` (redirect to the login page), ``200``, ``404``, ``405``
(GET on a POST-only URL), or ``to("url-name")`` for a redirect elsewhere.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients.models import Assessment
from tests import factories
from tests.urlwalk import Route, all_routes

ROLES = ("anonymous", "client_a", "client_b", "practitioner", "owner")
LOGIN = "login"


@dataclass(frozen=True)
class To:
    url_name: str


def to(url_name: str) -> To:
    return To(url_name)


ALL = lambda outcome: (outcome,) * 5  # noqa: E731 - reads best as a table helper
SIGNED_IN = (LOGIN, 200, 200, 200, 200)
PRACTICE = (LOGIN, 404, 404, 200, 200)
OWNER_ONLY = (LOGIN, 404, 404, 404, 200)
PORTAL = (LOGIN, 200, 200, 404, 404)
AFTER_LOGIN = to("landing")

# url name: (anonymous, client A, client B, practitioner, owner)
EXPECTATIONS: dict[str, tuple] = {
    # Public pages and the login journey.
    "home": ALL(200),
    "health": ALL(200),
    "login": (200, AFTER_LOGIN, AFTER_LOGIN, AFTER_LOGIN, AFTER_LOGIN),
    "logout": ALL(405),
    "landing": (LOGIN, to("programs:portal_home"), to("programs:portal_home"))
    + (to("dashboard"), to("dashboard")),
    "password_reset": ALL(200),
    "password_reset_done": ALL(200),
    "password_reset_confirm": ALL(200),  # a made-up token shows "this link no longer works"
    "password_reset_complete": ALL(200),
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    # Account security (everyone signed in) and the practice's security pages.
    "account_security": SIGNED_IN,
    "two_factor_setup": SIGNED_IN,
    "two_factor_verify": (LOGIN, *(AFTER_LOGIN,) * 4),  # nothing to verify: carry on
    "two_factor_recovery_codes": ALL(405),
    "two_factor_disable": ALL(405),
    "security_settings": OWNER_ONLY,
    "security_lockouts": PRACTICE,
    "security_unlock": ALL(405),
    # Practice area. POST-only URLs check the method first: a GET is 405 for everyone.
    "dashboard": PRACTICE,
    "style_guide": PRACTICE,
    "programs:attention_list": PRACTICE,
    "programs:reassessment_list": PRACTICE,
    "clients:client_anonymise": OWNER_ONLY,
    "clients:client_list": PRACTICE,
    "clients:client_create": PRACTICE,
    "clients:client_detail": PRACTICE,
    "clients:client_edit": PRACTICE,
    "clients:client_history": PRACTICE,
    "clients:client_timeline": PRACTICE,
    "clients:client_archive": PRACTICE,
    "clients:client_restore": ALL(405),
    "clients:consent_versions": PRACTICE,
    "clients:questionnaires": PRACTICE,
    "clients:questionnaires_stop": ALL(405),
    "clients:portal_questionnaire": PORTAL,
    "clients:consent_version": PRACTICE,
    "clients:consent_paper": PRACTICE,
    "clients:consent_handover_start": ALL(405),
    # Only with the device handed over (the session says so): otherwise nothing to show.
    "clients:consent_handover": (LOGIN, 404, 404, 404, 404),
    "clients:consent_handover_unlock": ALL(405),
    # Nothing to sign (or signed already): on to the portal.
    "clients:portal_consent": (LOGIN, to("programs:portal_home"), to("programs:portal_home"))
    + (404, 404),
    "clients:note_create": ALL(405),
    "clients:client_invite": ALL(405),
    "clients:client_invite_revoke": ALL(405),
    "clients:assessment_create": PRACTICE,
    "clients:assessment_detail": PRACTICE,
    "clients:assessment_edit": PRACTICE,
    "clients:assessment_print": PRACTICE,
    "clients:assessment_history": PRACTICE,
    "clients:red_flag_resolve": PRACTICE,
    "clients:red_flag_acknowledge": ALL(405),
    # Posture photos: practice pages; the pictures only through views that check access.
    "clients:posture": PRACTICE,
    "clients:posture_photo": PRACTICE,
    "clients:posture_photo_image": PRACTICE,
    "clients:posture_photo_thumb": PRACTICE,
    "clients:posture_photo_archive": ALL(405),
    "clients:posture_compare": PRACTICE,
    "clients:posture_share": ALL(405),
    "clients:posture_unshare": ALL(405),
    "clients:portal_posture": PORTAL,
    # A photo client A's practitioner shared with A: A only.
    "clients:portal_posture_image": (LOGIN, 200, 404, 404, 404),
    "clients:consultation_list": PRACTICE,
    "clients:consultation_agenda": PRACTICE,
    "clients:consultation_detail": PRACTICE,
    "clients:consultation_outcome": ALL(405),
    "clients:consultation_convert": ALL(405),
    "clients:availability": PRACTICE,
    "clients:availability_hours_add": ALL(405),
    "clients:availability_hours_delete": ALL(405),
    "clients:availability_exception_add": ALL(405),
    "clients:availability_exception_delete": ALL(405),
    "clients:booking_settings": OWNER_ONLY,
    # The clinic profile: the owner edits it; published pictures are public.
    "clients:clinic_profile": OWNER_ONLY,
    "clients:clinic_photo_add": OWNER_ONLY,
    "clients:clinic_photo_edit": OWNER_ONLY,
    "clients:clinic_photo_remove": ALL(405),
    "clients:practitioner_profile_edit": OWNER_ONLY,
    "clients:clinic_photo_file": ALL(200),
    "clients:practitioner_photo": ALL(200),
    # Appointments of every type, the calendar and its feed.
    "clients:appointment_type_list": OWNER_ONLY,
    "clients:appointment_type_create": OWNER_ONLY,
    "clients:appointment_type_edit": OWNER_ONLY,
    "clients:appointment_create": PRACTICE,
    "clients:appointment_pick_client": PRACTICE,
    "clients:appointment_move": PRACTICE,
    "clients:reassessment_start": ALL(405),
    "programs:session_note": PRACTICE,
    "programs:session_note_amend": ALL(405),
    "clients:calendar": PRACTICE,
    "clients:calendar_feed_settings": PRACTICE,
    "clients:calendar_feed_issue": ALL(405),
    "clients:calendar_feed_revoke": ALL(405),
    "clients:calendar_feed": ALL(404),  # a made-up secret: no such calendar
    # Public booking: no account needed; the manage pages are reached by their token.
    "clients:book": ALL(200),
    "clients:book_details": ALL(to("clients:book")),  # no time chosen: back to the slots
    "clients:booking_manage": ALL(200),
    "clients:booking_cancel": ALL(405),
    "clients:booking_reschedule": ALL(200),
    # The intake form of client A, by its private link (client B: someone else's) and
    # in the portal (client B has no form to fill); the practice's buttons.
    "clients:intake_start": (200, 200, 404, 200, 200),
    "clients:intake_section": (200, 200, 404, 200, 200),
    "clients:portal_intake_start": PORTAL,
    "clients:portal_intake_section": (LOGIN, 200, 404, 404, 404),
    **dict.fromkeys(
        [
            "clients:intake_submit",
            "clients:portal_intake_submit",
            "clients:intake_send",
            "clients:intake_revoke",
        ],
        ALL(405),
    ),
    # The portal invitation link: a made-up token is "gone" for everyone.
    "clients:invitation_accept": ALL(410),
    # Exercise library, suggestion rules, templates and clients' programs (practice only).
    **dict.fromkeys(
        [
            "programs:exercise_list",
            "programs:exercise_create",
            "programs:exercise_detail",
            "programs:exercise_edit",
            "programs:rule_list",
            "programs:rule_edit",
            "programs:template_list",
            "programs:template_create",
            "programs:template_detail",
            "programs:template_edit",
            "programs:template_preview",
            "programs:template_phase_add",
            "programs:template_phase_edit",
            "programs:template_item_edit",
            "programs:program_detail",
            "programs:program_assign",
            "programs:program_handout",
            "programs:program_handout_pdf",
            "programs:program_phase_edit",
            "programs:program_item_edit",
        ],
        PRACTICE,
    ),
    **dict.fromkeys(
        [
            "programs:exercise_archive",
            "programs:exercise_restore",
            "programs:rule_remove",
            "programs:template_copy",
            "programs:template_archive",
            "programs:template_restore",
            "programs:template_phase_move",
            "programs:template_phase_remove",
            "programs:template_item_add",
            "programs:template_item_move",
            "programs:template_item_remove",
            "programs:program_clearance",
            "programs:program_phase",
            "programs:program_end",
            "programs:program_item_add",
            "programs:program_item_move",
            "programs:program_item_remove",
            "programs:program_handout_email",
            "programs:portal_handout_email",
        ],
        ALL(405),
    ),
    # Client portal.
    "programs:portal_home": PORTAL,
    "programs:portal_check_in": PORTAL,
    "programs:portal_urgent": PORTAL,
    # The installable portal: public, nothing personal in either.
    "programs:portal_manifest": ALL(200),
    "programs:portal_service_worker": ALL(200),
    # Exercise reminders: the client's page, their phone's subscription (POST only), and
    # the signed one-tap "stop" link, which needs no login.
    "programs:portal_reminders": PORTAL,
    "programs:portal_push_device": ALL(405),
    "programs:reminders_off": ALL(200),
    "programs:portal_safety_check": PORTAL,
    "programs:portal_progress": PORTAL,
    "programs:portal_program_print": PORTAL,
    "programs:portal_export_json": PORTAL,
    "programs:portal_export_csv": PORTAL,
    # The guided session: no id in its URLs, each client reaches only their own program.
    "programs:portal_session_step": PORTAL,
    "programs:portal_session_end": PORTAL,
    # Uploaded exercise images: practice staff, and clients with the exercise in a program
    # (client A's here). Anyone else gets a 404, as for a file that does not exist.
    "programs:media": (LOGIN, 200, 404, 200, 200),
    # The library's photos and clips: the same rule, for an exercise in client A's
    # active program (client B's program does not have it).
    "programs:exercise_media_file": (LOGIN, 200, 404, 200, 200),
    "programs:exercise_media": PRACTICE,
    **dict.fromkeys(
        [
            "programs:exercise_media_caption",
            "programs:exercise_media_move",
            "programs:exercise_media_remove",
        ],
        ALL(405),
    ),
    # A client's whole record, for the right of access (the portal has its own export).
    "programs:client_record_json": PRACTICE,
    "programs:client_record_print": PRACTICE,
    # The world's clients have no program, so there is no handout to download.
    "programs:portal_handout_pdf": (LOGIN, 404, 404, 404, 404),
    "programs:portal_appointments": PORTAL,
    "programs:portal_appointment_book": (LOGIN, 404, 404, 404, 404),  # no type chosen
    "programs:portal_appointment_cancel": ALL(405),
    "programs:portal_appointment_move": (LOGIN, 200, 404, 404, 404),  # client A's own
}


def _programs(w):
    """Programs objects, made once per world: a template, and a client's program.

    The program belongs to a client of its own: other lines give client A a red
    flag, which (rightly) blocks assigning a program. Program pages are practice
    pages, so client users get a 404 whoever the client is.
    """
    if not hasattr(w, "programs"):
        from programs import services
        from programs.models import ProgramExercise

        template = factories.build_template(phases=2, exercises_per_phase=1)
        client = factories.ClientFactory(practitioner=w.practitioner)
        program = services.assign_program(
            client=client, template=template, start_date=client.created_at.date(), by=w.practitioner
        )
        w.programs = SimpleNamespace(
            client=client,
            exercise=factories.ExerciseFactory(),
            rule=factories.SuggestionRuleFactory(),
            template=template,
            phase=template.phases.first(),
            item=template.phases.first().items.first(),
            program_phase=program.current_phase,
            program_item=ProgramExercise.objects.filter(phase=program.current_phase).first(),
        )
    return w.programs


def _template_kwargs(w, **extra):
    return {"pk": _programs(w).template.pk, **extra}


def _client_kwargs(w, **extra):
    return {"client_pk": _programs(w).client.pk, **extra}


PROGRAMS_KWARGS = {
    "reminders_off": lambda w: {"token": _reminder_off_token(w)},
    **dict.fromkeys(
        ["exercise_detail", "exercise_edit", "exercise_archive", "exercise_restore"],
        lambda w: {"pk": _programs(w).exercise.pk},
    ),
    **dict.fromkeys(["rule_edit", "rule_remove"], lambda w: {"pk": _programs(w).rule.pk}),
    **dict.fromkeys(
        [
            "template_detail",
            "template_edit",
            "template_preview",
            "template_copy",
            "template_archive",
            "template_restore",
            "template_phase_add",
        ],
        _template_kwargs,
    ),
    **dict.fromkeys(
        [
            "template_phase_edit",
            "template_phase_move",
            "template_phase_remove",
            "template_item_add",
        ],
        lambda w: _template_kwargs(w, phase_pk=_programs(w).phase.pk),
    ),
    **dict.fromkeys(
        ["template_item_edit", "template_item_move", "template_item_remove"],
        lambda w: _template_kwargs(w, item_pk=_programs(w).item.pk),
    ),
    **dict.fromkeys(
        [
            "program_detail",
            "program_assign",
            "program_handout",
            "program_handout_pdf",
            "program_handout_email",
            "program_clearance",
            "program_phase",
            "program_end",
        ],
        _client_kwargs,
    ),
    **dict.fromkeys(
        ["program_phase_edit", "program_item_add"],
        lambda w: _client_kwargs(w, phase_pk=_programs(w).program_phase.pk),
    ),
    **dict.fromkeys(
        ["program_item_edit", "program_item_move", "program_item_remove"],
        lambda w: _client_kwargs(w, item_pk=_programs(w).program_item.pk),
    ),
}


def _consent_version(w):
    """A consent version every client of the world has signed (the program's client is
    made first: its program was assigned before there was any text to agree to)."""
    from clients.models import Client, ConsentSignature, ConsentVersion

    _programs(w)
    version, _ = ConsentVersion.objects.get_or_create(number=1, defaults={"text": "We agree."})
    for client in Client.objects.all():
        ConsentSignature.objects.get_or_create(
            client=client, version=version, defaults={"full_name": "Signed", "how": "portal"}
        )
    return version


# url name: function(world) -> kwargs for reverse() (a list for unnamed regex groups)
def _client(w):
    return {"pk": w.client_a_record.pk}


def _assessment(w):
    assessment = factories.AssessmentFactory(client=w.client_a_record)
    return {"pk": w.client_a_record.pk, "assessment_pk": assessment.pk}


def _red_flag(w):
    # On a client of its own: an open flag on client A would block assigning A a program.
    flag = factories.RedFlagFactory(client__practitioner=w.practitioner)
    return {"pk": flag.client_id, "flag_pk": flag.pk}


def _posture_photo(w):
    from tests.clients.posture.support import make_photo

    kwargs = _assessment(w)
    photo = make_photo(Assessment.objects.get(pk=kwargs["assessment_pk"]))
    return {**kwargs, "photo_pk": photo.pk}


def _shared_posture_photo(w):
    from clients.posture import services as posture
    from tests.clients.posture.support import make_photo

    before = make_photo(factories.AssessmentFactory(client=w.client_a_record))
    after = make_photo(factories.AssessmentFactory(client=w.client_a_record))
    posture.share_pair(before=before, after=after, by=w.practitioner)
    return {"photo_pk": after.pk}


_slots = itertools.count(1)


def _consultation(w, **fields):
    # Each on its own slot: the crawl builds several URLs in one test.
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(
        days=2, hours=next(_slots)
    )
    return factories.ConsultationFactory(practitioner=w.practitioner, start=start, **fields)


def _consultation_pk(w):
    return {"pk": _consultation(w).pk}


def _reminder_off_token(w):
    from programs.reminders.services import off_token

    return off_token(w.client_a_record)


def _booking_token(w):
    from clients.models.booking import hash_token

    token = f"matrix-{next(_slots)}"
    _consultation(w, token_hash=hash_token(token))
    return {"token": token}


def _intake_token(w) -> str:
    """Client A's open intake link (one per world: a new one would revoke it)."""
    from clients.intake import services as intake

    if not hasattr(w, "intake_token"):
        _link, w.intake_token = intake.create_link(client=w.client_a_record, by=w.practitioner)
    return w.intake_token


def _exercise_image_in_client_as_program(w):
    """An exercise image stored in MEDIA_ROOT (a temporary folder: tests/conftest.py),
    prescribed in client A's program. Made once per world (a crawl builds it again)."""
    from django.core.files.base import ContentFile

    from programs.models import ClientProgram, ProgramExercise, ProgramPhase

    if not hasattr(w, "media_image"):
        exercise = factories.ExerciseFactory()
        exercise.image.save("matrix.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
        program = ClientProgram.objects.filter(client=w.client_a_record).active().first()
        if program is None:  # client A has one active program at most
            program = ClientProgram.objects.create(
                client=w.client_a_record,
                name="Back",
                start_date=timezone.localdate(),
                assigned_by=w.practitioner,
            )
        phase = ProgramPhase.objects.create(program=program, position=8, name="Calm")
        ProgramExercise.objects.create(phase=phase, exercise=exercise, position=1)
        w.media_image = exercise.image.name
    return {"name": w.media_image}


def _exercise_media_in_client_as_program(w):
    """A photo of an exercise in client A's active program, stored in MEDIA_ROOT."""
    from django.core.files.base import ContentFile

    from programs.media.models import ExerciseMedia
    from programs.models import ClientProgram, ProgramExercise, ProgramPhase

    if not hasattr(w, "exercise_media"):
        exercise = factories.ExerciseFactory()
        media = ExerciseMedia(exercise=exercise, kind="photo", caption="Start", position=1)
        media.file.save("matrix.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
        program = ClientProgram.objects.filter(client=w.client_a_record).active().first()
        if program is None:
            program = ClientProgram.objects.create(
                client=w.client_a_record,
                name="Back",
                start_date=timezone.localdate(),
                assigned_by=w.practitioner,
            )
        phase = ProgramPhase.objects.create(program=program, position=9, name="Media")
        ProgramExercise.objects.create(phase=phase, exercise=exercise, position=1)
        w.exercise_media = media
    return w.exercise_media


def _clinic_photo(w):
    from tests.clients.profile.support import make_clinic_photo

    return {"pk": make_clinic_photo(w.owner).pk}


def _practitioner_profile(w):
    from clients.models import PractitionerProfile
    from tests.clients.profile.support import make_practitioner_profile

    found = PractitionerProfile.objects.filter(user=w.practitioner).first()
    return {"pk": (found or make_practitioner_profile(w.practitioner)).pk}


KWARGS = {
    **{f"programs:{name}": build for name, build in PROGRAMS_KWARGS.items()},
    "clients:clinic_photo_edit": _clinic_photo,
    "clients:clinic_photo_remove": _clinic_photo,
    "clients:clinic_photo_file": _clinic_photo,
    "clients:practitioner_photo": _practitioner_profile,
    "clients:practitioner_profile_edit": lambda w: {"user_pk": w.practitioner.pk},
    "programs:exercise_media_file": lambda w: {
        "filename": _exercise_media_in_client_as_program(w).file.name.split("/")[-1]
    },
    "programs:exercise_media": lambda w: {
        "pk": _exercise_media_in_client_as_program(w).exercise_id
    },
    **dict.fromkeys(
        [
            "programs:exercise_media_caption",
            "programs:exercise_media_move",
            "programs:exercise_media_remove",
        ],
        lambda w: {
            "pk": _exercise_media_in_client_as_program(w).exercise_id,
            "media_pk": _exercise_media_in_client_as_program(w).pk,
        },
    ),
    "programs:media": _exercise_image_in_client_as_program,
    "programs:client_record_json": lambda w: {"client_pk": w.client_a_record.pk},
    "programs:client_record_print": lambda w: {"client_pk": w.client_a_record.pk},
    "clients:client_anonymise": _client,
    "clients:client_detail": _client,
    "clients:client_edit": _client,
    "clients:client_history": _client,
    "clients:client_timeline": _client,
    "clients:client_archive": _client,
    "clients:client_restore": _client,
    "clients:consent_version": lambda w: {"number": _consent_version(w).number},
    "clients:consent_paper": _client,
    "clients:questionnaires": _client,
    "clients:questionnaires_stop": _client,
    "clients:consent_handover_start": _client,
    "clients:note_create": _client,
    "clients:client_invite": _client,
    "clients:client_invite_revoke": _client,
    "clients:assessment_create": _client,
    "clients:assessment_detail": _assessment,
    "clients:assessment_edit": _assessment,
    "clients:assessment_print": _assessment,
    "clients:assessment_history": _assessment,
    "clients:red_flag_resolve": _red_flag,
    "clients:red_flag_acknowledge": _red_flag,
    **dict.fromkeys(
        [
            "clients:posture_photo",
            "clients:posture_photo_image",
            "clients:posture_photo_thumb",
            "clients:posture_photo_archive",
        ],
        _posture_photo,
    ),
    "clients:posture": _assessment,
    "clients:posture_compare": _assessment,
    "clients:posture_share": _client,
    "clients:posture_unshare": lambda w: {"pk": w.client_a_record.pk, "share_pk": 1},
    "clients:portal_posture_image": _shared_posture_photo,
    "clients:consultation_detail": _consultation_pk,
    "clients:consultation_outcome": _consultation_pk,
    "clients:consultation_convert": _consultation_pk,
    "clients:availability_hours_delete": lambda w: {
        "pk": factories.WeeklyHoursFactory(practitioner=w.practitioner).pk
    },
    "clients:availability_exception_delete": lambda w: {
        "pk": factories.AvailabilityExceptionFactory(practitioner=w.practitioner).pk
    },
    "clients:appointment_type_edit": lambda w: {"pk": factories.AppointmentTypeFactory().pk},
    "clients:appointment_create": _client,
    "programs:portal_appointment_cancel": lambda w: {
        "pk": _consultation(w, client=w.client_a_record).pk
    },
    "programs:portal_session_step": lambda w: {"number": 1},
    "programs:portal_appointment_move": lambda w: {
        "pk": _consultation(w, client=w.client_a_record).pk
    },
    "clients:appointment_move": _consultation_pk,
    "clients:reassessment_start": _consultation_pk,
    "programs:session_note": lambda w: {"pk": _consultation(w, client=w.client_a_record).pk},
    "programs:session_note_amend": lambda w: {"pk": _consultation(w, client=w.client_a_record).pk},
    "clients:calendar_feed": lambda w: {"token": "made-up-feed-secret"},
    "clients:booking_manage": _booking_token,
    "clients:booking_cancel": _booking_token,
    "clients:booking_reschedule": _booking_token,
    "clients:invitation_accept": lambda w: {"token": "made-up-invitation-token"},
    "clients:intake_start": lambda w: {"token": _intake_token(w)},
    "clients:intake_section": lambda w: {"token": _intake_token(w), "code": "story"},
    "clients:intake_submit": lambda w: {"token": _intake_token(w)},
    "clients:portal_intake_section": lambda w: {"code": _intake_token(w) and "story"},
    "clients:intake_send": _client,
    "clients:intake_revoke": lambda w: {
        **_client(w),
        "link_pk": w.client_a_record.intakes.first().pk if _intake_token(w) else 0,
    },
    "password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "made-up-token"},
}
RAW_PATHS: dict[str, str] = {}


def is_admin(route: Route) -> bool:
    return route.key.startswith(("admin:", "route:admin:"))


ROUTES = all_routes()
PROJECT_ROUTES = [route for route in ROUTES if not is_admin(route)]
ADMIN_ROUTES = [route for route in ROUTES if is_admin(route)]


def url_for(route: Route, world) -> str:
    if route.key in RAW_PATHS:
        return RAW_PATHS[route.key]
    if not (route.converters or route.positional):
        return reverse(route.key)
    arguments = KWARGS[route.key](world)  # a dict of kwargs, or a list for positional groups
    if isinstance(arguments, dict):
        return reverse(route.key, kwargs=arguments)
    return reverse(route.key, args=arguments)


def http_client_for(world, role: str) -> HttpClient:
    http = HttpClient()
    if world.users[role] is not None:
        http.force_login(world.users[role])
    return http


def check(response, expected, url: str, role: str) -> None:
    where = f"GET {url} as {role}"
    if expected == LOGIN:
        assert response.status_code == 302, f"{where}: expected a login redirect, got {response}"
        assert response.url.startswith(reverse("login")), f"{where}: redirected to {response.url}"
    elif isinstance(expected, To):
        assert response.status_code == 302, f"{where}: expected a redirect, got {response}"
        assert response.url.split("?")[0] == reverse(expected.url_name), (
            f"{where}: redirected to {response.url}, expected {expected.url_name}"
        )
    else:
        assert response.status_code == expected, f"{where}: expected {expected}, got {response}"
        if expected == 404:
            assert b"We could not find that page" in response.content


def check_head(response, url: str, role: str) -> None:
    """Read-only pages (require_safe) answer HEAD like GET, without a body; form pages
    (GET and POST) may refuse it."""
    if response.status_code == 405:
        assert "POST" in response["Allow"], f"HEAD {url} as {role}: refused by a GET-only page"
    else:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert (response.status_code, body) == (200, b""), f"HEAD {url} as {role}"


def test_every_url_pattern_has_an_expectation():
    missing = [route.key for route in PROJECT_ROUTES if route.key not in EXPECTATIONS]
    assert not missing, (
        "These URL patterns have no access expectation. Add one line each to EXPECTATIONS "
        "in tests/test_access_matrix.py (and to KWARGS if the URL takes arguments): "
        + ", ".join(missing)
    )
    no_kwargs = [
        route.key
        for route in PROJECT_ROUTES
        if (route.converters or route.positional)
        and route.key not in KWARGS
        and route.key not in RAW_PATHS
    ]
    assert not no_kwargs, "Add a KWARGS line in tests/test_access_matrix.py for: " + ", ".join(
        no_kwargs
    )


def test_every_expectation_is_for_a_url_that_exists():
    keys = {route.key for route in ROUTES}
    assert not set(EXPECTATIONS) - keys, "Stale EXPECTATIONS lines"


@pytest.mark.django_db
@pytest.mark.parametrize("route", PROJECT_ROUTES, ids=lambda route: route.key)
def test_each_page_answers_each_visitor_as_expected(world, route):
    expected_row = EXPECTATIONS.get(route.key)
    if expected_row is None:
        pytest.fail(f"No expectation for {route.key}: add it to EXPECTATIONS in this file")
    url = url_for(route, world)
    for role, expected in zip(ROLES, expected_row, strict=True):
        response = http_client_for(world, role).get(url)
        check(response, expected, url, role)
        if role != "anonymous":  # never reopened from the browser's cache after logout
            assert response.get("Cache-Control") == "no-store", f"GET {url} as {role}"
        if expected == 200:
            check_head(http_client_for(world, role).head(url), url, role)


# --- The Django admin: for the owner (is_staff) only. ---------------------------------


def _admin_object_pk(route: Route, world):
    """A real object for admin URLs that take one, so the owner sees the page itself."""
    model_part = route.key.removeprefix("admin:").rsplit("_", 1)[0]
    for model in apps.get_models():
        if f"{model._meta.app_label}_{model._meta.model_name}" == model_part:
            obj = model._default_manager.order_by("pk").first()
            return obj.pk if obj is not None else 0
    return world.owner.pk


def admin_url(route: Route, world) -> str:
    if route.key.startswith("route:"):
        # Unnamed patterns: the legacy "<id>/" redirect and the catch-all.
        path = "/" + route.route.replace("(?P<url>.*)$", "no-such-admin-page/")
        return path.replace("<path:object_id>", str(world.owner.pk))
    if route.key.endswith("_simple_history"):  # django-simple-history: <pk>/history/<id>/
        record = world.client_a_record
        return reverse(route.key, args=[record.pk, record.history.first().history_id])
    kwargs = {}
    for name in route.converters:
        if name in ("object_id", "pk", "id"):
            kwargs[name] = _admin_object_pk(route, world)
        elif name == "content_type_id":
            kwargs[name] = ContentType.objects.get_for_model(Group).pk
        elif name == "app_label":
            kwargs[name] = "clinic"
        else:
            kwargs[name] = "1"
    return reverse(route.key, kwargs=kwargs)


@pytest.mark.django_db
def test_only_the_owner_gets_into_the_admin(world):
    # Objects for the admin's object pages (django-otp's device pages fail on a missing pk).
    someone = factories.PractitionerFactory(email="someone@example.org")
    TOTPDevice.objects.create(user=someone, name="phone")
    StaticDevice.objects.create(user=someone, name="codes")
    admin_login = reverse("admin:login")
    for route in ADMIN_ROUTES:
        url = admin_url(route, world)
        for role in ROLES:
            response = http_client_for(world, role).get(url)
            where = f"GET {url} as {role}"
            if route.key == "admin:logout":  # POST only; a GET from a stranger goes home
                assert response.status_code == (405 if role == "owner" else 302), where
            elif route.key == "admin:login":
                expected = 302 if role == "owner" else 200
                assert response.status_code == expected, where
            elif role == "owner":
                # 403 where the admin offers no such action (adding a login attempt,
                # deleting a client record) or autocomplete lacks its parameters.
                assert response.status_code in (200, 302, 403, 404), f"{where}: {response}"
                if response.status_code == 302:
                    assert not response.url.startswith(admin_login), where
            else:
                assert response.status_code == 302, f"{where}: {response}"
                assert response.url.startswith(admin_login), where
