from django.urls import path

from clients.intake import views
from clinic import converters  # noqa: F401  (registers <id:...>, used below)

# The client's pages (a private link; the portal's own door) and the practice's buttons.
urlpatterns = [
    path("intake/<str:token>/", views.intake_start, name="intake_start"),
    path("intake/<str:token>/send/", views.intake_submit, name="intake_submit"),
    path("intake/<str:token>/<slug:code>/", views.intake_section, name="intake_section"),
    path("portal/intake/", views.portal_intake_start, name="portal_intake_start"),
    path("portal/intake/send/", views.portal_intake_submit, name="portal_intake_submit"),
    path("portal/intake/<slug:code>/", views.portal_intake_section, name="portal_intake_section"),
    path("practice/clients/<id:pk>/intake/send/", views.intake_send, name="intake_send"),
    path(
        "practice/clients/<id:pk>/intake/<id:link_pk>/revoke/",
        views.intake_revoke,
        name="intake_revoke",
    ),
]
