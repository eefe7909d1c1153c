"""Fixtures for accounts tests: a small agency tree and a fast password hasher."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from motcua.accounts.models import Agency, User
from motcua.accounts.services import agency_create, user_create_official


@pytest.fixture(autouse=True)
def _fast_hasher(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Tree:
    city: Agency
    ward: Agency
    centre: Agency
    division: Agency
    dept: Agency
    other_ward: Agency


@pytest.fixture
def tree(db) -> Tree:
    """city > ward > (centre, division); city > dept; city > other ward."""
    city = agency_create(
        code="000.00.00.H29", name="UBND TP", short_name="UBND TP", kind="city_committee"
    )
    ward = agency_create(
        code="000.02.90.H29",
        name="UBND phường Bến Thành",
        short_name="P. Bến Thành",
        kind="ward",
        parent=city,
    )
    centre = agency_create(
        code="001.02.90.H29",
        name="TTPVHCC phường Bến Thành",
        short_name="TTPV Bến Thành",
        kind="service_centre",
        parent=ward,
    )
    division = agency_create(
        code="002.02.90.H29", name="Phòng VHXH", short_name="VHXH", kind="division", parent=ward
    )
    dept = agency_create(
        code="000.00.01.H29", name="Sở Tư pháp", short_name="STP", kind="department", parent=city
    )
    other = agency_create(
        code="000.01.90.H29",
        name="UBND phường Sài Gòn",
        short_name="P. Sài Gòn",
        kind="ward",
        parent=city,
    )
    return Tree(city, ward, centre, division, dept, other)


@pytest.fixture
def official(tree: Tree) -> User:
    return user_create_official(username="canbo", full_name="Cán Bộ", home_agency=tree.ward)
