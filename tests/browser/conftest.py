"""Shared fixtures and helpers of the browser tests.

One `medlemsbudget serve --demo` runs for the whole session on a fresh SQLite
file; Debian's chromium (never a browser Playwright downloads) opens every
page in a new context per test, so cookies never carry from one test to the
next. Every test runs at each width in WIDTHS.

The fixtures a test uses:

- `page`: a page in a fresh context whose base URL is the server, so
  `page.goto("/runder/1")` works. Every request of the context is watched:
  one to another host or port fails the test (and is aborted before it
  leaves), and so does an uncaught script error or a console error (a CSP
  violation shows up as one).
- `watch`: what `page` watched; `watch.allow_console(text)` lets a test
  expect a console error, e.g. the one a 403 answer causes.
- `server`: the running server (`server.base_url`, `server.url(path)`,
  `server.token("HB")`). Tests share it, so one that changes data other
  tests read (a round's phase, a published result) is marked
  `@pytest.mark.own_server` and gets a fresh one; a member who votes is
  given a number no other test (nor width) uses.

Markers: `@pytest.mark.locale("en-GB")` sets the browser's language
(default da-DK); `@pytest.mark.own_server` as above.

The helpers: `check_a11y(page, name)` at every state a test reaches,
`sign_in(page, role, ...)` through the development sign-in at /log-ind,
`tab_to`/`focused`/`has_visible_focus` for the keyboard, and the steps that
set a round up through the pages: `create_round`, `move_to_phase`,
`submit_bid`, `accept_all_bids`, and `voting_round` (all of them in a row:
a round open for voting with the bids given).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request, WebSocket, expect, sync_playwright

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCREENSHOTS = HERE / "screenshots"

# The widths every test runs at: a desktop and a small phone.
WIDTHS = (1280, 360)
HEIGHT = 800

# The rules axe checks: WCAG 2.0, 2.1 and 2.2, levels A and AA.
A11Y_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# The demo round that `serve --demo` creates.
DEMO_ROUND_ID = 1
DEMO_ROUND_NAME = "KV17 grundarbejde (demo)"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

# Schemes whose requests never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}

expect.set_options(timeout=5_000)


def _binary() -> Path:
    path = Path(os.environ.get("MEDLEMSBUDGET_BIN", "target/debug/medlemsbudget"))
    return path if path.is_absolute() else REPO / path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running `medlemsbudget serve --demo`."""

    host: str
    port: int
    stdout: Path
    stderr: Path

    def token(self, role: str) -> str:
        """The token `serve --demo` printed for "HB", "Board" or "Member"."""
        for line in self.stdout.read_text().splitlines():
            if line.startswith(f"{role} token"):
                return line.split()[-1]
        raise AssertionError(f"serve --demo printed no {role} token")

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path


@contextlib.contextmanager
def serve(work: Path, *extra: str, demo: bool = True, port: int | None = None):
    """Runs `medlemsbudget serve --demo` (or without `--demo`, and with the
    `extra` arguments, on `port` when given) on a fresh SQLite file in `work`
    until the block ends; fails if it does not become ready or panicked."""
    binary = _binary()
    if not binary.is_file():
        raise RuntimeError(f"no binary at {binary}: build it (cargo build -p medlemsbudget --bin medlemsbudget) "
                           "or set MEDLEMSBUDGET_BIN")
    port = port or free_port()
    out, err = work / "out.log", work / "err.log"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [str(binary), "serve", *(["--demo"] if demo else []), "--bind", f"127.0.0.1:{port}",
             "--database-url", f"sqlite://{work}/demo.db", *extra],
            stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, cwd=work,
        )
    server = Server("127.0.0.1", port, out, err)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}:\n{err.read_text()}")
            try:
                with urllib.request.urlopen(server.url("/readyz"), timeout=1) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not become ready in 30 s:\n{err.read_text()}")
            time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    log = err.read_text(errors="replace")
    assert "panicked" not in log, f"the server panicked:\n{log}"


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory: pytest.TempPathFactory):
    try:
        with serve(tmp_path_factory.mktemp("server")) as server:
            yield server
    except RuntimeError as error:
        pytest.exit(str(error), returncode=2)


