"""Signing in as each role (the development sign-in and a token) and out."""

import re

import pytest
from conftest import DEMO_ROUND_ID, check_a11y, sign_in, signed_in_as
from playwright.sync_api import Page, expect

ROLES = [
    pytest.param("hb", {}, "Logget ind som hovedbestyrelsen (HB)", id="hb"),
    pytest.param("board", {"storkreds": "Fyn"}, "Logget ind som storkredsbestyrelse for Fyn", id="board"),
    pytest.param("member", {"storkreds": "Østjylland", "member": "demo-member-7"},
                 "Logget ind som medlem demo-member-7 (Østjylland)", id="member"),
]


@pytest.mark.parametrize(("role", "details", "header"), ROLES)
def test_sign_in_as_each_role_and_out(page: Page, role: str, details: dict, header: str):
    sign_in(page, role, a11y=f"sign-in-{role}", **details)
    expect(signed_in_as(page)).to_have_text(header)
    expect(page.get_by_role("link", name="Log ind")).to_have_count(0)
    check_a11y(page, f"rounds-as-{role}")

    page.goto(f"/runder/{DEMO_ROUND_ID}")
    expect(signed_in_as(page)).to_have_text(header)
    check_a11y(page, f"round-as-{role}")

    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile("/$"))
    expect(signed_in_as(page)).to_have_count(0)
    expect(page.get_by_role("link", name="Log ind")).to_be_visible()
    page.goto(f"/runder/{DEMO_ROUND_ID}")
    expect(signed_in_as(page)).to_have_count(0)


def test_sign_in_with_a_token(page: Page, server):
    page.goto("/log-ind")
    page.get_by_label("Adgangsnøgle", exact=True).fill(server.token("Board"))
    page.locator("form[action='/log-ind/noegle']").get_by_role("button", name="Log ind").click()
    expect(page).to_have_url(re.compile("/$"))
    expect(signed_in_as(page)).to_have_text("Logget ind som storkredsbestyrelse for Fyn")


def test_sign_in_with_a_bad_token_says_so(page: Page, watch):
    watch.allow_console("status of 401")
    page.goto("/log-ind")
    page.get_by_label("Adgangsnøgle", exact=True).fill("not-a-token")
    page.locator("form[action='/log-ind/noegle']").get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("alert")).to_have_text("Adgangsnøglen virker ikke. Den kan være udløbet eller kopieret forkert.")
    expect(signed_in_as(page)).to_have_count(0)
    check_a11y(page, "sign-in-bad-token")
