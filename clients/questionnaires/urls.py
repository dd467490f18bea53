from django.urls import path

from clients.questionnaires import views

urlpatterns = [
    path(
        "practice/clients/<int:pk>/questionnaires/",
        views.questionnaires,
        name="questionnaires",
    ),
    path(
        "practice/clients/<int:pk>/questionnaires/stop/",
        views.questionnaires_stop,
        name="questionnaires_stop",
    ),
    path("portal/questionnaire/", views.portal_questionnaire, name="portal_questionnaire"),
]
