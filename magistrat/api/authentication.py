from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .services import token_lookup, token_touch


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` with keys stored hashed (see ApiToken)."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from None
        token = token_lookup(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
