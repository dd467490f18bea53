"""Public free-consultation booking: no account needed.

/book/ lists open times a week at a time; /book/details/ takes the person's
details and books; the manage link (/book/manage/<token>/) shows the booking and
lets the person cancel or reschedule until the clinic's cut-off.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients.booking import open_times, scheduling
from clients.booking import services as booking
from clients.booking.forms import (
    BookingForm,
    RescheduleForm,
    slot_value,
)
from clients.models import BookingSettings, Consultation
from clients.models.booking import hash_token
from clients.profile.home import published_practitioners
from clinic.cache import CacheUnavailable
from clinic.client_address import client_ip
from clinic.models import User
from clinic.once import once_per_key
from clinic.params import parse_day, parse_id
from clinic.security.ratelimit import UNAVAILABLE_MESSAGE, RateLimit

DAYS_SHOWN = 7


def _week_start(value: str | None, today: date, last_day: date) -> date:
    return min(max(parse_day(value) or today, today), last_day)


def _week(request, availability_for=None) -> dict:
    """Shared by booking and rescheduling: the week shown, its open times (when
    ``availability_for`` is given) and the nav."""
    today = timezone.localdate()
    rules = booking.load_settings()
    last_day = today + timedelta(days=rules.horizon_days)
    first_day = _week_start(request.GET.get("week"), today, last_day)
    week_end = first_day + timedelta(days=DAYS_SHOWN - 1)
    previous = first_day - timedelta(days=DAYS_SHOWN)
    following = first_day + timedelta(days=DAYS_SHOWN)
    return {
        "rules": rules,
        "availability": availability_for and availability_for(first_day, week_end, rules),
        "first_day": first_day,
        "week_end": min(week_end, last_day),
        "previous_week": max(previous, today) if first_day > today else None,
        "next_week": following if following <= last_day else None,
    }


def _days(starts) -> list[dict]:
    """Open times by local day, with their labels formatted here once: a week can hold
    a few hundred times, and date filters per time in the template cost more than the
    rest of the page."""
    tz = booking.clinic_tz()
    return [
        {
            "id": f"day-{day:%Y%m%d}",
            "label": dateformat.format(day, "l j F"),
            "slots": [(slot_value(s), f"{s.astimezone(tz):%H:%M}") for s in day_starts],
        }
        for day, day_starts in scheduling.group_by_day(starts, tz).items()
    ]


def _render_times(request, chosen_id: int | None) -> tuple[str, str]:
    """The week's open times as HTML, and the practitioner choice they show."""
    context = _week(request)
    rules = context.pop("rules")
    first_day = context["first_day"]
    availability = booking.load_availability(
        first_day=first_day, last_day=first_day + timedelta(days=DAYS_SHOWN - 1), rules=rules
    )
    shown_id = chosen_id if chosen_id in availability.practitioners else None
    if shown_id is None:
        starts = availability.open_times().keys()
    else:
        starts = availability.slots_for(shown_id)
    shown = "any" if shown_id is None else str(shown_id)
    times = render_to_string(
        "clients/booking/includes/booking_times.html",
        {
            **context,
            "accepting": rules.accepting,
            "minutes": availability.kind.minutes,
            "practitioners": availability.practitioners.values(),
            "profiles": list(
                published_practitioners().filter(user_id__in=list(availability.practitioners))
            ),
            "choice": shown,
            "days": _days(starts),
            "CLINIC_PHONE": settings.CLINIC_PHONE,
            "CLINIC_EMAIL": settings.CLINIC_EMAIL,
        },
    )
    return times, shown


@require_safe
@transaction.non_atomic_requests  # read-only
def book(request):
    """A week of open times. Computing them takes four queries however many
    practitioners or bookings (``load_availability``); the rendered times are then
    served from the cache, without a query, until the minute ends or anything they
    depend on changes (``clients.booking.open_times``)."""
    chosen_id = parse_id(request.GET.get("practitioner", "any"))
    # The cache key's week: the one asked for, within the longest horizon a clinic can
    # set (the clinic's own horizon needs the settings, which a cached page skips).
    today = timezone.localdate()
    asked_week = _week_start(
        request.GET.get("week"), today, today + timedelta(days=BookingSettings.MAX_HORIZON_DAYS)
    )
    key_choice = "any" if chosen_id is None else str(chosen_id)
    times = open_times.cached(asked_week, key_choice, lambda: _render_times(request, chosen_id))
    return render(request, "clients/booking/booking_start.html", {"times": times})


def _own_record(request):
    """The client record of a signed-in portal client, who books for themselves."""
    user = request.user
    return (
        getattr(user, "client_record", None)
        if user.is_authenticated and user.is_client_user
        else None
    )


def _refusal(request, email: str) -> tuple[str, int] | None:
    """The message and status refusing this submission by a burst limit (per address,
    then per email, shared through the cache), if any; with the cache unreachable,
    nothing can be counted and it is refused too. The daily limits on kept bookings
    live in the service."""
    limits = [
        (RateLimit.from_settings("booking_ip"), client_ip(request)),
        (RateLimit.from_settings("booking_email"), email),
    ]
    try:
        refused = next((limit for limit, value in limits if not limit.allow(value)), None)
    except CacheUnavailable:
        return UNAVAILABLE_MESSAGE, 503
    return (refused.message, 429) if refused else None


