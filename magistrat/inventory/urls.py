from django.urls import path

from . import handover_views, import_views, label_views, picker, views

app_name = "inventory"

urlpatterns = [
    path("assets/", views.AssetListView.as_view(), name="asset_list"),
    path("assets/new/", views.AssetEditView.as_view(), name="asset_add"),
    path("assets/bulk/", views.asset_bulk, name="asset_bulk"),
    path("assets/import/", import_views.AssetImportView.as_view(), name="asset_import"),
    path("assets/import/<int:pk>/", import_views.AssetImportJobView.as_view(), name="asset_import_job"),
    path("assets/picker/", picker.asset_picker, name="asset_picker"),
    path("assets/labels/", label_views.labels_sheet, name="asset_labels"),
    path("assets/handover/", handover_views.handover, name="handover"),
    path("assets/return/", handover_views.handover_return, name="handover_return"),
    path("assets/protocols/<int:pk>/", handover_views.protocol_done, name="protocol_done"),
    path("assets/protocols/<int:pk>/pdf/", handover_views.protocol_pdf, name="protocol_pdf"),
    path("assets/<int:pk>/", views.AssetDetailView.as_view(), name="asset_detail"),
    path("assets/<int:pk>/edit/", views.AssetEditView.as_view(), name="asset_edit"),
    path("assets/<int:pk>/delete/", views.AssetDeleteView.as_view(), name="asset_delete"),
    path("assets/<int:pk>/retire/", views.asset_retire, name="asset_retire"),
    path("assets/<int:pk>/restore/", views.asset_restore, name="asset_restore"),
    path("assets/<int:pk>/label/", label_views.asset_label, name="asset_label"),
    path("assets/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("assets/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download,
         name="attachment_download"),
    path("assets/<int:pk>/attachments/<int:attachment_pk>/remove/", views.attachment_remove,
         name="attachment_remove"),
    path("asset-categories/", views.CategoryListView.as_view(), name="assetcategory_list"),
    path("asset-categories/new/", views.CategoryEditView.as_view(), name="assetcategory_add"),
    path("asset-categories/<int:pk>/", views.CategoryDetailView.as_view(), name="assetcategory_detail"),
    path("asset-categories/<int:pk>/edit/", views.CategoryEditView.as_view(), name="assetcategory_edit"),
    path("asset-categories/<int:pk>/delete/", views.CategoryDeleteView.as_view(),
         name="assetcategory_delete"),
    path("locations/", views.LocationListView.as_view(), name="location_list"),
    path("locations/new/", views.LocationEditView.as_view(), name="location_add"),
    path("locations/<int:pk>/", views.LocationDetailView.as_view(), name="location_detail"),
    path("locations/<int:pk>/edit/", views.LocationEditView.as_view(), name="location_edit"),
    path("locations/<int:pk>/delete/", views.LocationDeleteView.as_view(), name="location_delete"),
]
