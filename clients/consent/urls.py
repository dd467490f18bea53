from django.urls import path

from clients.consent import views
from clinic import converters  # noqa: F401  (registers <id:...>, used below)

urlpatterns = [
    path("practice/consent/", views.consent_versions, name="consent_versions"),
    path("practice/consent/<id:number>/", views.consent_version, name="consent_version"),
    path("practice/consent/hand-over/", views.handover, name="consent_handover"),
    path(
        "practice/consent/hand-over/unlock/",
        views.handover_unlock,
        name="consent_handover_unlock",
    ),
    path(
        "practice/clients/<id:pk>/consent/hand-over/",
        views.handover_start,
        name="consent_handover_start",
    ),
    path("practice/clients/<id:pk>/consent/paper/", views.consent_paper, name="consent_paper"),
    path("portal/consent/", views.portal_consent, name="portal_consent"),
]
