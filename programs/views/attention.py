"""The dashboard's two client lists in full, paged: who needs attention, who is due a
reassessment. The dashboard names the first few of each and links here."""

from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import render
from django.views.decorators.http import require_safe

from clinic.access import practice_required
from clinic.page_cache import cached_page
from programs.dashboard import lists_for

PAGE_SIZE = 25

# The page's title and its list's template, by URL name.
KINDS = {
    "attention": (
        "who need attention",
        "programs/includes/attention_entries.html",
    ),
    "reassessment": (
        "due a reassessment",
        "programs/includes/reassess_entries.html",
    ),
}


def _list_page(request, kind: str):
    found = lists_for(request.user)
    entries = found.attention if kind == "attention" else found.due
    what, entries_template = KINDS[kind]
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/attention_list.html",
        {
            "kind": kind,
            "what": what,
            "whose": "Clients" if found.everyone else "Your clients",
            "entries_template": entries_template,
            "page": page,
            "weeks": found.weeks,
            "querystring": "",
        },
    )


@require_safe
@transaction.non_atomic_requests  # read-only: no BEGIN/COMMIT round trips
@practice_required
@cached_page
def attention_list(request):
    return _list_page(request, "attention")


@require_safe
@transaction.non_atomic_requests  # read-only: no BEGIN/COMMIT round trips
@practice_required
@cached_page
def reassessment_list(request):
    return _list_page(request, "reassessment")
