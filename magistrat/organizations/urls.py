from django.urls import path

from . import views

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
]
