"""Models of consultation: public consultation on drafts (docs/consultation.md)."""

from __future__ import annotations
