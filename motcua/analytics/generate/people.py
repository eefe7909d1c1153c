"""Applicants: names, ID numbers, phones and addresses drawn from a seeded `random.Random`.

Every CCCD has the 12-digit form `motcua.core.identifiers.validate_cccd` accepts: a province
code of Circular 07/2016 Annex 1, the century/sex digit and year of a birth between 1950 and
2007, six digits (docs/rules.md §11). Tax codes carry their check digit; phones a mobile prefix.
"""

from __future__ import annotations

import random
from itertools import accumulate
from typing import NamedTuple

from motcua.analytics.generate import names
from motcua.core.identifiers import tax_check_digit

# Province of the CCCD: the city and its merged provinces first, then where people move from.
PROVINCES = (
    ("079", 60),
    ("074", 12),
    ("077", 8),
    ("075", 4),
    ("038", 3),
    ("040", 3),
    ("052", 3),
    ("083", 3),
    ("086", 2),
    ("089", 2),
)
MOBILE = ("090", "091", "093", "094", "097", "098", "070", "077", "079", "081", "086", "032")


class Applicant(NamedTuple):
    kind: str  # dossiers.ApplicantKind: person / organisation
    name: str
    id_number: str  # CCCD (12 digits) or tax code (10)
    phone: str
    address: str
    representative_name: str
    representative_id: str


class People:
    """Draws applicants; each draw uses only `rng`, so a seed gives the same people."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._surnames = [s for s, _ in names.SURNAMES]
        self._surname_cum = list(accumulate(w for _, w in names.SURNAMES))
        self._provinces = [p for p, _ in PROVINCES]
        self._province_cum = list(accumulate(w for _, w in PROVINCES))

    def cccd(self) -> tuple[str, str]:
        """(CCCD, sex) of a person born 1950–2007."""
        rng = self.rng
        year = rng.randint(1950, 2007)
        sex = "female" if rng.random() < 0.52 else "male"
        century = (0 if year < 2000 else 2) + (sex == "female")
        province = rng.choices(self._provinces, cum_weights=self._province_cum)[0]
        return f"{province}{century}{year % 100:02d}{rng.randrange(1_000_000):06d}", sex

    def name(self, sex: str) -> str:
        rng = self.rng
        surname = rng.choices(self._surnames, cum_weights=self._surname_cum)[0]
        return f"{surname} {rng.choice(names.MIDDLE[sex])} {rng.choice(names.GIVEN[sex])}"

    def phone(self) -> str:
        return f"{self.rng.choice(MOBILE)}{self.rng.randrange(10_000_000):07d}"

    def address(self) -> str:
        return f"{self.rng.randint(1, 480)} {self.rng.choice(names.STREETS)}"

    def tax_code(self) -> str:
        while True:
            first9 = f"03{self.rng.randrange(10_000_000):07d}"  # 03: issued in the city
            digit = tax_check_digit(first9)
            if digit is not None:
                return f"{first9}{digit}"

    def person(self) -> Applicant:
        cccd, sex = self.cccd()
        phone = self.phone() if self.rng.random() < 0.9 else ""
        return Applicant("person", self.name(sex), cccd, phone, self.address(), "", "")

    def organisation(self) -> Applicant:
        rng = self.rng
        name = f"{rng.choice(names.COMPANY_FORMS)} {rng.choice(names.COMPANY_WORDS)}"
        cccd, sex = self.cccd()
        return Applicant(
            "organisation",
            name,
            self.tax_code(),
            self.phone(),
            self.address(),
            self.name(sex),
            cccd,
        )
