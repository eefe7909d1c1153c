"""`{% load analytics_charts %}`, loaded through its own Engine: the app need not be installed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree
from django.template import Context, Engine
from django.utils import translation

import motcua.analytics
from motcua.analytics.charts import VIETNAMESE, Series
from motcua.analytics.templatetags.analytics_charts import chart_texts

NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _vietnamese() -> Any:
    """The expected texts are the Vietnamese ones, whatever an earlier test left active."""
    with translation.override("vi"):
        yield


@pytest.fixture
def engine() -> Engine:
    return Engine(
        dirs=[str(Path(motcua.analytics.__file__).parent / "templates")],
        libraries={"analytics_charts": "motcua.analytics.templatetags.analytics_charts"},
    )


def render(engine: Engine, source: str, **context: Any) -> str:
    return engine.from_string("{% load analytics_charts %}" + source).render(Context(context))


def test_line_chart_tag_renders_the_svg_unescaped_with_its_text_escaped(engine: Engine) -> None:
    html = render(
        engine,
        '{% line_chart chart_id="dung-han" title=title x_labels=months series=series'
        " percent=True %}",
        title="Tỷ lệ <b>đúng hạn</b>",
        months=["T1", "T2"],
        series=[Series("Đúng hạn", [Decimal("96.25"), Decimal("97.5")])],
    )
    root = ElementTree.fromstring(html)
    assert root.get("aria-labelledby") == "dung-han-title dung-han-desc"
    assert root.findtext(f"{NS}title") == "Tỷ lệ <b>đúng hạn</b>"
    assert "<b>" not in html
    assert len([el for el in root.iter() if el.get("class") == "chart-point"]) == 2
    assert "96,25%" in (root.findtext(f"{NS}desc") or "")


def test_bar_chart_tag_and_its_empty_state(engine: Engine) -> None:
    source = (
        '{% bar_chart chart_id=cid title="Theo lĩnh vực" labels=labels values=values'
        ' y_unit="hồ sơ" %}'
    )
    full = ElementTree.fromstring(
        render(engine, source, cid="linh-vuc", labels=["Hộ tịch", "Đất đai"], values=[1500, 20])
    )
    values = [el.text for el in full.iter() if el.get("class") == "chart-value"]
    assert values == ["1.500 hồ sơ", "20 hồ sơ"]
    empty = ElementTree.fromstring(render(engine, source, cid="x", labels=[], values=[]))
    assert empty.findtext(f"{NS}desc") == "Chưa có dữ liệu"


def test_the_tags_words_are_the_pure_defaults_in_vietnamese() -> None:
    """The msgids of the tag module are the pure module's defaults, so an untranslated
    language shows the same Vietnamese sentence as the pure function."""
    with translation.override("vi"):
        texts = chart_texts()
    for name in ("empty", "extremes", "unit"):
        assert getattr(texts, name) == getattr(VIETNAMESE, name)
    for name in ("span", "items", "missing", "missing_items"):
        with translation.override("vi"):
            forms = [getattr(texts, name)(n) for n in (1, 2)]
        assert forms == [getattr(VIETNAMESE, name)(n) for n in (1, 2)]


def test_number_filters_for_tables(engine: Engine) -> None:
    html = render(
        engine,
        "{{ n|vn_number }} {{ p|vn_percent }} {{ missing|vn_percent }} {{ x|vn_number:1 }}",
        n=1234567,
        p=Decimal("96.25"),
        missing=None,
        x=2.25,
    )
    assert html == "1.234.567 96,25% N/A 2,3"


def test_chart_table_has_caption_column_and_row_headers(engine: Engine) -> None:
    html = render(
        engine,
        "{% chart_table caption=caption columns=columns rows=rows percent=True %}",
        caption="Tỷ lệ đúng hạn theo tháng",
        columns=["Tháng", "Đúng hạn", "Trễ <hạn>"],
        rows=[["T1/2026", Decimal("96.25"), 3.75], ["T2/2026", None, "đang tính"]],
    )
    table = ElementTree.fromstring(html).find("table")
    assert table is not None
    assert table.findtext("caption") == "Tỷ lệ đúng hạn theo tháng"
    heads = table.findall("thead/tr/th")
    assert [(th.get("scope"), th.text) for th in heads] == [
        ("col", "Tháng"), ("col", "Đúng hạn"), ("col", "Trễ <hạn>")
    ]  # fmt: skip
    rows = table.findall("tbody/tr")
    assert [(r.find("th").get("scope"), r.findtext("th")) for r in rows] == [
        ("row", "T1/2026"), ("row", "T2/2026")
    ]  # fmt: skip
    cells = [[td.text for td in r.findall("td")] for r in rows]
    assert cells == [["96,25%", "3,75%"], ["N/A", "đang tính"]]


def test_the_table_template_renders_given_cells_as_they_are(engine: Engine) -> None:
    html = render(
        engine,
        '{% include "analytics/_chart_table.html" with caption="C" columns=cols rows=rows %}',
        cols=["Lĩnh vực", "Số hồ sơ"],
        rows=[["<script>", "1.234"]],
    )
    assert "<script>" not in html
    table = ElementTree.fromstring(html).find("table")
    assert table is not None
    assert table.findtext("tbody/tr/th") == "<script>"
    assert table.findtext("tbody/tr/td") == "1.234"
