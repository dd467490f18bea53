"""The client's appointments in the portal: upcoming and past, booking a follow-up or a
reassessment, cancelling or moving one within its type's rules.

Built on the booking engine (``clients.booking``): the same open times, week pages,
guards and emails as the public free-consultation booking.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clients.booking import appointments
from clients.booking import services as booking
from clients.booking.forms import RescheduleForm
from clients.booking.views.public import _days, _week
from clients.models import AppointmentType, Consultation
from clinic.access import portal_required
from clinic.params import parse_id
from programs.portal.check_in import consultation_filter

PAST_SHOWN = 20


def _own_appointment(request, pk: int) -> Consultation:
    """One of the signed-in client's appointments; anyone else's is a 404."""
    return get_object_or_404(
        Consultation.objects.select_related("appointment_type", "practitioner"),
        client__user=request.user,
        pk=pk,
    )


@require_safe
@never_cache
@transaction.non_atomic_requests  # read-only
@portal_required
def portal_appointments(request):
    client = request.user.client_record
    now = timezone.now()
    mine = Consultation.objects.filter(consultation_filter(client)).select_related(
        "appointment_type", "practitioner"
    )
    upcoming = list(mine.filter(status=Consultation.Status.BOOKED, end__gte=now).order_by("start"))
    past = list(mine.filter(start__lt=now).order_by("-start")[:PAST_SHOWN])
    for appointment in upcoming:
        appointment.may_change = appointment.client_id == client.pk and (
            appointment.may_change_online(
                now=now, cutoff=appointment.appointment_type.cancel_cutoff
            )
        )
    context = {
        "upcoming": upcoming,
        "past": past,
        "types": AppointmentType.objects.bookable_in_portal(),
    }
    return render(request, "programs/portal/portal_appointments.html", context)


def _open_times(request, appointment_type: AppointmentType, practitioner_id, ignore=None):
    """The week of open times for the type with the practitioner (None: anyone)."""
    context = _week(
        request,
        lambda first, last, rules: booking.load_availability(
            first_day=first,
            last_day=last,
            practitioner_id=practitioner_id,
            rules=rules,
            appointment_type=appointment_type,
            ignore=ignore,
        ),
    )
    context["days"] = _days(
        s for s in context["availability"].open_times() if s != getattr(ignore, "start", None)
    )
    context["week_query"] = f"type={appointment_type.pk}&"
    return context


@require_http_methods(["GET", "POST"])
@never_cache
@portal_required
def portal_appointment_book(request):
    client = request.user.client_record
    kind = get_object_or_404(
        AppointmentType.objects.bookable_in_portal(), pk=parse_id(request.GET.get("type")) or 0
    )
    if request.method == "POST":
        form = RescheduleForm(request.POST)  # one field: the chosen start
        if form.is_valid():
            try:
                appointments.book_in_portal(
                    client=client,
                    appointment_type=kind,
                    start=form.cleaned_data["start"],
                    by=request.user,
                )
            except booking.BookingError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, f"Your {kind.name.lower()} is booked. We have emailed you."
                )
                return redirect("programs:portal_appointments")
    practitioner_id = appointments.portal_practitioner_id(client, booking.load_settings())
    context = {"kind": kind, **_open_times(request, kind, practitioner_id)}
    return render(request, "programs/portal/portal_appointment_book.html", context)


@require_POST
@portal_required
def portal_appointment_cancel(request, pk: int):
    appointment = _own_appointment(request, pk)
    try:
        booking.cancel_consultation(consultation=appointment)
    except booking.BookingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Your appointment is cancelled.")
    return redirect("programs:portal_appointments")


@require_http_methods(["GET", "POST"])
@never_cache
@portal_required
def portal_appointment_move(request, pk: int):
    appointment = _own_appointment(request, pk)
    if request.method == "POST":
        form = RescheduleForm(request.POST)
        if form.is_valid():
            try:
                booking.reschedule_consultation(
                    consultation=appointment, start=form.cleaned_data["start"]
                )
            except booking.BookingError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "Your appointment has moved. We have emailed you.")
                return redirect("programs:portal_appointments")
    kind = appointment.appointment_type
    context = {"appointment": appointment, "kind": kind}
    context.update(_open_times(request, kind, appointment.practitioner_id, ignore=appointment))
    context["may_change"] = appointment.may_change_online(
        now=timezone.now(), cutoff=kind.cancel_cutoff
    )
    return render(request, "programs/portal/portal_appointment_move.html", context)
