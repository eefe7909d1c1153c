"""Models of ratings: ratings of finished dossiers and officials, scorecards (docs/ratings.md)."""

from __future__ import annotations
