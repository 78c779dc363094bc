"""The screens the other browser tests do not walk: each passes axe-core (WCAG 2.1 AA) on a desktop
and fits a 320 px wide screen (WCAG 1.4.10 reflow), and the keyboard focus ring stands out on
light and dark backgrounds."""

import pytest

from .support import assert_accessible, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENS = """/journal/ /profile/ /users/ /users/{user}/ /organizations/ /organizations/{org}/?tab=units
/kst/ /kst/{kst}/ /kst/{kst}/edit/ /asset-categories/ /asset-categories/{category}/edit/
/locations/ /locations/{location}/?tab=inside /assets/{asset}/ /assets/{asset}/?tab=assignments
/assets/{asset}/retire/ /assets/{asset}/delete/ /assets/import/ /assets/labels/?assets={asset}
/grants/deadlines/ /grants/expenditures/{expenditure}/ /grants/programmes/ /grants/programmes/{programme}/
/grants/programmes/{programme}/edit/ /grants/{project}/?tab=funding /grants/{project}/?tab=indicators
/grants/{project}/?tab=deadlines /grants/{project}/?tab=promotion /grants/{project}/edit/
/grants/{project}/promotion/new/ /grants/{project}/expenditures/import/""".split()

PHONE = 320


def _screens():
    from django.contrib.auth import get_user_model

    from magistrat.grants.models import Expenditure, GrantProject, Program
    from magistrat.inventory.models import Asset, AssetCategory, KstClass, Location
    from magistrat.organizations.models import Organization

    ids = {
        "user": get_user_model().objects.get(username="admin").pk,
        "org": Organization.objects.get(slug="sp-mikstat").pk,
        "kst": KstClass.objects.first().pk,
        "category": AssetCategory.objects.first().pk,
        "location": Location.objects.filter(parent__isnull=True).first().pk,
        "asset": Asset.objects.filter(person__isnull=False).first().pk,
        "expenditure": Expenditure.objects.first().pk,
        "programme": Program.objects.first().pk,
        "project": GrantProject.objects.first().pk,
    }
    return [screen.format(**ids) for screen in SCREENS]


def _sticking_out(page):
    page.wait_for_load_state("load")
    return page.evaluate("""() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return [];
      return [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > width + 1 && e.checkVisibility())
        .slice(0, 5)
        .map((e) => `${e.tagName}.${e.className} ends at ${Math.round(e.getBoundingClientRect().right)}px`);
    }""")


def test_every_screen_is_accessible_and_fits_a_narrow_phone(page, live_server, demo):
    from django.contrib.auth import get_user_model

    # The programme and classification forms are the installation administrator's.
    get_user_model().objects.create_superuser("root", "root@example.invalid", "magistrat-root")
    log_in(page, live_server.url, "root", "magistrat-root")
    too_wide = {}
    for screen in _screens():
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(f"{live_server.url}{screen}")
        assert response.status == 200, (screen, response.status)
        assert_accessible(page)
        page.set_viewport_size({"width": PHONE, "height": 700})
        if sticking_out := _sticking_out(page):
            too_wide[screen] = sticking_out
    assert not too_wide, f"wider than a {PHONE} px screen: {too_wide}"


# The ring's colours against the background around the focused control: at least 3:1 (WCAG 1.4.11).
FOCUS_RING_CONTRAST = """() => {
  const rgb = (text) => (text.match(/rgba?\\(([^)]+)\\)/) || [, "0,0,0,0"])[1].split(",").map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map((c) => c / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const contrast = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const focused = document.activeElement;
  let around = focused.parentElement;
  while (around && rgb(getComputedStyle(around).backgroundColor)[3] === 0) around = around.parentElement;
  const background = rgb(getComputedStyle(around || document.body).backgroundColor);
  const style = getComputedStyle(focused);
  const colours = [style.outlineStyle !== "none" ? style.outlineColor : null,
                   style.boxShadow !== "none" ? style.boxShadow : null].filter(Boolean);
  return Math.max(0, ...colours.map((colour) => contrast(rgb(colour), background)));
}"""


def _tab_to(page, selector, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_focus_ring_stands_out_on_light_and_dark_backgrounds(signed_in, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/people/")
    _tab_to(page, ".topbar a")                     # the dark top bar
    assert page.evaluate(FOCUS_RING_CONTRAST) >= 3
    _tab_to(page, ".sidenav a")                    # white navigation
    assert page.evaluate(FOCUS_RING_CONTRAST) >= 3
    _tab_to(page, "main input, main select")       # a form control on a white card
    assert page.evaluate(FOCUS_RING_CONTRAST) >= 3


def test_the_focus_stays_visible_on_a_date_fields_calendar_button(signed_in, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/journal/")
    _tab_to(page, "#id_date_from")
    stops = []
    while page.evaluate("document.activeElement.id") == "id_date_from":   # day, month, year, calendar
        stops.append(page.evaluate(FOCUS_RING_CONTRAST))
        page.keyboard.press("Tab")
    assert len(stops) >= 3 and min(stops) >= 3, stops
