from django.urls import path

from clients.assessments import views as assessments
from clients.booking import urls as booking_urls
from clients.consent import urls as consent_urls
from clients.erasure import views as erasure
from clients.intake import urls as intake_urls
from clients.invitations import views as invitations
from clients.posture import urls as posture_urls
from clients.profile import urls as profile_urls
from clients.questionnaires import urls as questionnaire_urls
from clients.red_flags import urls as red_flag_urls
from clients.views import clients
from clinic import converters  # noqa: F401  (registers <id:...>, used below)

app_name = "clients"

# Practice pages live under practice/, public booking under book/.
urlpatterns = [
    path("practice/clients/", clients.client_list, name="client_list"),
    path("practice/clients/new/", clients.client_create, name="client_create"),
    path("practice/clients/<id:pk>/", clients.client_detail, name="client_detail"),
    path("practice/clients/<id:pk>/edit/", clients.client_edit, name="client_edit"),
    path("practice/clients/<id:pk>/history/", clients.client_history, name="client_history"),
    path("practice/clients/<id:pk>/timeline/", clients.client_timeline, name="client_timeline"),
    path("practice/clients/<id:pk>/archive/", clients.client_archive, name="client_archive"),
    path("practice/clients/<id:pk>/restore/", clients.client_restore, name="client_restore"),
    path("practice/clients/<id:pk>/notes/", clients.note_create, name="note_create"),
    path(
        "practice/clients/<id:pk>/assessments/new/",
        assessments.assessment_create,
        name="assessment_create",
    ),
    path(
        "practice/clients/<id:pk>/assessments/<id:assessment_pk>/",
        assessments.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "practice/clients/<id:pk>/assessments/<id:assessment_pk>/edit/",
        assessments.assessment_edit,
        name="assessment_edit",
    ),
    path(
        "practice/clients/<id:pk>/assessments/<id:assessment_pk>/print/",
        assessments.assessment_print,
        name="assessment_print",
    ),
    path(
        "practice/clients/<id:pk>/assessments/<id:assessment_pk>/history/",
        assessments.assessment_history,
        name="assessment_history",
    ),
    path(
        "practice/appointments/<id:pk>/reassessment/",
        assessments.reassessment_start,
        name="reassessment_start",
    ),
    path(
        "practice/clients/<id:pk>/anonymise/",
        erasure.client_anonymise,
        name="client_anonymise",
    ),
    path("practice/clients/<id:pk>/invite/", invitations.invite, name="client_invite"),
    path(
        "practice/clients/<id:pk>/invite/revoke/",
        invitations.revoke,
        name="client_invite_revoke",
    ),
    path("portal/welcome/<str:token>/", invitations.accept, name="invitation_accept"),
    *booking_urls.urlpatterns,
    *consent_urls.urlpatterns,
    *intake_urls.urlpatterns,
    *posture_urls.urlpatterns,
    *questionnaire_urls.urlpatterns,
    *red_flag_urls.urlpatterns,
    *profile_urls.urlpatterns,
]
