"""Settings of the analytics centre (issue 11), read from the environment; `motcua.settings`
merges `analytics_motcua()` into `MOTCUA["ANALYTICS"]` and `MOTCUA["INDEX766"]`.

Variables (docs/analytics.md):
- MOTCUA_INDEX766_PUBLISH_LEAD_WORKING_DAYS (default 5): a procedure is announced on time when
  its publication decision is dated at least this many working days before the legal basis takes
  effect (the portal's rule for provinces; 20 for ministries);
  MOTCUA_INDEX766_PUBLIC_UPDATE_WORKING_DAYS (default 5): it is published on the portal within
  this many working days of the decision. Both are the national portal's behaviour as restated
  (docs/rules.md §30), not the decision's text.
- MOTCUA_ANALYTICS_OFFICIAL_HOURS_PER_WEEK (default 30: 40 office hours, three quarters of
  them on dossiers): the staffing forecast's capacity of one official.
- MOTCUA_ANALYTICS_DIGEST_SIZE (default 10): the riskiest open dossiers in each head's weekly
  digest.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import ImproperlyConfigured


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1
    if not value > 0 or value != value:  # NaN
        raise ImproperlyConfigured(f"{name}: phải là một số dương (đang là {raw!r}).")
    return value


def analytics_motcua() -> dict[str, Any]:
    return {
        "INDEX766": {
            "PUBLISH_LEAD_WORKING_DAYS": int(
                _number("MOTCUA_INDEX766_PUBLISH_LEAD_WORKING_DAYS", 5)
            ),
            "PUBLIC_UPDATE_WORKING_DAYS": int(
                _number("MOTCUA_INDEX766_PUBLIC_UPDATE_WORKING_DAYS", 5)
            ),
        },
        "ANALYTICS": {
            "OFFICIAL_HOURS_PER_WEEK": _number("MOTCUA_ANALYTICS_OFFICIAL_HOURS_PER_WEEK", 30),
            "DIGEST_SIZE": int(_number("MOTCUA_ANALYTICS_DIGEST_SIZE", 10)),
        },
    }