@pytest.fixture
def server(request: pytest.FixtureRequest, shared_server: Server, tmp_path: Path):
    """The session's server; a test marked @pytest.mark.own_server (one that
    changes what other tests see, e.g. a round's phase) gets a fresh one."""
    if request.node.get_closest_marker("own_server") is None:
        yield shared_server
    else:
        with serve(tmp_path) as server:
            yield server


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.exit(f"no chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM)", returncode=2)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def screenshots_folder():
    """Empties the screenshot folder once, so it holds this run's pictures only."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def width(request: pytest.FixtureRequest) -> int:
    return request.param


@dataclass
class Watch:
    """What the pages of one context asked for and complained about."""

    origin: tuple[str, str, int]
    off_origin: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    allowed_console: list[str] = field(default_factory=list)

    def allow_console(self, text: str) -> None:
        """Expects console errors containing `text` (e.g. "status of 403")."""
        self.allowed_console.append(text)

    def is_same_origin(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            return True
        scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
        port = parts.port or {"http": 80, "https": 443}.get(scheme)
        return (scheme, parts.hostname, port) == self.origin

    def on_request(self, request: Request) -> None:
        if not self.is_same_origin(request.url):
            self.off_origin.append(f"{request.method} {request.url} (from {request.frame.url if request.frame else '?'})")

    def on_websocket(self, websocket: WebSocket) -> None:
        if not self.is_same_origin(websocket.url):
            self.off_origin.append(f"WebSocket {websocket.url}")

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} (at {message.location.get('url', '?')})")

    def problems(self) -> list[str]:
        found = [f"request to another origin: {r}" for r in self.off_origin]
        found += [f"script error: {e}" for e in self.page_errors]
        found += [f"console error: {e}" for e in self.console_errors
                  if not any(allowed in e for allowed in self.allowed_console)]
        return found


@pytest.fixture
def watch(server: Server) -> Watch:
    return Watch(origin=("http", server.host, server.port))


@pytest.fixture
def context(request: pytest.FixtureRequest, browser: Browser, server: Server, width: int, watch: Watch):
    # The browser's language is Danish unless the test is marked
    # @pytest.mark.locale("en-GB").
    locale = request.node.get_closest_marker("locale")
    context = browser.new_context(
        base_url=server.base_url,
        viewport={"width": width, "height": HEIGHT},
        locale=locale.args[0] if locale else "da-DK",
        timezone_id="Europe/Copenhagen",
    )
    context.set_default_timeout(10_000)

    def route(route):
        # Nothing goes to another origin: the request is recorded (by
        # on_request) and aborted here.
        if watch.is_same_origin(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", route)
    context.on("request", watch.on_request)
    context.on("console", watch.on_console)
    context.on("weberror", lambda error: watch.page_errors.append(str(error.error)))
    context.on("page", lambda page: page.on("websocket", watch.on_websocket))
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, watch: Watch):
    page = context.new_page()
    yield page
    problems = watch.problems()
    assert not problems, "the pages misbehaved:\n  " + "\n  ".join(problems)


# ----------------------------------------------------------------------------
# Accessibility and screenshots

_axe = Axe()
_taken: set[str] = set()


def _violation_report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact') or 'no impact'}): {v['help']}  [{v['helpUrl']}]")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            if summary:
                lines.append(f"        {summary}")
    return "\n".join(lines)


# The elements that stick out to the right of the viewport (WCAG 1.4.10,
# reflow: no scrolling sideways at 320 CSS px and up), which axe leaves out.
_WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) { return []; }
  return [...document.body.querySelectorAll("*")]
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 0.5)
    .filter(e => {
      // Content that scrolls inside its own box (a wide table) is allowed.
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== "visible") { return false; }
      }
      return true;
    })
    .slice(0, 10)
    .map(e => e.outerHTML.slice(0, 160) + " (right edge at " + Math.round(e.getBoundingClientRect().right) + " px)");
}"""


