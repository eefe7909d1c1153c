"""The generated city's agencies and procedures, planned from a seeded `random.Random`.

- The city (UBND, kind `city_committee`), its departments (`department`), three branches of
  central agencies (`vertical_branch`) and its commune-level units (`ward`, `commune`,
  `special_zone`); codes `999.ZZ.YY.G29` (QCVN 102:2016 form, `figures.AGENCY_PREFIX`).
- 2,242 procedures, each with one published version: provincial ones at the department of their
  sector, commune ones at every commune-level unit, the "other" ones at a branch.
- Volume: Zipf over the procedures of a level (`figures.ZIPF_EXPONENT`), the levels split by
  `figures.LEVEL_SHARES`, commune units weighted lognormally. The online chance, the fee and
  lateness are set per procedure and calibrated on these weights, so that the volume-weighted
  shares come out at the figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from motcua.analytics.generate import figures as F
from motcua.analytics.generate import names

FEES = (10_000, 20_000, 30_000, 50_000, 100_000, 200_000, 500_000, 1_000_000)


@dataclass
class Unit:
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    path: str
    saturday: bool = False
    weight: float = 0.0
    official_id: int = 0


@dataclass
class ProcSpec:
    id: int
    version_id: int
    code: str
    name: str
    field_id: int
    level: str  # catalog.ProcedureLevel
    days: int
    weight: float  # share of all dossiers
    receiver: Unit | None  # None: any commune-level unit
    online_type: str = "none"
    online: float = 0.0
    fee: int = 0
    fee_id: int | None = None
    troubled: bool = False


@dataclass
class Plan:
    city: Unit
    units: list[Unit]
    communes: list[Unit]
    fields: list[tuple[int, str, str]]  # id, code, name
    procs: list[ProcSpec] = field(default_factory=list)


class Ids:
    """The next free primary key of each table (read from the database by the caller)."""

    def __init__(self, first: dict[str, int]) -> None:
        self.next = dict(first)

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


def _code(z: int, y: int) -> str:
    return f"{F.AGENCY_PREFIX}{z:02d}.{y:02d}{F.AGENCY_SUFFIX}"


def _agencies(rng: random.Random, ids: Ids) -> tuple[Unit, list[Unit], list[Unit]]:
    cid = ids.take("agency")
    city = Unit(
        cid,
        _code(0, 0),
        "UBND Thành phố Hồ Chí Minh (dữ liệu mô phỏng)",
        "UBND TP (MP)",
        "city_committee",
        None,
        f"/{cid}/",
    )
    units = [city]

    def child(code: str, name: str, short: str, kind: str) -> Unit:
        uid = ids.take("agency")
        unit = Unit(uid, code, name, short[:20], kind, cid, f"{city.path}{uid}/")
        units.append(unit)
        return unit

    for j, (name, short, _) in enumerate(names.DEPARTMENTS, start=1):
        child(_code(0, j), name, short, "department")
    for j, (name, short, _) in enumerate(names.BRANCHES):
        child(_code(0, 40 + j), name, short, "vertical_branch")
    kinds = (
        [("ward", "Phường", "P.", n) for n in names.WARD_NAMES]
        + [("commune", "Xã", "X.", n) for n in names.COMMUNE_NAMES]
        + [("special_zone", "Đặc khu", "ĐK", n) for n in names.SPECIAL_ZONE_NAMES]
    )
    communes = [
        child(_code(i % 100, 90 + i // 100), f"UBND {word} {n}", f"{short} {n}", kind)
        for i, (kind, word, short, n) in enumerate(kinds, start=1)
    ]
    for unit in rng.sample(communes, F.SATURDAY_UNITS):
        unit.saturday = True
    for unit in communes:
        unit.weight = rng.lognormvariate(0, F.UNIT_SPREAD_SIGMA)
    return city, units, communes


def _zipf(n: int, share: float) -> list[float]:
    raw = [1 / (r**F.ZIPF_EXPONENT) for r in range(1, n + 1)]
    total = sum(raw)
    return [share * w / total for w in raw]


def _synthetic_names(rng: random.Random, sector: str, count: int) -> list[str]:
    combos = [f"{a} {o} lĩnh vực {sector.lower()}" for a in names.ACTIONS for o in names.OBJECTS]
    rng.shuffle(combos)
    return [
        combos[i % len(combos)] + (f" ({i // len(combos) + 1})" if i >= len(combos) else "")
        for i in range(count)
    ]


def _level(
    rng: random.Random,
    ids: Ids,
    plan: Plan,
    level: str,
    count: int,
    top: tuple[tuple[str, int, str], ...],
    sectors: list[tuple[int, str, str, Unit | None]],  # field id, code, name, receiver
) -> None:
    weights = _zipf(count, F.LEVEL_SHARES[level])
    by_code = {s[1]: s for s in sectors}
    assigned = [by_code[F.FIELD_PREFIX + t[2]] for t in top] + [
        sectors[i % len(sectors)] for i in range(count - len(top))
    ]
    rng.shuffle(assigned[len(top) :])
    pools = {s[1]: iter(_synthetic_names(rng, s[2], count)) for s in sectors}
    mix = F.PROCESSING_WEIGHTS_COMMUNE if level == "commune" else F.PROCESSING_WEIGHTS_PROVINCIAL
    for rank, (sector, weight) in enumerate(zip(assigned, weights, strict=True)):
        if rank < len(top):
            name, days = top[rank][0], top[rank][1]
        else:
            name, days = next(pools[sector[1]]), rng.choices(F.PROCESSING_DAYS, mix)[0]
        pid = ids.take("procedure")
        plan.procs.append(
            ProcSpec(
                pid,
                ids.take("version"),
                f"{F.PROCEDURE_PREFIX}{len(plan.procs) + 1:06d}",
                name,
                sector[0],
                level,
                days,
                weight,
                sector[3],
            )
        )


def _sectors(ids: Ids, plan: Plan, items: list[tuple[str, str, Unit | None]]) -> list[Any]:
    out = []
    for code, name, receiver in items:
        fid = ids.take("field")
        plan.fields.append((fid, F.FIELD_PREFIX + code, name))
        out.append((fid, F.FIELD_PREFIX + code, name, receiver))
    return out


def _online(rng: random.Random, procs: list[ProcSpec]) -> None:
    """Online types by count (figures), busier procedures more likely online; then one factor
    so that the volume-weighted online share is `figures.ONLINE_SHARE`."""
    order = sorted(procs, key=lambda p: rng.random() * (1 + 50 * (p.weight < 1e-4)))
    for i, p in enumerate(order):
        if i < F.END_TO_END_SERVICES:
            p.online_type = "end_to_end"
        elif i < F.ONLINE_SERVICES:
            p.online_type = "partial"
    lo, hi = 0.0, 4.0
    for _ in range(40):
        mid = (lo + hi) / 2
        share = sum(p.weight * min(0.97, mid * F.ONLINE_PROPENSITY[p.online_type]) for p in procs)
        lo, hi = (mid, hi) if share < F.ONLINE_SHARE else (lo, mid)
    for p in procs:
        p.online = min(0.97, lo * F.ONLINE_PROPENSITY[p.online_type])


def _pick(rng: random.Random, procs: list[ProcSpec], share: float, limit: int) -> list[ProcSpec]:
    """Up to `limit` procedures, in random order, whose weights add up to about `share`."""
    order = procs[:]
    rng.shuffle(order)
    picked: list[ProcSpec] = []
    total = 0.0
    for p in order:
        if len(picked) < limit and total + p.weight <= share:
            picked.append(p)
            total += p.weight
    return picked


def _fees_and_lateness(rng: random.Random, ids: Ids, procs: list[ProcSpec]) -> None:
    for p in _pick(rng, procs, F.FEE_SHARE, len(procs)):
        p.fee, p.fee_id = rng.choice(FEES), ids.take("fee")
    # the troubled few: drawn among the busier fifth (not the ten busiest), then the rest
    by_weight = sorted(procs, key=lambda p: -p.weight)
    heavy, light = by_weight[10 : len(procs) // 5], by_weight[len(procs) // 5 :]
    limit = round(F.TROUBLED_PROCEDURE_SHARE * len(procs))
    picked = _pick(rng, heavy, F.TROUBLED_VOLUME_SHARE, limit)
    picked += rng.sample(light, limit - len(picked))
    for p in picked:
        p.troubled = True


def plan(rng: random.Random, ids: Ids) -> Plan:
    city, units, communes = _agencies(rng, ids)
    p = Plan(city, units, communes, [])
    depts = [u for u in units if u.kind == "department"]
    branches = [u for u in units if u.kind == "vertical_branch"]
    province = _sectors(
        ids,
        p,
        [(c, n, d) for d, (_, _, fs) in zip(depts, names.DEPARTMENTS, strict=True) for c, n in fs],
    )
    commune = _sectors(ids, p, [(c, n, None) for c, n in names.COMMUNE_FIELDS])
    other = _sectors(
        ids, p, [(b[2][0], b[2][1], u) for u, b in zip(branches, names.BRANCHES, strict=True)]
    )
    _level(rng, ids, p, "province", F.PROVINCIAL_PROCEDURES, names.PROVINCIAL_TOP, province)
    _level(rng, ids, p, "commune", F.COMMUNE_PROCEDURES, names.COMMUNE_TOP, commune)
    _level(rng, ids, p, "other", F.OTHER_PROCEDURES, (), other)
    _online(rng, p.procs)
    _fees_and_lateness(rng, ids, p.procs)
    return p
