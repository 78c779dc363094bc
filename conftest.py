"""Fixtures shared by every test package."""

import pytest

from magistrat.organizations.tests.factories import World, build_world


@pytest.fixture
def world(db) -> World:
    """Two separate gminas (A with a school, B), their people, and users with roles."""
    return build_world()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def english(request):
    """Messages in English for tests that read them (the interface is Polish by default): the
    active language for services, the language cookie for the test client and the API client's
    Accept-Language. A test module takes it with `pytestmark = pytest.mark.usefixtures("english")`."""
    from django.conf import settings
    from django.utils import translation

    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if "api_client" in request.fixturenames:
        request.getfixturevalue("api_client").credentials(HTTP_ACCEPT_LANGUAGE="en")
    with translation.override("en"):
        yield
