"""Signing in through a real OpenID provider (tests/oidc/provider.js, the npm
`oidc-provider` package run by Node) with the service started without
`--demo`: HB creates a round and opens it, a board bids, a member votes,
each signed in at the provider's own login page in a browser of their own;
signing out ends the session at the provider too."""

from __future__ import annotations

import re
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import (HEIGHT, REPO, accept_all_bids, check_a11y, create_round, free_port, move_to_phase, serve,
                      signed_in_as, submit_bid)
from playwright.sync_api import Browser, BrowserContext, Page, expect

PROVIDER_DIR = REPO / "tests" / "oidc"


@pytest.fixture
def provider_and_server(tmp_path: Path):
    """The provider on a free port, and `serve` signing in through it."""
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail(f"the test provider is not installed: run `npm ci` in {PROVIDER_DIR}")
    provider_port, server_port = free_port(), free_port()
    service = f"http://127.0.0.1:{server_port}"
    provider = subprocess.Popen(
        ["node", "provider.js", "--port", str(provider_port), "--client-secret", "browser-secret",
         "--redirect-uri", f"{service}/log-ind/oidc/retur", "--post-logout-uri", f"{service}/"],
        cwd=PROVIDER_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    issuer = f"http://127.0.0.1:{provider_port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=1) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail("the OpenID provider did not answer discovery in 30 s")
            time.sleep(0.1)
        secret = tmp_path / "client-secret"
        secret.write_text("browser-secret\n")
        with serve(tmp_path, "--oidc-issuer", issuer, "--oidc-client-id", "medlemsbudget",
                   "--oidc-client-secret-file", str(secret), "--public-url", service,
                   "--oidc-scopes", "profile,groups,storkreds", demo=False, port=server_port) as server:
            yield issuer, server
    finally:
        provider.terminate()
        provider.wait(timeout=10)


def person(browser: Browser, base_url: str, width: int, allowed: set[str]) -> tuple[BrowserContext, Page, list[str]]:
    """A browser of one person's own. Requests to origins not `allowed` are
    aborted (the provider's development login page asks for a web font);
    those the service's own pages make are listed."""
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": HEIGHT},
                                  locale="da-DK", timezone_id="Europe/Copenhagen")
    context.set_default_timeout(10_000)
    elsewhere: list[str] = []

    def route(route):
        url = route.request.url
        if any(url.startswith(origin) for origin in allowed):
            route.continue_()
            return
        frame = route.request.frame.url if route.request.frame else ""
        if frame.startswith(base_url):
            elsewhere.append(url)
        route.abort("blockedbyclient")

    context.route("**/*", route)
    return context, context.new_page(), elsewhere


def sign_in_at_provider(page: Page, login: str, header: str) -> None:
    page.goto("/log-ind")
    page.get_by_role("button", name="Log ind gennem medlemssystemet").click()
    page.locator("input[name='login']").fill(login)
    page.locator("input[name='password']").fill("any password")
    page.locator("button[type='submit']").click()
    expect(page).to_have_url(re.compile(r"127\.0\.0\.1:\d+/$"))
    expect(signed_in_as(page)).to_have_text(header)


def test_hb_a_board_and_a_member_sign_in_at_the_provider_and_vote(browser: Browser, provider_and_server, width: int):
    issuer, server = provider_and_server
    allowed = {server.base_url, issuer}
    hb_context, hb, hb_elsewhere = person(browser, server.base_url, width, allowed)
    board_context, board, board_elsewhere = person(browser, server.base_url, width, allowed)
    member_context, member, member_elsewhere = person(browser, server.base_url, width, allowed)
    try:
        hb.goto("/log-ind")
        expect(hb.get_by_role("heading", name="Log ind med din medlemskonto")).to_be_visible()
        expect(hb.locator("form[action='/log-ind/demo']")).to_have_count(0)
        check_a11y(hb, "sign-in-oidc")
        sign_in_at_provider(hb, "hb-anna", "Logget ind som hovedbestyrelsen (HB)")
        round_id = create_round(hb, f"Gennem medlemssystemet {width}")
        move_to_phase(hb, round_id, "submission")

        sign_in_at_provider(board, "board-fyn", "Logget ind som storkredsbestyrelse for Fyn")
        submit_bid(board, round_id, "Stande på Fyn", "15.000")

        move_to_phase(hb, round_id, "review")
        accept_all_bids(hb, round_id)
        move_to_phase(hb, round_id, "voting")

        sign_in_at_provider(member, "member-1042", "Logget ind som medlem member-1042 (Fyn)")
        member.goto(f"/runder/{round_id}/stemme")
        member.get_by_role("checkbox", name=re.compile("^Stande på Fyn")).check()
        member.get_by_role("button", name="Gennemse din stemme").click()
        member.get_by_role("button", name="Afgiv stemme").click()
        expect(member.get_by_role("heading", level=1)).to_have_text("Tak, din stemme er afgivet")

        # Signing out here sends the browser to the provider to sign out there too.
        member.get_by_role("button", name="Log ud").click()
        member.get_by_role("button", name="Yes, sign me out").click()
        expect(member.get_by_role("heading", level=1)).to_have_text(re.compile("Signed out|Afstemningsrunder"))
        member.goto("/")
        expect(signed_in_as(member)).to_have_count(0)
        member.goto("/log-ind")
        member.get_by_role("button", name="Log ind gennem medlemssystemet").click()
        expect(member.locator("input[name='login']")).to_be_visible()
    finally:
        for context in (hb_context, board_context, member_context):
            context.close()
    assert not hb_elsewhere + board_elsewhere + member_elsewhere, "the pages asked another origin"
