"""Reads of the public catalogue: search, one procedure, the list of fields.

Only the version in force (`Procedure.current`) is ever visible here; drafts and superseded
versions are not public."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Prefetch, QuerySet

from motcua.accounts.models import Agency
from motcua.catalog import search, suggest
from motcua.catalog.models import Fee, Field, Procedure, ProcedureVersion
from motcua.core.errors import NotFound
from motcua.core.text import fold

_ENTRY_FIELDS = ("id", "procedure__code", "name", "name_folded", "search_folded")


@dataclass(frozen=True)
class SearchPage:
    """One page of results; `count` is the number of matches on all pages. `items` are versions in
    force with procedure, field and agencies loaded but only the list fields (`_LIST_FIELDS`)
    read: any other field costs a query per item, so use `procedure_get` for a whole version."""

    count: int
    items: list[ProcedureVersion]
    limit: int
    offset: int
    suggestions: tuple[str, ...] = ()  # when nothing matched: close queries that find something

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


class _IndexCache:
    """A `search.SearchIndex` of versions (ranking entry and folded words), kept per process.

    Why: a broad query ("cấp", "nhan") matches nearly every procedure; finding, reading and sorting
    thousands of rows costs more than the whole 10 ms budget, while the in-process index answers
    with a few big-int operations and ranks only the page. Why it is safe: the database stays the
    source of truth for what is in force. Every search asks it for the ids of the versions in force
    (with the filters), one row; the index only knows what each version says, and a published
    version is frozen (catalog.models), procedure codes never change, version ids are never reused
    once committed (AUTOINCREMENT on SQLite, sequences on PostgreSQL). A version the index does not
    know yet (just published) is read and the index rebuilt before the search goes on. Versions
    read inside a transaction are not kept, since that transaction may still roll back. Every TTL
    seconds the index is read again from the versions in force, which bounds any staleness after
    a manual database edit and drops superseded versions; what did not change is not parsed again,
    and an index that did not change at all is kept."""

    TTL = 600.0
    MAX_ENTRIES = 200_000
    FETCH_ALL_OVER = 1000  # missing more than this: load every version in force at once
    MEMO = 64  # id lists (the database's answer, not the query) whose bit set is remembered

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        # The index, the folded text each of its versions was read with, and the bit sets of id
        # lists already seen: replaced together.
        self._state: tuple[search.SearchIndex, dict[int, str], dict[str, int]] = (
            search.SearchIndex(()),
            {},
            {},
        )
        self._born = time.monotonic()

    @property
    def index(self) -> search.SearchIndex:
        return self._state[0]

    def lookup(self, id_list: str) -> tuple[search.SearchIndex, int]:
        """An index that holds every version of `id_list` (ids joined by commas, as the database
        gives them) and the bit set of those versions in it."""
        index, texts, memo = self._state
        if time.monotonic() - self._born > self.TTL or len(index) > self.MAX_ENTRIES:
            if connection.in_atomic_block:  # what is read now may roll back: start afresh
                index, texts, memo = search.SearchIndex(()), {}, {}
            else:
                index, texts, memo = self._refresh()
        bits = memo.get(id_list)
        if bits is not None:
            return index, bits
        ids = [int(i) for i in id_list.split(",")] if id_list else []
        missing = [i for i in ids if i not in index]
        if missing:
            rows = _entry_rows(missing, everything=len(missing) > self.FETCH_ALL_OVER)
            if connection.in_atomic_block:  # use, do not keep
                known = index.entries
                index = search.SearchIndex(
                    [
                        *((known[i], index.words(i)) for i in ids if i in known),
                        *_entries(rows, index, texts),
                    ]
                )
                return index, index.bits(i for i in ids if i in index)
            index = search.SearchIndex([*index.items(), *_entries(rows, index, texts)])
            texts, memo = {**texts, **{r[0]: r[-1] for r in rows}}, {}
            with self._lock:
                self._state = index, texts, memo
            ids = [i for i in ids if i in index]  # not read: deleted in the meantime
        bits = index.bits(ids)
        if len(memo) >= self.MEMO:
            memo.clear()
        memo[id_list] = bits
        return index, bits

    def _refresh(self) -> tuple[search.SearchIndex, dict[int, str], dict[str, int]]:
        """Read every version in force again; keep the index if nothing changed."""
        index, texts, memo = self._state
        rows = _entry_rows([], everything=True)
        entries = _entries(rows, index, texts)
        unchanged = len(entries) == len(index) and all(
            e is index.entries.get(e.id) for e, _ in entries
        )
        if not unchanged:
            index, texts, memo = search.SearchIndex(entries), {r[0]: r[-1] for r in rows}, {}
        with self._lock:
            self._state, self._born = (index, texts, memo), time.monotonic()
        return index, texts, memo


_Row = tuple[int, str, str, str, str]  # _ENTRY_FIELDS


def _entry_rows(ids: list[int], *, everything: bool) -> list[_Row]:
    """The rows of versions `ids`; with `everything`, of every version in force as well."""
    versions = ProcedureVersion.objects.order_by()
    if not everything:
        return list(versions.filter(pk__in=ids).values_list(*_ENTRY_FIELDS))
    rows = list(versions.filter(procedure__current=F("pk")).values_list(*_ENTRY_FIELDS))
    found = {r[0] for r in rows}
    rest = [i for i in ids if i not in found]  # published in the meantime
    if rest:
        rows += list(versions.filter(pk__in=rest).values_list(*_ENTRY_FIELDS))
    return rows


def _entries(
    rows: list[_Row], known: search.SearchIndex, texts: dict[int, str]
) -> list[tuple[search.Entry, tuple[str, ...]]]:
    """What `search.SearchIndex` takes, for `rows`; a version `known` read with the same values
    keeps its entry and words (parsing thousands of texts costs far more than comparing them)."""
    items = []
    for i, code, name, name_folded, text in rows:
        entry = known.entries.get(i)
        if (
            entry is not None
            and texts.get(i) == text
            and (entry.code, entry.name, entry.name_folded) == (code, name, name_folded)
        ):
            items.append((entry, known.words(i)))
        else:
            items.append((search.Entry.make(i, code, name, name_folded), search.text_words(text)))
    return items


_index_cache = _IndexCache()


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


def _id_list(qs: QuerySet[Procedure]) -> str:
    """The ids of the versions in force that `qs` selects, joined by commas, in one row (reading
    thousands of rows costs milliseconds; one string, well under one)."""
    sql, params = qs.values_list("current_id").query.sql_with_params()
    # `sql` is Django's compiled query; the values stay bound parameters.
    if connection.vendor == "sqlite":
        sql = "SELECT group_concat(current_id) FROM (" + sql + ")"  # noqa: S608
    elif connection.vendor == "postgresql":
        sql = "SELECT string_agg(current_id::text, ',') FROM (" + sql + ") AS c"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if connection.vendor in ("sqlite", "postgresql"):
        return rows[0][0] or ""
    return ",".join(str(r[0]) for r in rows)


# What a result list shows (the API's ProcedureOut, the portal's result card).
_LIST_FIELDS = (
    "procedure__code",
    "field__code",
    "field__name",
    "name",
    "level",
    "online_type",
    "time_limit_value",
    "time_limit_unit",
    "time_limit_text",
    "agency_text",
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
    `online_type` an OnlineType value. An empty query lists everything, by name. Three queries
    whatever the page size (the ids in force, the page's versions, their agencies), plus, when
    the per-process index lacks some versions in force (a new process, a publication), one or two
    to read them.

    The database says which versions are in force and pass the filters; `search.SearchIndex`
    matches and ranks them from its copy of their frozen text, so the full-text index of
    migration 0002 is not read here (it stays in the schema). When nothing matches, the page
    carries `suggestions` (catalog/suggest.py): no extra query."""
    limit, offset = max(1, limit), max(0, offset)
    if any("\x00" in (v or "") for v in (field, agency, online_type)):
        return SearchPage(count=0, items=[], limit=limit, offset=offset)  # no code holds a NUL
    index, allowed = _index_cache.lookup(
        _id_list(_current(field=field, agency=agency, online_type=online_type))
    )
    words = search.query_words(q)
    count, ids = index.page(allowed, words, search.code_prefix(q), offset, limit)
    close = tuple(suggest.suggest(index, allowed, words)) if not count and words else ()
    return SearchPage(count=count, items=_load(ids), limit=limit, offset=offset, suggestions=close)


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
