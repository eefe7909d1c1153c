"""Reads of the public catalogue: search, one procedure, the list of fields.

Only the version in force (`Procedure.current`) is ever visible here; drafts and superseded
versions are not public."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate

from motcua.catalog import search
from motcua.catalog.models import Fee, Field, Procedure, ProcedureVersion
from motcua.core.errors import NotFound
from motcua.core.text import fold

# Same expression as the GIN index of migration 0002 (PostgreSQL uses the index only then).
_PG_WORDS = (
    "array_to_tsvector(string_to_array("
    "btrim(regexp_replace(search_folded, '[^0-9a-z]+', ' ', 'g')), ' '))"
)
_PG_MATCH = f"SELECT id FROM catalog_procedureversion WHERE {_PG_WORDS} @@ %s::tsquery"  # noqa: S608
_SQLITE_MATCH = (
    "SELECT rowid FROM catalog_procedureversion_fts WHERE catalog_procedureversion_fts MATCH %s"
)
# Code point order on every database, the order Python sorts strings in.
_BINARY_COLLATION = {"postgresql": "C", "sqlite": "BINARY"}


@dataclass(frozen=True)
class SearchPage:
    """One page of results. `items` are current versions with procedure, field and agencies
    loaded; `count` is the number of matches on all pages."""

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


def _current(
    *, field: str | None, agency: str | None, online_type: str | None
) -> QuerySet[Procedure]:
    qs = Procedure.objects.filter(current__isnull=False)
    if field:
        qs = qs.filter(current__field__code=field)
    if agency:
        qs = qs.filter(current__agencies__code=agency)
    if online_type:
        qs = qs.filter(current__online_type=online_type)
    return qs


_CANDIDATE = ("current_id", "code", "current__name", "current__name_folded")


def _candidates(qs: QuerySet[Procedure], words: list[str]) -> list[search.Candidate]:
    """Matching current versions, found through the database's full-text index."""
    if connection.vendor == "sqlite":
        # Constant SQL; the user's words travel as a bound parameter, quoted for FTS5 syntax.
        qs = qs.filter(current_id__in=RawSQL(_SQLITE_MATCH, [search.fts5_match(words)]))  # noqa: S611
    elif connection.vendor == "postgresql":
        qs = qs.filter(current_id__in=RawSQL(_PG_MATCH, [search.tsquery(words)]))  # noqa: S611
    else:  # no index: narrow with LIKE, then apply the rule in Python
        for w in dict.fromkeys(words):
            qs = qs.filter(current__search_folded__contains=w)
        rows = qs.values_list(*_CANDIDATE, "current__search_folded")
        return [r[:4] for r in rows if search.matches(r[4], words)]
    return list(qs.values_list(*_CANDIDATE))


def _load(ids: list[int]) -> list[ProcedureVersion]:
    versions = (
        ProcedureVersion.objects.select_related("procedure", "field")
        .prefetch_related("agencies")
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
    qs = _current(field=field, agency=agency, online_type=online_type)
    words = search.query_words(q)
    if words:
        ranked = search.rank(_candidates(qs, words), words)
        count, ids = len(ranked), [c[0] for c in ranked[offset : offset + limit]]
    else:
        collation = _BINARY_COLLATION.get(connection.vendor)
        order = ["current__name_folded", "current__name", "code"]
        ordered = qs.order_by(*(Collate(F(o), collation) for o in order)) if collation else None
        if ordered is None:  # other databases: sort in Python
            rows = sorted(qs.values_list(*_CANDIDATE), key=search.sort_key)
            count, ids = len(rows), [r[0] for r in rows[offset : offset + limit]]
        else:
            count = qs.count()
            ids = list(ordered.values_list("current_id", flat=True)[offset : offset + limit])
    return SearchPage(count=count, items=_load(ids), limit=limit, offset=offset)


def procedure_get(*, code: str) -> ProcedureVersion:
    """The version in force of procedure `code`, with everything a detail page shows loaded.
    Raises NotFound when there is no such procedure or none of its versions is published."""
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
