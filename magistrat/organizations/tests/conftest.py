"""Fixtures shared by the organizations app's tests."""

import pytest

from magistrat.organizations import access, services
from magistrat.organizations.models import Role

from .factories import user_with_role


@pytest.fixture
def commuter(world):
    """An account with roles in both gminas: neither office administrator manages it alone."""
    account = user_with_role(world.org_a, Role.VIEWER, username="dojezdzajacy")
    services.membership_set(user=access.SYSTEM, member=account, organization=world.org_b,
                            role=Role.VIEWER)
    return account
