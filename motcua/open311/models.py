"""Models of open311: the Open311 GeoReport v2 API over feedback (docs/open311.md)."""

from __future__ import annotations
