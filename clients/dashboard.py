"""The clients app's sections on the practice dashboard."""

from __future__ import annotations

from django.db.models import Count, Q

from clients.models import Assessment, Client, RedFlag
from clinic.dashboard import Section


def sections(request) -> list[Section]:
    """Open red flags first (cannot be missed), then the practitioner's caseload. 3 queries."""
    user = request.user
    red_flags = list(RedFlag.objects.unresolved().visible_to(user).select_related("client"))
    counts = Client.objects.visible_to(user).aggregate(
        mine=Count("id", filter=Q(practitioner=user) & ~Q(status=Client.Status.ARCHIVED)),
        active=Count("id", filter=Q(status=Client.Status.ACTIVE)),
        leads=Count("id", filter=Q(status=Client.Status.LEAD)),
    )
    drafts = list(
        Assessment.objects.active()
        .drafts()
        .visible_to(user)
        .filter(assessed_by=user)
        .select_related("client")
        .order_by("-assessed_on")[:10]
    )
    return [
        Section("clients/dashboard_red_flags.html", {"red_flags": red_flags}),
        Section("clients/dashboard_clients.html", {"counts": counts, "drafts": drafts}),
    ]
