"""The client page's one client query: the client row with, as columns, the short lists
and single rows the page shows beside it (``clinic.json_rows``), so the page reads the same
few queries whatever the client has: the clinic's current consent version and the
client's signatures, the latest intake link and portal invitation, the first and latest
body charts with their marks, and the timeline providers' rows
(``clients.timeline.base.annotations``)."""

from __future__ import annotations

from functools import cache

from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404

from clients.body_chart.services import Course, trend
from clients.consent.services import ConsentState
from clients.models import (
    BodyChart,
    BodyChartMark,
    Client,
    ConsentSignature,
    ConsentVersion,
    IntakeLink,
    PortalInvitation,
)
from clients.timeline.base import annotations as timeline_annotations
from clinic.json_rows import Rows, set_prefetched

CURRENT_CONSENT = Rows(ConsentVersion.objects.order_by("-number"), ["id", "number"])
SIGNATURES = Rows(
    ConsentSignature.objects.filter(client=OuterRef("pk")),
    [
        "id",
        "client_id",
        "version_id",
        "full_name",
        "how",
        "signed_at",
        "paper_signed_on",
        "recorded_by_id",
        "version__id",
        "version__number",
        "recorded_by__id",
        "recorded_by__first_name",
        "recorded_by__last_name",
        "recorded_by__email",
    ],
    order=("-version__number",),  # as clients.consent.services.consent_state
)
LATEST_INTAKE = Rows(
    IntakeLink.objects.filter(client=OuterRef("pk")).order_by("-created_at", "-id"),
    [
        "id",
        "client_id",
        "created_at",
        "created_by_id",
        "expires_at",
        "revoked_at",
        "submitted_at",
        "assessment_id",
        "answers",
    ],
)
LATEST_INVITATION = Rows(
    PortalInvitation.objects.filter(client=OuterRef("pk")).order_by("-created_at", "-id"),
    ["id", "client_id", "email", "created_at", "expires_at", "used_at", "revoked_at"],
)


def _chart_ends(client_ref):
    """The pks of the client's first and latest counted charts (clients.body_chart)."""
    charts = BodyChart.objects.filter(client=client_ref).counted()
    return (
        Subquery(charts.chronological().values("pk")[:1]),
        Subquery(charts.order_by("-recorded_on", "-created_at", "-id").values("pk")[:1]),
    )


_first, _latest = _chart_ends(OuterRef(OuterRef("pk")))
CHART_ENDS = Rows(
    BodyChart.objects.filter(client=OuterRef("pk")).filter(Q(pk=_first) | Q(pk=_latest)),
    [
        "id",
        "client_id",
        "assessment_id",
        "source",
        "recorded_on",
        "recorded_by_id",
        "furthest_level",
        "created_at",
    ],
    order=("recorded_on", "created_at", "id"),  # chronological
)
CHART_MARKS = Rows(
    BodyChartMark.objects.filter(chart__client=OuterRef("pk")).filter(
        Q(chart_id=_first) | Q(chart_id=_latest)
    ),
    ["id", "chart_id", "zone", "side", "kind"],
)


def _annotations() -> dict:
    return {
        "page_consent_current": CURRENT_CONSENT.first(),
        "page_signatures": SIGNATURES.annotation(group="client"),
        "page_intake": LATEST_INTAKE.first(),
        "page_invitation": LATEST_INVITATION.first(),
        "page_chart_ends": CHART_ENDS.annotation(group="client"),
        "page_chart_marks": CHART_MARKS.annotation(group="chart__client"),
        **timeline_annotations(),
    }


@cache
def _clients():
    """The clients with the page's columns, built once per process (the annotations are
    about a fifth of the page's CPU to build; nothing in them depends on the request)."""
    return Client.objects.select_related("practitioner", "archived_by", "user").annotate(
        **_annotations()
    )


def page_client(user, pk: int) -> Client:
    """The client ``user`` may see, with the page's columns (one query), or 404."""
    return get_object_or_404(_clients().visible_to(user), pk=pk)


def consent(client: Client) -> ConsentState:
    """As ``clients.consent.services.consent_state``, from the client's columns."""
    signatures = SIGNATURES.load(client.page_signatures)
    return ConsentState(
        current=CURRENT_CONSENT.load_one(client.page_consent_current),
        latest=signatures[0] if signatures else None,
        earlier=tuple(signatures[1:]),
    )


def intake(client: Client) -> IntakeLink | None:
    return LATEST_INTAKE.load_one(client.page_intake)


def invitation(client: Client) -> PortalInvitation | None:
    return LATEST_INVITATION.load_one(client.page_invitation)


def course(client: Client) -> Course | None:
    """As ``clients.body_chart.services.course_for``, from the client's columns."""
    ends = CHART_ENDS.load(client.page_chart_ends)
    if not ends:
        return None
    marks = CHART_MARKS.load(client.page_chart_marks)
    for chart in ends:
        set_prefetched(chart, "marks", [mark for mark in marks if mark.chart_id == chart.pk])
    if len(ends) == 1:
        return Course(first=ends[0], latest=ends[0], trend=None)
    first, latest = ends
    return Course(
        first=first, latest=latest, trend=trend(first.furthest_level, latest.furthest_level)
    )
