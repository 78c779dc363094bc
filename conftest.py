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