def _details_page(request, form: BookingForm, *, status: int = 200):
    start, practitioner_id = form.chosen_slot()
    practitioner = None
    if practitioner_id is not None:
        practitioner = User.objects.practitioners().filter(pk=practitioner_id).first()
    context = {
        "form": form,
        "start": timezone.localtime(start) if start else None,
        "practitioner": practitioner,
    }
    return render(request, "clients/booking/booking_form.html", context, status=status)


def _slot_taken_page(request, error: booking.SlotTakenError):
    alternatives = [
        {"value": slot_value(s), "local": timezone.localtime(s)} for s in error.alternatives
    ]
    context = {
        "error": str(error),
        "choice": request.POST.get("practitioner", "any"),
        "alternatives": alternatives,
    }
    return render(request, "clients/booking/booking_taken.html", context)


def _prescreen_stop(request):
    """Urgent advice instead of a booking. Nothing from the form is kept: only a count
    of stops, for the clinic's figures."""
    booking.count_red_flag_stop()
    return render(request, "clients/booking/booking_urgent.html")


def _slot_page(request):
    """GET: the details form for the open time picked on /book/."""
    form = BookingForm.for_slot(request.GET)
    if form is None or not _is_open(*form.chosen_slot()):
        messages.error(request, "That time is not free any more. Please choose another.")
        return redirect("clients:book")
    return _details_page(request, form)


@require_http_methods(["GET", "POST"])
@once_per_key(repeat_to="clients:book")
def book_details(request):
    if request.method == "GET":
        return _slot_page(request)
    form = BookingForm(request.POST)
    if form.stops_at_prescreen:
        return _prescreen_stop(request)
    if form.is_bot:
        messages.error(request, "We could not accept that form. Please try again.")
        return redirect("clients:book")
    if form.is_valid():
        if refused := _refusal(request, form.cleaned_data["email"]):
            form.add_error(None, refused[0])
            return _details_page(request, form, status=refused[1])
        try:
            booked = booking.book_consultation(
                **form.booking_details(), ip_address=client_ip(request), client=_own_record(request)
            )
        except booking.SlotTakenError as error:
            return _slot_taken_page(request, error)
        except booking.BookingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "You are booked. We have emailed you the details.")
            return redirect("clients:booking_manage", token=booked.token)
    return _details_page(request, form)


def _is_open(start: datetime, practitioner_id: int | None) -> bool:
    day = timezone.localdate(start)
    availability = booking.load_availability(
        first_day=day, last_day=day, practitioner_id=practitioner_id
    )
    return start in availability.open_times()


def _consultation_for_token(token: str) -> Consultation | None:
    """The consultation a manage link points at, or None if unknown or expired."""
    consultation = (
        Consultation.objects.select_related("practitioner", "appointment_type")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if consultation is None or consultation.link_expired(now=timezone.now()):
        return None
    return consultation


def _invalid_link(request):
    return render(request, "clients/booking/booking_link_invalid.html", status=404)


@require_safe
@never_cache
def booking_manage(request, token: str):
    consultation = _consultation_for_token(token)
    if consultation is None:
        return _invalid_link(request)
    kind = consultation.appointment_type
    return render(
        request,
        "clients/booking/booking_manage.html",
        {
            "consultation": consultation,
            "token": token,
            "may_change": consultation.may_change_online(
                now=timezone.now(), cutoff=kind.cancel_cutoff
            ),
            "cutoff_hours": kind.cancel_cutoff_hours,
            "clinic_address": settings.CLINIC_ADDRESS,
        },
    )


@require_POST
@never_cache
def booking_cancel(request, token: str):
    consultation = _consultation_for_token(token)
    if consultation is None:
        return _invalid_link(request)
    try:
        booking.cancel_consultation(consultation=consultation)
    except booking.BookingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your consultation is cancelled. We have emailed you.")
    return redirect("clients:booking_manage", token=token)


def _reschedule(request, consultation: Consultation, token: str):
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please choose one of the times shown.")
        return redirect(reverse("clients:booking_reschedule", args=[token]))
    try:
        booked = booking.reschedule_consultation(
            consultation=consultation, start=form.cleaned_data["start"]
        )
    except booking.BookingError as error:
        messages.error(request, str(error))
        return redirect(reverse("clients:booking_reschedule", args=[token]))
    messages.success(request, "Your consultation has moved. We have emailed you the new time.")
    return redirect("clients:booking_manage", token=booked.token)


def _reschedule_context(request, consultation: Consultation, token: str) -> dict:
    """The week of times the booking may move to: its practitioner's, minus its own."""
    context = _week(
        request,
        lambda first, last, rules: booking.load_availability(
            first_day=first,
            last_day=last,
            practitioner_id=consultation.practitioner_id,
            ignore=consultation,
            rules=rules,
            appointment_type=consultation.appointment_type,
        ),
    )
    availability = context["availability"]
    context.update(
        consultation=consultation,
        token=token,
        may_change=consultation.may_change_online(
            now=timezone.now(), cutoff=availability.kind.cancel_cutoff
        ),
        days=_days(
            s
            for s in availability.slots_for(consultation.practitioner_id)
            if s != consultation.start
        ),
    )
    return context


@require_http_methods(["GET", "POST"])
@never_cache
def booking_reschedule(request, token: str):
    consultation = _consultation_for_token(token)
    if consultation is None:
        return _invalid_link(request)
    if request.method == "POST":
        return _reschedule(request, consultation, token)
    context = _reschedule_context(request, consultation, token)
    return render(request, "clients/booking/booking_reschedule.html", context)
