import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["home", "login", "password_reset"])
def test_every_page_carries_the_security_headers(client, url_name):
    response = client.get(reverse(url_name))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_error_pages_carry_the_headers_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "Permissions-Policy" in response


@pytest.mark.django_db
def test_health_pages_are_not_kept_in_the_browser_cache(client, practitioner, client_record):
    """The audit reopened client, assessment, print, handout, portal and progress pages
    from the browser's cache after logout: every signed-in response now says no-store."""
    from tests import factories

    assessment = factories.AssessmentFactory(client=client_record)
    client.force_login(practitioner)
    for url in [
        reverse("clients:client_detail", args=[client_record.pk]),
        reverse("clients:assessment_detail", args=[client_record.pk, assessment.pk]),
        reverse("clients:assessment_print", args=[client_record.pk, assessment.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url
    client.force_login(client_record.user)
    for url in [reverse("programs:portal_home"), reverse("programs:portal_progress")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url
    client.logout()
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")


@pytest.mark.django_db
def test_the_site_policy_built_once_is_the_one_django_csp_builds(client, settings):
    """clinic.security.csp keeps the site-wide policy per process; a settings change
    gives the new one at once, and a report-only policy goes through django-csp."""
    from csp.utils import build_policy

    settings.DEBUG = False
    response = client.get(reverse("home"))
    assert response["Content-Security-Policy"] == build_policy()
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert client.get(reverse("home"))["Content-Security-Policy"] == "default-src 'none'"
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}
    response = client.get(reverse("home"))
    assert response["Content-Security-Policy-Report-Only"] == build_policy(report_only=True)
    assert "img-src 'self'" in response["Content-Security-Policy-Report-Only"]
    assert response["Content-Security-Policy"] == "default-src 'none'"
