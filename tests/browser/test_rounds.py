"""The rounds page and a round's page with its bid filter."""

import re

from conftest import DEMO_ROUND_ID, DEMO_ROUND_NAME, check_a11y
from playwright.sync_api import Page, expect

# The demo's bids that are still in the round (its rejected one is not listed).
LISTED_BIDS = {
    "Lokalkontor på Nørrebro",
    "Valgkampsbus til Fyn",
    "Kandidatskole i Aalborg",
    "Dør-til-dør i Aarhus Vest",
    "Folkemødet",
}


def bid_titles(page: Page) -> set[str]:
    return set(page.locator("li.bid h3").all_inner_texts())


def test_rounds_page_is_danish_and_lists_the_demo_round(page: Page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page).to_have_title(re.compile("^Afstemningsrunder"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Afstemningsrunder")
    link = page.get_by_role("link", name=DEMO_ROUND_NAME)
    expect(link).to_have_attribute("href", f"/runder/{DEMO_ROUND_ID}")
    expect(page.get_by_role("link", name="Log ind")).to_be_visible()
    check_a11y(page, "rounds")

    link.click()
    expect(page).to_have_url(re.compile(f"/runder/{DEMO_ROUND_ID}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_ROUND_NAME)


def test_round_page_filters_bids_by_storkreds_and_status(page: Page):
    page.goto(f"/runder/{DEMO_ROUND_ID}")
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_ROUND_NAME)
    expect(page.locator("li.bid")).to_have_count(len(LISTED_BIDS))
    assert bid_titles(page) == LISTED_BIDS
    check_a11y(page, "round")

    page.get_by_label("Storkreds").select_option(label="Fyn")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page).to_have_url(re.compile(r"storkreds=fyn"))
    expect(page.locator("li.bid")).to_have_count(1)
    expect(page.locator("li.bid h3")).to_have_text("Valgkampsbus til Fyn")
    expect(page.get_by_label("Storkreds")).to_have_value("fyn")
    check_a11y(page, "round-filter-fyn")

    page.get_by_label("Storkreds").select_option(label="Alle storkredse")
    page.get_by_label("Status").select_option(label="Afvist")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.locator("li.bid")).to_have_count(1)
    expect(page.locator("li.bid h3")).to_have_text("Reklamefilm")
    check_a11y(page, "round-filter-rejected")

    page.get_by_label("Storkreds").select_option(label="Bornholm")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.locator("li.bid")).to_have_count(0)
    expect(page.get_by_text("Der er ingen forslag at vise.")).to_be_visible()
    check_a11y(page, "round-filter-none")

    page.get_by_role("link", name="Vis alle").click()
    expect(page).to_have_url(re.compile(f"/runder/{DEMO_ROUND_ID}#bids$"))
    expect(page.locator("li.bid")).to_have_count(len(LISTED_BIDS))


def test_unknown_round_is_a_danish_404_page(page: Page, watch):
    watch.allow_console("status of 404")
    response = page.goto("/runder/999")
    assert response is not None and response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_a11y(page, "round-not-found")
