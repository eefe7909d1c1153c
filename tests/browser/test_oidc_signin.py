"""Sign-in with VNeID in a real browser: Chromium goes from our page to the test OpenID Connect
provider and back; the error page keeps to the CSP and passes axe-core at 360 px."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from motcua.accounts import oidc
from motcua.accounts.models import User
from motcua.testing.oidc_provider import OIDCProvider
from tests.browser.axe import axe_check
from tests.browser.test_csp import Violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(settings: Any, live_server: Any, page: Any) -> Iterator[OIDCProvider]:
    page.set_default_timeout(20_000)  # three servers and a browser on a loaded machine
    callback = f"{live_server.url}/dang-nhap/vneid/ve/"
    with OIDCProvider(client_id="motcua", client_secret="s", redirect_uri=callback) as idp:
        settings.MOTCUA = {
            **settings.MOTCUA,
            "PUBLIC_BASE_URL": live_server.url,
            "OIDC": {
                **settings.MOTCUA["OIDC"],
                "ISSUER": idp.issuer,
                "CLIENT_ID": "motcua",
                "CLIENT_SECRET": "s",
            },
        }
        oidc._client.cache_clear()
        yield idp
    oidc._client.cache_clear()


def test_citizen_signs_in_through_the_provider(page: Any, provider: OIDCProvider) -> None:
    page.goto("/dang-nhap/vneid/?next=/tra-cuu/")

    expect(page).to_have_url(re.compile(r"/tra-cuu/$"))
    user = User.objects.get()
    assert (user.cccd, user.idp_issuer) == ("079203001234", provider.issuer)


def test_error_page_is_accessible_and_keeps_to_the_csp(page: Any, provider: OIDCProvider) -> None:
    provider.deny = True
    csp = Violations(page)
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto("/dang-nhap/vneid/")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Không đăng nhập được bằng định danh điện tử"
    )
    expect(page.get_by_role("alert")).to_contain_text("access_denied")
    csp.assert_none("oidc_error")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    axe_check(page, "oidc_error")
    assert not User.objects.exists()
