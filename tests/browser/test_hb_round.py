"""HB runs a round through the pages from creation to publication: the new
round form (with its error summary), each phase's confirmation, a board's
bid with a Danish amount (the ambiguous one refused first), its edit and
withdraw pages, the blocker while bids await review, the review with a
reason, the member roll (refused by line, then read), members on the roll
voting, the count, the rule comparison, publication, a member finding their
receipt in the published list, and the audit log. axe at each state."""

import re

import pytest
from conftest import check_a11y, sign_in, signed_in_as, submit_bid
from playwright.sync_api import Page, expect

BAD_ROLL = "m-1,fyn\nm-2,bornholm\nm-3,nowhere\nm-1,fyn\n"
ROLL = "\ufeffm-1,fyn\nm-2,bornholm\nm-3,fyn\n"


def roll_file(text: str) -> dict:
    return {"name": "medlemsliste.csv", "mimeType": "text/csv", "buffer": text.encode()}


def next_phase(page: Page, round_id: int, action: str, confirm: str, a11y: str | None = None) -> None:
    """From the dashboard: the phase link, its confirmation page, back to the dashboard."""
    page.goto(f"/hb/runder/{round_id}")
    page.get_by_role("link", name=action).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(action)
    if a11y:
        check_a11y(page, a11y)
    page.get_by_role("button", name=confirm).click()
    if confirm == "Ja, offentliggør resultatet":
        # Publishing leads to the result, now public.
        expect(page).to_have_url(re.compile(rf"/runder/{round_id}/resultat$"))
        expect(page.get_by_text("Optællingen er ikke offentliggjort endnu.")).to_have_count(0)
        return
    expect(page).to_have_url(re.compile(rf"/hb/runder/{round_id}\b"))
    expect(page.get_by_role("status")).to_have_text("Runden er gået videre til næste fase.")


def vote(page: Page, round_id: int, member: str, storkreds: str, titles: list[str]) -> str:
    """A member on the roll votes for `titles`; returns the receipt code."""
    sign_in(page, "member", storkreds=storkreds, member=member)
    page.goto(f"/runder/{round_id}/stemme")
    for title in titles:
        page.get_by_role("checkbox", name=re.compile(f"^{title} ")).check()
    page.get_by_role("button", name="Gennemse din stemme").click()
    page.get_by_role("button", name="Afgiv stemme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tak, din stemme er afgivet")
    return page.locator("#receipt").inner_text().strip()


