"""The project's URLs plus the bench's probes; served only under ``clinic.bench.settings``."""

from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from clinic.access import practice_required
from clinic.urls import handler404, handler500
from clinic.urls import urlpatterns as project_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


@transaction.non_atomic_requests
def ceiling(request):
    """The bare view: the full middleware stack, no database, a tiny response."""
    return HttpResponse(b"ok", content_type="text/plain")


def _one_query():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse(b"ok", content_type="text/plain")


@transaction.non_atomic_requests
def one_query(request):
    return _one_query()


def one_query_atomic(request):
    """The same under ATOMIC_REQUESTS: the difference is BEGIN + COMMIT per request."""
    return _one_query()


@transaction.non_atomic_requests
@practice_required
def empty_practice_page(request):
    """What every practice page pays before its own content: session, user, middleware,
    and base.html with its navigation around an empty body."""
    return render(request, "clinic/bench/empty_practice_page.html")


urlpatterns = [
    path("bench/ceiling/", ceiling),
    path("bench/query/", one_query),
    path("bench/query-atomic/", one_query_atomic),
    path("bench/empty-practice-page/", empty_practice_page),
    *project_urlpatterns,
]
