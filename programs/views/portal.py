from django.shortcuts import render
from django.views.decorators.http import require_GET

from clinic.access import portal_required


@require_GET
@portal_required
def portal_home(request):
    return render(request, "programs/portal_home.html", {})
