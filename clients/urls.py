from django.urls import path

from clients.views import invitations

app_name = "clients"

# Practice pages live under practice/, public booking under book/.
urlpatterns = [
    path("practice/clients/<int:pk>/invite/", invitations.invite, name="client_invite"),
    path(
        "practice/clients/<int:pk>/invite/revoke/",
        invitations.revoke,
        name="client_invite_revoke",
    ),
    path("portal/welcome/<str:token>/", invitations.accept, name="invitation_accept"),
]
