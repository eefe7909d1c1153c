"""The records the generator draws for one dossier: its procedure, the calendars, and its life
(pure: no Django import). Instants are whole seconds since the epoch (`WorkDays.at`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from motcua.analytics.generate.workdays import WorkDays


@dataclass(frozen=True)
class Proc:
    """What the generator needs of a procedure."""

    days: int  # processing time, working days
    online: float  # chance that a dossier is filed online
    fee: int  # đồng; 0: no fee
    late_rate: float


@dataclass(frozen=True)
class Clock:
    city: WorkDays
    saturday: WorkDays  # the calendar of a unit that receives on Saturday mornings
    horizon: int  # the end of the year: nothing happens from here on


@dataclass
class Supplement:
    stage: str  # reception / processing
    requested: int
    completed: int | None
    paused: int = 0  # working seconds


@dataclass
class Life:
    channel: str
    submitted: int
    received: int
    deemed: int
    appointment: int
    due: int
    status: str = "in_progress"
    finished: int | None = None
    returned: int | None = None
    return_channel: str = ""
    refused: bool = False
    supplements: list[Supplement] = field(default_factory=list)
    apology: tuple[int, int, int, bool] | None = None  # issued, old due, new due, in time
    fee_total: int = 0
    paid: int | None = None
    refunded: int | None = None
    e_result: bool = False
    digitised: bool = False
    source: str = ""  # reused / personal_store
    rating: tuple[int, bool, tuple[int, ...]] | None = None  # created, satisfied, i1..i9
    events: int = 2  # transitions (the dossier's version)

    @property
    def paused_at(self) -> int | None:
        open_ = [s for s in self.supplements if s.stage == "processing" and s.completed is None]
        return open_[0].requested if open_ and self.finished is None else None
