"""Fee computation (motcua.payments.fees): channel, online discount, exemptions, totals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.payments.fees import EXEMPTION_LABELS, FeeRule, compute_fee_lines, line_for, total

CATEGORIES = sorted(EXEMPTION_LABELS)
amounts = st.integers(min_value=0, max_value=10**12)
rules = st.builds(
    FeeRule,
    fee_id=st.integers(1, 10**6),
    kind=st.sampled_from(["fee", "charge"]),
    description=st.text(max_size=20),
    amount=amounts,
    online_amount=st.none() | amounts,
    exempt_categories=st.lists(st.sampled_from(CATEGORIES), max_size=3).map(tuple),
)


def test_the_online_discount_applies_online_only() -> None:
    rule = FeeRule(1, "charge", "Lệ phí", 20000, online_amount=10000)
    assert line_for(rule, channel="online", categories=()).amount == 10000
    assert line_for(rule, channel="counter", categories=()).amount == 20000
    assert line_for(rule, channel="postal", categories=()).amount == 20000


def test_an_exempt_applicant_pays_nothing_and_the_line_says_why() -> None:
    rule = FeeRule(1, "charge", "Lệ phí", 20000, 10000, ("meritorious", "poor_household"))
    line = line_for(rule, channel="online", categories=("poor_household",))
    assert (line.amount, line.base_amount, line.exempt_category) == (0, 10000, "poor_household")
    assert line_for(rule, channel="online", categories=("disabled",)).amount == 10000


def test_money_is_integer_dong() -> None:
    with pytest.raises(ValueError, match="integer"):
        line_for(FeeRule(1, "fee", "x", 1.5), channel="online", categories=())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="integer"):
        line_for(FeeRule(1, "fee", "x", -1), channel="online", categories=())


@given(
    st.lists(rules, max_size=6),
    st.sampled_from(["online", "counter", "postal"]),
    st.lists(st.sampled_from(CATEGORIES), max_size=3),
)
def test_total_is_the_sum_of_lines_each_bounded_by_its_rate(
    items: list[FeeRule], channel: str, held: list[str]
) -> None:
    lines = compute_fee_lines(items, channel=channel, categories=held)
    assert len(lines) == len(items)
    assert total(lines) == sum(line.amount for line in lines)
    for rule, line in zip(items, lines, strict=True):
        rate = (
            rule.online_amount
            if channel == "online" and rule.online_amount is not None
            else rule.amount
        )
        assert line.base_amount == rate
        exempt = any(c in held for c in rule.exempt_categories)
        assert line.amount == (0 if exempt else rate)
        assert isinstance(line.amount, int)


@given(st.lists(rules, max_size=6))
def test_online_never_costs_more_when_every_online_rate_is_lower(items: list[FeeRule]) -> None:
    cheaper = [
        FeeRule(
            r.fee_id,
            r.kind,
            r.description,
            r.amount,
            None if r.online_amount is None else min(r.online_amount, r.amount),
            r.exempt_categories,
        )
        for r in items
    ]
    online = total(compute_fee_lines(cheaper, channel="online"))
    assert online <= total(compute_fee_lines(cheaper, channel="counter"))
