"""A coordinator's grant project on screen: numbers read whole on the public page, a row's
"Edit · Delete" kept together on a phone's card."""

import datetime

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _line_height(locator) -> tuple[float, float]:
    return locator.evaluate("e => [e.getBoundingClientRect().height, parseFloat(getComputedStyle(e).lineHeight)]")


def test_the_agreement_number_is_not_broken_at_a_hyphen(page, live_server, demo):
    from magistrat.grants import services
    from magistrat.grants.models import GrantProject
    from magistrat.organizations import access

    project = GrantProject.objects.get()
    services.project_update(user=access.SYSTEM, grantproject=project, agreement_number="FERC.02.02-CS.01-0123/23",
                            agreement_date=datetime.date(2022, 11, 20))
    page.goto(f"{live_server.url}/public/projects/{project.pk}/")
    number = page.locator(".facts .number").first
    assert number.inner_text() == "nr FERC.02.02-CS.01-0123/23"
    height, line = _line_height(number)
    assert height < 1.5 * line            # one line, not "FERC.02.02-CS.01-" / "0123/23"


def test_row_actions_are_one_line_on_a_phone(phone_page, live_server, demo):
    from magistrat.grants.models import GrantProject

    from .support import log_in

    log_in(phone_page, live_server.url)
    project = GrantProject.objects.get()
    phone_page.goto(f"{live_server.url}/grants/{project.pk}/?tab=budget")
    cell = phone_page.locator("td.row-actions").first
    edit, delete = cell.locator("a").nth(0), cell.locator("a").nth(1)
    assert abs(edit.bounding_box()["y"] - delete.bounding_box()["y"]) < 2
