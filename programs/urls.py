from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("portal/", views.portal_home, name="portal_home"),
]
