"""The analytics tests run on the dossier tests' `world` (a city, a ward, a department)."""

from tests.dossiers.conftest import World, applicant, world  # noqa: F401