def check_a11y(page: Page, name: str) -> None:
    """Saves a full-page screenshot as screenshots/<name>-<width>.png, then
    runs axe on the page as it is now (WCAG 2.0–2.2, A and AA) and checks
    that nothing needs scrolling sideways; fails listing what it found."""
    assert re.fullmatch(r"[a-z0-9-]+", name), f"screenshot name {name!r}: lower case, digits and '-' only"
    width = page.viewport_size["width"] if page.viewport_size else 0
    file = f"{name}-{width}.png"
    assert file not in _taken, f"two states are both called {name!r}: give each its own name"
    _taken.add(file)
    page.screenshot(path=str(SCREENSHOTS / file), full_page=True)
    results = _axe.run(page, options={
        "runOnly": {"type": "tag", "values": A11Y_TAGS},
        "resultTypes": ["violations"],
    })
    violations = results.response["violations"]
    report = _violation_report(violations)
    too_wide = page.evaluate(_WIDER_THAN_VIEWPORT)
    if too_wide:
        report += "\n- reflow (WCAG 1.4.10): the page scrolls sideways; sticking out:\n" + "\n".join(
            f"    {element}" for element in too_wide)
    if report:
        count = len(violations) + (1 if too_wide else 0)
        pytest.fail(f"{count} accessibility violation(s) on {page.url} ({name}, {width} px; "
                    f"screenshots/{file}):\n" + report.lstrip("\n"), pytrace=False)


# ----------------------------------------------------------------------------
# Signing in

ROLES = ("hb", "board", "member")


def sign_in(page: Page, role: str, storkreds: str | None = None, member: str | None = None,
            a11y: str | None = None) -> None:
    """Signs in through the development sign-in at /log-ind (only under
    `serve --demo`) and waits for the front page that follows.

    role: "hb", "board" (with `storkreds`, e.g. "Fyn" or "fyn") or "member"
    (with `member`, a member number, and `storkreds`). With `a11y`, the sign-in
    page is checked (check_a11y) under that name before the form is sent.
    """
    assert role in ROLES, f"role is one of {ROLES}"
    page.goto("/log-ind")
    if a11y:
        check_a11y(page, a11y)
    # The form is found by its hidden role field, so this works in either language.
    form = page.locator("form[action='/log-ind/demo']").filter(
        has=page.locator(f"input[name='role'][value='{role}']"))
    if role == "board":
        assert storkreds, "a board signs in for a storkreds"
        form.locator("#board-storkreds").select_option(storkreds)
    elif role == "member":
        assert storkreds and member, "a member signs in with a member number and a storkreds"
        form.locator("#member-id").fill(member)
        form.locator("#member-storkreds").select_option(storkreds)
    with page.expect_navigation():
        form.get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/$"))


def signed_in_as(page: Page):
    """The header's line that tells who is signed in."""
    return page.locator("header .who")


# ----------------------------------------------------------------------------
# The keyboard

def focused(page: Page) -> str:
    """The focused element's tag and accessible text, e.g. 'a: Log ind'."""
    return page.evaluate("() => { const e = document.activeElement;"
                         " return e ? e.tagName.toLowerCase() + ': ' + (e.innerText || e.value || '').trim() : ''; }")


def tab_to(page: Page, target: str | re.Pattern, max_tabs: int = 10) -> list[str]:
    """Presses Tab until `target` (as `focused` names it, or a pattern that
    matches that name) has focus; returns the path the focus took."""
    path = []
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        path.append(focused(page))
        if (target.search(path[-1]) if isinstance(target, re.Pattern) else path[-1] == target):
            return path
    raise AssertionError(f"{target!r} not reached in {max_tabs} Tabs; focus went {path}")


def has_visible_focus(page: Page) -> bool:
    """Whether the focused element draws a focus outline (:focus-visible)."""
    return page.evaluate("() => { const e = document.activeElement; const s = getComputedStyle(e);"
                         " return e.matches(':focus-visible') && s.outlineStyle !== 'none'"
                         " && parseFloat(s.outlineWidth) >= 2; }")


