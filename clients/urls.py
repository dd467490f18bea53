from django.urls import path

from clients.views import assessments, clients

app_name = "clients"

# Practice pages live under practice/, public booking under book/.
urlpatterns = [
    path("practice/clients/", clients.client_list, name="client_list"),
    path("practice/clients/new/", clients.client_create, name="client_create"),
    path("practice/clients/<int:pk>/", clients.client_detail, name="client_detail"),
    path("practice/clients/<int:pk>/edit/", clients.client_edit, name="client_edit"),
    path("practice/clients/<int:pk>/history/", clients.client_history, name="client_history"),
    path("practice/clients/<int:pk>/consent/", clients.client_consent, name="client_consent"),
    path("practice/clients/<int:pk>/archive/", clients.client_archive, name="client_archive"),
    path("practice/clients/<int:pk>/restore/", clients.client_restore, name="client_restore"),
    path("practice/clients/<int:pk>/notes/", clients.note_create, name="note_create"),
    path(
        "practice/clients/<int:pk>/assessments/new/",
        assessments.assessment_create,
        name="assessment_create",
    ),
    path(
        "practice/clients/<int:pk>/assessments/<int:assessment_pk>/",
        assessments.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "practice/clients/<int:pk>/assessments/<int:assessment_pk>/edit/",
        assessments.assessment_edit,
        name="assessment_edit",
    ),
    path(
        "practice/clients/<int:pk>/assessments/<int:assessment_pk>/print/",
        assessments.assessment_print,
        name="assessment_print",
    ),
    path(
        "practice/clients/<int:pk>/assessments/<int:assessment_pk>/history/",
        assessments.assessment_history,
        name="assessment_history",
    ),
    path(
        "practice/clients/<int:pk>/red-flags/<int:flag_pk>/resolve/",
        assessments.red_flag_resolve,
        name="red_flag_resolve",
    ),
]
