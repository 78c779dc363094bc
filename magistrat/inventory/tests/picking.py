"""Test helpers for the equipment picker: what a page's picker offers when one types."""

import html as html_lib
import re

from django.urls import reverse


def picker_scope(page: str, field: str = "assets") -> str:
    """The signed scope of the picker for `field` on a rendered page."""
    match = re.search(rf'name="{field}_q"[^>]*?hx-vals=\'(\{{.*?\}})\'', page, re.S)
    assert match, f"no picker for {field} on the page"
    return re.search(r'"scope": "([^"]+)"', html_lib.unescape(match.group(1))).group(1)


def picker_offers(client, page: str, text: str = "", field: str = "assets", chosen=()) -> list[str]:
    """The labels the picker lists for `text` (as htmx asks for them while one types)."""
    response = client.get(reverse("inventory:asset_picker"), {
        "scope": picker_scope(page, field), f"{field}_q": text, field: [str(pk) for pk in chosen]})
    assert response.status_code == 200
    return [" ".join(label.split()) for label in re.findall(
        rf'name="{field}" value="\d+"[^>]*>\s*<span>(.*?)</span>\s*</label>', response.content.decode(), re.S)]
