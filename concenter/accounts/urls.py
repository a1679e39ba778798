from django.contrib.auth import views as auth_views
from django.urls import path

from concenter.accounts import views

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.profile, name="profile"),
    path("2fa/", views.two_factor_setup, name="two_factor"),
    path("2fa/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("2fa/recovery-codes/", views.two_factor_recovery_codes, name="two_factor_recovery_codes"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path(
        "users/<int:user_id>/reset-password/",
        views.user_reset_password,
        name="user_reset_password",
    ),
]
