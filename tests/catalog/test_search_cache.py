"""The per-process search index, exercised outside a test transaction: it must follow what the
database says is in force (publication, deletion), keep nothing read inside a transaction, and
be read again every TTL seconds."""

from __future__ import annotations

import pytest
from django.db import transaction

from motcua.catalog import selectors
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.selectors import _index_cache, procedure_search
from motcua.catalog.services import procedure_draft_save, procedure_publish
from tests.catalog.conftest import make_data, publish
from tests.catalog.test_selectors import MARRIAGE_RANKED

IN_FORCE = 11  # versions in force in the `catalogue` fixture


@pytest.fixture
def empty_cache():
    _index_cache.clear()
    yield _index_cache
    _index_cache.clear()


def names(q: str, **filters) -> list[str]:
    return [v.name for v in procedure_search(q=q, limit=100, **filters).items]


@pytest.mark.django_db(transaction=True)
def test_index_fills_outside_transactions_and_ranks_like_the_database(
    catalogue, empty_cache, django_assert_max_num_queries
):
    # given a cold cache: every version in force is read once
    assert names("dang ky ket hon") == MARRIAGE_RANKED
    assert len(empty_cache.index) == IN_FORCE
    # when warm, a search is the query for the ids in force and the page (versions, agencies)
    with django_assert_max_num_queries(3):
        assert names("dang ky ket hon") == MARRIAGE_RANKED
    index = empty_cache.index
    assert names("xay dung", field="XD") == ["Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"]
    assert empty_cache.index is index  # nothing new: not rebuilt
    # a new version (new id, new name) is ranked by its own name
    publish(make_data("1.000894", "Đăng ký kết hôn trực tuyến", online_type="end_to_end"))
    assert names("dang ky ket hon")[:3] == [
        "Đăng ký kết hôn có yếu tố nước ngoài",
        "Đăng ký kết hôn trực tuyến",
        "Cấp bản sao giấy chứng nhận đăng ký kết hôn",
    ]
    assert "Đăng ký kết hôn" not in names("dang ky ket hon")  # superseded
    # the empty query ranks everything from the cache
    assert names("")[0] == "Cấp bản sao giấy chứng nhận đăng ký kết hôn"


@pytest.mark.django_db(transaction=True)
def test_a_procedure_published_after_a_search_is_found_by_the_next_search(catalogue, empty_cache):
    # given a warm index, and a draft saved after it was built
    assert names("can cuoc") == []
    assert procedure_search(q="").count == IN_FORCE
    version = procedure_draft_save(data=make_data("3.000001", "Cấp thẻ căn cước", "HT"))
    assert names("can cuoc") == []  # a draft is never found
    # when it is published
    procedure_publish(version=version)
    # then the next searches find it, by its words, its code prefix, the broad queries and filters
    assert names("can cuoc") == ["Cấp thẻ căn cước"]
    assert names("the can cu") == ["Cấp thẻ căn cước"]
    assert "Cấp thẻ căn cước" in names("c")
    assert names("3.000") == ["Cấp thẻ căn cước"]
    assert "Cấp thẻ căn cước" in names("", field="HT")
    assert procedure_search(q="").count == IN_FORCE + 1
    # and a deleted procedure is gone at once, without waiting for the cache to expire
    Procedure.objects.filter(code="3.000001").delete()
    assert names("can cuoc") == []
    assert procedure_search(q="").count == IN_FORCE


@pytest.mark.django_db(transaction=True)
def test_entries_read_inside_a_transaction_are_not_kept(catalogue, empty_cache):
    with transaction.atomic():
        assert names("xay dung") == ["Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"]
    assert len(empty_cache.index) == 0
    # a version published inside a transaction that rolls back is found there, then never
    names("xay dung")
    assert len(empty_cache.index) == IN_FORCE

    with transaction.atomic():
        publish(make_data("3.000002", "Cấp phép khai thác cát"))
        assert names("khai thac cat") == ["Cấp phép khai thác cát"]
        transaction.set_rollback(True)
    assert names("khai thac cat") == []
    assert len(empty_cache.index) == IN_FORCE


@pytest.mark.django_db(transaction=True)
def test_index_is_read_again_after_its_ttl(catalogue, empty_cache, monkeypatch):
    names("dang ky")
    before = empty_cache.index
    assert len(before) == IN_FORCE
    # nothing changed: the index is kept
    monkeypatch.setattr(selectors._IndexCache, "TTL", -1.0)
    assert names("xay dung") == ["Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"]
    assert empty_cache.index is before
    # a manual edit of a frozen version is seen at the next expiry at the latest
    monkeypatch.setattr(selectors._IndexCache, "TTL", 600.0)
    ProcedureVersion.objects.filter(procedure__code="1.009994").update(
        name="Cấp phép xây dựng", name_folded="cap phep xay dung", search_folded="cap phep xay dung"
    )
    assert names("nha o rieng") == ["Cấp phép xây dựng"]  # its old words, until...
    monkeypatch.setattr(selectors._IndexCache, "TTL", -1.0)
    assert names("nha o rieng") == []
    assert names("cap phep xay") == ["Cấp phép xây dựng"]
    # and superseded versions are dropped then
    monkeypatch.setattr(selectors._IndexCache, "TTL", 600.0)
    publish(make_data("1.000894", "Đăng ký kết hôn trực tuyến", online_type="end_to_end"))
    names("dang ky")
    assert len(empty_cache.index) == IN_FORCE + 1
    monkeypatch.setattr(selectors._IndexCache, "TTL", -1.0)
    names("dang ky")
    assert len(empty_cache.index) == IN_FORCE


@pytest.mark.django_db(transaction=True)
def test_an_expired_index_is_not_refreshed_inside_a_transaction(
    catalogue, empty_cache, monkeypatch
):
    names("dang ky")
    before = empty_cache.index
    monkeypatch.setattr(selectors._IndexCache, "TTL", -1.0)
    with transaction.atomic():
        assert names("xay dung") == ["Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"]
    assert empty_cache.index is before


@pytest.mark.django_db(transaction=True)
def test_a_cold_cache_reads_only_what_it_needs_or_everything_in_force(
    catalogue, empty_cache, monkeypatch
):
    # a filter that selects few versions reads only those
    assert names("", field="DD") == [
        "Cấp đổi giấy chứng nhận quyền sử dụng đất",
        "Đăng ký đất đai lần đầu",
    ]
    assert len(empty_cache.index) == 2
    # many missing: every version in force at once
    monkeypatch.setattr(selectors._IndexCache, "FETCH_ALL_OVER", 2)
    empty_cache.clear()
    assert names("dang ky ket hon", field="HT") == MARRIAGE_RANKED
    assert len(empty_cache.index) == IN_FORCE


@pytest.mark.django_db(transaction=True)
def test_the_bit_sets_remembered_stay_bounded(catalogue, empty_cache, monkeypatch):
    monkeypatch.setattr(selectors._IndexCache, "MEMO", 2)
    for field in ["HT", "XD", "DD", None, "HT"]:
        names("dang ky", field=field)
        assert len(empty_cache._state[2]) <= 2
