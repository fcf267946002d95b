"""The knapsack and the cumulative ballot, on rounds HB makes through the
pages (/hb/runder/ny) and a board bids in with Danish amounts: the live
budget meter and point counter, the errors the server explains, the review
and the receipt."""

import re

import pytest
from conftest import check_a11y, sign_in, voting_round
from playwright.sync_api import Page, expect

BIDS = [
    ("Fyn", "Valgkampsbus", "60.000"),
    ("Fyn", "Plakater", "30.000,00"),
    ("Fyn", "Vælgermøder", "50.000"),
]


def proposal(page: Page, role: str, title: str):
    return page.get_by_role(role, name=re.compile(f"^{title} "))


@pytest.mark.own_server
def test_knapsack_ballot_keeps_to_the_budget(page: Page, width: int, watch):
    watch.allow_console("status of 422")
    round_id = voting_round(page, f"Budgetrunden {width}", "knapsack", {"knapsack_limit": "100.000"}, BIDS)

    sign_in(page, "member", storkreds="Fyn", member=f"knapsack-{width}")
    page.goto(f"/runder/{round_id}/stemme")
    # The amount's "kr." ends the sentence: no second full stop.
    expect(page.locator("#ballot-instructions")).to_have_text("Vælg forslag inden for et budget på 100.000,00 kr.")
    counter = page.locator("#ballot-live")
    meter = page.locator("#ballot-meter")
    expect(counter).to_have_text("Brugt: 0,00 kr. af 100.000,00 kr. — 100.000,00 kr. tilbage.")
    expect(meter).to_have_accessible_name(re.compile("^Brugt: 0,00 kr."))
    check_a11y(page, "knapsack-ballot")

    proposal(page, "checkbox", "Valgkampsbus").check()
    proposal(page, "checkbox", "Plakater").check()
    expect(counter).to_have_text("Brugt: 90.000,00 kr. af 100.000,00 kr. — 10.000,00 kr. tilbage.")
    assert meter.evaluate("m => [m.value, m.max]") == [9_000_000, 10_000_000]
    check_a11y(page, "knapsack-ballot-within")

    # Over the budget: the counter says so and the meter turns red; sent, the server explains.
    proposal(page, "checkbox", "Vælgermøder").check()
    expect(counter).to_have_text("Brugt: 140.000,00 kr. af 100.000,00 kr. — 0,00 kr. tilbage. "
                                 "Det er mere end budgettet. Fjern et forslag, før du går videre.")
    expect(meter).to_have_class(re.compile(r"\bover\b"))
    check_a11y(page, "knapsack-ballot-over")
    page.get_by_role("button", name="Gennemse din stemme").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "De valgte forslag koster 140.000,00 kr. tilsammen. Budgettet er på 100.000,00 kr.")
    expect(page.get_by_role("group", name="Forslag")).to_have_accessible_description(
        re.compile("Budgettet er på 100.000,00 kr."))
    expect(page.locator("input[name=forslag]:checked")).to_have_count(3)
    check_a11y(page, "knapsack-ballot-error")

    proposal(page, "checkbox", "Vælgermøder").uncheck()
    expect(meter).not_to_have_class(re.compile(r"\bover\b"))
    page.get_by_role("button", name="Gennemse din stemme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gennemse din stemme")
    expect(page.locator("main .cards li")).to_have_count(2)
    expect(page.get_by_text("Valgte forslag koster tilsammen: 90.000,00 kr.")).to_be_visible()
    check_a11y(page, "knapsack-review")
    page.get_by_role("button", name="Afgiv stemme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak, din stemme er afgivet")
    expect(page.locator("#receipt")).to_have_text(re.compile(r"[0-9a-f]{4}(-[0-9a-f]{4}){7}"))


@pytest.mark.own_server
def test_cumulative_ballot_spreads_points(page: Page, width: int, watch):
    watch.allow_console("status of 422")
    round_id = voting_round(page, f"Pointrunden {width}", "cumulative",
                            {"points": "10", "max_per_proposal": "6"}, BIDS[:2])

    sign_in(page, "member", storkreds="Fyn", member=f"cumulative-{width}")
    page.goto(f"/runder/{round_id}/stemme")
    expect(page.locator("#ballot-instructions")).to_have_text("Fordel 10 point mellem forslagene, højst 6 til ét forslag.")
    counter = page.locator("#ballot-live")
    bus = proposal(page, "spinbutton", "Valgkampsbus")
    posters = proposal(page, "spinbutton", "Plakater")
    expect(counter).to_have_text("Fordelt: 0 af 10 point — 10 tilbage.")
    check_a11y(page, "cumulative-ballot")

    # More than 6 on one proposal: the error is on that field and tied to it.
    bus.fill("7")
    posters.fill("3")
    expect(counter).to_have_text("Fordelt: 10 af 10 point — 0 tilbage.")
    page.get_by_role("button", name="Gennemse din stemme").click()
    expect(page.get_by_role("alert")).to_contain_text("Stemmesedlen skal rettes")
    expect(bus).to_have_attribute("aria-invalid", "true")
    expect(bus).to_have_accessible_description("Højst 6 point til ét forslag.")
    expect(posters).not_to_have_attribute("aria-invalid", "true")
    expect(bus).to_have_value("7")
    check_a11y(page, "cumulative-ballot-over-cap")

    # More points than the member has: the counter says so before sending.
    bus.fill("6")
    posters.fill("5")
    expect(counter).to_have_text("Fordelt: 11 af 10 point — 0 tilbage. "
                                 "Det er flere point, end du har. Tag nogle point fra, før du går videre.")
    check_a11y(page, "cumulative-ballot-too-many")
    page.get_by_role("button", name="Gennemse din stemme").click()
    expect(page.get_by_role("alert")).to_contain_text("Du har fordelt 11 point. Du har 10 point.")

    posters.fill("4")
    expect(counter).to_have_text("Fordelt: 10 af 10 point — 0 tilbage.")
    page.get_by_role("button", name="Gennemse din stemme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gennemse din stemme")
    chosen = page.locator("main .cards li")
    expect(chosen).to_have_count(2)
    expect(chosen.filter(has_text="Valgkampsbus")).to_contain_text("6 point")
    expect(chosen.filter(has_text="Plakater")).to_contain_text("4 point")
    check_a11y(page, "cumulative-review")
    page.get_by_role("button", name="Afgiv stemme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak, din stemme er afgivet")
