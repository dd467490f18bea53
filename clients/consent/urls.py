from django.urls import path

from clients.consent import views

urlpatterns = [
    path("practice/consent/", views.consent_versions, name="consent_versions"),
    path("practice/consent/<int:number>/", views.consent_version, name="consent_version"),
    path("practice/consent/hand-over/", views.handover, name="consent_handover"),
    path(
        "practice/consent/hand-over/unlock/",
        views.handover_unlock,
        name="consent_handover_unlock",
    ),
    path(
        "practice/clients/<int:pk>/consent/hand-over/",
        views.handover_start,
        name="consent_handover_start",
    ),
    path("practice/clients/<int:pk>/consent/paper/", views.consent_paper, name="consent_paper"),
    path("portal/consent/", views.portal_consent, name="portal_consent"),
]
