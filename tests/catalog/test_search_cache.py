"""The per-process cache of ranking entries, exercised outside a test transaction."""

from __future__ import annotations

import pytest
from django.db import transaction

from motcua.catalog import selectors
from motcua.catalog.selectors import _entry_cache, procedure_search
from tests.catalog.conftest import make_data, publish
from tests.catalog.test_selectors import MARRIAGE_RANKED


@pytest.fixture
def empty_cache():
    _entry_cache.clear()
    yield _entry_cache
    _entry_cache.clear()


def names(q: str) -> list[str]:
    return [v.name for v in procedure_search(q=q, limit=100).items]


@pytest.mark.django_db(transaction=True)
def test_cache_fills_outside_transactions_and_ranks_like_the_database(
    catalogue, empty_cache, django_assert_max_num_queries
):
    # given a cold cache: the entries are read once
    assert names("dang ky ket hon") == MARRIAGE_RANKED
    assert len(empty_cache._index.entries) == 6
    # when warm, a search is the candidate query and the page (versions, agencies)
    with django_assert_max_num_queries(3):
        assert names("dang ky ket hon") == MARRIAGE_RANKED
    # a new version (new id, new name) is ranked by its own name
    publish(make_data("1.000894", "Đăng ký kết hôn trực tuyến", online_type="end_to_end"))
    assert names("dang ky ket hon")[:3] == [
        "Đăng ký kết hôn có yếu tố nước ngoài",
        "Đăng ký kết hôn trực tuyến",
        "Cấp bản sao giấy chứng nhận đăng ký kết hôn",
    ]
    # the empty query ranks everything from the cache
    assert names("")[0] == "Cấp bản sao giấy chứng nhận đăng ký kết hôn"


@pytest.mark.django_db(transaction=True)
def test_entries_read_inside_a_transaction_are_not_kept(catalogue, empty_cache):
    with transaction.atomic():
        assert names("xay dung") == ["Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"]
    assert empty_cache._index.entries == {}


@pytest.mark.django_db(transaction=True)
def test_cache_is_dropped_after_its_ttl(catalogue, empty_cache, monkeypatch):
    names("dang ky")
    before = empty_cache._index
    assert before.entries
    monkeypatch.setattr(selectors._EntryCache, "TTL", -1.0)
    names("xay dung")
    assert empty_cache._index is not before
    assert len(empty_cache._index.entries) == 1


@pytest.mark.django_db(transaction=True)
def test_a_cold_cache_missing_many_entries_loads_everything_in_force(
    catalogue, empty_cache, monkeypatch
):
    monkeypatch.setattr(selectors._EntryCache, "FETCH_ALL_OVER", 2)
    assert names("dang ky ket hon") == MARRIAGE_RANKED
    assert len(empty_cache._index.entries) == 11  # every version in force
