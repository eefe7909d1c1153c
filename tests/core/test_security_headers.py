"""Every response carries the Content-Security-Policy (django-csp) that forbids inline script,
inline style and eval, and the templates contain nothing that would need them: the browser
test (tests/browser/test_csp.py) checks the pages run under it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
PDF_TEMPLATES = {"slips", "declaration", "pdf"}  # rendered by WeasyPrint, never sent to a browser
TEMPLATES = sorted(
    p for p in (ROOT / "motcua").rglob("templates/**/*.html") if not PDF_TEMPLATES & set(p.parts)
)
INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),  # onclick=, onload=, ...
    re.compile(r"\sstyle\s*=", re.I),
    re.compile(r"<style\b", re.I),
    re.compile(r"javascript:", re.I),
]


def directives(header: str) -> dict[str, list[str]]:
    parts = (d.strip().split() for d in header.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/tra-cuu/", "/admin/login/", "/api/v1/docs"])
def test_the_policy_header_is_on_every_page(path: str) -> None:
    resp = Client().get(path)
    assert resp.status_code == 200
    policy = directives(resp["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in resp["Content-Security-Policy"]
    assert "'unsafe-eval'" not in resp["Content-Security-Policy"]


@pytest.mark.django_db
def test_api_errors_carry_it_too() -> None:
    resp = Client().get("/api/v1/dossiers")
    assert resp.status_code == 401
    assert "default-src 'self'" in resp["Content-Security-Policy"]


def test_the_templates_have_no_inline_script_or_style() -> None:
    assert len(TEMPLATES) >= 5
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in TEMPLATES
        for pattern in INLINE
        for match in pattern.finditer(path.read_text())
    ]
    assert found == []


def test_htmx_is_told_not_to_inject_its_indicator_style() -> None:
    base = (ROOT / "motcua" / "templates" / "base.html").read_text()
    assert '"includeIndicatorStyles": false' in base
    assert ".htmx-indicator" in (ROOT / "motcua" / "static" / "css" / "site.css").read_text()
