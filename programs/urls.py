from django.urls import path

from clinic import converters  # noqa: F401  (registers <id:...>, used below)
from programs import views
from programs.guided import urls as guided_urls
from programs.handouts import urls as handout_urls
from programs.media import urls as media_urls
from programs.portal import urls as portal_urls
from programs.pwa import urls as pwa_urls
from programs.reminders import urls as reminder_urls
from programs.session_notes import urls as session_note_urls

app_name = "programs"

EXERCISES = "practice/exercises/"
TEMPLATES = "practice/templates/<id:pk>/"
PROGRAM = "practice/clients/<id:client_pk>/program/"

urlpatterns = [
    *portal_urls.urlpatterns,
    *pwa_urls.urlpatterns,
    *reminder_urls.urlpatterns,
    *guided_urls.urlpatterns,
    # Uploaded images, checked per request (MEDIA_URL is /media/).
    # The library's photos and clips (programs/media): before the catch-all below.
    path(
        "media/exercise-media/<str:filename>",
        views.exercise_media_file,
        name="exercise_media_file",
    ),
    path("media/<path:name>", views.media, name="media"),
    *handout_urls.urlpatterns,
    *media_urls.urlpatterns,
    *session_note_urls.urlpatterns,
    # The dashboard's lists in full, paged.
    path("practice/attention/", views.attention_list, name="attention_list"),
    path("practice/reassessments-due/", views.reassessment_list, name="reassessment_list"),
    # The exercise library.
    path(EXERCISES, views.exercise_list, name="exercise_list"),
    path(f"{EXERCISES}new/", views.exercise_create, name="exercise_create"),
    path(f"{EXERCISES}<id:pk>/", views.exercise_detail, name="exercise_detail"),
    path(f"{EXERCISES}<id:pk>/edit/", views.exercise_edit, name="exercise_edit"),
    path(f"{EXERCISES}<id:pk>/archive/", views.exercise_archive, name="exercise_archive"),
    path(f"{EXERCISES}<id:pk>/restore/", views.exercise_restore, name="exercise_restore"),
    path("practice/exercises/suggestions/", views.rule_list, name="rule_list"),
    path("practice/exercises/suggestions/<id:pk>/", views.rule_edit, name="rule_edit"),
    path("practice/exercises/suggestions/<id:pk>/remove/", views.rule_remove, name="rule_remove"),
    # Program templates and their builder.
    path("practice/templates/", views.template_list, name="template_list"),
    path("practice/templates/new/", views.template_create, name="template_create"),
    path(TEMPLATES, views.template_detail, name="template_detail"),
    path(f"{TEMPLATES}edit/", views.template_edit, name="template_edit"),
    path(f"{TEMPLATES}preview/", views.template_preview, name="template_preview"),
    path(f"{TEMPLATES}copy/", views.template_copy, name="template_copy"),
    path(f"{TEMPLATES}archive/", views.template_archive, name="template_archive"),
    path(f"{TEMPLATES}restore/", views.template_restore, name="template_restore"),
    path(f"{TEMPLATES}phases/new/", views.template_phase_add, name="template_phase_add"),
    path(
        f"{TEMPLATES}phases/<id:phase_pk>/", views.template_phase_edit, name="template_phase_edit"
    ),
    path(
        f"{TEMPLATES}phases/<id:phase_pk>/move/",
        views.template_phase_move,
        name="template_phase_move",
    ),
    path(
        f"{TEMPLATES}phases/<id:phase_pk>/remove/",
        views.template_phase_remove,
        name="template_phase_remove",
    ),
    path(
        f"{TEMPLATES}phases/<id:phase_pk>/exercises/",
        views.template_item_add,
        name="template_item_add",
    ),
    path(f"{TEMPLATES}items/<id:item_pk>/", views.template_item_edit, name="template_item_edit"),
    path(
        f"{TEMPLATES}items/<id:item_pk>/move/", views.template_item_move, name="template_item_move"
    ),
    path(
        f"{TEMPLATES}items/<id:item_pk>/remove/",
        views.template_item_remove,
        name="template_item_remove",
    ),
    # A client's program.
    # The client's whole record, when they ask for it (right of access).
    path(
        "practice/clients/<id:client_pk>/record.json",
        views.client_record_json,
        name="client_record_json",
    ),
    path(
        "practice/clients/<id:client_pk>/record/",
        views.client_record_print,
        name="client_record_print",
    ),
    path(PROGRAM, views.program_detail, name="program_detail"),
    path(f"{PROGRAM}assign/", views.program_assign, name="program_assign"),
    path(f"{PROGRAM}clearance/", views.program_clearance, name="program_clearance"),
    path(f"{PROGRAM}phase/", views.program_phase, name="program_phase"),
    path(f"{PROGRAM}end/", views.program_end, name="program_end"),
    path(f"{PROGRAM}handout/", views.program_handout, name="program_handout"),
    path(f"{PROGRAM}phases/<id:phase_pk>/", views.program_phase_edit, name="program_phase_edit"),
    path(
        f"{PROGRAM}phases/<id:phase_pk>/exercises/",
        views.program_item_add,
        name="program_item_add",
    ),
    path(f"{PROGRAM}items/<id:item_pk>/", views.program_item_edit, name="program_item_edit"),
    path(f"{PROGRAM}items/<id:item_pk>/move/", views.program_item_move, name="program_item_move"),
    path(
        f"{PROGRAM}items/<id:item_pk>/remove/",
        views.program_item_remove,
        name="program_item_remove",
    ),
]
