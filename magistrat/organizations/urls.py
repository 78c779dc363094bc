from django.urls import path

from . import account_views, views

app_name = "organizations"

urlpatterns = [
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/new/", views.OrganizationEditView.as_view(), name="organization_add"),
    path("organizations/<int:pk>/", views.OrganizationDetailView.as_view(),
         name="organization_detail"),
    path("organizations/<int:pk>/edit/", views.OrganizationEditView.as_view(),
         name="organization_edit"),
    path("organizations/<int:pk>/delete/", views.OrganizationDeleteView.as_view(),
         name="organization_delete"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/new/", views.PersonEditView.as_view(), name="person_add"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("people/<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
    path("switch/", views.switch_organization, name="switch"),
    path("users/", account_views.AccountListView.as_view(), name="account_list"),
    path("users/new/", account_views.AccountEditView.as_view(), name="account_add"),
    path("users/<int:pk>/", account_views.AccountDetailView.as_view(), name="account_detail"),
    path("users/<int:pk>/edit/", account_views.AccountEditView.as_view(), name="account_edit"),
    path("users/<int:pk>/delete/", account_views.AccountDeleteView.as_view(), name="account_delete"),
    path("users/<int:pk>/password/", account_views.account_password, name="account_password"),
    path("users/<int:pk>/active/", account_views.account_active, name="account_active"),
    path("users/<int:pk>/roles/", account_views.role_save, name="account_role_save"),
    path("users/<int:pk>/roles/<int:membership_pk>/remove/", account_views.role_remove,
         name="account_role_remove"),
]
