"""The officials a week's forecast volume needs (pure; docs/rules.md §31): the sum over
procedures of the forecast dossiers × the measured official hours per dossier, divided by the
hours an official gives to dossiers in a week (× the share of them that can be planned).
A procedure without a measure takes `default_hours`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class StaffingWeek:
    officials: float
    hours: float
    by_procedure: tuple[tuple[str, float], ...]  # (procedure key, hours), largest first


def officials_needed(
    forecast_volume: Mapping[str, float],
    handling_hours: Mapping[str, float],
    *,
    default_hours: float,
    hours_per_official_week: float,
    utilisation: float = 0.85,
) -> StaffingWeek:
    if hours_per_official_week <= 0 or not 0 < utilisation <= 1:
        raise ValueError("hours_per_official_week must be positive, utilisation in (0, 1]")
    by_procedure = sorted(
        ((key, max(volume, 0.0) * handling_hours.get(key, default_hours))
         for key, volume in forecast_volume.items()),
        key=lambda kv: -kv[1],
    )  # fmt: skip
    hours = sum(h for _, h in by_procedure)
    return StaffingWeek(hours / (hours_per_official_week * utilisation), hours, tuple(by_procedure))
