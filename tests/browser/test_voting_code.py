"""Voting with a one-time code: HB makes codes for the round's roll and
downloads the file; someone with no account types a code on the round's
page, is told when it is mistyped, and votes."""

import re
from pathlib import Path

import pytest
from conftest import accept_all_bids, check_a11y, create_round, move_to_phase, sign_in, submit_bid
from playwright.sync_api import Page, expect


@pytest.mark.own_server
def test_hb_hands_out_codes_and_a_member_votes_with_one(page: Page, width: int, watch):
    watch.allow_console("status of 422")
    sign_in(page, "hb")
    round_id = create_round(page, f"Stemmekoder {width}")
    move_to_phase(page, round_id, "submission")
    sign_in(page, "board", storkreds="Fyn")
    submit_bid(page, round_id, "Plakater på Fyn", "20.000")
    sign_in(page, "hb")
    move_to_phase(page, round_id, "review")
    accept_all_bids(page, round_id)
    page.goto(f"/hb/runder/{round_id}")
    page.get_by_label("Fil med medlemslisten (CSV)").set_input_files(
        files=[{"name": "liste.csv", "mimeType": "text/csv", "buffer": b"kode-1,fyn\nkode-2,bornholm\n"}])
    page.get_by_role("button", name="Indlæs medlemslisten").click()
    expect(page.locator("#roll-caption")).to_be_attached()
    move_to_phase(page, round_id, "voting")
    check_a11y(page, "hb-voting-codes")
    with page.expect_download() as download:
        page.get_by_role("button", name="Lav stemmekoder og hent filen").click()
    lines = Path(download.value.path()).read_text().splitlines()
    assert lines[0] == "member_id,storkreds,code"
    codes = {line.split(",")[0]: line.split(",")[2] for line in lines[1:]}
    assert sorted(codes) == ["kode-1", "kode-2"]
    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile("/$"))

    page.goto(f"/runder/{round_id}")
    page.get_by_role("link", name="Brug en stemmekode").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stem med en stemmekode")
    check_a11y(page, "voting-code")
    page.get_by_label("Stemmekode").fill("ABCD")
    page.get_by_role("button", name="Fortsæt til stemmesedlen").click()
    expect(page.get_by_role("alert")).to_contain_text("Det ligner ikke en stemmekode")
    expect(page.get_by_label("Stemmekode")).to_have_attribute("aria-invalid", "true")
    check_a11y(page, "voting-code-malformed")

    page.get_by_label("Stemmekode").fill(codes["kode-1"].lower().replace("-", " "))
    page.get_by_role("button", name="Fortsæt til stemmesedlen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Din stemmeseddel")
    page.get_by_role("checkbox", name=re.compile("^Plakater på Fyn")).check()
    page.get_by_role("button", name="Gennemse din stemme").click()
    page.get_by_role("button", name="Afgiv stemme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak, din stemme er afgivet")
    check_a11y(page, "voting-code-voted")
