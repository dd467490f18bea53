"""The practitioner's calendar (day, week, list) and their private calendar feed."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from clients.booking import calendar as diary
from clients.booking.emails import absolute, feed_ics
from clients.models import AppointmentType, CalendarFeed
from clinic.access import practice_required
from clinic.models import User
from clinic.page_cache import cached_page
from clinic.params import parse_id

VIEWS = {"day": 1, "week": 7, "list": 7}


def _shown(request, practitioners: list[User]) -> tuple[list[User], str]:
    """Whose calendar: ``?practitioner=<id>`` or ``all`` (side by side); by default the
    owner sees everyone, a practitioner themself."""
    value = request.GET.get("practitioner") or ("all" if request.user.is_owner else "")
    if value == "all":
        return practitioners, "all"
    chosen = parse_id(value) or request.user.pk
    found = [p for p in practitioners if p.pk == chosen] or [request.user]
    return found, str(found[0].pk)


@require_safe
@transaction.non_atomic_requests  # read-only
@practice_required
@cached_page
def calendar(request):
    view = request.GET.get("view") if request.GET.get("view") in VIEWS else "week"
    day = diary.bounded_day(request.GET.get("day"), timezone.localdate())
    first_day = day if view == "day" else diary.week_start(day)
    practitioners = list(User.objects.practitioners())
    shown, choice = _shown(request, practitioners)
    days = diary.load_calendar(first_day=first_day, days=VIEWS[view], practitioners=shown)
    step = timedelta(days=VIEWS[view])
    context = {"view": view, "days": days, "first_day": first_day, "shown": shown}
    context.update(choice=choice, practitioners=practitioners, side_by_side=len(shown) > 1)
    context.update(previous=first_day - step, next=first_day + step, today=timezone.localdate())
    context["types"] = AppointmentType.objects.offered()
    return render(request, "clients/booking/calendar.html", context)


@require_safe
@practice_required
def calendar_feed_settings(request):
    feed = CalendarFeed.objects.filter(practitioner=request.user).first()
    return render(request, "clients/booking/calendar_feed.html", {"feed": feed})


@require_POST
@practice_required
def calendar_feed_issue(request):
    """A new secret address, shown once on this response; any earlier one stops working."""
    token = diary.issue_feed(practitioner=request.user)
    feed_url = absolute(reverse("clients:calendar_feed", args=[token]))
    feed = CalendarFeed.objects.get(practitioner=request.user)
    return render(
        request, "clients/booking/calendar_feed.html", {"feed": feed, "feed_url": feed_url}
    )


@require_POST
@practice_required
def calendar_feed_revoke(request):
    if diary.revoke_feed(practitioner=request.user):
        messages.success(
            request, "Your calendar feed is switched off; its address no longer works."
        )
    return redirect("clients:calendar_feed_settings")


@require_safe
@never_cache
@transaction.non_atomic_requests  # read-only
def calendar_feed(request, token: str):
    """Public, behind the secret in its address (calendar apps cannot log in)."""
    appointments = diary.feed_appointments(token)
    if appointments is None:
        raise Http404("No such calendar.")
    response = HttpResponse(feed_ics(appointments), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="appointments.ics"'
    return response
