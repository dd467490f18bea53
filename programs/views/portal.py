from django.db import transaction
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clinic.access import portal_required


@require_GET
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
@portal_required
def portal_home(request):
    return render(request, "programs/portal_home.html", {})
