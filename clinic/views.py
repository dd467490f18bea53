import sys

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.views.decorators.http import require_safe

from clinic import forms
from clinic.access import practice_required
from clinic.cache import CacheUnavailable, cache_status
from clinic.client_address import client_ip
from clinic.dashboard import dashboard_sections
from clinic.home import home_context
from clinic.page_cache import cached_page
from clinic.security.ratelimit import UNAVAILABLE_MESSAGE, RateLimit


def _booking_url() -> str | None:
    # Booking arrives in its own issue; until its URL exists the button is absent.
    try:
        return reverse("clients:book")
    except NoReverseMatch:
        return None


@require_safe
@transaction.non_atomic_requests  # public and read-only
def home(request):
    """Queries: the clinic profile's (three, see clients.profile.home); no session."""
    return render(
        request, "clinic/home.html", {"booking_url": _booking_url(), **home_context(request)}
    )


@require_safe
@transaction.non_atomic_requests  # a probe: no transaction to open on a database that is down
def health(request):
    """For the load balancer and the operator: is the database up, is the cache (Redis)?

    200 while the database answers, even with Redis down (the site then runs degraded:
    password reset and booking refuse until it is back); 503 without the database.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "down"
    report = {"database": database, "cache": cache_status(caches["default"])}
    return JsonResponse(report, status=200 if database == "ok" else 503)


@require_safe
def landing(request):
    """Where a fresh login lands: practice staff in the practice, clients in the portal."""
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if user.is_practice_staff:
        return redirect("dashboard")
    if user.is_client_user:
        return redirect("programs:portal_home")
    return redirect("home")


@require_safe
@transaction.non_atomic_requests  # read-only: saves BEGIN + COMMIT (docs/benchmarks.md)
@practice_required
@cached_page
def dashboard(request):
    return render(request, "clinic/dashboard.html", {"sections": dashboard_sections(request)})


class LoginView(auth_views.LoginView):
    form_class = forms.LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Logging out also empties what this browser kept for the site: the portal's offline
    copy of the program and its outbox (the service worker's caches, IndexedDB), so the
    next person on a shared phone finds nothing. Cookies are left to the session's end."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Rate-limited per address and per email, so it cannot be used to flood an inbox."""

    form_class = forms.PasswordResetForm
    extra_email_context = {"site_name": settings.CLINIC_NAME}
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        limits = [
            (RateLimit.from_settings("password_reset_ip"), client_ip(self.request)),
            (RateLimit.from_settings("password_reset_email"), form.cleaned_data["email"]),
        ]
        for limit, value in limits:
            try:
                allowed = limit.allow(value)
            except CacheUnavailable:  # nothing can be counted: refuse, and say why
                form.add_error(None, UNAVAILABLE_MESSAGE)
                return self.render_to_response(self.get_context_data(form=form), status=503)
            if not allowed:
                form.add_error(None, limit.message)
                return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("password_change_done")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the failure may be the database itself,
    # so nothing here may query it. Django calls this inside its ``except`` block,
    # so the exception being handled tells a database outage from a bug.
    error = sys.exc_info()[1]
    # Lost or refused connections, or a locked database: "try again" (bad SQL stays a 500).
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
