"""A model viewset that reads through a selector and writes through services."""

from rest_framework import mixins, viewsets


class ServiceModelViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          mixins.CreateModelMixin, mixins.UpdateModelMixin,
                          mixins.DestroyModelMixin, viewsets.GenericViewSet):
    selector = None            # callable(*, user, within) -> QuerySet
    create_service = None      # callable(*, user, **data)
    update_service = None      # callable(*, user, <model_name>=obj, **data)
    delete_service = None      # callable(*, user, <model_name>=obj)

    def get_queryset(self):
        selector = type(self).selector
        queryset = selector(user=self.request.user, within=None)
        if self.action == "list" and "ordering" not in self.request.query_params:
            queryset = queryset.order_by(*queryset.model._meta.ordering, "pk")
        return queryset

    @property
    def object_kwarg(self) -> str:
        return self.get_queryset().model._meta.model_name

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(user=self.request.user,
                                                        **serializer.validated_data)

    def perform_update(self, serializer):
        fresh = self.get_queryset().model._default_manager.get(pk=serializer.instance.pk)
        serializer.instance = type(self).update_service(
            user=self.request.user, **{self.object_kwarg: fresh}, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        type(self).delete_service(user=self.request.user, **{self.object_kwarg: instance})
