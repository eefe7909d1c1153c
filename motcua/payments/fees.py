"""Fee computation: a dossier's fee lines from the procedure's fee rules, the channel and the
applicant's declared categories. Pure: no Django import, integers in đồng only.

Rules (docs/rules.md §Phí, lệ phí):
1. Each fee item of the procedure version gives one line, in the catalogue's order.
2. Online submission pays the item's online amount when the item has one (the lower rate the
   Ministry of Finance sets to encourage online filing, e.g. Circular 106/2021/TT-BTC: 20,000 đ
   at the counter, 10,000 đ online); otherwise, and at the counter or by post, the amount.
3. An applicant in one of the item's exempt categories pays 0 for that item; the line keeps
   the category that exempted it (the first one listed on the item) so the receipt and the
   reconciliation can say why.
4. The total is the sum of the lines; a dossier whose total is 0 owes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

ONLINE = "online"

# Structured exemption categories (Fee.exempt_categories): code → Vietnamese label. The codes
# are the groups the fee circulars exempt most often (e.g. Circular 85/2019/TT-BTC Art. 5,
# Circular 106/2021/TT-BTC Art. 4).
EXEMPTION_LABELS: dict[str, str] = {
    "poor_household": "Hộ nghèo, hộ cận nghèo",
    "meritorious": "Người có công với cách mạng",
    "disabled": "Người khuyết tật",
    "ethnic_minority": (
        "Người dân tộc thiểu số ở xã có điều kiện kinh tế - xã hội đặc biệt khó khăn"
    ),
    "child_under_6": "Trẻ em dưới 6 tuổi",
    "elderly_alone": "Người cao tuổi cô đơn không nơi nương tựa",
}


@dataclass(frozen=True)
class FeeRule:
    """One fee item of a procedure version (catalog.Fee)."""

    fee_id: int | None
    kind: str
    description: str
    amount: int
    online_amount: int | None = None
    exempt_categories: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class FeeLine:
    """What the applicant owes for one fee item: `amount` after the channel and exemptions,
    `base_amount` the catalogue amount for the channel before any exemption."""

    fee_id: int | None
    kind: str
    description: str
    base_amount: int
    amount: int
    exempt_category: str = ""


def _check(value: int | None, what: str) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValueError(f"{what} must be a non-negative integer number of đồng, got {value!r}")


def line_for(rule: FeeRule, *, channel: str, categories: Iterable[str]) -> FeeLine:
    """Rules 2 and 3 for one item."""
    _check(rule.amount, "amount")
    _check(rule.online_amount, "online_amount")
    base = rule.amount
    if channel == ONLINE and rule.online_amount is not None:
        base = rule.online_amount
    held = set(categories)
    exempt = next((c for c in rule.exempt_categories if c in held), "")
    return FeeLine(
        fee_id=rule.fee_id,
        kind=rule.kind,
        description=rule.description,
        base_amount=base,
        amount=0 if exempt else base,
        exempt_category=exempt,
    )


def compute_fee_lines(
    rules: Iterable[FeeRule], *, channel: str, categories: Iterable[str] = ()
) -> list[FeeLine]:
    """Rule 1: one line per item, in order."""
    held = tuple(categories)
    return [line_for(rule, channel=channel, categories=held) for rule in rules]


def total(lines: Iterable[FeeLine]) -> int:
    """Rule 4."""
    return sum(line.amount for line in lines)
