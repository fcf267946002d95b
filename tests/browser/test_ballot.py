"""A member votes on the demo round's approval ballot (at most 3 ticks) with
the mouse: the live counter, the review, the receipt, and changing the vote;
too many ticks are explained by the counter and, once sent, by an alert."""

import re

from conftest import DEMO_ROUND_ID, DEMO_ROUND_NAME, check_a11y, sign_in
from playwright.sync_api import Page, expect

BALLOT = f"/runder/{DEMO_ROUND_ID}/stemme"
RECEIPT = re.compile(r"^[0-9a-f]{4}(-[0-9a-f]{4}){7}$")


def test_member_votes_reviews_and_changes_the_ballot(page: Page, width: int):
    sign_in(page, "member", storkreds="Fyn", member=f"ballot-mouse-{width}")
    page.goto(f"/runder/{DEMO_ROUND_ID}")
    page.get_by_role("link", name="Afgiv din stemme").click()
    expect(page).to_have_url(re.compile(f"{BALLOT}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Din stemmeseddel")
    counter = page.locator("#ballot-live")
    expect(counter).to_have_attribute("aria-live", "polite")
    expect(counter).to_have_text("Valgt: 0 af højst 3.")
    check_a11y(page, "ballot")

    # A click on the proposal's text ticks it, as its label.
    page.get_by_text("Valgkampsbus til Fyn").click()
    expect(page.get_by_role("checkbox", name=re.compile("^Valgkampsbus til Fyn"))).to_be_checked()
    page.get_by_role("checkbox", name=re.compile("^Folkemødet")).check()
    expect(counter).to_have_text("Valgt: 2 af højst 3.")
    check_a11y(page, "ballot-ticked")

    page.get_by_role("button", name="Gennemse din stemme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gennemse din stemme")
    chosen = page.locator("main .cards li")
    expect(chosen).to_have_count(2)
    expect(chosen.first).to_contain_text("Valgkampsbus til Fyn")
    expect(chosen.last).to_contain_text("Folkemødet")
    check_a11y(page, "ballot-review")

    # Back to correct it: the ticks are kept.
    page.get_by_role("button", name="Ret stemmesedlen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din stemmeseddel")
    expect(page.get_by_role("checkbox", name=re.compile("^Valgkampsbus til Fyn"))).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile("^Folkemødet"))).to_be_checked()
    expect(counter).to_have_text("Valgt: 2 af højst 3.")
    page.get_by_role("checkbox", name=re.compile("^Folkemødet")).uncheck()
    page.get_by_role("button", name="Gennemse din stemme").click()
    expect(page.locator("main .cards li")).to_have_count(1)
    page.get_by_role("button", name="Afgiv stemme").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tak, din stemme er afgivet")
    receipt = page.locator("#receipt").inner_text().strip()
    assert RECEIPT.match(receipt), receipt
    # The script shows the copy and print buttons.
    expect(page.get_by_role("button", name="Kopiér koden")).to_be_visible()
    expect(page.get_by_role("button", name="Udskriv")).to_be_visible()
    check_a11y(page, "ballot-receipt")

    # Later: the ballot says so and shows the vote; the change gets a new code.
    page.get_by_role("link", name="Ændr din stemme").click()
    expect(page.get_by_text("Du har allerede stemt.")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile("^Valgkampsbus til Fyn"))).to_be_checked()
    expect(counter).to_have_text("Valgt: 1 af højst 3.")
    check_a11y(page, "ballot-has-voted")
    page.get_by_role("checkbox", name=re.compile("^Kandidatskole i Aalborg")).check()
    page.get_by_role("button", name="Gennemse din stemme").click()
    page.get_by_role("button", name="Afgiv stemme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din stemme er ændret")
    expect(page.get_by_text("Den nye stemme erstatter den gamle.")).to_be_visible()
    changed = page.locator("#receipt").inner_text().strip()
    assert RECEIPT.match(changed) and changed != receipt, (receipt, changed)
    check_a11y(page, "ballot-changed")

    page.get_by_role("link", name=DEMO_ROUND_NAME).click()
    expect(page).to_have_url(re.compile(f"/runder/{DEMO_ROUND_ID}$"))


def test_too_many_ticks_are_explained_before_and_after_sending(page: Page, width: int, watch):
    watch.allow_console("status of 422")
    sign_in(page, "member", storkreds="Nordjylland", member=f"ballot-too-many-{width}")
    page.goto(BALLOT)
    boxes = page.get_by_role("checkbox")
    for i in range(4):
        boxes.nth(i).check()
    counter = page.locator("#ballot-live")
    expect(counter).to_have_text("Valgt: 4 af højst 3. Det er for mange. Fjern et kryds, før du går videre.")
    check_a11y(page, "ballot-counter-too-many")

    page.get_by_role("button", name="Gennemse din stemme").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Stemmesedlen skal rettes")
    expect(alert).to_contain_text("Du har valgt 4 forslag. Du kan højst vælge 3.")
    # The message belongs to the group of ticks, and the ticks are kept.
    expect(page.get_by_role("group", name="Forslag")).to_have_accessible_description(
        re.compile("Du har valgt 4 forslag. Du kan højst vælge 3."))
    expect(page.locator("input[name=forslag]:checked")).to_have_count(4)
    check_a11y(page, "ballot-error-too-many")

    # Removing a tick and sending again works; nothing was cast before.
    boxes.nth(3).uncheck()
    expect(counter).to_have_text("Valgt: 3 af højst 3.")
    page.get_by_role("button", name="Gennemse din stemme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gennemse din stemme")
    expect(page.locator("main .cards li")).to_have_count(3)
