"""Every screen speaks one language: no Polish sentence of the catalogue in the English interface,
no English message left untranslated in the Polish one.

A message translated when a module is imported (gettext instead of gettext_lazy at module level),
a template that copies a translation instead of asking for it, or a string the catalogue lost shows
up here as the other language's text on a page. Walks the demo, so the pages have content: every
tab of a project, the register, the forms and the tools.
"""

import html
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from .test_translations import PO, parse_po

# Screens by URL; {ids} are filled from the demo. The public project page, the poster and the
# settlement documents are Polish whatever the interface language (they are for residents and the
# grantor), so they are not here.
SCREENS = """/ /profile/ /password/ /journal/
/organizations/ /organizations/new/ /organizations/{org}/ /organizations/{org}/?tab=units /organizations/{org}/edit/
/organizations/{org}/delete/ /people/ /people/new/ /people/{person}/ /people/{person}/?tab=assets
/people/{person}/edit/ /users/ /users/new/ /users/{user}/ /users/{user}/edit/ /users/{user}/password/
/assets/ /assets/new/ /assets/import/ /assets/handover/ /assets/return/ /assets/{asset}/
/assets/{asset}/?tab=configuration /assets/{asset}/?tab=assignments /assets/{asset}/?tab=attachments
/assets/{asset}/?tab=history /assets/{asset}/edit/ /assets/{asset}/delete/ /assets/{asset}/retire/
/assets/labels/?assets={asset} /assets/protocols/{protocol}/
/kst/ /kst/new/ /kst/{kst}/ /kst/{kst}/edit/ /asset-categories/ /asset-categories/new/
/asset-categories/{category}/ /asset-categories/{category}/edit/ /locations/ /locations/new/
/locations/{location}/ /locations/{location}/?tab=inside /locations/{location}/?tab=assets
/grants/ /grants/new/ /grants/deadlines/ /grants/expenditures/ /grants/expenditures/{expenditure}/
/grants/programmes/ /grants/programmes/{programme}/ /grants/programmes/{programme}/edit/
/grants/{project}/ /grants/{project}/?tab=funding /grants/{project}/?tab=budget /grants/{project}/?tab=expenditures
/grants/{project}/?tab=indicators /grants/{project}/?tab=deadlines /grants/{project}/?tab=promotion
/grants/{project}/?tab=history /grants/{project}/edit/ /grants/{project}/delete/ /grants/{project}/expenditures/import/
/grants/{project}/funding-sources/new/ /grants/{project}/budget-lines/new/ /grants/{project}/expenditures/new/
/grants/{project}/indicators/new/ /grants/{project}/milestones/new/ /grants/{project}/promotion/new/
/grants/expenditures/{expenditure}/edit/ /grants/promotion/{promotion}/edit/""".split()

TEXT = re.compile(r">([^<>]+)<|(?:aria-label|title|placeholder|alt)=\"([^\"]+)\"")
QUOTED = re.compile(r"[“„][^“„”]*”")  # examples of what a user types (import headers): any language


def _texts(page: str, data: list[str]) -> set[str]:
    """The interface's own text: text nodes and labelling attributes, without scripts, quoted
    examples and the stored names a page shows (automatic deadlines are named in Polish for the
    grant operator, whatever the interface's language)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    texts = set()
    for a, b in TEXT.findall(page):
        text = QUOTED.sub("", " ".join(html.unescape(a or b).split()))
        for name in data:
            text = text.replace(name, "")
        texts.add(text)
    return texts - {""}


def _sentences(texts: list[str]) -> list[str]:
    """Messages long enough not to be a word that data could also contain ("Status", "Model")."""
    return [text for text in texts if len(text) >= 16 and " " in text and "%" not in text
            and "{" not in text and "<" not in text]


@pytest.fixture(scope="module")
def messages():
    english, polish = [], []
    for entry in parse_po(PO)[1:]:
        if entry.msgid_plural is not None or entry.msgid == entry.msgstr.get(0):
            continue
        english.append(entry.msgid)
        polish.append(entry.msgstr[0])
    return set(_sentences(english)), set(_sentences(polish))


@pytest.fixture
def screens(db):
    from magistrat.grants.models import Expenditure, GrantProject, Milestone, Program, PromotionItem
    from magistrat.inventory.models import Asset, AssetCategory, HandoverProtocol, KstClass, Location
    from magistrat.organizations import demo
    from magistrat.organizations.models import Organization, Person

    demo.load()
    ids = {
        "org": Organization.objects.get(slug="sp-mikstat").pk,
        "person": Person.objects.filter(assets__isnull=False).first().pk,
        "user": get_user_model().objects.get(username="admin").pk,
        "asset": Asset.objects.filter(person__isnull=False).first().pk,
        "protocol": HandoverProtocol.objects.first().pk,
        "kst": KstClass.objects.first().pk,
        "category": AssetCategory.objects.first().pk,
        "location": Location.objects.filter(parent__isnull=True).first().pk,
        "project": GrantProject.objects.first().pk,
        "expenditure": Expenditure.objects.first().pk,
        "programme": Program.objects.first().pk,
        "promotion": PromotionItem.objects.first().pk,
    }
    return [screen.format(**ids) for screen in SCREENS], list(Milestone.objects.values_list("name", flat=True))


def _leftovers(client, screens, language, other_language_messages):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    found = {}
    screens, data = screens
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        page = response.content.decode()
        assert f'<html lang="{language}"' in page, url
        texts = _texts(page, data)
        for message in other_language_messages:
            if any(message in text for text in texts):
                found.setdefault(message, url)
    return found


def test_the_english_interface_has_no_polish_messages(client, screens, messages):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.invalid", "x"))
    leftovers = _leftovers(client, screens, "en", messages[1])
    assert not leftovers, "Polish text in the English interface:\n" + "\n".join(
        f"{url}: {text!r}" for text, url in leftovers.items())


def test_the_polish_interface_has_no_english_messages(client, screens, messages):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.invalid", "x"))
    leftovers = _leftovers(client, screens, "pl", messages[0])
    assert not leftovers, "English text in the Polish interface:\n" + "\n".join(
        f"{url}: {text!r}" for text, url in leftovers.items())


def test_the_public_page_stays_polish_and_its_preview_note_speaks_the_users_language(client, screens):
    from magistrat.grants.models import GrantProject

    client.force_login(get_user_model().objects.create_superuser("root", "root@example.invalid", "x"))
    preview = f"/grants/{GrantProject.objects.first().pk}/public-preview/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(preview).content.decode()
    assert '<html lang="pl">' in page and "Wartość projektu" in page      # for residents: Polish
    assert '<p class="preview-note" role="status" lang="en">Preview of the public page.' in page
    assert "Back to the project</a>" in page and "Podgląd" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    page = client.get(preview).content.decode()
    assert 'lang="pl">Podgląd strony publicznej.' in page and "Wróć do projektu</a>" in page
