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
    active language for services, and the language cookie for the test client."""
    from django.conf import settings
    from django.utils import translation

    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
