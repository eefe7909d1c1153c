"""Reads of the public catalogue: search, one procedure, the list of fields.

Only the version in force (`Procedure.current`) is ever visible here; drafts and superseded
versions are not public."""

from __future__ import annotations

import math
import operator
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce

from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from motcua.accounts.models import Agency
from motcua.catalog import search
from motcua.catalog.models import Fee, Field, Procedure, ProcedureVersion
from motcua.core.errors import NotFound
from motcua.core.text import fold

# search_words: the generated, GIN-indexed column of migration 0002 (PostgreSQL only).
_PG_MATCH = "SELECT id FROM catalog_procedureversion WHERE search_words @@ %s::tsquery"
_SQLITE_MATCH = (
    "SELECT rowid FROM catalog_procedureversion_fts WHERE catalog_procedureversion_fts MATCH %s"
)
_ENTRY_FIELDS = ("id", "procedure__code", "name", "name_folded")


@dataclass(frozen=True)
class SearchPage:
    """One page of results; `count` is the number of matches on all pages. `items` are versions in
    force with procedure, field and agencies loaded but only the list fields (`_LIST_FIELDS`)
    read: any other field costs a query per item, so use `procedure_get` for a whole version."""

    count: int
    items: list[ProcedureVersion]
    limit: int
    offset: int

    @property
    def number(self) -> int:
        return self.offset // self.limit + 1

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.limit))

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.count


class _EntryCache:
    """Ranking entries (code, name, folded name) of versions in a `search.NameIndex`, kept per
    process.

    Why: a broad query ("cấp") matches thousands of procedures, and reading that many names from
    the wide version rows costs more than the whole 10 ms budget. Why it is safe: only versions in
    force are ever ranked, and a published version is frozen (catalog.models); version ids are
    never reused once committed (AUTOINCREMENT on SQLite, sequences on PostgreSQL). Entries read
    inside a transaction are not kept, since that transaction may still roll back. The cache is
    dropped every TTL seconds anyway, which bounds any staleness after a manual database edit."""

    TTL = 600.0
    MAX_ENTRIES = 200_000
    FETCH_ALL_OVER = 1000  # missing more than this: load every version in force at once

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        self._index = search.NameIndex(())
        self._born = time.monotonic()

    def index_for(self, ids: list[int]) -> search.NameIndex:
        """A name index that holds (at least) every version of `ids`."""
        if time.monotonic() - self._born > self.TTL or len(self._index.entries) > self.MAX_ENTRIES:
            with self._lock:
                self.clear()
        index = self._index
        entries = index.entries
        missing = [i for i in ids if i not in entries]
        if not missing:
            return index
        fetched = _fetch_entries(missing, everything=len(missing) > self.FETCH_ALL_OVER)
        if connection.in_atomic_block:  # use, do not keep
            return search.NameIndex([*(entries[i] for i in ids if i in entries), *fetched.values()])
        with self._lock:
            known = self._index.entries.values()
            index = self._index = search.NameIndex([*known, *fetched.values()])
        return index


def _fetch_entries(ids: list[int], *, everything: bool) -> dict[int, search.Entry]:
    versions = ProcedureVersion.objects.order_by()
    rows: Iterable[tuple[int, str, str, str]]
    if everything:
        rows = list(versions.filter(procedure__current=F("pk")).values_list(*_ENTRY_FIELDS))
        found = {r[0] for r in rows}
        rest = [i for i in ids if i not in found]  # published in the meantime
        if rest:
            rows += list(versions.filter(pk__in=rest).values_list(*_ENTRY_FIELDS))
    else:
        rows = versions.filter(pk__in=ids).values_list(*_ENTRY_FIELDS)
    return {r[0]: search.Entry.make(*r) for r in rows}


_entry_cache = _EntryCache()


def _current(
    *, field: str | None, agency: str | None, online_type: str | None
) -> QuerySet[Procedure]:
    qs = Procedure.objects.filter(current__isnull=False).order_by()
    if field:
        qs = qs.filter(current__field__code=field)
    if agency:
        qs = qs.filter(current__agencies__code=agency)
    if online_type:
        qs = qs.filter(current__online_type=online_type)
    return qs


