"""The issue-10 settings read from the environment (motcua/settings_voice.py): defaults, a
subset of feedback deadlines, and a clear refusal of a bad value at start-up."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua.settings_voice import feedback_deadlines, ratings, voice_motcua


def test_defaults_without_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MOTCUA_FEEDBACK_DEADLINES", "MOTCUA_OPEN311_MAX_IDS"):
        monkeypatch.delenv(name, raising=False)
    values = voice_motcua()
    assert values["FEEDBACK_DEADLINES"] == {}
    assert (values["OPEN311_MAX_IDS"], values["CONSULTATION_MIN_DAYS"]) == (50, 30)
    assert ratings()["KIOSK_CODE_HOURS"] == 72


def test_a_subset_of_deadlines_and_numbers_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MOTCUA_FEEDBACK_DEADLINES", " refuse=3, reopen=10 ")
    monkeypatch.setenv("MOTCUA_OPEN311_REQUESTS_PER_MINUTE", "5")
    values = voice_motcua()
    assert values["FEEDBACK_DEADLINES"] == {"refuse": 3, "reopen": 10}
    assert values["OPEN311_REQUESTS_PER_MINUTE"] == 5


@pytest.mark.parametrize(
    "raw", ["refuse", "refuse=", "refuse=0", "handle=-1", "forward=x", "handel=5", "handle=٥"]
)
def test_a_malformed_deadline_stops_start_up(raw: str) -> None:
    with pytest.raises(ImproperlyConfigured):
        feedback_deadlines(raw)


@pytest.mark.parametrize("raw", ["0", "-3", "many", "٥"])
def test_a_limit_must_be_a_positive_integer(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("MOTCUA_OPEN311_MAX_IDS", raw)
    with pytest.raises(ImproperlyConfigured):
        voice_motcua()
