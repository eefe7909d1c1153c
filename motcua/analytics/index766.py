"""The Decision 766/QĐ-TTg service index as the national portal computes it (pure: no Django).

The decision sets five groups worth 100 points; the national portal (DVCQG) splits group 4 into
online services and online payment, so six groups: 18 / 20 / 12 / 22 / 10 / 18. Indicator ids
are the portal's (3.5 and 3.6 count in the payment group, 5.2–5.4 in the satisfaction group).
The formulas restate how the portal behaves (docs/rules.md §30), not the decision's appendix,
which was not available: the portal changes them, so each set is a version, and every result
carries the version it was computed with. A ratio whose denominator is 0 is "N/A" (None) and
scores 0, except where the portal's special rules say otherwise (items 5.2 and 5.3: full points
when there is no feedback; item 5.4: 0 when there is no dossier).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

CURRENT_VERSION = "dvcqg-2026.1"

GROUPS: dict[str, tuple[str, int]] = {
    "1": ("Công khai, minh bạch", 18),
    "2": ("Tiến độ, kết quả giải quyết", 20),
    "3": ("Cung cấp dịch vụ trực tuyến", 12),
    "4": ("Số hoá hồ sơ", 22),
    "5": ("Thanh toán trực tuyến", 10),
    "6": ("Mức độ hài lòng", 18),
}


@dataclass(frozen=True)
class Result:
    id: str
    group: str
    name: str
    max_points: int
    numerator: Fraction | None
    denominator: Fraction | None
    ratio: Fraction | None  # None: N/A
    score: Fraction | None  # None: display only
    rule: str  # the score rule in words (shown beside the number)
    drill: str = ""  # the drill-down key of the dossiers behind the number, if any

    @property
    def percent(self) -> Decimal | None:
        return None if self.ratio is None else rounded(100 * self.ratio)

    @property
    def points(self) -> Decimal | None:
        return None if self.score is None else rounded(self.score)


def rounded(x: Fraction) -> Decimal:
    """Two decimals, half up (the portal's convention)."""
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def _ratio(num: int | Fraction, den: int | Fraction) -> Fraction | None:
    return None if den == 0 else Fraction(num) / Fraction(den)


@dataclass(frozen=True)
class Linear:
    """max × ratio (a ratio above 1 scores the maximum)."""

    max_points: int

    def __call__(self, r: Fraction | None) -> Fraction:
        return Fraction(0) if r is None else self.max_points * min(r, Fraction(1))


@dataclass(frozen=True)
class Threshold:
    """Full points at `target` (e.g. 0.80) and proportionally below: min(max, max·r/target)."""

    max_points: int
    target: str

    def __call__(self, r: Fraction | None) -> Fraction:
        if r is None:
            return Fraction(0)
        return min(Fraction(self.max_points), self.max_points * r / Fraction(self.target))


@dataclass(frozen=True)
class Indicator:
    id: str
    group: str
    name: str
    max_points: int
    num: str  # the key of the numerator in the counts
    den: str
    score: Linear | Threshold | None
    rule: str
    when_empty: Fraction | None = None  # the score when the denominator is 0 (None: 0)
    drill: str = ""


def _v2026() -> tuple[Indicator, ...]:
    i = Indicator
    return (
        i("1.1", "1", "TTHC được công bố đúng hạn", 6, "published_on_time", "announced",
          Linear(6), "6 × tỷ lệ"),
        i("1.2", "1", "TTHC được cập nhật, công khai đúng hạn", 4, "updated_on_time",
          "to_update", Linear(4), "4 × tỷ lệ"),
        i("1.3", "1", "TTHC công khai đầy đủ các bộ phận", 2, "content_full", "published",
          Linear(2), "2 × tỷ lệ"),
        i("1.4", "1", "Hồ sơ đồng bộ lên Cổng DVCQG", 6, "synced", "sync_base", Linear(6),
          "6 × tỷ lệ"),
        i("2.1", "2", "Hồ sơ giải quyết trước hạn, đúng hạn", 20, "in_time", "handled",
          Linear(20), "20 × tỷ lệ", drill="late"),
        i("2.2", "2", "Thời gian giải quyết trung bình (ngày)", 0, "handling_days",
          "resolved", None, "chỉ hiển thị"),
        i("3.1", "3", "TTHC có dịch vụ công trực tuyến", 2, "online_procedures",
          "procedures", Threshold(2, "0.80"), "đủ điểm khi đạt 80%"),
        i("3.2", "3", "Dịch vụ trực tuyến có phát sinh hồ sơ trực tuyến", 4, "services_used",
          "online_procedures", Linear(4), "4 × tỷ lệ"),
        i("3.3", "3", "Hồ sơ nộp trực tuyến", 6, "online_synced", "received",
          Threshold(6, "0.50"), "đủ điểm khi đạt 50% (nhân hệ số đồng bộ)", drill="online"),
        i("4.1", "4", "Hồ sơ có kết quả điện tử", 6, "e_result", "resolved", Linear(6),
          "6 × tỷ lệ", drill="e_result"),
        i("4.2", "4", "Hồ sơ được số hoá", 4, "digitised", "resolved", Threshold(4, "0.80"),
          "đủ điểm khi đạt 80%", drill="digitised"),
        i("4.3", "4", "Hồ sơ tái sử dụng dữ liệu số hoá", 2, "reused", "received",
          Threshold(2, "0.80"), "đủ điểm khi đạt 80%", drill="reused"),
        i("4.4", "4", "Hồ sơ kết nối kho dữ liệu cá nhân", 4, "personal_store", "received",
          Linear(4), "4 × tỷ lệ", drill="personal_store"),
        i("4.5a", "4", "TTHC kết nối Cơ sở dữ liệu quốc gia về dân cư", 2,
          "vneid_procedures", "individual_procedures", Linear(2), "2 × tỷ lệ"),
        i("4.5b", "4", "Hồ sơ sử dụng dữ liệu dân cư", 2, "vneid", "received", Linear(2),
          "2 × tỷ lệ", drill="vneid"),
        i("4.6", "4", "Bản sao điện tử có chứng thực", 2, "certified_copies",
          "certified_base", Linear(2), "chưa có dữ liệu (công thức chưa công bố)"),
        i("3.5", "5", "TTHC có phí được tích hợp thanh toán trực tuyến", 4,
          "fees_integrated", "fee_procedures", Threshold(4, "0.80"), "đủ điểm khi đạt 80%"),
        i("3.6", "5", "Hồ sơ thanh toán trực tuyến", 6, "paid_online", "fee_bearing",
          Linear(6), "6 × tỷ lệ", drill="paid_online"),
        i("5.2", "6", "Phản ánh, kiến nghị xử lý đúng hạn", 6, "feedback_on_time",
          "feedback", Linear(6), "6 × tỷ lệ; 6 điểm khi không có phản ánh",
          when_empty=Fraction(6)),
        i("5.3", "6", "Hài lòng về xử lý phản ánh, kiến nghị", 6, "feedback_satisfied",
          "feedback", Linear(6), "6 × tỷ lệ; 6 điểm khi không có phản ánh",
          when_empty=Fraction(6)),
        i("5.4", "6", "Hài lòng trong tiếp nhận, giải quyết hồ sơ", 6, "satisfaction",
          "satisfaction_base", Threshold(6, "0.90"),
          "100% − (% trễ hạn + % không hài lòng); đủ điểm khi đạt 90%; 0 khi không có hồ sơ",
          when_empty=Fraction(0)),
    )  # fmt: skip


FORMULAS: dict[str, tuple[Indicator, ...]] = {CURRENT_VERSION: _v2026()}


def compute(counts: Mapping[str, int | Fraction], version: str = CURRENT_VERSION) -> list[Result]:
    """Every indicator of `version` from the counts (keys named by the indicators)."""
    out = []
    for ind in FORMULAS[version]:
        num, den = Fraction(counts.get(ind.num, 0)), Fraction(counts.get(ind.den, 0))
        ratio = _ratio(num, den)
        if ind.score is None:
            score = None
        elif ratio is None and ind.when_empty is not None:
            score = ind.when_empty
        else:
            score = ind.score(ratio)
        out.append(
            Result(ind.id, ind.group, ind.name, ind.max_points, num, den, ratio, score, ind.rule,
                   ind.drill)
        )  # fmt: skip
    return out


@dataclass(frozen=True)
class GroupScore:
    id: str
    name: str
    max_points: int
    score: Fraction


def groups(results: list[Result]) -> list[GroupScore]:
    out = []
    for gid, (name, max_points) in GROUPS.items():
        score = sum((r.score or Fraction(0) for r in results if r.group == gid), Fraction(0))
        out.append(GroupScore(gid, name, max_points, min(score, Fraction(max_points))))
    return out


def total(results: list[Result]) -> Fraction:
    return sum((g.score for g in groups(results)), Fraction(0))
