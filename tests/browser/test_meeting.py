"""Ballots from a meeting, on the pages: a storkreds board plans a meeting,
checks off those present (a member who voted online is refused by line), and
types in the paper ballots as one batch; the member checked off is told on
the ballot page. axe at each state."""

import re

import pytest
from conftest import check_a11y, sign_in, voting_round
from playwright.sync_api import Page, expect

BIDS = [("Fyn", "Valgkampsbus", "60.000"), ("Fyn", "Plakater", "30.000")]


@pytest.mark.own_server
def test_board_records_a_meeting(page: Page, width: int, watch):
    watch.allow_console("status of 422")
    round_id = voting_round(page, f"Mødeafstemning {width}", "approval", {}, BIDS)
    online, present = f"online-{width}", f"paa-papir-{width}"
    sign_in(page, "member", storkreds="Fyn", member=online)
    page.goto(f"/runder/{round_id}/stemme")
    page.get_by_role("checkbox", name=re.compile("^Valgkampsbus ")).check()
    page.get_by_role("button", name="Gennemse din stemme").click()
    page.get_by_role("button", name="Afgiv stemme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak, din stemme er afgivet")

    sign_in(page, "board", storkreds="Fyn")
    page.goto(f"/runder/{round_id}")
    page.get_by_role("link", name="Møder og papirstemmer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Møder og papirstemmer")
    check_a11y(page, "meetings")
    page.get_by_role("button", name="Opret mødet").click()
    expect(page.get_by_label("Mødets navn")).to_have_attribute("aria-invalid", "true")
    check_a11y(page, "meetings-error")
    page.get_by_label("Mødets navn").fill("Generalforsamling")
    page.get_by_label("Dato", exact=True).fill("2026-12-05")
    page.get_by_role("button", name="Opret mødet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Generalforsamling")
    check_a11y(page, "meeting")

    members = page.get_by_label("Medlemsnumre")
    members.fill(f"{present}\n{online}\n")
    page.get_by_role("button", name="Kryds af").click()
    expect(page.locator("#check-off-errors")).to_contain_text(f"Linje 2: {online} har allerede stemt online")
    expect(page.get_by_label("Medlemsnumre")).to_have_accessible_description(re.compile("har allerede stemt online"))
    check_a11y(page, "meeting-check-off-refused")
    page.get_by_label("Medlemsnumre").fill(f"{present}\n")
    page.get_by_role("button", name="Kryds af").click()
    expect(page.get_by_role("status")).to_have_text("1 medlem er krydset af.")

    first_bid = page.locator("#bids-caption ~ tbody td.num").first.inner_text()
    page.get_by_label("Stemmesedler", exact=True).fill(f"{first_bid}\n")
    page.get_by_role("button", name="Indtast stemmesedlerne").click()
    expect(page.locator("#batch-errors")).to_contain_text("Sæt kryds for at bekræfte")
    check_a11y(page, "meeting-batch-refused")
    page.get_by_label("Vi har talt stemmesedlerne").check()
    page.get_by_role("button", name="Indtast stemmesedlerne").click()
    expect(page.get_by_role("status")).to_have_text("Stemmesedlerne er indtastet og tæller med i afstemningen.")
    expect(page.get_by_label("Stemmesedler", exact=True)).to_have_count(0)
    check_a11y(page, "meeting-entered")

    sign_in(page, "member", storkreds="Fyn", member=present)
    page.goto(f"/runder/{round_id}/stemme")
    expect(page.get_by_role("status")).to_contain_text("Du har stemt på papir til et møde")
    expect(page.get_by_role("checkbox")).to_have_count(0)
    check_a11y(page, "ballot-checked-off")
