"""Rating rules on crafted dossiers: indicators 1–4 from the dossier's record, once per
dossier, never by an official who served it, corrections as new linked records, kiosk codes
used once (docs/rules.md §22)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from motcua.core.errors import Conflict, DomainError, PermissionDenied, RateLimited
from motcua.core.models import AuditEvent
from motcua.ratings.models import (
    KioskCode,
    OfficialRating,
    Rating,
    RatingChannel,
    RatingSource,
)
from motcua.ratings.selectors import (
    kiosk_code_find,
    officials_of,
    rating_chain,
    rating_effective,
)
from motcua.ratings.services import (
    OfficialScore,
    RatingData,
    kiosk_code_issue,
    kiosk_rating_submit,
    rating_correct,
    rating_submit,
)
from tests.dossiers.conftest import World
from tests.ratings.conftest import at, city_inspector, data, returned, second_desk


def test_a_quick_dossier_scores_2_on_indicators_1_to_4(world: World) -> None:
    dossier = returned(world)
    with at(2026, 12, 2, 11, 0):
        rating = rating_submit(actor=world.u("citizen"), code=dossier.code, data=data())
    assert rating.points[:4] == [2, 2, 2, 2]
    assert rating.total == 18
    assert rating.rules_version == "ND61_2018.v1"
    assert rating.source == RatingSource.APPLICANT
    assert rating.channel == RatingChannel.ONLINE
    assert rating.computed["supplement_requests"] == 0
    assert AuditEvent.objects.filter(stream_type="rating", kind="rating.submitted").count() == 1


def test_a_late_step_scores_0_on_indicator_2_only(world: World) -> None:
    # given: sign (8 working hours from 09:30 Wednesday) completed on Friday afternoon,
    # the dossier itself still before its appointment
    dossier = returned(world, sign_at=(2026, 12, 4, 15, 0), result_at=(2026, 12, 4, 15, 30))
    assert dossier.finished_at < dossier.due_at
    with at(2026, 12, 4, 16, 0):
        rating = rating_submit(actor=world.u("citizen"), code=dossier.code, data=data())
    assert rating.points[:4] == [2, 0, 2, 2]


def test_a_late_dossier_scores_0_on_indicators_1_and_2(world: World) -> None:
    dossier = returned(world, sign_at=(2026, 12, 14, 9, 0), result_at=(2026, 12, 14, 9, 30))
    assert dossier.finished_at > dossier.due_at
    with at(2026, 12, 14, 10, 0):
        rating = rating_submit(actor=world.u("citizen"), code=dossier.code, data=data(points=1))
    assert rating.points == [0, 0, 2, 2, 1, 1, 1, 1, 1]
    assert rating.total == 9


def test_one_supplement_request_scores_1_on_indicator_3(world: World) -> None:
    dossier = returned(world, supplement=True)
    with at(2026, 12, 2, 11, 0):
        rating = rating_submit(actor=world.u("citizen"), code=dossier.code, data=data())
    assert rating.i3 == 1
    assert rating.i4 == 2  # the ward asked: the desk where the citizen filed


def test_a_second_rating_is_refused(world: World) -> None:
    dossier = returned(world)
    with at(2026, 12, 2, 11, 0):
        rating_submit(actor=world.u("citizen"), code=dossier.code, data=data())
        with pytest.raises(Conflict) as exc:
            rating_submit(actor=world.u("citizen"), code=dossier.code, data=data())
    assert exc.value.code == "already_rated"
    assert "một lần" in exc.value.message
    assert Rating.objects.count() == 1


def test_only_the_applicant_rates_and_only_a_finished_dossier(world: World) -> None:
    dossier = returned(world, return_it=False)  # result ready: may be rated
    with at(2026, 12, 2, 11, 0), pytest.raises(PermissionDenied) as exc:
        rating_submit(actor=world.u("stranger"), code=dossier.code, data=data())
    assert exc.value.code == "forbidden"
    with at(2026, 12, 2, 9, 0):
        from tests.dossiers.test_lifecycle_edges import counter

        open_code = counter(world)
    with at(2026, 12, 2, 11, 0), pytest.raises(Conflict) as exc2:
        rating_submit(actor=world.u("citizen"), code=open_code, data=data())
    assert exc2.value.code == "invalid_state"


def test_an_official_cannot_rate_their_own_work(world: World) -> None:
    # given: the specialist who reviewed the dossier filed it online for themselves
    dossier = returned(world)
    dossier.applicant_user = world.u("specialist")
    dossier.save(update_fields=["applicant_user"])
    with at(2026, 12, 2, 11, 0), pytest.raises(PermissionDenied) as exc:
        rating_submit(actor=world.u("specialist"), code=dossier.code, data=data())
    assert exc.value.code == "own_work"


def test_the_officials_offered_are_those_who_received_or_handled(world: World) -> None:
    dossier = returned(world)
    served = [(s.user.username, s.role) for s in officials_of(dossier)]
    assert served == [("reception", "received"), ("specialist", "handled"), ("signer", "handled")]
    scores = [OfficialScore(world.u("specialist").pk, 2, 1, 2, "Nhiệt tình")]
    with at(2026, 12, 2, 11, 0):
        rating = rating_submit(
            actor=world.u("citizen"), code=dossier.code, data=data(officials=scores)
        )
    row = OfficialRating.objects.get(rating=rating)
    assert (row.official.username, row.role, row.guidance) == ("specialist", "handled", 1)


def test_an_official_who_did_not_serve_cannot_be_rated(world: World) -> None:
    dossier = returned(world)
    scores = [OfficialScore(world.u("head").pk, 2, 2, 2)]
    with at(2026, 12, 2, 11, 0), pytest.raises(DomainError) as exc:
        rating_submit(actor=world.u("citizen"), code=dossier.code, data=data(officials=scores))
    assert exc.value.code == "official_not_serving"
    assert Rating.objects.count() == 0  # all or nothing


def test_points_out_of_range_are_refused(world: World) -> None:
    dossier = returned(world)
    bad = data()
    bad.points[7] = 3
    with at(2026, 12, 2, 11, 0), pytest.raises(DomainError) as exc:
        rating_submit(actor=world.u("citizen"), code=dossier.code, data=bad)
    assert exc.value.code == "points_invalid"


def test_a_correction_is_a_new_linked_record(world: World) -> None:
    dossier = returned(world)
    with at(2026, 12, 2, 11, 0):
        first = rating_submit(actor=world.u("citizen"), code=dossier.code, data=data())
        fixed = rating_correct(
            actor=world.u("head"),
            code=dossier.code,
            data=data(satisfied=False, points=1),
            reason="Phiếu khảo sát giấy của người dân ghi chưa hài lòng",
        )
    first.refresh_from_db()
    assert first.satisfied is True
    assert first.total == 18
    assert fixed.corrects_id == first.pk
    assert fixed.source == RatingSource.SELF
    assert rating_effective(dossier) == fixed
    assert rating_chain(dossier) == [first, fixed]


def test_a_correction_needs_a_reason_and_a_head_who_did_not_serve(world: World) -> None:
    dossier = returned(world)
    with at(2026, 12, 2, 11, 0):
        rating_submit(actor=world.u("citizen"), code=dossier.code, data=data())
        with pytest.raises(DomainError) as exc:
            rating_correct(actor=world.u("head"), code=dossier.code, data=data(), reason=" ")
        assert exc.value.code == "reason_required"
        with pytest.raises(PermissionDenied):
            rating_correct(actor=world.u("citizen"), code=dossier.code, data=data(), reason="x")


def test_a_kiosk_code_works_once(world: World) -> None:
    dossier = returned(world)
    with at(2026, 12, 2, 11, 0):
        row, plain = kiosk_code_issue(actor=second_desk(world), code=dossier.code)
        assert len(plain) == 8
        assert row.code_hash != plain
        found = kiosk_code_find(code=plain, client="10.0.0.1")
        rating = kiosk_rating_submit(kiosk_code=found, data=data())
        assert rating.channel == RatingChannel.KIOSK
        assert rating.rater is None
        with pytest.raises(PermissionDenied) as exc:
            kiosk_code_find(code=plain, client="10.0.0.1")
        assert exc.value.code == "kiosk_code_invalid"
        with pytest.raises(DomainError):  # the row found earlier is used up too
            kiosk_rating_submit(kiosk_code=found, data=data())


def test_an_expired_or_wrong_kiosk_code_is_refused_and_guessing_is_throttled(
    world: World,
) -> None:
    dossier = returned(world)
    with at(2026, 12, 2, 11, 0):
        _row, plain = kiosk_code_issue(actor=second_desk(world), code=dossier.code)
    with time_machine.travel(dossier.returned_at + timedelta(hours=73), tick=False):
        with pytest.raises(PermissionDenied):
            kiosk_code_find(code=plain, client="10.0.0.2")
        for _ in range(4):
            with pytest.raises(PermissionDenied):
                kiosk_code_find(code="00000000", client="10.0.0.2")
        with pytest.raises(RateLimited):
            kiosk_code_find(code="00000001", client="10.0.0.2")


def test_a_dossier_gets_one_kiosk_code_ever_and_only_reception_issues_it(world: World) -> None:
    dossier = returned(world)
    with at(2026, 12, 2, 11, 0):
        with pytest.raises(PermissionDenied):
            kiosk_code_issue(actor=world.u("other_reception"), code=dossier.code)
        _row, plain = kiosk_code_issue(actor=second_desk(world), code=dossier.code)
        with pytest.raises(Conflict) as exc:
            kiosk_code_issue(actor=second_desk(world), code=dossier.code)
        assert exc.value.code == "kiosk_code_issued"
        assert kiosk_code_find(code=plain, client="10.0.0.3").dossier == dossier
    assert KioskCode.objects.filter(dossier=dossier).count() == 1


def test_the_kiosk_refuses_a_rating_while_an_official_is_signed_in(world: World) -> None:
    dossier = returned(world)
    with at(2026, 12, 2, 11, 0):
        _row, plain = kiosk_code_issue(actor=second_desk(world), code=dossier.code)
        found = kiosk_code_find(code=plain, client="10.0.0.4")
        for name, code in (
            ("reception", "own_work"),
            ("other_reception", "kiosk_official_session"),
        ):
            with pytest.raises(PermissionDenied) as exc:
                kiosk_rating_submit(kiosk_code=found, data=data(), session_user=world.u(name))
            assert exc.value.code == code
        assert not Rating.objects.filter(dossier=dossier).exists()
        rating = kiosk_rating_submit(kiosk_code=found, data=data(), session_user=world.u("citizen"))
    assert rating.channel == RatingChannel.KIOSK


def test_control_characters_and_stray_points_are_refused_cleanly(world: World) -> None:
    dossier = returned(world)
    with at(2026, 12, 2, 11, 0):
        bad_text = RatingData(satisfied=True, points=data().points, comment="Tốt\x00")
        with pytest.raises(DomainError) as exc:
            rating_submit(actor=world.u("citizen"), code=dossier.code, data=bad_text)
        assert exc.value.code == "control_character"
        stray = RatingData(satisfied=True, points={**data().points, 1: 2, 10: 2})
        with pytest.raises(DomainError) as exc:
            rating_submit(actor=world.u("citizen"), code=dossier.code, data=stray)
        assert exc.value.code == "points_invalid"
        assert not Rating.objects.filter(dossier=dossier).exists()
        rating_submit(actor=world.u("citizen"), code=dossier.code, data=data())
        with pytest.raises(DomainError) as exc:
            rating_correct(
                actor=world.u("head"), code=dossier.code, data=data(), reason="Lý do\x07"
            )
        assert exc.value.code == "control_character"


def test_a_correction_carries_no_scores_of_officials(world: World) -> None:
    dossier = returned(world)
    with at(2026, 12, 2, 11, 0):
        rating_submit(actor=world.u("citizen"), code=dossier.code, data=data())
        scores = [OfficialScore(world.u("specialist").pk, 2, 2, 2)]
        with pytest.raises(DomainError) as exc:
            rating_correct(
                actor=world.u("head"), code=dossier.code, data=data(officials=scores), reason="x"
            )
    assert exc.value.code == "officials_not_allowed"
    assert Rating.objects.filter(dossier=dossier).count() == 1


def test_the_database_refuses_a_second_first_rating(world: World) -> None:
    from django.db import IntegrityError, transaction

    dossier = returned(world)
    with at(2026, 12, 2, 11, 0):
        first = rating_submit(actor=world.u("citizen"), code=dossier.code, data=data())
    fields = {
        f.attname: getattr(first, f.attname)
        for f in Rating._meta.concrete_fields
        if f.attname not in ("id", "kiosk_code_id")
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(**fields)


def test_only_a_supervising_inspector_records_a_survey_and_never_as_the_first_rating(
    world: World,
) -> None:
    dossier = returned(world)
    inspector = city_inspector(world)
    own_inspector = city_inspector(world, at_ward=True)
    with at(2026, 12, 3, 9, 0):
        with pytest.raises(Conflict) as exc:  # the applicant has not rated: no survey yet
            rating_correct(
                actor=inspector,
                code=dossier.code,
                data=data(),
                reason="Gọi điện",
                survey_reference="KS-01",
            )
        assert exc.value.code == "not_rated"
        rating_submit(actor=world.u("citizen"), code=dossier.code, data=data())
        for official in (world.u("head"), own_inspector):
            with pytest.raises(PermissionDenied):
                rating_correct(
                    actor=official,
                    code=dossier.code,
                    data=data(),
                    reason="Gọi điện",
                    survey_reference="KS-01",
                )
        survey = rating_correct(
            actor=inspector,
            code=dossier.code,
            data=data(satisfied=False),
            reason="Gọi điện",
            survey_reference="KS-01",
        )
    assert (survey.source, survey.channel) == (RatingSource.SURVEY, RatingChannel.DESK)
    assert survey.corrects is not None
    assert survey.correction_reason.startswith("Khảo sát độc lập, phiếu số KS-01")


def test_whoever_served_the_dossier_cannot_issue_its_kiosk_code(world: World) -> None:
    dossier = returned(world, return_it=False)
    with at(2026, 12, 2, 11, 0):
        with pytest.raises(Conflict) as exc:  # before the return: no code yet
            kiosk_code_issue(actor=second_desk(world), code=dossier.code)
        assert exc.value.code == "invalid_state"
        from motcua.dossiers.services import results

        results.result_return(actor=second_desk(world), code=dossier.code, channel="counter")
        with pytest.raises(PermissionDenied) as denied:
            kiosk_code_issue(actor=world.u("reception"), code=dossier.code)
        assert denied.value.code == "own_work"
        _row, plain = kiosk_code_issue(actor=second_desk(world), code=dossier.code)
    assert len(plain) == 8
