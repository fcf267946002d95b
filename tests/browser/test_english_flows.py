"""An English-language pass (browser language en-GB): a member votes on the
demo round's ballot (counter, error, review, receipt), and HB's new round
form explains its errors in English, tied to the fields and fieldsets."""

import re

import pytest
from conftest import DEMO_ROUND_ID, check_a11y, sign_in
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.locale("en-GB")


def test_member_votes_in_english(page: Page, width: int, watch):
    watch.allow_console("status of 422")
    sign_in(page, "member", storkreds="Fyn", member=f"english-{width}")
    page.goto(f"/runder/{DEMO_ROUND_ID}/stemme")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your ballot")
    expect(page.locator("#ballot-instructions")).to_have_text(
        "Tick the proposals you support: at least 0 and at most 3.")
    counter = page.locator("#ballot-live")
    expect(counter).to_have_text("Chosen: 0 of at most 3.")
    check_a11y(page, "ballot-en")

    boxes = page.get_by_role("checkbox")
    for i in range(4):
        boxes.nth(i).check()
    expect(counter).to_have_text("Chosen: 4 of at most 3. That is too many. Remove a tick before you continue.")
    page.get_by_role("button", name="Review your vote").click()
    expect(page.get_by_role("alert")).to_contain_text("The ballot needs correcting")
    expect(page.get_by_role("group", name="Proposals")).to_have_accessible_description(
        re.compile("You chose 4 proposals. You can choose at most 3."))
    check_a11y(page, "ballot-error-en")

    boxes.nth(0).uncheck()
    boxes.nth(2).uncheck()
    page.get_by_role("button", name="Review your vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review your vote")
    expect(page.locator("main .cards li")).to_have_count(2)
    expect(page.locator("main .cards")).to_contain_text("DKK 60,000.00")
    check_a11y(page, "ballot-review-en")
    page.get_by_role("button", name="Cast vote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, your vote is cast")
    expect(page.get_by_role("button", name="Copy the code")).to_be_visible()
    check_a11y(page, "ballot-receipt-en")


def test_new_round_errors_in_english(page: Page, watch):
    watch.allow_console("status of 422")
    sign_in(page, "hb")
    page.get_by_role("link", name="New round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a voting round")
    check_a11y(page, "hb-new-round-en")

    page.get_by_label("Pool in kroner").fill("500,000.00")
    page.get_by_role("button", name="Create the round").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("The form needs correcting")
    expect(summary.get_by_role("link")).to_have_text([
        "Name: This field must be filled in.",
        'Pool in kroner: "500,000.00" can be read two ways. Write it like this: 500.000,00',
    ])
    expect(page.get_by_label("Name", exact=True)).to_have_accessible_description(
        re.compile("This field must be filled in."))
    check_a11y(page, "hb-new-round-errors-en")

    # Points with Phragmén's method: the error belongs to the method's fieldset.
    page.get_by_label("Name", exact=True).fill("Points round")
    page.get_by_label("Pool in kroner").fill("500.000")
    page.get_by_role("radio", name=re.compile("^Spread points")).check()
    page.get_by_label("Points per member").fill("10")
    page.get_by_role("radio", name=re.compile("^Phragmén's method")).check()
    page.get_by_role("button", name="Create the round").click()
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text(
        "Allocation method: Phragmén's method counts ticks. Choose another method with points.")
    expect(page.get_by_role("group", name="Allocation method")).to_have_accessible_description(
        "Phragmén's method counts ticks. Choose another method with points.")
    expect(page.get_by_role("radio", name=re.compile("^Spread points"))).to_be_checked()
    check_a11y(page, "hb-new-round-rule-error-en")
