"""Practice side of free consultations: list, agenda, outcome, convert, availability."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients.booking import calendar as diary
from clients.booking import services as booking
from clients.booking.forms import (
    BookingSettingsForm,
    ExceptionForm,
    OutcomeForm,
    WeeklyHoursForm,
)
from clients.models import (
    AppointmentType,
    AvailabilityException,
    BookingSettings,
    Consultation,
    WeeklyHours,
)
from clients.vocab import RED_FLAG_SUMMARIES
from clinic.access import owner_required, practice_required
from clinic.history import history_entries, record_change
from clinic.models import User
from clinic.once import once_per_key
from clinic.params import parse_day, parse_id

PAGE_SIZE = 25


def get_consultation_for(user, pk: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.visible_to(user).select_related(
            "practitioner", "client", "appointment_type", "series__appointment_type"
        ),
        pk=pk,
    )


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _practitioner_filter(request) -> User | None:
    value = request.GET.get("practitioner", "")
    if value == "all":
        return None
    if (practitioner_id := parse_id(value)) is not None:
        return User.objects.practitioners().filter(pk=practitioner_id).first()
    return request.user


@require_safe
@practice_required
def consultation_list(request):
    when = request.GET.get("when", "upcoming")
    status = request.GET.get("status", "")
    now = timezone.now()
    consultations = Consultation.objects.visible_to(request.user).select_related(
        "practitioner", "client"
    )
    if when == "past":
        consultations = consultations.filter(start__lt=now).order_by("-start")
    elif when == "upcoming":
        consultations = consultations.filter(end__gte=now)
    if status in Consultation.Status.values:
        consultations = consultations.filter(status=status)
    page = Paginator(consultations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "clients/booking/consultation_list.html",
        {
            "page": page,
            "when": when,
            "status": status,
            "statuses": Consultation.Status.choices,
        },
    )


def _agenda_span(request) -> tuple[str, date, int]:
    """``?span=day|week&day=YYYY-MM-DD``: the span (the week unless a day is asked for),
    its first day (a week starts on the clinic's first weekday) and its length in days;
    today when the day is missing or unreadable."""
    span = "day" if request.GET.get("span") == "day" else "week"
    day = parse_day(request.GET.get("day")) or timezone.localdate()
    if span == "week":
        return span, diary.week_start(day), 7
    return span, day, 1


@require_safe
@practice_required
def consultation_agenda(request):
    """A day or a week of one practitioner's consultations (yours by default)."""
    practitioner = _practitioner_filter(request)
    span, day, length = _agenda_span(request)
    consultations = (
        Consultation.objects.visible_to(request.user)
        .select_related("practitioner")
        .filter(start__gte=_local_midnight(day), start__lt=_local_midnight(day + timedelta(length)))
    )
    if practitioner is not None:
        consultations = consultations.filter(practitioner=practitioner)
    by_day: dict[date, list[Consultation]] = {day + timedelta(n): [] for n in range(length)}
    for consultation in consultations:
        by_day.setdefault(timezone.localdate(consultation.start), []).append(consultation)
    context = {"by_day": by_day.items(), "day": day, "span": span}
    context.update(previous=day - timedelta(length), next=day + timedelta(length))
    context.update(practitioner=practitioner, practitioners=User.objects.practitioners())
    return render(request, "clients/booking/consultation_agenda.html", context)


@require_safe
@practice_required
def consultation_detail(request, pk: int):
    consultation = get_consultation_for(request.user, pk)
    return _detail_page(request, consultation, OutcomeForm.for_consultation(consultation))


KEPT_ON_BOOKING = (
    "The intake answers stayed with the booking: it matched an existing record by email "
    "only, so nothing from the form was added to it. Review them on the booking."
)


def _intake(consultation) -> dict | None:
    """The intake form sent with this booking (one query), and the safety answers a
    stranger's form said "yes" to, in a few plain words."""
    link = consultation.intakes.select_related("consent_version", "client").first()
    if link is None:
        return None
    said = [code for code, yes in link.safety_answers.items() if yes]
    return {
        "link": link,
        "flags": [RED_FLAG_SUMMARIES.get(code, code) for code in said],
        # Linked to an existing record by email: the form was not made theirs.
        "kept": link.client_id is None and consultation.client_id is not None,
    }


def _detail_page(request, consultation, outcome_form: OutcomeForm, *, status: int = 200):
    return render(
        request,
        "clients/booking/consultation_detail.html",
        {
            "consultation": consultation,
            "outcome_form": outcome_form,
            "history": history_entries(consultation),
            "intake": _intake(consultation),
            "may_convert": consultation.status == Consultation.Status.ATTENDED
            and consultation.client_id is None
            and consultation.appointment_type.is_free_consultation,
        },
        status=status,
    )


@require_POST
@practice_required
def consultation_outcome(request, pk: int):
    consultation = get_consultation_for(request.user, pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            booking.record_outcome(
                consultation=consultation,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except booking.BookingError as error:
            form.add_error("status", str(error))
        else:
            messages.success(request, "Outcome saved.")
            return redirect(consultation)
    # Refused: the page again with what was chosen and typed, the reason by the field.
    return _detail_page(request, consultation, form, status=400)


@require_POST
@practice_required
@once_per_key
def consultation_convert(request, pk: int):
    consultation = get_consultation_for(request.user, pk)
    try:
        client, created = booking.convert_to_client(consultation=consultation, by=request.user)
    except booking.BookingError as error:
        messages.error(request, str(error))
        return redirect(consultation)
    if created:
        messages.success(request, f"{client} is now a client.")
    else:
        messages.success(request, f"Linked to the existing client {client}.")
        consultation.client = client
        if booking.intake_kept_on_booking(consultation):
            messages.warning(request, KEPT_ON_BOOKING)
    return redirect(client)


# Availability -----------------------------------------------------------------------


def _availability_owner(request) -> User:
    """Whose availability the page edits: your own, or (owners only) any practitioner's."""
    value = request.GET.get("practitioner") or request.POST.get("practitioner")
    if value and request.user.is_owner:
        practitioner_id = parse_id(value)
        if practitioner_id is None:  # tampered: no such practitioner
            raise Http404("No such practitioner.")
        return get_object_or_404(User.objects.practitioners(), pk=practitioner_id)
    return request.user


def _availability_url(person: User, request) -> str:
    url = reverse("clients:availability")
    return url if person == request.user else f"{url}?practitioner={person.pk}"


def _editable(model, request, pk: int):
    """An hours or exception row the user may change: their own, or any for an owner."""
    rows = model.objects.select_related("practitioner")
    if not request.user.is_owner:
        rows = rows.filter(practitioner=request.user)
    return get_object_or_404(rows, pk=pk)


@require_safe
@practice_required
def availability(request):
    return _availability_page(request, _availability_owner(request))


def _availability_page(request, person: User, *, hours_form=None, exception_form=None):
    today = timezone.localdate()
    return render(
        request,
        "clients/booking/availability.html",
        {
            "person": person,
            "hours": WeeklyHours.objects.filter(practitioner=person),
            "exceptions": AvailabilityException.objects.filter(
                practitioner=person, date__gte=today
            ),
            "hours_form": hours_form or WeeklyHoursForm(),
            "exception_form": exception_form or ExceptionForm(),
            "practitioners": User.objects.practitioners() if request.user.is_owner else [],
            "settings": booking.load_settings(),
            "free": AppointmentType.free_consultation(),
        },
    )


def _add(request, form_class, form_name: str, added: str):
    person = _availability_owner(request)
    form = form_class(request.POST, instance=form_class._meta.model(practitioner=person))
    if form.is_valid():
        form.save()
        messages.success(request, added)
        return redirect(_availability_url(person, request))
    return _availability_page(request, person, **{form_name: form})


@require_POST
@practice_required
@once_per_key
def availability_hours_add(request):
    return _add(request, WeeklyHoursForm, "hours_form", "Weekly hours added.")


@require_POST
@practice_required
@once_per_key
def availability_exception_add(request):
    return _add(request, ExceptionForm, "exception_form", "Change to your hours added.")


def _delete(request, model, pk: int):
    # Availability is a schedule, not a clinical record: removing a row is fine.
    row = _editable(model, request, pk)
    row.delete()
    messages.success(request, f"Removed {row}.")
    return redirect(_availability_url(row.practitioner, request))


@require_POST
@practice_required
def availability_hours_delete(request, pk: int):
    return _delete(request, WeeklyHours, pk)


@require_POST
@practice_required
def availability_exception_delete(request, pk: int):
    return _delete(request, AvailabilityException, pk)


@require_http_methods(["GET", "POST"])
@owner_required
def booking_settings(request):
    instance = BookingSettings.load()
    form = BookingSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        record_change(form.instance, by=request.user)
        form.save()
        messages.success(request, "Booking settings saved.")
        return redirect("clients:booking_settings")
    return render(request, "clients/booking/booking_settings_form.html", {"form": form})
