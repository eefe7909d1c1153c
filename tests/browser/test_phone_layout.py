"""The layout on a 360 x 640 phone, in Vietnamese and English: a compact header (at most 18 % of
the screen) so results start above the fold, every form control inside the viewport, no sideways
scrolling, and a focus ring of at least 3:1 against white and against the header's red
(WCAG 2.1 SC 1.4.11). Boxes and colours are read from the browser; the contrast is computed here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from motcua.accounts.models import Agency, AgencyKind
from tests.browser.axe import overflow_problem
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_portal_pages import WARD, catalogue
from tests.catalog.conftest import make_data, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 360, 640
HEADER_SHARE = 0.18
CONTROLS = (
    ".search-form input, .search-form select, .search-form button, "
    ".lang-switch select, .lang-switch button, .agency-choose select, .agency-choose button"
)
WARDS = [f"000.00.{n:02d}.H29" for n in range(50, 62)]


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def rgb(css: str) -> tuple[int, int, int]:
    r, g, b = (int(x) for x in re.findall(r"\d+", css)[:3])
    return r, g, b


WHITE = (255, 255, 255)


def test_contrast_formula() -> None:
    assert contrast(WHITE, (0, 0, 0)) == pytest.approx(21)
    assert contrast(WHITE, (0xFF, 0xBF, 0x47)) == pytest.approx(1.6, abs=0.05)  # the old ring
    assert rgb("rgb(164, 22, 26)") == (164, 22, 26)


@pytest.fixture
def phone(browser: Any, live_server: Any, request: Any) -> Iterator[Any]:
    language = request.param
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN" if language == "vi" else "en-US",
        viewport={"width": WIDTH, "height": HEIGHT},
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    context.set_default_timeout(TIMEOUT_MS * 3)  # a loaded 2-core machine
    tab = context.new_page()
    yield tab
    context.close()


def site() -> None:
    catalogue()
    for i, code in enumerate(WARDS):
        Agency.objects.create(
            code=code,
            name=f"Ủy ban nhân dân phường Bình Thạnh Tây Số {i + 1}",
            short_name=f"P{i}",
            kind=AgencyKind.WARD,
        )
    name = "Đăng ký thường trú cho người chưa thành niên"
    publish(make_data("1.000001", name, agencies=[WARD, *WARDS]))


def controls_outside(page: Any) -> list[str]:
    boxes = page.eval_on_selector_all(
        CONTROLS,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.tagName + '#' + e.id, r.left, r.right]; })",
    )
    assert boxes, "no control found"
    return [
        f"{name} {left:.0f}..{right:.0f}"
        for name, left, right in boxes
        if left < 0 or right > WIDTH
    ]


@pytest.mark.parametrize("phone", ["vi", "en"], indirect=True)
def test_header_is_compact_and_results_start_above_the_fold(phone: Any) -> None:
    site()
    phone.goto("/?q=dang+ky")
    header = phone.locator(".site-header").bounding_box()
    assert header["height"] <= HEADER_SHARE * HEIGHT, header
    first = phone.locator(".result-name").first.bounding_box()
    assert first["y"] < HEIGHT, first  # the first result begins on the first screen
    assert controls_outside(phone) == []
    assert overflow_problem(phone) is None


@pytest.mark.parametrize("phone", ["vi", "en"], indirect=True)
def test_procedure_page_and_ward_chooser_fit(phone: Any) -> None:
    site()
    phone.goto(f"/thu-tuc/1.000001/?agency={WARDS[-1]}")
    assert phone.locator(".agency-card h3").inner_text().endswith("Số 12")
    assert controls_outside(phone) == []
    assert overflow_problem(phone) is None
    phone.locator(".agency-list summary").click()  # opened: the long names wrap
    assert overflow_problem(phone) is None


def ring(page: Any) -> tuple[tuple[int, int, int], float]:
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineColor, s.outlineStyle, s.outlineWidth]; }"
    )
    assert style[1] != "none", style
    return rgb(style[0]), float(style[2].removesuffix("px"))


@pytest.mark.parametrize("phone", ["vi"], indirect=True)
def test_focus_ring_contrast_on_white_and_on_the_header(phone: Any) -> None:
    site()
    phone.goto("/")
    header_bg = rgb(
        phone.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    )
    phone.keyboard.press("Tab")  # the skip link
    phone.keyboard.press("Tab")  # the brand, in the header
    assert phone.evaluate("() => document.activeElement.classList.contains('brand')")
    colour, width = ring(phone)
    assert width >= 2
    assert contrast(colour, header_bg) >= 3, (colour, header_bg)
    phone.locator("#q").focus()  # a text field on the light page
    colour, width = ring(phone)
    assert width >= 2
    assert contrast(colour, WHITE) >= 3, colour
    form_bg = rgb(
        phone.locator(".search-form").evaluate("e => getComputedStyle(e).backgroundColor")
    )
    assert contrast(colour, form_bg) >= 3, (colour, form_bg)
