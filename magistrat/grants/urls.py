from django.urls import path

from . import document_views, program_views, public, report_views, views

app_name = "grants"

urlpatterns = [
    path("grants/", views.ProjectListView.as_view(), name="grantproject_list"),
    path("grants/new/", views.ProjectEditView.as_view(), name="grantproject_add"),
    path("grants/deadlines/", views.DeadlineListView.as_view(), name="deadlines"),
    path("grants/expenditures/", views.ExpenditureListView.as_view(), name="expenditure_list"),
    path("grants/expenditures/<int:pk>/", views.ExpenditureDetailView.as_view(), name="expenditure_detail"),
    path("grants/programmes/", program_views.programs, name="program_list"),
    path("grants/programmes/<int:pk>/", program_views.ProgramDetailView.as_view(), name="program_detail"),
    path("grants/programmes/<int:pk>/edit/", program_views.ProgramEditView.as_view(), name="program_edit"),
    path("grants/<int:pk>/", views.ProjectDetailView.as_view(), name="grantproject_detail"),
    path("grants/<int:pk>/edit/", views.ProjectEditView.as_view(), name="grantproject_edit"),
    path("grants/<int:pk>/delete/", views.ProjectDeleteView.as_view(), name="grantproject_delete"),
    path("grants/<int:pk>/publish/", views.project_publish, name="grantproject_publish"),
    path("grants/<int:pk>/report.<str:fmt>", report_views.settlement_report, name="settlement_report"),
    path("grants/<int:pk>/public-preview/", public.project_preview, name="project_preview"),
    path("grants/<int:pk>/poster.pdf", report_views.project_poster, name="project_poster"),
    path("grants/<int:project_pk>/expenditures/import/", views.ExpenditureImportView.as_view(),
         name="expenditure_import"),
    path("grants/<int:project_pk>/expenditures/import/<int:pk>/", views.ExpenditureImportJobView.as_view(),
         name="expenditure_import_job"),
    path("grants/<slug:target>/<int:pk>/documents/", document_views.document_add, name="document_add"),
    path("grants/documents/<int:pk>/", document_views.document_download, name="document_download"),
    path("grants/documents/<int:pk>/remove/", document_views.document_remove, name="document_remove"),
    path("grants/<int:project_pk>/<slug:kind>/new/", views.child_edit, name="child_add"),
    path("grants/<slug:kind>/<int:pk>/edit/", views.child_edit, name="child_edit"),
    path("grants/<slug:kind>/<int:pk>/delete/", views.child_delete, name="child_delete"),
    path("public/projects/<int:pk>/", public.project_page, name="public_project"),
    path("public/projects/<int:pk>/poster.pdf", report_views.poster, name="public_poster"),
]