@pytest.mark.own_server
def test_hb_runs_a_round_from_creation_to_publication(page: Page, width: int, watch):
    watch.allow_console("status of 422")   # the refused forms
    watch.allow_console("status of 403")   # a member who is not on the roll

    # --- HB creates the round; the first try has errors.
    sign_in(page, "hb")
    page.get_by_role("link", name="Ny runde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opret en afstemningsrunde")
    check_a11y(page, "hb-new-round")
    page.get_by_label("Pulje i kroner").fill("500,000.00")
    page.get_by_role("radio", name=re.compile("^Metoden med lige andele")).check()
    page.get_by_role("button", name="Opret runden").click()
    summary = page.locator("#form-errors")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text("Formularen skal rettes")
    name, pool = page.get_by_label("Navn", exact=True), page.get_by_label("Pulje i kroner")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description(re.compile("Feltet skal udfyldes."))
    expect(pool).to_have_accessible_description(re.compile("Skriv det sådan: 500.000,00"))
    expect(page.get_by_role("radio", name=re.compile("^Metoden med lige andele"))).to_be_checked()
    check_a11y(page, "hb-new-round-errors")
    # The summary names each field, in the form's order, and its link leads there.
    links = summary.get_by_role("link")
    expect(links).to_have_text(["Navn: Feltet skal udfyldes.",
                                'Pulje i kroner: "500,000.00" kan læses på to måder. Skriv det sådan: 500.000,00'])
    links.nth(1).click()
    expect(pool).to_be_focused()

    name.fill(f"KV17-puljen {width}")
    pool.fill("500.000")
    page.get_by_label("Højst antal kryds").fill("2")
    page.get_by_role("radio", name=re.compile("^Et grundbeløb til hver storkreds")).check()
    page.get_by_label("Grundbeløb pr. storkreds i kroner").fill("10.000")
    page.get_by_role("button", name="Opret runden").click()
    expect(page.get_by_role("status")).to_have_text("Runden er oprettet som kladde.")
    round_id = int(re.search(r"/hb/runder/(\d+)", page.url).group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Styr runden")
    check_a11y(page, "hb-dashboard-draft")

    next_phase(page, round_id, "Åbn for indsendelse af forslag", "Ja, åbn for indsendelse", a11y="hb-phase-submission")

    # --- A board bids: the ambiguous amount is refused with the Danish form suggested.
    sign_in(page, "board", storkreds="Fyn")
    page.goto(f"/runder/{round_id}")
    page.get_by_role("link", name="Indsend et forslag").click()
    expect(page.get_by_text("Puljen er på 500.000,00 kr.")).to_be_visible()
    check_a11y(page, "bid-new")
    page.get_by_label("Titel").fill("Valgkampsbus")
    amount = page.get_by_label("Beløb i kroner")
    amount.fill("60,000.00")
    page.get_by_role("button", name="Indsend forslaget").click()
    errors = page.locator("#form-errors")
    expect(errors).to_have_attribute("role", "alert")
    links = errors.get_by_role("link")
    expect(links).to_have_text(["Beskrivelse: Feltet skal udfyldes.",
                                'Beløb i kroner: "60,000.00" kan læses på to måder. Skriv det sådan: 60.000,00'])
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(amount).to_have_accessible_description(re.compile("Skriv det sådan: 60.000,00"))
    expect(page.get_by_label("Beskrivelse")).to_have_accessible_description(re.compile("Feltet skal udfyldes."))
    expect(page.get_by_label("Titel")).to_have_value("Valgkampsbus")
    expect(page.get_by_label("Titel")).not_to_have_attribute("aria-invalid", "true")
    check_a11y(page, "bid-errors")
    links.nth(1).click()
    expect(amount).to_be_focused()
    amount.fill("60.000,00")
    page.get_by_label("Beskrivelse").fill("En bus der kører rundt til alle fynske kommuner.")
    page.get_by_role("button", name="Indsend forslaget").click()
    expect(page.get_by_role("status")).to_have_text("Dit forslag er indsendt. Hovedbestyrelsen behandler det.")
    bid = page.locator("li.bid").filter(has_text="Valgkampsbus")
    expect(bid).to_contain_text("60.000,00 kr.")
    check_a11y(page, "bid-submitted")

    # A second bid, edited and then withdrawn.
    submit_bid(page, round_id, "Plakater", "20.000")
    page.locator("li.bid").filter(has_text="Plakater").get_by_role("link", name="Ret eller træk forslaget tilbage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ret forslaget")
    expect(page.get_by_label("Beløb i kroner")).to_have_value("20.000,00")
    check_a11y(page, "bid-edit")
    page.get_by_label("Beløb i kroner").fill("25.000,50")
    page.get_by_role("button", name="Gem ændringerne").click()
    expect(page.get_by_role("status")).to_have_text("Dine ændringer er gemt.")
    page.locator("li.bid").filter(has_text="Plakater").get_by_role("link", name="Ret eller træk forslaget tilbage").click()
    expect(page.get_by_label("Beløb i kroner")).to_have_value("25.000,50")
    page.get_by_role("link", name="Træk forslaget tilbage").click()
    expect(page.get_by_text('Vil du trække forslaget "Plakater" tilbage?')).to_be_visible()
    check_a11y(page, "bid-withdraw")
    page.get_by_role("button", name="Ja, træk det tilbage").click()
    expect(page.get_by_role("status")).to_have_text("Forslaget er trukket tilbage.")

    sign_in(page, "board", storkreds="Bornholm")
    submit_bid(page, round_id, "Folkemødet", "150.000")

    # --- HB ends the submission; voting is blocked while bids await review.
    sign_in(page, "hb")
    next_phase(page, round_id, "Afslut indsendelsen, og begynd behandlingen", "Ja, afslut indsendelsen",
               a11y="hb-phase-review")
    page.get_by_role("link", name="Åbn afstemningen").click()
    blocker = page.get_by_role("alert")
    expect(blocker).to_contain_text("Runden kan ikke gå videre endnu")
    expect(blocker).to_contain_text("2 forslag afventer stadig behandling")
    expect(page.get_by_role("button", name="Ja, åbn afstemningen")).to_have_count(0)
    check_a11y(page, "hb-phase-blocked")
    page.get_by_role("link", name="Tilbage til styringen af runden").click()
    expect(page.locator(".field-error", has_text="afventer stadig behandling")).to_be_visible()
    check_a11y(page, "hb-dashboard-review")

    # --- The review: each bid accepted with a reason.
    queue = page.locator("section[aria-labelledby=queue]")
    expect(queue.locator("article h3")).to_have_text(["Valgkampsbus", "Folkemødet"])
    for title in ("Valgkampsbus", "Folkemødet"):
        card = queue.locator("article").filter(has_text=title)
        card.get_by_label("Begrundelse").fill("Passer til KV17.")
        card.get_by_role("button", name="Godkend").click()
        expect(page.get_by_role("status")).to_have_text("Forslaget er behandlet.")
    expect(queue).to_contain_text("Ingen forslag afventer behandling.")
    check_a11y(page, "hb-dashboard-reviewed")

    # --- The member roll: refused with its errors by line, then read.
    page.get_by_label("Fil med medlemslisten (CSV)").set_input_files(roll_file(BAD_ROLL))
    page.get_by_role("button", name="Indlæs medlemslisten").click()
    roll_errors = page.locator("#roll-errors")
    expect(roll_errors).to_have_attribute("role", "alert")
    expect(roll_errors.locator("li")).to_have_text([
        'Linje 3: "nowhere" er ikke en storkreds.',
        "Linje 4: medlemmet står allerede på linje 1.",
    ])
    file_input = page.get_by_label("Fil med medlemslisten (CSV)")
    expect(file_input).to_have_attribute("aria-invalid", "true")
    expect(file_input).to_have_accessible_description(re.compile("Linje 3"))
    check_a11y(page, "hb-roll-errors")
    file_input.set_input_files(roll_file(ROLL))
    page.get_by_role("button", name="Indlæs medlemslisten").click()
    expect(page.get_by_role("status")).to_have_text("Medlemslisten er indlæst.")
    expect(page.get_by_text("3 medlemmer står på medlemslisten.")).to_be_visible()
    check_a11y(page, "hb-roll-read")

    next_phase(page, round_id, "Åbn afstemningen", "Ja, åbn afstemningen", a11y="hb-phase-voting")

    # --- Members on the roll vote; one who is not is told so.
    receipts = {
        "m-1": vote(page, round_id, "m-1", "Fyn", ["Valgkampsbus"]),
        "m-2": vote(page, round_id, "m-2", "Bornholm", ["Folkemødet"]),
        "m-3": vote(page, round_id, "m-3", "Fyn", ["Valgkampsbus"]),
    }
    sign_in(page, "member", storkreds="Fyn", member="m-9")
    response = page.goto(f"/runder/{round_id}/stemme")
    assert response is not None and response.status == 403
    expect(page.get_by_text("Du står ikke på medlemslisten for denne afstemning.")).to_be_visible()
    check_a11y(page, "ballot-not-on-roll")

    # --- HB closes, counts, compares the rules, publishes.
    sign_in(page, "hb")
    next_phase(page, round_id, "Luk afstemningen", "Ja, luk afstemningen", a11y="hb-phase-closed")
    check_a11y(page, "hb-dashboard-closed")
    page.get_by_role("button", name="Tæl op").click()
    expect(page).to_have_url(re.compile(f"/runder/{round_id}/resultat$"))
    expect(page.get_by_text("Optællingen er ikke offentliggjort endnu.")).to_be_visible()
    check_a11y(page, "result-unpublished")

    page.goto(f"/hb/runder/{round_id}")
    page.get_by_role("link", name="Sammenlign fordelingsmetoder (ikke officielt)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammenlign fordelingsmetoder")
    expect(page.get_by_text("Ikke officielt", exact=True)).to_be_visible()
    # A column per rule and split; the round's own (equal shares, floor split) is marked.
    headings = page.locator("table thead th")
    for rule in ("Flest stemmer først", "Metoden med lige andele", "Phragméns metode"):
        expect(headings.filter(has_text=f"{rule} · Et grundbeløb til hver storkreds")).to_have_count(1)
        expect(headings.filter(has_text=f"{rule} · Én fælles pulje")).to_have_count(1)
    official = headings.filter(has_text="rundens metode")
    expect(official).to_have_count(1)
    expect(official).to_contain_text("Metoden med lige andele · Et grundbeløb til hver storkreds")
    # The table scrolls sideways in its box; its caption is seen without scrolling it.
    caption = page.get_by_text("Bevilling pr. forslag med hver metode")
    text_box = caption.evaluate("c => { const r = document.createRange(); r.selectNodeContents(c);"
                                " const b = r.getBoundingClientRect(); return [b.left, b.right]; }")
    assert 0 <= text_box[0] and text_box[1] <= width, text_box
    check_a11y(page, "hb-compare")

    next_phase(page, round_id, "Offentliggør resultatet", "Ja, offentliggør resultatet", a11y="hb-phase-published")
    page.goto(f"/hb/runder/{round_id}")
    expect(page.get_by_text("Runden er offentliggjort. Der er ikke flere faser.")).to_be_visible()
    check_a11y(page, "hb-dashboard-published")

    page.get_by_role("link", name="Revisionslog").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revisionslog")
    expect(page.get_by_role("status")).to_contain_text("Kæden er intakt")
    events = page.locator("table tbody")
    for what in ("Runden er oprettet", "Fase skiftet", "Forslag trukket tilbage", "Forslag behandlet",
                 "Medlemsliste indlæst", "Optælling"):
        expect(events).to_contain_text(what)
    check_a11y(page, "hb-audit")

    # --- A member finds their receipt in the published list, typed their own way.
    sign_in(page, "member", storkreds="Bornholm", member="m-2")
    page.goto(f"/runder/{round_id}")
    page.get_by_role("link", name="Se resultatet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultat")
    expect(page.get_by_text("Fordelt 310.000,00 kr. + ikke fordelt 190.000,00 kr. = puljen på 500.000,00 kr.")).to_be_visible()
    check_a11y(page, "result-published")

    field = page.get_by_label("Din kvitteringskode")
    field.fill(receipts["m-2"].replace("-", " ").upper())
    page.get_by_role("button", name="Find min stemme").click()
    found = page.locator("#receipt-result")
    expect(found).to_have_attribute("role", "status")
    expect(found).to_contain_text("Din stemme er talt med: Folkemødet")
    expect(field).to_have_accessible_description(re.compile("Din stemme er talt med"))
    check_a11y(page, "result-receipt-found")

    page.get_by_label("Din kvitteringskode").fill("0" * 32)
    page.get_by_role("button", name="Find min stemme").click()
    expect(page.locator("#receipt-result")).to_contain_text("Der er ingen talt stemme med den kvitteringskode.")
    check_a11y(page, "result-receipt-missing")

    # Signed out, the result is public too.
    page.get_by_role("button", name="Log ud").click()
    expect(signed_in_as(page)).to_have_count(0)
    page.goto(f"/runder/{round_id}/resultat?kvittering={receipts['m-1']}")
    expect(page.locator("#receipt-result")).to_contain_text("Din stemme er talt med: Valgkampsbus")
