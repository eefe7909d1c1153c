"""`motcua calendar_show`: each day off and worked weekend day with its source (docs/calendar.md)"""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.accounts.models import Agency
from motcua.core.calendar_sources import calendar_sources
from motcua.core.models import OverrideKind
from motcua.core.services import calendar_override_set

pytestmark = pytest.mark.django_db


def show(*args: str) -> str:
    out = StringIO()
    call_command("calendar_show", *args, stdout=out)
    return out.getvalue()


def block(text: str, day: str) -> str:
    """The line of ``day`` and its source lines."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(day))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), None)
    return "\n".join(lines[start:end])


def test_2026_names_every_source() -> None:
    text = show("2026")
    assert "nghỉ\n    ← thư viện holidays" in block(text, "24/11/2026")
    assert "Ngày Văn hóa Việt Nam" in block(text, "24/11/2026")
    assert "thông báo: Tết 2026: TB 9441/TB-BNV" in block(text, "17/02/2026")
    assert "làm việc 07:30–11:30, 13:00–17:00" in block(text, "22/08/2026")
    assert "làm bù cho ngày 31/08/2026" in block(text, "22/08/2026")
    assert "14/02/2026" not in text  # a weekend inside the break is just a weekend here
    assert "07/03/2026" not in text  # ordinary Saturdays are not listed
    assert "10/03/2026" not in text  # nor ordinary weekdays


def test_a_city_override_switches_24_11_and_says_why(
    django_capture_on_commit_callbacks: pytest.FixtureRequest,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        calendar_override_set(
            date=date(2026, 11, 24),
            kind=OverrideKind.WORKING_DAY,
            note="Vẫn làm việc",
            source="Thông báo 123/TB-UBND",
        )
    entry = block(show("2026"), "24/11/2026")
    assert "làm việc 07:30–11:30, 13:00–17:00" in entry
    lines = entry.splitlines()
    assert (
        "điều chỉnh toàn thành phố (ngày làm việc): Vẫn làm việc; Thông báo 123/TB-UBND"
        in (lines[1])
    )
    assert "Ngày Văn hóa Việt Nam" in lines[2]  # the library rule it overrides stays visible


def test_saturday_agency(django_capture_on_commit_callbacks: pytest.FixtureRequest) -> None:
    ward = Agency.objects.create(
        code="000.02.90.H29",
        name="UBND phường Bến Thành",
        short_name="BT",
        kind="ward",
        saturday_hours=[["07:30", "11:30"]],
    )
    with django_capture_on_commit_callbacks(execute=True):
        calendar_override_set(
            date=date(2026, 3, 7), kind=OverrideKind.DAY_OFF, agency=ward, note="Sửa trụ sở"
        )
    text = show("2026", "--agency", ward.code)
    assert "Thứ Bảy 07:30–11:30" in text
    assert "thông báo: Tết 2026" in block(text, "14/02/2026")  # its Saturday session is closed
    assert "điều chỉnh cơ quan 000.02.90.H29 (ngày nghỉ): Sửa trụ sở" in block(text, "07/03/2026")
    assert "14/03/2026" not in text
    assert [d.day for d in calendar_sources(2026, agency=ward) if d.day.month == 3] == [
        date(2026, 3, 7)
    ]


@pytest.mark.parametrize("args", [("2026", "--agency", "nope"), ("2099",)])
def test_bad_arguments(args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError):
        show(*args)
