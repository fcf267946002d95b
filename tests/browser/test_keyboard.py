"""The pages by keyboard alone."""

import re

from conftest import check_a11y, signed_in_as, tab_to
from playwright.sync_api import Page, expect


def test_skip_link_comes_first_and_moves_to_the_content(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Gå til indholdet")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    check_a11y(page, "keyboard-skip-link")

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    expect(page.locator("main")).to_be_focused()


def test_sign_in_by_keyboard_alone(page: Page):
    page.goto("/")
    path = tab_to(page, "a: Log ind")
    assert path[0] == "a: Gå til indholdet", path
    check_a11y(page, "keyboard-sign-in-link")

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/log-ind$"))
    tab_to(page, "button: Log ind som hovedbestyrelsen")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/$"))
    expect(signed_in_as(page)).to_have_text("Logget ind som hovedbestyrelsen (HB)")

    tab_to(page, "button: Log ud")
    page.keyboard.press("Enter")
    expect(signed_in_as(page)).to_have_count(0)
