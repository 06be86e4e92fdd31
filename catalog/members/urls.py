"""The members' addresses on the public site (catalog.members.views); the sign-in itself is
Wagtail's (/_util/login/, templates/catalog/sign_in.html) and signing out is catalog.urls'."""

from django.urls import path

from catalog.members import views

urlpatterns = [
    path("members/request/", views.request_access, name="member_request"),
    path("members/request/sent/", views.request_sent, name="member_request_sent"),
    path("account/", views.account, name="member_account"),
    path("account/password/", views.change_password, name="member_change_password"),
    path("account/password/changed/", views.password_changed, name="member_password_changed"),
    path("account/password-reset/", views.password_reset, name="member_password_reset"),
    path(
        "account/password-reset/sent/",
        views.password_reset_sent,
        name="member_password_reset_sent",
    ),
    path(
        "account/set-password/<uidb64>/<token>/",
        views.set_password,
        name="member_set_password",
    ),
    path("account/set-password/done/", views.password_set, name="member_password_set"),
    path("account/renew/", views.renew, name="member_renew"),
    path("account/renew/<str:token>/", views.renew_with_link, name="member_renew_link"),
]
