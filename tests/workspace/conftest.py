from tests.dossiers.conftest import world  # noqa: F401
