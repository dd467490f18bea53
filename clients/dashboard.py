"""The clients app's sections on the practice dashboard."""

from __future__ import annotations

from django.db.models import Count, Q

from clients.consent.services import current_version
from clients.links import BANNER_FIELDS, red_flag_banner
from clients.models import Assessment, Client, RedFlag
from clinic.dashboard import Section
from clinic.prepared import PreparedQuery, practice_viewer, viewer_id

# What the drafts list reads of a client: str(client), and its pk for links.
CLIENT_NAME_FIELDS = ("first_name", "last_name")


def _drafts_queryset(*, viewer, author):
    """The latest 10 draft assessments of ``author`` (an id) that ``viewer`` (an id;
    None: the owner) may see, with their client's name."""
    return (
        Assessment.objects.active()
        .drafts()
        .visible_to(practice_viewer(viewer))
        .filter(assessed_by=author)
        .select_related("client")
        .only("client_id", "assessed_on", *(f"client__{name}" for name in CLIENT_NAME_FIELDS))
        .order_by("-assessed_on", "-created_at", "-id")[:10]
    )


def _red_flags_queryset(*, practitioner):
    """Every open red flag the practitioner (an id; None: the owner) may see, with what
    the banner shows (``clients.links.BANNER_FIELDS``), newest first."""
    return (
        RedFlag.objects.unresolved()
        .visible_to(practice_viewer(practitioner))
        .select_related("client")
        .only(*BANNER_FIELDS)
    )


# Built once per process and shape (owner or practitioner): building them was a third
# of the section's CPU (docs/benchmarks.md, round 4).
_prepared_drafts = PreparedQuery(_drafts_queryset, ids=("viewer", "author"))
_prepared_red_flags = PreparedQuery(_red_flags_queryset, ids=("practitioner",))


def sections(request) -> list[Section]:
    """Open red flags first (cannot be missed), the owner's setup prompt while the clinic
    has no consent text, then the practitioner's caseload. 3 queries (the owner's: one
    more, the current consent version, unless the cache holds it)."""
    user = request.user
    # Every open flag, none capped. Only the columns the banner and the drafts list
    # show: a client row and an assessment are wide (JSON answers and findings).
    banner = red_flag_banner(user, flags=_prepared_red_flags(practitioner=viewer_id(user)))
    # Counting a column of the (status, practitioner) index rather than id lets that
    # index answer all three in an index-only scan instead of reading every client row.
    counts = Client.objects.visible_to(user).aggregate(
        mine=Count("status", filter=Q(practitioner=user) & ~Q(status=Client.Status.ARCHIVED)),
        active=Count("status", filter=Q(status=Client.Status.ACTIVE)),
        leads=Count("status", filter=Q(status=Client.Status.LEAD)),
    )
    drafts = _prepared_drafts(viewer=viewer_id(user), author=user.pk)
    shown = [Section("clients/dashboard_red_flags.html", banner)]
    if user.is_owner and current_version() is None:
        shown.append(Section("clients/dashboard_consent_setup.html"))
    shown.append(Section("clients/dashboard_clients.html", {"counts": counts, "drafts": drafts}))
    return shown
