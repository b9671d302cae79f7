"""Opening views in real headless Chromium (Debian's ``chromium``), offline, recording what the page did."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# No background traffic of the browser's own; the page itself is opened in an offline context.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions"]


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Opened:
    """A view open in a page, with every request, console message, page error and dialog it caused."""

    page: object
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    drawn: int = -1
    seconds_to_draw: float = 0.0

    @property
    def outbound(self) -> list[str]:
        """Requests for anything but the view file itself."""
        own = self.page.url.split("#")[0]
        return [url for url in self.requests if url.split("#")[0] != own]

    @property
    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"] + self.errors


def open_view(browser, path: Path, fragment: str = "", timeout_s: float = 120) -> Opened:
    """Open ``path`` (offline, 1400×900) in a context of its own and wait until the view has drawn."""
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    return _draw(_watched(context.new_page()), path, fragment, timeout_s)


def open_each(browser, paths: Iterable[Path], timeout_s: float = 120) -> Iterator[Opened]:
    """Open the views one after the other in one page (as a reader following links does), each
    recorded on its own; much faster than a context per view."""
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    try:
        opened = _watched(context.new_page())
        for path in paths:
            for record in (opened.requests, opened.console, opened.errors, opened.dialogs):
                record.clear()
            yield _draw(opened, path, "", timeout_s)
    finally:
        context.close()


def _watched(page) -> Opened:
    opened = Opened(page)
    page.on("request", lambda r: opened.requests.append(r.url))
    page.on("console", lambda m: opened.console.append((m.type, m.text)))
    page.on("pageerror", lambda e: opened.errors.append(str(e)))

    def dismiss(dialog) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return opened


def _draw(opened: Opened, path: Path, fragment: str, timeout_s: float) -> Opened:
    page = opened.page
    start = time.perf_counter()
    page.goto(path.resolve().as_uri() + (f"#{fragment}" if fragment else ""), timeout=timeout_s * 1000)
    page.wait_for_selector("body[data-drawn]", state="attached", timeout=timeout_s * 1000)
    opened.seconds_to_draw = time.perf_counter() - start
    opened.drawn = int(page.get_attribute("body", "data-drawn"))
    return opened
