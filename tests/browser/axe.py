"""Accessibility checks in a real browser: axe-core's WCAG 2.1 A/AA rules and a same-origin
crawler, for any ready Playwright page (signed in or not: the caller prepares the context).

    from tests.browser.axe import axe_check, crawl
    axe_check(page, "trang chủ")                      # fails listing serious/critical issues
    visited = crawl(page, ["/", "/tra-cuu/"], limit=80)  # axe + no horizontal scroll, each page

axe-core runs inside the page, on its timers: the context must have JavaScript enabled (in a
`java_script_enabled=False` context the run never finishes). axe-core comes from npm
(`make install-test` puts it in .venv/npm; `AXE_CORE_JS` names another copy). It is injected
with `page.evaluate`, which runs through the DevTools protocol and so is not a page script under
the Content-Security-Policy: the page's CSP stays in force (no `bypass_csp`), and
tests/browser/test_csp.py still sees every violation the site itself causes.
"""

from __future__ import annotations

import os
import re
import sys
from collections import deque
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = frozenset({"serious", "critical"})

# Never followed: the admin, the API (and its Swagger UI), files (slips, attachments, templates),
# the language switch and sign-out (POST forms, and they change the session), and sign-out
# links should a page offer one. Add patterns with `crawl(..., skip=...)`.
SKIP = (
    re.compile(r"^/admin/"),
    re.compile(r"^/api/"),
    re.compile(r"^/i18n/"),
    re.compile(r"^/open311/"),
    re.compile(r"\.(pdf|xlsx|csv|zip|docx?)$"),
    re.compile(r"/(mau|tep|phieu)/"),
    re.compile(r"/(dang-xuat|logout)/"),
    re.compile(r"^/static/|^/media/"),
)

_LINKS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter((a) => !a.hasAttribute('download'))
  .map((a) => a.href)"""
_OVERFLOW = """() => ({
  scroll: document.documentElement.scrollWidth,
  inner: window.innerWidth,
  wide: Array.from(document.querySelectorAll('body *'))
    .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .filter((e) => !e.closest('.table-scroll, .site-nav, .visually-hidden, .skip-link'))
    .slice(0, 5)
    .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
      (typeof e.className === 'string' && e.className ? '.' + e.className.replace(/ +/g, '.')
        : ''))
})"""


def axe_source_path() -> Path:
    configured = os.environ.get("AXE_CORE_JS")
    if configured:
        return Path(configured)
    return Path(sys.prefix) / "npm" / "node_modules" / "axe-core" / "axe.min.js"


@cache
def _axe_source() -> str:
    path = axe_source_path()
    if not path.is_file():
        pytest.fail(f"axe-core không có ở {path}: chạy `make install-test` (hoặc đặt AXE_CORE_JS)")
    return path.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1 A and AA violations of the page as it is now (every impact)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: Iterable[dict[str, Any]]) -> list[str]:
    """One line per failing node: impact, rule id, target, help."""
    return [
        f"[{v['impact']}] {v['id']}: {' '.join(map(str, node['target']))} — {v['help']}"
        for v in violations
        for node in v["nodes"]
    ]


def axe_check(page: Any, label: str) -> None:
    """Fail listing every serious or critical WCAG 2.1 A/AA violation of the page now shown."""
    failing = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
    lines = describe(failing)
    assert not lines, f"{label}: {len(lines)} lỗi trợ năng\n" + "\n".join(lines)


def overflow_problem(page: Any) -> str | None:
    """None when the page does not scroll sideways (documentElement.scrollWidth <= innerWidth),
    else what is too wide."""
    found = page.evaluate(_OVERFLOW)
    if found["scroll"] <= found["inner"]:
        return None
    return f"cuộn ngang: scrollWidth {found['scroll']} > {found['inner']} ({found['wide']})"


def _follow(href: str, origin: str, skip: Sequence[re.Pattern[str]]) -> str | None:
    """The path and query of `href` when the crawler should visit it, else None."""
    url, _fragment = urldefrag(href)
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    if any(p.search(parts.path) for p in skip):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(
    page: Any,
    start_paths: Sequence[str],
    limit: int,
    *,
    skip: Sequence[re.Pattern[str]] = (),
    axe: bool = True,
) -> list[str]:
    """Visit `start_paths`, then the same-origin links found, breadth first, up to `limit` pages.
    On each page: the response is not an error, axe_check passes, and at a viewport of 360 px or
    less the page does not scroll sideways. Fails once at the end, listing every page's problems.
    Returns the paths visited, in order (callers assert what they expected to be reached)."""
    patterns = (*SKIP, *skip)
    queue, seen, visited, problems = deque(start_paths), set(start_paths), [], []
    origin = ""
    while queue and len(visited) < limit:
        path = queue.popleft()
        response = page.goto(path)
        visited.append(path)
        if not origin:
            parts = urlsplit(page.url)
            origin = f"{parts.scheme}://{parts.netloc}"
        if response is None or response.status >= 400:
            problems.append(f"{path}: HTTP {response.status if response else '—'}")
            continue
        problems += _page_problems(page, path, axe=axe)
        for href in page.evaluate(_LINKS):
            target = _follow(href, origin, patterns)
            if target is not None and target not in seen:
                seen.add(target)
                queue.append(target)
    assert not problems, f"{len(problems)} vấn đề trên {len(visited)} trang:\n" + "\n".join(
        problems
    )
    return visited


def _page_problems(page: Any, path: str, *, axe: bool) -> list[str]:
    found = []
    if axe:
        failing = [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]
        found += [f"{path}: {line}" for line in describe(failing)]
    if page.viewport_size and page.viewport_size["width"] <= 360:
        problem = overflow_problem(page)
        if problem:
            found.append(f"{path}: {problem}")
    return found


def checked(page: Any, label: str) -> None:
    """axe-core clean and nothing wider than the viewport."""
    axe_check(page, label)
    assert overflow_problem(page) is None, label