def _text_match(words: list[str]) -> Q | None:
    """The full-text index condition for `words`, or None on a database without our index."""
    # Constant SQL; the user's words travel as a bound parameter, quoted for the index's syntax.
    if connection.vendor == "sqlite":
        return Q(current_id__in=RawSQL(_SQLITE_MATCH, [search.fts5_match(words)]))  # noqa: S611
    if connection.vendor == "postgresql":
        return Q(current_id__in=RawSQL(_PG_MATCH, [search.tsquery(words)]))  # noqa: S611
    return None


def _ranked(qs: QuerySet[Procedure], q: str) -> list[int]:
    """The matching versions in force, in result order. The database's full-text index picks
    them (plus, for a code-like query, the procedures whose code starts with it);
    `search.rank` orders them, the same way on every database."""
    words, code = search.query_words(q), search.code_prefix(q)
    conditions = [Q(code__istartswith=code)] if code else []
    if words:
        text = _text_match(words)
        if text is None:
            return _ranked_without_index(qs, words, code)
        conditions.append(text)
    if conditions:
        qs = qs.filter(reduce(operator.or_, conditions))
    # Thousands of ids for a broad query: read them with a plain cursor, not model machinery.
    sql, params = qs.values_list("current_id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    return _entry_cache.index_for(ids).rank(ids, words, code)


def _ranked_without_index(qs: QuerySet[Procedure], words: list[str], code: str | None) -> list[int]:
    """Other databases: narrow with LIKE, then apply the match rule in Python."""
    narrowed = qs
    for w in dict.fromkeys(words):
        narrowed = narrowed.filter(current__search_folded__contains=w)
    rows = narrowed.values_list("current_id", "current__search_folded")
    ids = [i for i, text in rows if search.matches(text, words)]
    if code:
        ids = list(dict.fromkeys(
            [*ids, *qs.filter(code__istartswith=code).values_list("current_id", flat=True)]
        ))
    return _entry_cache.index_for(ids).rank(ids, words, code)


# What a result list shows (the API's ProcedureOut, the portal's result card).
_LIST_FIELDS = (
    "procedure__code", "field__code", "field__name", "name", "level", "online_type",
    "time_limit_value", "time_limit_unit", "time_limit_text", "agency_text",
)


def _load(ids: list[int]) -> list[ProcedureVersion]:
    versions = (
        ProcedureVersion.objects.select_related("procedure", "field")
        .only(*_LIST_FIELDS)
        .prefetch_related(Prefetch("agencies", Agency.objects.only("code", "name", "path")))
        .in_bulk(ids)
    )
    return [versions[i] for i in ids]


def procedure_search(
    *,
    q: str = "",
    field: str | None = None,
    agency: str | None = None,
    online_type: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """Search the procedures in force, with or without diacritics (rules in catalog/search.py).

    Filters are codes: `field` a Field code, `agency` an Agency code listed on the version,
    `online_type` an OnlineType value. An empty query lists everything, by name. At most four
    queries whatever the page size."""
    limit, offset = max(1, limit), max(0, offset)
    if any("\x00" in (v or "") for v in (field, agency, online_type)):
        return SearchPage(count=0, items=[], limit=limit, offset=offset)  # no code holds a NUL
    qs = _current(field=field, agency=agency, online_type=online_type)
    ranked = _ranked(qs, q)
    items = _load(ranked[offset : offset + limit])
    return SearchPage(count=len(ranked), items=items, limit=limit, offset=offset)


def procedure_get(*, code: str) -> ProcedureVersion:
    """The version in force of procedure `code`, with everything a detail page shows loaded.
    Raises NotFound when there is no such procedure or none of its versions is published."""
    if "\x00" in code:  # PostgreSQL refuses the character outright; no code holds it
        raise NotFound(f"Không tìm thấy thủ tục có mã {code!r}.", code="procedure_not_found")
    version = (
        ProcedureVersion.objects.select_related("procedure", "field")
        .prefetch_related("agencies", "documents", Prefetch("fees", Fee.objects.order_by("id")))
        .filter(procedure__code=code, procedure__current=F("pk"))
        .first()
    )
    if version is None:
        raise NotFound(f"Không tìm thấy thủ tục có mã {code}.", code="procedure_not_found")
    return version


def field_list() -> list[Field]:
    """Every field, by folded name (the same order on every database)."""
    return sorted(Field.objects.all(), key=lambda f: (fold(f.name), f.name, f.code))
