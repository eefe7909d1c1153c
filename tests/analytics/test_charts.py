"""The pure SVG charts (analytics/charts.py): well-formed, accessible, escaped, CSP-safe."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import unicodedata
from decimal import Decimal
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree

from motcua.analytics import chart_svg
from motcua.analytics.chart_format import (
    finite,
    nice_ticks,
    step_decimals,
    truncate,
    vn_number,
    vn_percent,
)
from motcua.analytics.charts import ChartTexts, Series, bar_chart, line_chart

NS = "{http://www.w3.org/2000/svg}"
MONTHS = [f"T{m}/2026" for m in range(1, 13)]


def parse(svg: str) -> Element:
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def by_class(root: Element, cls: str) -> list[Element]:
    return [el for el in root.iter() if cls in el.get("class", "").split()]


def path_points(path: Element) -> int:
    return len(re.findall(r"[ML]", path.get("d", "")))


def line(**kwargs: object) -> str:
    args: dict[str, object] = {"chart_id": "c", "title": "Tỷ lệ", "x_labels": MONTHS[:3]}
    args.update(kwargs)
    return line_chart(**args)  # type: ignore[arg-type]


# --- numbers -----------------------------------------------------------------------------------


def test_numbers_are_written_the_vietnamese_way() -> None:
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(-1234.5) == "-1.234,5"
    assert vn_number(0.1 + 0.2) == "0,3"
    assert vn_number(Decimal("1234.5"), 2) == "1.234,50"
    assert vn_number(None) == vn_number(math.nan) == vn_number(math.inf) == "N/A"
    assert vn_number(-0.001) == "0"
    assert vn_number(-0.04, 1) == "0,0"
    assert finite("không phải số") is None
    assert finite(True) is None


def test_percentages_keep_two_decimals_rounded_half_up() -> None:
    assert vn_percent(96.25) == "96,25%"
    assert vn_percent(Decimal("96.255")) == "96,26%"
    assert vn_percent(2.675) == "2,68%"  # the decimal value, not the binary float 2.67499…
    assert vn_percent(100) == "100,00%"
    assert vn_percent(None) == "N/A"


def test_ticks_are_round_numbers_covering_the_data() -> None:
    assert nice_ticks(0, 96.25) == [0, 25, 50, 75, 100]
    assert nice_ticks(0, 1234) == [0, 500, 1000, 1500]
    assert nice_ticks(-3, 7) == [-5, -2.5, 0, 2.5, 5, 7.5]
    assert nice_ticks(0, 0.8) == [0, 0.2, 0.4, 0.6, 0.8]
    assert nice_ticks(5, 5) == [0, 2, 4, 6]  # a flat line still gets an axis from 0
    assert nice_ticks(0, 0) == [0, 0.25, 0.5, 0.75, 1]
    assert [step_decimals(s) for s in (50, 2.5, 0.25, 0.12345)] == [0, 1, 2, 4]


def test_truncation_ends_in_an_ellipsis_and_keeps_tone_marks() -> None:
    assert truncate("Hộ tịch", 20) == "Hộ tịch"
    cut = truncate("Đất đai và tài nguyên môi trường", 12)
    assert cut == "Đất đai và…"
    assert len(cut) <= 12
    decomposed = unicodedata.normalize("NFD", "Cấp giấy chứng nhận")
    assert truncate(decomposed, 5) == "Cấp…"  # NFC first: no tone mark is cut off its letter
    assert truncate("abcx\u0303yz", 5) == "abc…"  # x̃ has no composed form: kept whole or cut


# --- line chart --------------------------------------------------------------------------------


def test_each_value_is_one_point_of_its_series() -> None:
    svg = line(
        x_labels=MONTHS,
        series=[
            Series("Đúng hạn", [96.25, 97, None, 98, 99, 95, 94, 96, 97, 98, 99, 100]),
            Series("Trễ hạn", [3.75, 3, 2, 2, None, None, 6, 4, 3, 2, 1, 0]),
        ],
        percent=True,
    )
    groups = by_class(parse(svg), "chart-series")
    assert [len(by_class(g, "chart-point")) for g in groups] == [11, 10]
    first_point_tip = by_class(groups[0], "chart-point")[0].find(f"{NS}title")
    assert first_point_tip is not None
    assert first_point_tip.text == "Đúng hạn, T1/2026: 96,25%"


def test_a_gap_splits_the_line_and_a_lone_value_is_a_point_only() -> None:
    labels = [str(i) for i in range(8)]
    values = [1, 2, None, 4, 5, 6, math.nan, 8]
    root = parse(line(x_labels=labels, series=[Series("A", values)]))
    paths = by_class(root, "chart-line")
    assert [path_points(p) for p in paths] == [2, 3]  # 8 stands alone: a marker, no path
    assert len(by_class(root, "chart-point")) == 6


def test_one_x_label_is_one_centred_point_and_all_zeros_still_draw() -> None:
    root = parse(line(x_labels=["T1/2026"], series=[Series("A", [0])]))
    (point,) = by_class(root, "chart-point")
    assert not by_class(root, "chart-line")
    plot_left = float(by_class(root, "chart-grid")[0].get("x1") or 0)
    assert float(point.get("cx") or 0) == pytest.approx((plot_left + 10 + 400 - 14) / 2)
    ticks = [t.text for t in by_class(root, "chart-axis-y")[0].iter(f"{NS}text")]
    assert ticks == ["0,00", "0,25", "0,50", "0,75", "1,00"]


def test_the_desc_summarises_highest_lowest_and_gaps() -> None:
    root = parse(
        line(series=[Series("Đúng hạn", [Decimal("96.25"), None, Decimal("80")])], percent=True)
    )
    desc = root.find(f"{NS}desc")
    assert desc is not None
    assert desc.text == (
        "3 mốc từ T1/2026 đến T3/2026; Đúng hạn: cao nhất 96,25% tại T1/2026, "
        "thấp nhất 80,00% tại T3/2026, thiếu số liệu ở 1 mốc."
    )


def test_percent_axis_runs_to_100_and_counts_use_thousand_separators() -> None:
    pct = parse(line(series=[Series("A", [40, 50, 60])], percent=True))
    assert [t.text for t in by_class(pct, "chart-axis-y")[0].iter(f"{NS}text")] == [
        "0%", "25%", "50%", "75%", "100%"
    ]  # fmt: skip
    counts = parse(line(series=[Series("A", [1200, 2500, 1234567])], y_unit="hồ sơ"))
    ticks = [t.text for t in by_class(counts, "chart-axis-y")[0].iter(f"{NS}text")]
    assert ticks[-1] == "1.500.000"
    assert "cao nhất 1.234.567 hồ sơ tại T3/2026" in (counts.findtext(f"{NS}desc") or "")
    assert by_class(counts, "chart-unit")[0].text == "Đơn vị: hồ sơ"


def test_y_max_sets_the_axis_but_data_above_it_stretches_it() -> None:
    capped = parse(line(series=[Series("A", [1, 2, 3])], y_max=8))
    assert [t.text for t in by_class(capped, "chart-axis-y")[0].iter(f"{NS}text")] == [
        "0", "2", "4", "6", "8"
    ]  # fmt: skip
    halves = parse(line(series=[Series("A", [1, 2, 3])], y_max=10))
    assert [t.text for t in by_class(halves, "chart-axis-y")[0].iter(f"{NS}text")] == [
        "0,0", "2,5", "5,0", "7,5", "10,0"
    ]  # fmt: skip
    over = parse(line(series=[Series("A", [1, 2, 30])], y_max=8))
    assert [t.text for t in by_class(over, "chart-axis-y")[0].iter(f"{NS}text")][-1] == "30"
    top_y = min(float(p.get("cy") or p.get("y") or 0) for p in by_class(over, "chart-point"))
    assert top_y >= 0  # inside the viewBox


def test_x_labels_are_thinned_to_every_kth_without_overlap() -> None:
    labels = [f"Tháng {m}/2026" for m in range(1, 13)] * 3
    root = parse(line(x_labels=labels, series=[Series("A", list(range(36)))]))
    axis = by_class(root, "chart-axis-x")[0]
    every = int(axis.get("data-every") or 0)
    shown = [t.text for t in axis.iter(f"{NS}text")]
    assert every > 1
    assert shown == labels[::every]
    lefts = [float(t.get("x") or 0) for t in axis.iter(f"{NS}text")]
    widths = [len(s or "") * chart_svg.CHAR_W for s in shown]
    for i in range(len(shown) - 1):  # the estimated extents of neighbours do not meet
        assert lefts[i] + widths[i] / 2 < lefts[i + 1] - widths[i + 1] / 2
    assert lefts[0] - widths[0] / 2 >= 0
    assert lefts[-1] + widths[-1] / 2 <= chart_svg.WIDTH
    few = parse(line(series=[Series("A", [1, 2, 3])]))
    assert [t.text for t in by_class(few, "chart-axis-x")[0].iter(f"{NS}text")] == MONTHS[:3]


def test_series_differ_by_dash_and_marker_not_only_by_colour() -> None:
    series = [Series(f"S{i}", [i, i + 1, i + 2]) for i in range(6)]
    root = parse(line(series=series))
    styles = set()
    for group in by_class(root, "chart-series"):
        path = by_class(group, "chart-line")[0]
        point = by_class(group, "chart-point")[0]
        styles.add((path.get("stroke-dasharray"), point.tag, point.get("fill")))
    assert len(styles) == 6
    legend = by_class(root, "chart-legend-item")
    assert [item.findtext(f"{NS}title") for item in legend] == [s.name for s in series]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", [*chart_svg.PALETTE, chart_svg.TEXT, chart_svg.AXIS])
def test_colours_have_3_to_1_contrast_on_white(colour: str) -> None:
    assert 1.05 / (_luminance(colour) + 0.05) >= 3


# --- bar chart ---------------------------------------------------------------------------------


LONG = "Cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất"


def test_one_bar_per_value_with_its_value_label() -> None:
    svg = bar_chart(
        chart_id="b",
        title="Hồ sơ theo lĩnh vực",
        labels=["Hộ tịch", LONG, "Xây dựng", "Khác"],
        values=[1234567, 45678, math.inf, 0],
        y_unit="hồ sơ",
    )
    root = parse(svg)
    assert len(by_class(root, "chart-bar")) == 3  # inf is no value: no bar
    assert [v.text for v in by_class(root, "chart-value")] == [
        "1.234.567 hồ sơ", "45.678 hồ sơ", "N/A", "0 hồ sơ"
    ]  # fmt: skip
    widths = [float(b.get("width") or 0) for b in by_class(root, "chart-bar")]
    assert widths[0] > widths[1] > widths[2] == 0
    row = by_class(root, "chart-bar-row")[1]
    label = by_class(row, "chart-label")[0].text or ""
    assert label.endswith("…")
    assert LONG.startswith(label[:-1])
    assert row.findtext(f"{NS}title") == f"{LONG}: 45.678 hồ sơ"
    assert root.findtext(f"{NS}desc") == (
        "4 mục; cao nhất 1.234.567 hồ sơ tại Hộ tịch, thấp nhất 0 hồ sơ tại Khác; "
        "thiếu số liệu ở 1 mục."
    )


def test_percent_bars_scale_to_100() -> None:
    root = parse(bar_chart(chart_id="p", title="T", labels=["A", "B"], values=[96.25, 50]))
    full = parse(
        bar_chart(chart_id="p", title="T", labels=["A", "B"], values=[96.25, 50], percent=True)
    )
    assert [v.text for v in by_class(full, "chart-value")] == ["96,25%", "50,00%"]
    plain_w = [float(b.get("width") or 0) for b in by_class(root, "chart-bar")]
    pct_w = [float(b.get("width") or 0) for b in by_class(full, "chart-bar")]
    assert pct_w[0] < plain_w[0]  # 96,25% does not fill the width
    assert pct_w[0] == pytest.approx(2 * pct_w[1] * 96.25 / 100, rel=0.01)


def test_negative_bars_grow_left_of_zero() -> None:
    root = parse(bar_chart(chart_id="n", title="Chênh lệch", labels=["A", "B"], values=[-5, 10]))
    bars = by_class(root, "chart-bar")
    axis = by_class(root, "chart-axis")[0]
    zero = float(axis.get("x1") or 0)
    assert float(bars[0].get("x") or 0) + float(bars[0].get("width") or 0) == pytest.approx(zero)
    assert float(bars[1].get("x") or 0) == pytest.approx(zero)


# --- every chart -------------------------------------------------------------------------------


def all_charts() -> list[str]:
    return [
        line(series=[Series("A", [1, None, 3]), Series("B", [2, 2, 2])]),
        line(chart_id="e", series=[Series("A", [None, math.nan, -math.inf])]),
        line(chart_id="n", x_labels=[], series=[]),
        bar_chart(chart_id="b", title="B", labels=["x", "y"], values=[1, 2]),
        bar_chart(chart_id="be", title="B", labels=[], values=[]),
    ]


@pytest.mark.parametrize("svg", all_charts())
def test_every_chart_is_named_described_and_sized_by_viewbox(svg: str) -> None:
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert re.fullmatch(r"0 0 400 [\d.]+", root.get("viewBox") or "")
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    named = {el.get("id"): el for el in root.iter() if el.get("id")}
    labelled_by = (root.get("aria-labelledby") or "").split()
    assert [named[i].tag for i in labelled_by] == [f"{NS}title", f"{NS}desc"]
    assert all((named[i].text or "").strip() for i in labelled_by)


@pytest.mark.parametrize("svg", all_charts())
def test_no_style_attribute_script_or_handler(svg: str) -> None:
    for el in parse(svg).iter():
        assert "style" not in el.attrib
        assert not any(name.startswith("on") for name in el.attrib)
        assert el.tag not in (f"{NS}style", f"{NS}script")


def test_no_data_says_so() -> None:
    for svg in all_charts()[1:3] + all_charts()[4:]:
        root = parse(svg)
        assert by_class(root, "chart-empty")[0].text == "Chưa có dữ liệu"
        assert root.findtext(f"{NS}desc") == "Chưa có dữ liệu"
        assert not by_class(root, "chart-point")
        assert not by_class(root, "chart-bar")


def test_two_charts_on_a_page_have_distinct_ids() -> None:
    one = [Series("A", [1, 2, 3])]
    page = f"<div>{line(chart_id='a', series=one)}{line(chart_id='b', series=one)}</div>"
    ids = [el.get("id") for el in ElementTree.fromstring(page).iter() if el.get("id")]
    assert ids == ["a", "a-title", "a-desc", "b", "b-title", "b-desc"]


@pytest.mark.parametrize("bad", ["", "1st", "a b", 'x"y', "a" * 65])
def test_a_chart_id_that_cannot_prefix_ids_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="chart_id"):
        line(chart_id=bad, series=[Series("A", [1, 2, 3])])


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="one value per x label"):
        line(series=[Series("A", [1, 2])])
    with pytest.raises(ValueError, match="one value per label"):
        bar_chart(chart_id="b", title="B", labels=["x"], values=[1, 2])


def test_every_text_is_escaped() -> None:
    evil = "<script>alert(1)</script>"
    svgs = [
        line(title=evil, x_labels=[evil, "b", "c"], series=[Series(evil, [1, 2, 3])], y_unit=evil),
        bar_chart(chart_id="b", title=evil, labels=[evil], values=[1], y_unit=evil),
        line(title=evil, series=[]),  # the empty chart too
    ]
    for svg in svgs:
        assert "<script" not in svg
        root = parse(svg)
        assert root.findtext(f"{NS}title") == evil
        assert not list(root.iter(f"{NS}script"))
    texts = [t.text for t in parse(svgs[0]).iter(f"{NS}text")]
    assert any(evil[:16] in (t or "") for t in texts)  # the x label, cut, shown as text


def test_translated_words_and_plural_forms_come_from_chart_texts() -> None:
    english = ChartTexts(
        span=lambda n: "%(count)s point from %(first)s" if n == 1 else "%(count)s points",
        missing=lambda n: "1 gap" if n == 1 else "%(count)s gaps",
        extremes="max %(max)s (%(max_at)s), min %(min)s (%(min_at)s)",
        empty="No data",
    )
    one_gap = line(series=[Series("A", [1, None, 3])], texts=english)
    two_gaps = line(series=[Series("A", [1, None, None])], texts=english)
    assert (
        parse(one_gap).findtext(f"{NS}desc")
        == "3 points; A: max 3 (T3/2026), min 1 (T1/2026), 1 gap."
    )
    assert (
        parse(two_gaps).findtext(f"{NS}desc")
        == "3 points; A: max 1 (T1/2026), min 1 (T1/2026), 2 gaps."
    )
    assert by_class(parse(line(series=[], texts=english)), "chart-empty")[0].text == "No data"


def test_the_chart_modules_import_no_django() -> None:
    code = (
        "import sys, motcua.analytics.charts; "
        "sys.exit(sorted(m for m in sys.modules if m.split('.')[0] == 'django') or 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
