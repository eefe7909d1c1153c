"""Models of feedback: feedback and petitions with deadlines (docs/feedback.md)."""

from __future__ import annotations