# ----------------------------------------------------------------------------
# Rounds through the pages (HB and boards, as the tests of later steps need them)

# The phases in order, each with the button that confirms the move into it.
PHASE_CONFIRM = {
    "submission": "Ja, åbn for indsendelse",
    "review": "Ja, afslut indsendelsen",
    "voting": "Ja, åbn afstemningen",
    "closed": "Ja, luk afstemningen",
    "published": "Ja, offentliggør resultatet",
}


def create_round(page: Page, name: str, ballot: str = "approval", settings: dict[str, str] | None = None,
                 pool: str = "500.000", rule: str = "greedy", split: str = "national") -> int:
    """HB (signed in) creates a round at /hb/runder/ny; returns its id.
    ballot: approval, knapsack or cumulative; settings: the ballot's fields
    by id (min_approvals, max_approvals, knapsack_limit, points,
    max_per_proposal, floor)."""
    page.goto("/hb/runder/ny")
    page.get_by_label("Navn", exact=True).fill(name)
    page.get_by_label("Pulje i kroner").fill(pool)
    page.locator(f"#ballot-{ballot}").check()
    for field_id, value in (settings or {}).items():
        page.locator(f"#{field_id}").fill(value)
    page.locator(f"#rule-{rule}").check()
    page.locator(f"#split-{split}").check()
    page.get_by_role("button", name="Opret runden").click()
    expect(page).to_have_url(re.compile(r"/hb/runder/\d+"))
    expect(page.get_by_role("status")).to_have_text("Runden er oprettet som kladde.")
    return int(re.search(r"/hb/runder/(\d+)", page.url).group(1))


def move_to_phase(page: Page, round_id: int, phase: str) -> None:
    """HB (signed in) moves the round on to `phase` through the confirmation page."""
    page.goto(f"/hb/runder/{round_id}/fase")
    page.get_by_role("button", name=PHASE_CONFIRM[phase]).click()
    expect(page).to_have_url(re.compile(rf"/hb/runder/{round_id}\b"))
    expect(page.get_by_role("status")).to_have_text("Runden er gået videre til næste fase.")


def submit_bid(page: Page, round_id: int, title: str, amount: str, description: str = "Til valgkampen.") -> None:
    """A board (signed in) bids in the round with an amount typed the Danish way."""
    page.goto(f"/runder/{round_id}/forslag/nyt")
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Beskrivelse").fill(description)
    page.get_by_label("Beløb i kroner").fill(amount)
    page.get_by_role("button", name="Indsend forslaget").click()
    expect(page.get_by_role("status")).to_have_text("Dit forslag er indsendt. Hovedbestyrelsen behandler det.")


def accept_all_bids(page: Page, round_id: int, reason: str = "Passer til valgkampen.") -> None:
    """HB (signed in) accepts every bid in the review queue, each with a reason."""
    page.goto(f"/hb/runder/{round_id}")
    queue = page.locator("section[aria-labelledby=queue] article.card")
    while queue.count():
        card = queue.first
        card.get_by_label("Begrundelse").fill(reason)
        card.get_by_role("button", name="Godkend").click()
        expect(page.get_by_role("status")).to_have_text("Forslaget er behandlet.")


def voting_round(page: Page, name: str, ballot: str, settings: dict[str, str],
                 bids: list[tuple[str, str, str]]) -> int:
    """A round open for voting, made through the pages: HB creates it and
    opens submission, the boards bid (storkreds, title, Danish amount), HB
    ends the submission, accepts every bid and opens voting. Leaves the page
    signed in as HB; returns the round's id."""
    sign_in(page, "hb")
    round_id = create_round(page, name, ballot, settings)
    move_to_phase(page, round_id, "submission")
    for storkreds, title, amount in bids:
        sign_in(page, "board", storkreds=storkreds)
        submit_bid(page, round_id, title, amount)
    sign_in(page, "hb")
    move_to_phase(page, round_id, "review")
    accept_all_bids(page, round_id)
    move_to_phase(page, round_id, "voting")
    return round_id
