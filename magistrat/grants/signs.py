"""The signs strip of an EU-funded project: the Fundusze Europejskie sign, the colours of the
Republic of Poland and the EU emblem, each with its text — drawn by the poster (poster.py)
and the public page (public_project.html) as simplified shapes, never from official logo files.
The texts are Polish like every public document."""

import re
from dataclasses import dataclass

NOTE = "Znaki w wersji uproszczonej. Wzory oficjalnych logotypów udostępnia instytucja zarządzająca programem."


@dataclass(frozen=True)
class Sign:
    kind: str           # "fe", "pl", "eu"
    name: str           # the text beside the sign
    detail: str         # the fund or programme under it ("" when none)
    description: str    # the text alternative of the drawn sign


def strip(program) -> list[Sign]:
    """The three signs with their texts for a programme: 2021–2027 programmes say "Dofinansowane
    przez Unię Europejską"; 2014–2020 ones "Unia Europejska" and the fund (e.g. EFRR)."""
    fund = program.fund or ""
    modern = "2021" in fund
    return [
        Sign("fe", "Fundusze Europejskie", re.sub(r"^Fundusze Europejskie\s*", "", fund.split(",")[0].strip()),
             "Znak Funduszy Europejskich"),
        Sign("pl", "Rzeczpospolita Polska", "", "Barwy Rzeczypospolitej Polskiej"),
        Sign("eu", "Dofinansowane przez Unię Europejską" if modern else "Unia Europejska",
             "Europejski Fundusz Rozwoju Regionalnego" if "EFRR" in fund and not modern else "",
             "Flaga Unii Europejskiej"),
    ]
