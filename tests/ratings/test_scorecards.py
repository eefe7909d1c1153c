"""Scorecards on a small crafted set (docs/rules.md §23): three dossiers of the ward, two
rated, one with a late signing step; an inspector's correction counts in the first rating's
period and the agency's own correction is counted apart;
every number's drill-down lists exactly the dossiers counted; another agency's head sees
nothing of the ward."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import Role, User
from motcua.accounts.services import role_grant
from motcua.core.errors import DomainError, NotFound, PermissionDenied
from motcua.ratings import drilldown, scorecards
from motcua.ratings.services import OfficialScore, rating_correct, rating_submit
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World
from tests.ratings.conftest import at, city_inspector, data, returned


@pytest.fixture
def crafted(world: World) -> dict[str, Any]:
    w = world
    a = returned(w)
    b = returned(w, sign_at=(2026, 12, 4, 15, 0), result_at=(2026, 12, 4, 15, 30))
    c = returned(
        w,
        review_at=(2026, 12, 7, 9, 30),
        sign_at=(2026, 12, 7, 10, 0),
        result_at=(2026, 12, 7, 10, 30),
    )
    with at(2026, 12, 8, 9, 0):
        scores = [OfficialScore(w.u("specialist").pk, 2, 1, 2)]
        rating_submit(actor=w.u("citizen"), code=a.code, data=data(officials=scores))
        rating_submit(actor=w.u("citizen"), code=b.code, data=data(satisfied=False))
    return {"a": a, "b": b, "c": c}


def card(cards: list[scorecards.OfficialCard], username: str) -> scorecards.OfficialCard:
    return next(c for c in cards if c.user.username == username)


def test_the_numbers_of_a_month(world: World, crafted: dict[str, Any]) -> None:
    scope = scorecards.scope_of(world.u("head"))
    period = scorecards.period_parse("2026-12")
    total = scorecards.satisfaction_total(scope, period)
    assert (total["rated"], total["satisfied"], total["rate"]) == (2, 1, Decimal("50.00"))
    (agency,) = scorecards.satisfaction_by_agency(scope, period)
    assert agency["dossier__receiving_agency_id"] == world.ward.pk
    (procedure,) = scorecards.satisfaction_by_procedure(scope, period)
    assert procedure["dossier__procedure_version__procedure__code"] == world.simple
    cards = scorecards.official_cards(scope, period)
    reception, specialist, signer = (card(cards, n) for n in ("reception", "specialist", "signer"))
    assert (reception.received, reception.handled, reception.rated) == (3, 0, 2)
    assert (specialist.handled, specialist.on_time_rate) == (3, Decimal("66.67"))  # c: late review
    assert (specialist.ratings_count, specialist.guidance) == (1, Decimal("1.00"))
    assert (signer.handled, signer.late_steps, signer.on_time_rate) == (3, 1, Decimal("66.67"))
    assert (signer.rated, signer.satisfied, signer.satisfaction_rate) == (2, 1, Decimal("50.00"))


def test_each_number_drills_down_to_its_dossiers(world: World, crafted: dict[str, Any]) -> None:
    scope = scorecards.scope_of(world.u("head"))
    period = scorecards.period_parse("2026-12")
    signer = world.u("signer").pk

    def codes(**kw: Any) -> list[str]:
        return [d.code for d in drilldown.dossiers_for(scope, period, **kw)]

    a, b, c = crafted["a"].code, crafted["b"].code, crafted["c"].code
    assert codes(metric="late_steps", official=signer) == [b]
    assert codes(metric="rated") == sorted([a, b])
    assert codes(metric="unsatisfied", official=signer) == [b]
    assert codes(metric="received", official=world.u("reception").pk) == sorted([a, b, c])
    assert codes(metric="handled", official=signer) == sorted([a, b, c])
    assert codes(metric="supplements") == []
    with pytest.raises(DomainError):
        codes(metric="nonsense")


def inspector(world: World) -> User:
    return city_inspector(world)


def test_an_inspector_of_the_agency_itself_counts_as_self_assessment(
    world: World, crafted: dict[str, Any]
) -> None:
    with at(2026, 12, 9, 9, 0):
        record = rating_correct(
            actor=city_inspector(world, at_ward=True),
            code=crafted["b"].code,
            data=data(),
            reason="Kiểm tra nội bộ",
        )
    assert record.source == "self"
    scope = scorecards.scope_of(world.u("head"))
    total = scorecards.satisfaction_total(scope, scorecards.period_parse("2026-12"))
    assert (total["rated"], total["satisfied"], total["self_assessment"]["rated"]) == (2, 1, 1)


def test_the_agencys_own_correction_never_replaces_the_applicants_word(
    world: World, crafted: dict[str, Any]
) -> None:
    # given: b was rated "not satisfied" by the applicant; the head re-scores it "satisfied"
    with at(2026, 12, 9, 9, 0):
        rating_correct(
            actor=world.u("head"), code=crafted["b"].code, data=data(), reason="Tự đánh giá"
        )
    scope = scorecards.scope_of(world.u("head"))
    total = scorecards.satisfaction_total(scope, scorecards.period_parse("2026-12"))
    assert (total["rated"], total["satisfied"], total["rate"]) == (2, 1, Decimal("50.00"))
    own = total["self_assessment"]
    assert (own["rated"], own["satisfied"]) == (1, 1)
    period = scorecards.period_parse("2026-12")
    unsatisfied = [d.code for d in drilldown.dossiers_for(scope, period, metric="unsatisfied")]
    assert unsatisfied == [crafted["b"].code]


def test_an_inspectors_correction_counts_in_the_period_of_the_first_rating(
    world: World, crafted: dict[str, Any]
) -> None:
    # given: b rated in December 2026; an inspector corrects it in January 2027
    with at(2027, 1, 5, 9, 0):
        rating_correct(
            actor=inspector(world), code=crafted["b"].code, data=data(), reason="Khảo sát"
        )
    scope = scorecards.scope_of(world.u("head"))
    december = scorecards.satisfaction_total(scope, scorecards.period_parse("2026-12"))
    assert (december["rated"], december["satisfied"]) == (2, 2)
    assert december["self_assessment"]["rated"] == 0
    assert scorecards.satisfaction_total(scope, scorecards.period_parse("2027-01"))["rated"] == 0
    assert scorecards.satisfaction_total(scope, scorecards.period_parse("2025"))["rate"] is None


def test_officials_averages_are_the_applicants_scores_only(
    world: World, crafted: dict[str, Any]
) -> None:
    with at(2026, 12, 9, 9, 0):
        rating_correct(
            actor=inspector(world), code=crafted["a"].code, data=data(), reason="Khảo sát"
        )
    scope = scorecards.scope_of(world.u("head"))
    cards = scorecards.official_cards(scope, scorecards.period_parse("2026-12"))
    specialist = card(cards, "specialist")
    assert (specialist.ratings_count, specialist.courtesy, specialist.guidance) == (
        1,
        Decimal("2.00"),
        Decimal("1.00"),
    )


def test_periods_parse_months_quarters_and_years() -> None:
    q = scorecards.period_parse("2026-Q4")
    assert (q.kind, q.start.month, q.end.year, q.end.month) == ("quarter", 10, 2027, 1)
    assert scorecards.period_parse("2026-02").end.month == 3
    assert scorecards.period_parse("2026").kind == "year"
    for bad in ("2026-13", "2026-Q5", "26", "2026-1"):
        with pytest.raises(DomainError):
            scorecards.period_parse(bad)


def other_head(world: World) -> User:
    user = User.objects.create_user(username="other_head", password="x-test-pass", kind="official")
    role_grant(user=user, agency=world.other_ward, role=Role.UNIT_HEAD)
    return user


def test_another_agencys_head_sees_nothing_of_the_ward(
    world: World, crafted: dict[str, Any]
) -> None:
    head = other_head(world)
    scope = scorecards.scope_of(head)
    period = scorecards.period_parse("2026-12")
    assert scorecards.satisfaction_total(scope, period)["rated"] == 0
    assert scorecards.official_cards(scope, period) == []
    with pytest.raises(NotFound):
        scorecards.official_in_scope(scope, world.u("specialist").pk)
    with pytest.raises(PermissionDenied):
        scorecards.scope_of(world.u("reception"))
    client = sign_in(Client(), head)
    sheet = client.get(f"/can-bo/danh-gia/can-bo/{world.u('specialist').pk}/?ky=2026")
    assert sheet.status_code == 404
    drill = client.get("/can-bo/danh-gia/ho-so/?ky=2026-12&so=rated")
    assert crafted["a"].code not in drill.content.decode()
    assert sign_in(Client(), world.u("reception")).get("/can-bo/danh-gia/").status_code == 403


def test_the_pages_show_the_numbers_and_the_yearly_sheet(
    world: World, crafted: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = sign_in(Client(), world.u("head"))
    with at(2026, 12, 10, 9, 0):
        with django_assert_max_num_queries(40):
            page = client.get("/can-bo/danh-gia/")
        html = page.content.decode()
        assert page.status_code == 200
        assert 'id="ty-le-chung">50,00%<' in html
        assert "so=late_steps&amp;can_bo=" in html
        drill = client.get(
            f"/can-bo/danh-gia/ho-so/?ky=2026-12&so=late_steps&can_bo={world.u('signer').pk}"
        )
        assert crafted["b"].code in drill.content.decode()
        assert crafted["a"].code not in drill.content.decode()
        sheet = client.get(f"/can-bo/danh-gia/can-bo/{world.u('signer').pk}/")
    assert sheet.status_code == 200
    text = sheet.content.decode()
    assert "66,67%" in text
    assert "2026" in text
    assert client.get("/can-bo/danh-gia/?ky=2026-13").status_code == 404


def test_a_survey_counts_like_the_applicants_rating(world: World, crafted: dict[str, Any]) -> None:
    with at(2026, 12, 9, 9, 0):
        rating_correct(
            actor=inspector(world),
            code=crafted["b"].code,
            data=data(),
            reason="Gọi điện",
            survey_reference="KS-07",
        )
    scope = scorecards.scope_of(world.u("head"))
    total = scorecards.satisfaction_total(scope, scorecards.period_parse("2026-12"))
    assert (total["rated"], total["satisfied"]) == (2, 2)
