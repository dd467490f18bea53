"""The alert page a red-flag email links to: what the client reported, acknowledging
it, and recording how it was resolved (with the medical clearance)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clients.access import get_red_flag_for
from clients.forms import ResolveRedFlagForm
from clients.red_flags import services
from clinic.access import practice_required


@require_http_methods(["GET", "POST"])
@practice_required
def red_flag_resolve(request, pk, flag_pk):
    red_flag = get_red_flag_for(request.user, pk, flag_pk)
    client = red_flag.client
    if red_flag.is_resolved:
        messages.info(request, "This red flag was already resolved.")
        return redirect(client)
    form = ResolveRedFlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.clear_red_flag(red_flag=red_flag, by=request.user, **form.cleaned_data)
        except services.RedFlagError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Resolution recorded. The red flag is closed.")
            return redirect(client)
    return render(
        request,
        "clients/red_flags/red_flag_resolve.html",
        {
            "red_flag": red_flag,
            "client": client,
            "form": form,
            "escalate_hours": f"{services.escalate_hours():g}",
        },
    )


@require_POST
@practice_required
def red_flag_acknowledge(request, pk, flag_pk):
    red_flag = get_red_flag_for(request.user, pk, flag_pk)
    if services.acknowledge(red_flag=red_flag, by=request.user):
        messages.success(request, "Acknowledged. The owners will not be asked to step in.")
    else:
        messages.info(request, "Someone acknowledged this already.")
    return redirect("clients:red_flag_resolve", pk, flag_pk)
