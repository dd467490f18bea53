from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clinic import views
from clinic.security import views as security_views
from clinic.style import views as style_views

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.landing, name="landing"),
    path("health/", views.health, name="health"),
    path("practice/", views.dashboard, name="dashboard"),
    path("practice/style/", style_views.style_guide, name="style_guide"),
    path("", include("clients.urls")),
    path("", include("programs.urls")),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/security/", security_views.account_security, name="account_security"),
    path("account/two-factor/setup/", security_views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor/verify/", security_views.two_factor_verify, name="two_factor_verify"),
    path(
        "account/two-factor/recovery-codes/",
        security_views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path(
        "account/two-factor/disable/", security_views.two_factor_disable, name="two_factor_disable"
    ),
    path("practice/security/", security_views.security_settings, name="security_settings"),
    path("practice/security/lockouts/", security_views.lockout_list, name="security_lockouts"),
    path(
        "practice/security/lockouts/unlock/",
        security_views.lockout_unlock,
        name="security_unlock",
    ),
    path("admin/", admin.site.urls),
]

handler404 = "clinic.views.page_not_found"
handler500 = "clinic.views.server_error"
