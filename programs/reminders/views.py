"""The client's reminder page, their phones' push subscriptions, and the one-tap "stop"."""

import json

from django.contrib import messages
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from clinic.access import portal_required
from programs.portal import check_in as portal
from programs.reminders import push, services
from programs.reminders.forms import ReminderForm, SubscriptionForm


def _initial(row, per_day) -> dict:
    if row is not None and row.times:
        times = row.times
        quiet = (row.quiet_from, row.quiet_until)
        how = {"by_push": row.by_push, "by_email": row.by_email}
    else:
        times = services.suggested_times(per_day)
        quiet = services.DEFAULT_QUIET
        how = {"by_push": False, "by_email": False}
    initial = {f"time_{n}": value for n, value in enumerate(times, start=1)}
    initial.update(quiet_from=quiet[0], quiet_until=quiet[1], **how)
    return initial


@never_cache
@require_http_methods(["GET", "POST"])
@portal_required
def portal_reminders(request):
    """Queries: the client with their program and its prescription, their settings,
    how many phones are subscribed."""
    client, program = portal.signed_in_client_and_program(
        request.user, logged_on=timezone.localdate()
    )
    per_day = (program.prescribed_per_day or 1) if program is not None else 1
    row = services.settings_for(client)
    form = ReminderForm(request.POST or None, initial=_initial(row, per_day), email=client.email)
    if form.is_valid():
        data = form.cleaned_data
        services.save_reminder_settings(
            client=client,
            times=data["times"],
            quiet_from=data["quiet_from"],
            quiet_until=data["quiet_until"],
            by_push=data["by_push"],
            by_email=data["by_email"],
        )
        messages.success(
            request,
            "Reminders saved." if data["by_push"] or data["by_email"] else "Reminders are off.",
        )
        return redirect("programs:portal_reminders")
    return render(
        request,
        "programs/reminders/portal_reminders.html",
        {
            "form": form,
            "settings": row,
            "per_day": per_day,
            "suggested": services.suggested_times(per_day),
            "push_key": push.public_key(),
            "devices": client.push_subscriptions.count(),
        },
    )


@require_POST
@portal_required
def portal_push_device(request):
    """Keep (``action=add``) or forget (``action=remove``) this browser's subscription.
    JSON in, JSON out: the reminder page's script calls it."""
    try:
        body = json.loads(request.body or b"{}")
        data = {
            "endpoint": body.get("endpoint", ""),
            "p256dh": (body.get("keys") or {}).get("p256dh", ""),
            "auth": (body.get("keys") or {}).get("auth", ""),
        }
    except (ValueError, AttributeError, TypeError):
        return HttpResponseBadRequest("Not a push subscription.")
    client = request.user.client_record
    if body.get("action") == "remove":
        removed = services.remove_subscription(client=client, endpoint=str(data["endpoint"]))
        return JsonResponse({"removed": removed})
    form = SubscriptionForm(data)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    services.add_subscription(
        client=client,
        device=request.headers.get("User-Agent", ""),
        **form.cleaned_data,
    )
    return JsonResponse({"saved": True}, status=201)


@csrf_exempt  # the signed link is the permission; it can only turn reminders off
@never_cache
@require_http_methods(["GET", "POST"])
def reminders_off(request, token):
    """One tap from a notification or an email. A GET shows one button (mail scanners
    open links); a POST (the button, the notification's "Stop" action, a mail client's
    one-click unsubscribe) turns every reminder off."""
    client = services.client_for_off_token(token)
    if client is None:
        return render(
            request, "programs/reminders/reminders_off.html", {"invalid": True}, status=404
        )
    if request.method == "POST":
        services.turn_reminders_off(client=client)
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"off": True})
        return render(request, "programs/reminders/reminders_off.html", {"done": True})
    return render(request, "programs/reminders/reminders_off.html", {"token": token})
