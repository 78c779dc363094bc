"""OpenAPI details drf-spectacular cannot guess: the token scheme and the one error shape."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "magistrat.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Token-based authentication: `Token <key>`."}


class ErrorSerializer(serializers.Serializer):
    """Every 4xx answer: a sentence for people and, per field, what is wrong with it."""

    message = serializers.CharField(help_text="What went wrong, in the language asked for "
                                              "(Accept-Language; Polish by default).")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per field name (empty when no field is to blame).")

    class Meta:
        ref_name = "Error"


ERRORS = {
    "400": "Bad input: a field, a filter or the request body (see `fields`).",
    "401": "Not logged in: no or an invalid `Authorization: Token …` header.",
    "403": "Your roles do not allow this here.",
    "404": "No such record among those you may see.",
}


class AutoSchema(SpectacularAutoSchema):
    """Adds the error shape to every operation: 400, 401, 403, and 404 where a record is named."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, description in ERRORS.items():
            if code == "404" and "{" not in self.path:
                continue
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = description
                responses[code] = response
        return responses
