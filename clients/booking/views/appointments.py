"""Practice pages for appointments: the owner's types; booking, moving a client's ones."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from clients.access import get_client_for
from clients.booking import appointments
from clients.booking.appointment_forms import (
    AppointmentForm,
    AppointmentTypeForm,
    ClientSearchForm,
    MoveForm,
)
from clients.booking.views.practice import get_consultation_for
from clients.models import AppointmentType, Client
from clinic.access import owner_required, practice_required

PICKER_LIMIT = 10


@require_safe
@transaction.non_atomic_requests  # read-only
@owner_required
def appointment_type_list(request):
    types = AppointmentType.objects.all()
    return render(request, "clients/booking/appointment_type_list.html", {"types": types})


def _type_form_page(request, instance: AppointmentType):
    form = AppointmentTypeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        appointments.save_appointment_type(appointment_type=form.instance, by=request.user)
        messages.success(request, f"{form.instance} saved.")
        return redirect("clients:appointment_type_list")
    return render(
        request, "clients/booking/appointment_type_form.html", {"form": form, "type": instance}
    )


@require_http_methods(["GET", "POST"])
@owner_required
def appointment_type_create(request):
    return _type_form_page(request, AppointmentType())


@require_http_methods(["GET", "POST"])
@owner_required
def appointment_type_edit(request, pk: int):
    return _type_form_page(request, get_object_or_404(AppointmentType, pk=pk))


@require_http_methods(["GET", "POST"])
@practice_required
def appointment_create(request, pk: int):
    """Book an appointment (or a weekly series) of any type for the client."""
    client = get_client_for(request.user, pk)
    if request.method == "GET":
        form = AppointmentForm.for_query(request.GET, client=client)
    else:
        form = AppointmentForm(request.POST)
        if form.is_valid():
            try:
                booked = appointments.book_appointments(plan=form.plan(client), by=request.user)
            except appointments.BookingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Booked {len(booked)} appointment(s) for {client}.")
                return redirect(booked[0])
    context = {"form": form, "client": client}
    return render(request, "clients/booking/appointment_form.html", context)


@require_http_methods(["GET", "POST"])
@practice_required
def appointment_move(request, pk: int):
    appointment = get_consultation_for(request.user, pk)
    local = timezone.localtime(appointment.start)
    initial = {"practitioner": appointment.practitioner_id, "day": local.date(), "at": local.time()}
    form = MoveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            appointments.move_appointment(
                appointment=appointment,
                start=form.start(),
                practitioner=form.cleaned_data["practitioner"],
                by=request.user,
            )
        except appointments.BookingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Appointment moved.")
            return redirect(appointment)
    context = {"form": form, "appointment": appointment}
    return render(request, "clients/booking/appointment_move.html", context)


@require_safe
@transaction.non_atomic_requests  # read-only
@practice_required
def appointment_pick_client(request):
    """From the calendar: find the client the new appointment is for. The chosen time
    and practitioner travel on to the booking form unchanged (it reads them again)."""
    form = ClientSearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    found = []
    if text.strip():
        clients = Client.objects.visible_to(request.user).active().search(text)
        found = list(clients.order_by("last_name", "first_name")[:PICKER_LIMIT])
    carry = urlencode({key: request.GET.get(key, "")[:20] for key in ("practitioner", "day", "at")})
    context = {"form": form, "found": found, "carry": carry, "searched": bool(text.strip())}
    return render(request, "clients/booking/appointment_pick_client.html", context)
