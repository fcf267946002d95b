"""The language switch: English on request, remembered, and back to Danish."""

import re

import pytest
from conftest import DEMO_ROUND_ID, DEMO_ROUND_NAME, check_a11y
from playwright.sync_api import Page, expect


def test_switch_to_english_is_remembered_and_switches_back(page: Page):
    page.goto(f"/runder/{DEMO_ROUND_ID}")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    switch = page.get_by_role("link", name="English")
    expect(switch).to_have_attribute("lang", "en")

    switch.click()
    # The switch returns to the page it was chosen on.
    expect(page).to_have_url(re.compile(f"/runder/{DEMO_ROUND_ID}$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Proposals")).to_be_visible()
    check_a11y(page, "round-en")

    # Remembered on the next page.
    page.get_by_role("link", name="Voting rounds").first.click()
    expect(page).to_have_url(re.compile("/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Voting rounds")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    check_a11y(page, "rounds-en")

    page.get_by_role("link", name="Sign in").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign in as the national board")).to_be_visible()
    check_a11y(page, "sign-in-en")

    page.get_by_role("link", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("link", name=DEMO_ROUND_NAME)).to_be_visible()


@pytest.mark.locale("en-GB")
def test_english_browser_gets_english_pages(page: Page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Voting rounds")
    expect(page.get_by_role("link", name="Dansk")).to_be_visible()
    check_a11y(page, "rounds-accept-language-en")
