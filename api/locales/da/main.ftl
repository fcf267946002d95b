site-name = medlemsbudget
skip-to-content = Gå til indholdet
nav-label = Hovedmenu
nav-rounds = Afstemningsrunder
nav-new-round = Ny runde
switch-language = English
sign-in = Log ind
sign-out = Log ud
role-hb = Logget ind som hovedbestyrelsen (HB)
role-board = Logget ind som storkredsbestyrelse for { $storkreds }
role-member = Logget ind som medlem { $id } ({ $storkreds })
footer-text = medlemsbudget fordeler puljen efter regler, der ligger fast, før afstemningen åbner, og alle kan kontrollere resultatet bagefter.
footer-api = API og dokumentation
footer-key = Offentlig signeringsnøgle
back-to-rounds = Tilbage til afstemningsrunderne
month-1 = januar
month-2 = februar
month-3 = marts
month-4 = april
month-5 = maj
month-6 = juni
month-7 = juli
month-8 = august
month-9 = september
month-10 = oktober
month-11 = november
month-12 = december

problem-details = Teknisk forklaring (på engelsk)
problem-other = Noget gik galt
problem-400 = Forespørgslen kunne ikke læses
problem-401 = Du skal logge ind
problem-403 = Det har du ikke adgang til
problem-404 = Siden findes ikke
problem-409 = Det kan ikke lade sig gøre lige nu
problem-413 = Det sendte er for stort
problem-422 = Noget i formularen skal rettes
problem-500 = Der skete en fejl hos os
problem-503 = Tjenesten svarer ikke lige nu
problem-unauthorized = Log ind for at se denne side.
problem-forbidden = Din rolle giver ikke adgang til dette.
problem-not-on-electorate = Du står ikke på medlemslisten for denne afstemning. Kontakt din storkreds, hvis du mener, det er en fejl.
problem-other-round = Din stemmekode gælder kun den afstemning, den er lavet til.
problem-no-electorate = Afstemningen har ingen medlemsliste endnu. Stemmekoder laves til medlemmerne på listen.
problem-not-found = Det, du leder efter, findes ikke. Måske er linket forældet.
problem-wrong-phase = Det kan ikke lade sig gøre i rundens nuværende fase.
problem-not-published = Resultatet er ikke offentliggjort endnu.
problem-internal = Fejlen er skrevet i loggen. Prøv igen om lidt.
problem-unavailable = Databasen svarer ikke. Prøv igen om lidt.

phase-draft = Kladde
phase-submission = Indsendelse
phase-review = Behandling
phase-voting = Afstemning
phase-closed = Lukket
phase-published = Offentliggjort
phase-draft-text = Hovedbestyrelsen gør runden klar. Derefter kan storkredsbestyrelserne indsende forslag.
phase-submission-text = Storkredsbestyrelserne kan indsende og rette forslag. Derefter behandler hovedbestyrelsen dem.
phase-review-text = Hovedbestyrelsen behandler forslagene. Derefter åbner afstemningen om de godkendte forslag.
phase-voting-text = Afstemningen er åben. Du kan ændre din stemme, indtil afstemningen lukker.
phase-closed-text = Afstemningen er lukket. Hovedbestyrelsen tæller op og offentliggør resultatet.
phase-published-text = Resultatet er offentliggjort. Alle kan se det og kontrollere optællingen.

status-submitted = Afventer behandling
status-accepted = Godkendt
status-rejected = Afvist
status-withdrawn = Trukket tilbage

ballot-approval-max = Sæt kryds ved de forslag, du støtter: mindst { $min } og højst { $max }.
ballot-approval-any = { $min ->
    [0] Sæt kryds ved alle de forslag, du støtter.
   *[other] Sæt kryds ved mindst { $min } forslag, du støtter.
}
# An amount ends in "kr.", and that full stop also ends the sentence: no second one after it.
ballot-knapsack = Vælg forslag inden for et budget på { $limit }
ballot-cumulative = Fordel { $points } point mellem forslagene.
ballot-cumulative-cap = Fordel { $points } point mellem forslagene, højst { $cap } til ét forslag.

rule-greedy = Flest stemmer først
rule-greedy-text = Forslagene får penge i rækkefølge efter antal stemmer, så længe der er penge nok.
rule-mes = Metoden med lige andele
rule-mes-text = Hvert medlem råder over en lige stor del af puljen. Et forslag får penge, når dets tilhængere tilsammen kan betale det.
rule-phragmen = Phragméns metode
rule-phragmen-text = Tilhængerne af hvert forslag deler udgiften, og forslagene vælges, så byrden fordeles så jævnt som muligt.

split-national-text = Én fælles pulje for hele landet.
split-equal-text = Lige fordeling: hver storkreds har en tiendedel af puljen, og medlemmerne stemmer om deres egen storkreds' forslag.
split-by-members-text = Fordeling efter medlemstal: hver storkreds' del af puljen svarer til dens andel af medlemmerne på medlemslisten.
split-fixed-text = Faste beløb: hovedbestyrelsen har fastsat hver storkreds' del af puljen.
split-floor-text = Et grundbeløb på { $amount } til hver storkreds; resten fordeles i én fælles pulje.
split-leftovers-pooled = Penge, der ikke bliver brugt i en storkreds, fordeles bagefter i en fælles pulje.

rounds-title = Afstemningsrunder
rounds-intro = Her kan du se rundernes forslag, stemme, når afstemningen er åben, og se resultatet, når det er offentliggjort.
rounds-none = Der er ingen afstemningsrunder endnu.
pool = Pulje
ballot = Stemmeseddel
rule = Fordelingsmetode
split = Fordeling mellem storkredse
bids = Forslag
bids-none = Der er ingen forslag at vise.
storkreds = Storkreds
status = Status
all-storkredse = Alle storkredse
all-statuses = Alle forslag, der er med
filter = Vis
filter-clear = Vis alle
review-reason = Begrundelse
vote-now = Afgiv din stemme
see-result = Se resultatet
bid-new = Indsend et forslag
bid-edit = Ret eller træk forslaget tilbage
hb-manage = Styr runden (HB)

sign-in-demo = Prøv tjenesten (kun i demo)
sign-in-demo-text = Denne udgave kører som demo. Vælg, hvem du vil være. I en rigtig afstemning logger du ind gennem foreningens medlemssystem.
sign-in-as-hb = Log ind som hovedbestyrelsen
sign-in-as-board = Log ind som storkredsbestyrelse
sign-in-as-member = Log ind som medlem
sign-in-demo-incomplete = Vælg en storkreds, og skriv et medlemsnummer for at logge ind som medlem.
member-id = Medlemsnummer
sign-in-token = Log ind med en adgangsnøgle
sign-in-token-text = Har du fået en adgangsnøgle (et langt stykke tekst) fra hovedbestyrelsen, kan du indsætte den her.
sign-in-token-invalid = Adgangsnøglen virker ikke. Den kan være udløbet eller kopieret forkert.
token = Adgangsnøgle
sign-in-oidc = Log ind med din medlemskonto
sign-in-oidc-text = Brug det samme login som i foreningens medlemssystem. Du bliver sendt dertil og kommer tilbage hertil bagefter.
sign-in-oidc-button = Log ind gennem medlemssystemet
sign-in-code = Har du fået en stemmekode?
sign-in-code-text = Har du fået en stemmekode med posten eller på e-mail, skal du ikke logge ind her. Find afstemningen på forsiden, og vælg »Brug en stemmekode«.
sign-in-code-link = Se afstemningerne
oidc-error-provider = Du blev ikke logget ind. Medlemssystemet afbrød login, måske fordi du valgte at annullere. Prøv igen.
oidc-error-state = Login kunne ikke gøres færdigt, fordi siden var for gammel eller allerede brugt. Start forfra med »Log ind gennem medlemssystemet«.
oidc-error-code = Login kunne ikke gøres færdigt, fordi medlemssystemet ikke godkendte det. Start forfra med »Log ind gennem medlemssystemet«.
oidc-error-expired = Login kunne ikke gøres færdigt, fordi svaret fra medlemssystemet var for gammelt. Start forfra. Sker det igen, så kontakt hovedbestyrelsen.
oidc-error-token = Login blev afvist, fordi svaret fra medlemssystemet ikke kunne godkendes. Start forfra. Sker det igen, så kontakt hovedbestyrelsen.
oidc-error-claims = Du er logget ind i medlemssystemet, men det fortæller ikke, hvem du er her. Kontakt hovedbestyrelsen.
oidc-error-unreachable = Medlemssystemet svarer ikke lige nu. Prøv igen om lidt.
code-title = Stem med en stemmekode
code-use = Brug en stemmekode
code-text = Skriv den stemmekode, du har fået med posten eller på e-mail. Med koden kan du stemme i denne afstemning, og du kan ændre din stemme, indtil afstemningen lukker.
code-label = Stemmekode
code-hint = 28 bogstaver og tal, fx 7KQ2-… Store eller små bogstaver og mellemrum er lige meget.
code-button = Fortsæt til stemmesedlen
code-malformed = Det ligner ikke en stemmekode. En stemmekode har 28 bogstaver og tal. Tjek, at du har skrevet den præcis, som den står.
code-unknown = Koden passer ikke til denne afstemning. Tjek, at du har skrevet den rigtigt, og at det er den nyeste kode, du har fået.
code-not-voting = Der kan kun stemmes med en stemmekode, mens afstemningen er åben.
code-back = Tilbage til afstemningen
code-too-many-title = Vent lidt, og prøv igen
code-too-many-text = Der er prøvet mange stemmekoder på kort tid. Vent et minut, og prøv så igen. Tjek, at du skriver koden præcis, som den står i dit brev.
hb-codes-heading = Stemmekoder
hb-codes-text = Medlemmer uden login i medlemssystemet kan stemme med en stemmekode. Her henter du en fil med en ny kode til hvert medlem på medlemslisten, til brevfletning eller udskrift. Koderne vises kun denne ene gang, og nye koder erstatter de gamle.
hb-codes-button = Lav stemmekoder og hent filen
audit-voting-codes-generated = Stemmekoder lavet

ballot-title = Din stemmeseddel
ballot-has-voted = Du har allerede stemt. Du kan ændre din stemme, indtil afstemningen lukker. Kun din seneste stemme tæller.
ballot-no-bids = Der er ingen forslag, du kan stemme på.
ballot-review-hint = Du ser din stemme igen, før den bliver afgivet.
ballot-review-button = Gennemse din stemme
ballot-live-approval = Valgt: %used% af højst %limit%.
ballot-live-approval-over = Det er for mange. Fjern et kryds, før du går videre.
ballot-live-knapsack = Brugt: %used% af %limit% — %left% tilbage.
ballot-live-knapsack-over = Det er mere end budgettet. Fjern et forslag, før du går videre.
ballot-live-cumulative = Fordelt: %used% af %limit% point — %left% tilbage.
ballot-live-cumulative-over = Det er flere point, end du har. Tag nogle point fra, før du går videre.
ballot-error-heading = Stemmesedlen skal rettes
ballot-error-fix = Ret det markerede felt, og prøv igen.
ballot-error-points = "{ $typed }" er ikke et helt antal point. Skriv fx 2.
ballot-error-too-many = Du har valgt { $given } forslag. Du kan højst vælge { $max }.
ballot-error-too-few = Du har valgt { $given } forslag. Du skal vælge mindst { $min }.
ballot-error-over-budget = De valgte forslag koster { $total } tilsammen. Budgettet er på { $limit }, så fjern et forslag.
ballot-error-too-many-points = Du har fordelt { $given } point. Du har { $max } point.
ballot-error-over-cap = Højst { $max } point til ét forslag.
ballot-error-other-storkreds = I denne runde stemmer du kun om din egen storkreds' forslag.
ballot-error-stale = Stemmesedlen er ændret, siden du åbnede den. Se den igen, og vælg på ny.
ballot-review-title = Gennemse din stemme
ballot-review-text = Sådan ser din stemme ud. Afgiv den, eller gå tilbage og ret den.
ballot-review-blank = Du har ikke valgt nogen forslag. Afgiver du stemmen, tæller den som en blank stemme.
ballot-review-total = Valgte forslag koster tilsammen: { $total }
ballot-review-points = Du har fordelt { $points } point.
ballot-points = { $points ->
    [one] 1 point
   *[other] { $points } point
}
ballot-cast-button = Afgiv stemme
ballot-change-button = Ret stemmesedlen
receipt-title = Tak, din stemme er afgivet
receipt-title-changed = Din stemme er ændret
receipt-text = Din stemme er gemt og bliver talt med, når afstemningen lukker.
receipt-changed-text = Den nye stemme erstatter den gamle. Kun den nye bliver talt med.
receipt-code = Din kvitteringskode
receipt-keep = Gem din kvitteringskode. Med den kan du se, at din stemme blev talt med, når resultatet er offentliggjort. Koden viser ikke, hvem du er.
receipt-once = Koden vises kun denne ene gang.
receipt-copy = Kopiér koden
receipt-print = Udskriv
receipt-copied = Koden er kopieret.
receipt-change-until-close = Du kan ændre din stemme, indtil afstemningen lukker.
receipt-change-link = Ændr din stemme

form-error-heading = Formularen skal rettes
form-error-empty = Feltet skal udfyldes.
form-error-too-long = Teksten er { $actual } tegn lang. Den må højst være { $max } tegn.
form-error-control = Teksten indeholder usynlige styretegn. Skriv den igen uden dem.
money-error-not-a-number = "{ $typed }" er ikke et beløb. Skriv fx 60.000,00.
money-error-ambiguous = "{ $typed }" kan læses på to måder. Skriv det sådan: { $suggestion }
money-error-decimals = "{ $typed }" har mere end to decimaler. Den mindste enhed er 1 øre.
money-error-negative = "{ $typed }" er negativt. Skriv et beløb på 0 eller mere.
money-error-too-large = "{ $typed }" er større end det største beløb, tjenesten kan håndtere.
field-error-exceeds-pool = Beløbet er større end hele puljen, så forslaget kan aldrig få støtte.
field-error-invalid-money = Beløbet skal være mere end 0,00 kr.

bid-new-title = Indsend et forslag
bid-edit-title = Ret forslaget
bid-title = Titel
bid-title-hint = En kort overskrift, højst 200 tegn.
bid-description = Beskrivelse
bid-description-hint = Hvad skal pengene bruges til, og hvorfor? Medlemmerne læser det, før de stemmer.
bid-amount = Beløb i kroner
bid-amount-hint = Skriv fx 60.000 eller 60.000,00. Puljen er på { $pool }
bid-submit = Indsend forslaget
bid-save = Gem ændringerne
bid-withdraw = Træk forslaget tilbage
bid-withdraw-confirm = Vil du trække forslaget "{ $title }" tilbage?
bid-withdraw-text = Et forslag, der er trukket tilbage, kommer ikke med på stemmesedlen. Det kan ikke fortrydes.
bid-withdraw-yes = Ja, træk det tilbage
cancel = Fortryd
notice-submitted = Dit forslag er indsendt. Hovedbestyrelsen behandler det.
notice-edited = Dine ændringer er gemt.
notice-withdrawn = Forslaget er trukket tilbage.

hb-title = Styr runden
hb-phase-heading = Fase
hb-phase-final = Runden er offentliggjort. Der er ikke flere faser.
hb-phase-next = Næste fase: { $phase }.
phase-action-submission = Åbn for indsendelse af forslag
phase-action-review = Afslut indsendelsen, og begynd behandlingen
phase-action-voting = Åbn afstemningen
phase-action-closed = Luk afstemningen
phase-action-published = Offentliggør resultatet
phase-confirm-submission = Ja, åbn for indsendelse
phase-confirm-review = Ja, afslut indsendelsen
phase-confirm-voting = Ja, åbn afstemningen
phase-confirm-closed = Ja, luk afstemningen
phase-confirm-published = Ja, offentliggør resultatet
hb-phase-blocked = Runden kan ikke gå videre endnu
hb-back = Tilbage til styringen af runden
hb-check-accepted = { $count ->
    [one] 1 forslag er godkendt.
   *[other] { $count } forslag er godkendt.
}
hb-check-unreviewed = { $count ->
    [0] Ingen forslag afventer behandling.
    [one] 1 forslag afventer stadig behandling.
   *[other] { $count } forslag afventer stadig behandling.
}
blocked-unreviewed = { $count ->
    [one] 1 forslag afventer stadig behandling. Godkend eller afvis det, før afstemningen åbner.
   *[other] { $count } forslag afventer stadig behandling. Godkend eller afvis dem, før afstemningen åbner.
}
blocked-nothing-accepted = Intet forslag er godkendt, så der er ikke noget at stemme om.
blocked-not-tallied = Runden er ikke talt op. Tæl op, før resultatet offentliggøres.
blocked-roll-missing = Fordelingen efter medlemstal bruger medlemslisten. Indlæs medlemslisten, før afstemningen åbner.
phase-move-submission = Storkredsbestyrelserne kan derefter indsende forslag. Puljen og reglerne kan stadig ændres, indtil afstemningen åbner.
phase-move-review = Forslagene låses, så bestyrelserne ikke længere kan indsende eller rette dem. Du behandler de sidste forslag.
phase-move-voting = Afstemningen åbner. Puljen, stemmesedlen, fordelingsmetoden og fordelingen mellem storkredse ligger derefter fast og kan ikke ændres.
phase-move-closed = Afstemningen lukker. Stemmer, der kommer derefter, bliver afvist. Bagefter tæller du op.
phase-move-published = Resultatet, stemmerne og den signerede offentliggørelse bliver offentlige for alle. Det kan ikke gøres om.
hb-queue-heading = Forslag til behandling
hb-queue-empty = Ingen forslag afventer behandling.
hb-reason-hint = Begrundelsen vises for storkredsen og medlemmerne.
hb-accept = Godkend
hb-reject = Afvis
members = Medlemmer
hb-roll-heading = Medlemsliste
hb-roll-none = Runden har ingen medlemsliste. Uden en liste kan alle medlemmer stemme, i den storkreds deres login angiver.
hb-roll-count = { $count ->
    [one] 1 medlem står på medlemslisten.
   *[other] { $count } medlemmer står på medlemslisten.
}
hb-roll-caption = Medlemmer på listen pr. storkreds
hb-roll-refused = Medlemslisten blev ikke indlæst. Ret disse linjer, og prøv igen:
hb-roll-file = Fil med medlemslisten (CSV)
hb-roll-hint = Én linje pr. medlem: medlemsnummer,storkreds, fx 1234,fyn. En ny liste erstatter den gamle.
hb-roll-upload = Indlæs medlemslisten
roll-error-line = Linje { $line }: { $problem }
roll-error-fields = linjen skal have to felter, medlemsnummer og storkreds, men har { $found }.
roll-error-member-id = medlemsnummeret er tomt, for langt eller indeholder styretegn.
roll-error-storkreds = "{ $typed }" er ikke en storkreds.
roll-error-duplicate = medlemmet står allerede på linje { $first }.
hb-count-heading = Optælling
hb-count-text = Afstemningen er lukket. Tæl stemmerne op efter rundens fordelingsmetode.
hb-count-again = Runden er talt op. Du kan tælle op igen; resultatet bliver det samme.
hb-count-button = Tæl op
hb-count-when = Du kan tælle op, når afstemningen er lukket.
hb-see-tally = Se optællingen
hb-compare-link = Sammenlign fordelingsmetoder (ikke officielt)
hb-audit-link = Revisionslog
hb-done-phase = Runden er gået videre til næste fase.
hb-done-review = Forslaget er behandlet.
hb-done-roll = Medlemslisten er indlæst.
hb-done-created = Runden er oprettet som kladde.

new-round-title = Opret en afstemningsrunde
new-round-intro = Alt kan ændres, indtil afstemningen åbner. Derefter ligger reglerne fast.
new-round-name = Navn
new-round-name-hint = Et navn, medlemmerne kender, fx KV17-puljen.
new-round-pool = Pulje i kroner
new-round-pool-hint = Skriv fx 500.000 eller 500.000,00.
kind-approval = Sæt kryds
kind-approval-text = Medlemmet sætter kryds ved de forslag, det støtter.
new-round-min = Mindst antal kryds
new-round-max = Højst antal kryds
new-round-max-hint = Lad feltet stå tomt for at tillade kryds ved alle forslag.
kind-knapsack = Inden for et budget
kind-knapsack-text = Medlemmet vælger forslag, der tilsammen højst koster budgettet.
new-round-limit = Budget i kroner
new-round-limit-hint = Lad feltet stå tomt for at bruge hele puljen som budget.
kind-cumulative = Fordel point
kind-cumulative-text = Medlemmet fordeler et antal point mellem forslagene.
new-round-points = Point pr. medlem
new-round-cap = Højst point til ét forslag
new-round-cap-hint = Lad feltet stå tomt for ingen grænse.
split-national = Én fælles pulje
split-equal = Lige fordeling mellem storkredsene
split-by-members = Fordeling efter medlemstal
split-floor = Et grundbeløb til hver storkreds
split-fixed = Faste beløb
split-national-explained = Alle forslag konkurrerer om hele puljen, og alle medlemmer stemmer om alle forslag.
split-equal-explained = Hver storkreds får en tiendedel af puljen. Medlemmerne stemmer om deres egen storkreds' forslag.
split-by-members-explained = Hver storkreds får en del af puljen efter, hvor mange medlemmer den har på medlemslisten. Medlemmerne stemmer om deres egen storkreds' forslag.
split-floor-explained = Hver storkreds får et fast grundbeløb til det basale arbejde. Resten af puljen fordeles i én fælles pulje efter stemmerne.
split-fixed-explained = Hovedbestyrelsen fastsætter hver storkreds' beløb. Beløbene skal tilsammen give puljen.
new-round-floor = Grundbeløb pr. storkreds i kroner
new-round-floor-hint = Bruges kun ved "Et grundbeløb til hver storkreds". Ti grundbeløb må ikke være mere end puljen.
new-round-fixed = Beløb pr. storkreds (bruges kun ved "Faste beløb")
new-round-leftovers = Fordel ubrugte penge i en fælles pulje bagefter
new-round-draft = Runden oprettes som kladde. Storkredsene kan ikke se den før indsendelsen åbner.
new-round-create = Opret runden
form-error-whole = "{ $typed }" er ikke et helt tal.
settings-error-zero-pool = Puljen skal være mere end 0,00 kr.
settings-error-min-max = Mindste antal kryds må ikke være større end højeste antal.
settings-error-max-zero = Højeste antal kryds skal være mindst 1.
settings-error-points = Antallet af point skal være mellem 1 og 1.000.000.
settings-error-cap = Grænsen pr. forslag skal være mellem 1 og antallet af point.
settings-error-phragmen = Phragméns metode tæller kryds. Vælg en anden metode ved pointfordeling.
settings-error-fixed = De faste beløb giver tilsammen { $total }, men puljen er på { $pool }
settings-error-floor = Ti grundbeløb er mere end puljen.

compare-title = Sammenlign fordelingsmetoder
compare-unofficial = Ikke officielt
compare-text = Her ser du, hvordan de rigtige stemmer ville fordele puljen med andre metoder. Kun rundens egen metode, der lå fast før afstemningen, bestemmer resultatet. Intet her bliver gemt.
compare-caption = Bevilling pr. forslag med hver metode
requested = Ansøgt
compare-round-rule = rundens metode
allocated = Fordelt
unallocated = Ikke fordelt
compare-funded = Forslag, der får støtte
compare-skipped = Kan ikke tælles med rundens stemmer:

audit-title = Revisionslog
audit-text = Alt, der er sket i runden, står her, det nyeste først. Hver linje er kædet til den forrige med en hashværdi, så en ændring bagefter kan opdages. Kæden kontrolleres hele vejen, også på de ældre sider.
audit-caption = Hændelser i runden, nyeste først
audit-what = Hændelse
audit-when = Tidspunkt
audit-details = Detaljer
audit-hash = Hash
audit-pages = Sider i loggen
audit-page-of = Side { $side } af { $sides }
audit-newer = Nyere hændelser
audit-older = Ældre hændelser
audit-intact = { $count ->
    [one] Kæden er intakt: 1 hændelse er kontrolleret.
   *[other] Kæden er intakt: { $count } hændelser er kontrolleret.
}
audit-broken = Kæden er brudt ved hændelse { $seq }. Kontakt den, der driver tjenesten.
audit-round-created = Runden er oprettet
audit-settings-changed = Indstillinger ændret
audit-phase-changed = Fase skiftet
audit-electorate-imported = Medlemsliste indlæst
audit-proposal-submitted = Forslag indsendt
audit-proposal-edited = Forslag rettet
audit-proposal-reviewed = Forslag behandlet
audit-proposal-withdrawn = Forslag trukket tilbage
audit-tally-run = Optælling
audit-round-imported = Runde importeret
audit-meeting-created = Møde oprettet
audit-members-checked-off = Medlemmer krydset af på et møde
audit-paper-ballots-entered = Papirstemmer fra et møde indtastet

result-title = Resultat
result-not-published = Optællingen er ikke offentliggjort endnu. Kun hovedbestyrelsen kan se den.
result-ballots = Afgivne stemmer
result-sum = Fordelt { $allocated } + ikke fordelt { $unallocated } = puljen på { $pool }
result-funded = Forslag, der får støtte
result-unfunded = Forslag, der ikke får støtte
result-none-funded = Intet forslag får støtte.
result-all-funded = Alle forslag får støtte.
result-granted = bevilget { $amount }
result-requested = ansøgt { $amount }
result-votes = { $votes ->
    [one] 1 stemme
   *[other] { $votes } stemmer
}
result-funded-summary = Får støtte: nr. { $rank } i fordelingen, med { $votes ->
    [one] 1 stemme
   *[other] { $votes } stemmer
}.
result-unfunded-summary = { $votes ->
    [0] Får ikke støtte: ingen har stemt på forslaget.
   *[other] Får ikke støtte med { $votes } stemmer. Hele forklaringen står nedenfor.
}
result-why = Hele forklaringen med tal
result-why-english = Hele forklaringen med tal (på engelsk)
result-storkredse = Storkredsene
result-chart-text = For hver storkreds: dens andel af de fordelte kroner, af medlemmerne på medlemslisten og af dem, der stemte.
result-chart-title = Andel af kroner, medlemmer og stemmer pr. storkreds
result-storkredse-caption = Kroner, medlemmer og stemmer pr. storkreds
result-kroner = Kroner
result-voters = Stemmer
result-share = Andel
result-steps = Fordelingsmetodens trin
result-steps-english = Fordelingsmetodens trin (på engelsk)
receipt-search-title = Blev min stemme talt med?
receipt-search-text = { $count ->
    [one] 1 stemme er talt med. Skriv din kvitteringskode for at finde din.
   *[other] { $count } stemmer er talt med. Skriv din kvitteringskode for at finde din.
}
receipt-search-button = Find min stemme
receipt-search-malformed = Det ligner ikke en kvitteringskode. Den består af 32 tegn, fx e957-b448-33cb-4beb-7990-f427-1385-b229.
receipt-search-missing = Der er ingen talt stemme med den kvitteringskode. Tjek, at koden er skrevet rigtigt. Har du ændret din stemme, er det den seneste kode, der gælder.
receipt-search-found = Din stemme er talt med: { $content } ({ $raw }).
receipt-search-blank = blank stemme
result-check-title = Kontrollér resultatet
result-check-text = Resultatet er signeret af tjenesten. Med disse tre filer kan alle tælle op igen og se, at intet er ændret.
result-download-publication = Den signerede offentliggørelse (JSON)
result-download-ballots = Alle talte stemmer (JSON)
result-download-export = Runden som Pabulib-fil
result-check-how = Kør kontrollen med medlemsbudget-programmet og den offentlige nøgle:

## The timeline
timeline = Tidsplan
timeline-none = Runden har ingen tidsplan. Hovedbestyrelsen flytter den selv fra fase til fase.
milestone-submission_opens = Indsendelse af forslag åbner
milestone-review_opens = Behandlingen begynder
milestone-voting_opens = Afstemningen åbner
milestone-voting_closes = Afstemningen lukker
milestone-publication = Resultatet offentliggøres
timeline-changes = Ændringer i tidsplanen
timeline-change = { $milestone } nu { $to } i stedet for { $from }, fordi: { $reason } (ændret { $changed })
timeline-waiting = Ifølge tidsplanen skulle runden være gået videre til { $phase } { $since }. Den venter: { $reason }
timeline-waiting-moment = Det sker inden for få sekunder.
hb-timeline-plan-intro = Giv runden en tidsplan, så skifter den selv fase på tidspunkterne. Tidsplanen kan alle se. Bagefter kan du kun flytte en dato med en begrundelse.
hb-timeline-plan-button = Gem tidsplanen
hb-timeline-time-hint = Dansk tid. Udfyld alle fem tidspunkter i rækkefølge.
hb-timeline-move-heading = Flyt en dato
hb-timeline-move-intro = Du kan flytte en dato, indtil den fase begynder. Når afstemningen er åbnet, kan du kun forlænge den. Begrundelsen bliver vist på runden.
hb-timeline-move-milestone = Hvilken dato
hb-timeline-move-to = Nyt tidspunkt
hb-timeline-move-reason = Begrundelse
hb-timeline-move-reason-hint = Skriv kort, hvorfor datoen flyttes. Alle kan læse den.
hb-timeline-move-button = Flyt datoen
hb-timeline-fixed = Ingen datoer kan flyttes længere.
hb-done-timeline = Tidsplanen er gemt. Runden skifter nu selv fase.
hb-done-moved = Datoen er flyttet, og begrundelsen vises på runden.
form-error-datetime = Skriv dato og tidspunkt som 04.12.2026 18.00 (eller vælg i kalenderen).
form-error-timeline-partial = Udfyld alle fem tidspunkter, eller lad dem alle stå tomme.
field-error-invalid-timeline = Tidspunkterne skal ligge ude i fremtiden og komme i rækkefølge: indsendelse, behandling, afstemningen åbner, afstemningen lukker, offentliggørelse.
new-round-timeline = Tidsplan (kan udelades)
new-round-timeline-hint = Hvis du udfylder tidsplanen, skifter runden selv fase på tidspunkterne, og alle kan se den. Uden tidsplan flytter du runden selv.
hb-timeline-plan-heading = Planlæg tidsplanen
hb-timeline-move-to-hint = Dansk tid, fx 04.12.2026 18.00.
timeline-error-order = { $later } skal ligge efter { $earlier }, men { $later_at } er ikke efter { $earlier_at }.
timeline-error-past = Tidspunktet skal ligge ude i fremtiden. Klokken er nu { $now }.
timeline-error-unchanged = Datoen er allerede { $at }. Vælg et andet tidspunkt.
timeline-error-started = { $milestone } kan ikke længere flyttes, for runden er allerede i fasen { $phase }.
timeline-error-shortened = Afstemningen er åbnet, så den kan kun lukke senere end { $closes }.
timeline-error-closed = Afstemningen lukkede { $closed }, så datoen kan ikke længere flyttes.
timeline-error-ahead = Ifølge tidsplanen begynder fasen { $phase } { $planned }, og runden skifter selv fase da. Flyt datoen, hvis fasen skal begynde før.

followup-title = Opfølgning på pengene
followup-back-result = Tilbage til resultatet af { $round }
followup-back = Tilbage til opfølgningen på pengene
followup-intro = Her kan alle se, hvad de forslag, der fik støtte, har brugt og givet tilbage. Storkredsbestyrelserne rapporterer selv, og hovedbestyrelsen kan rette med en begrundelse.
followup-granted = Bevilget
followup-approved-extra = Godkendt overforbrug
followup-spent = Brugt
followup-given-back = Givet tilbage
followup-remaining = Tilbage
followup-latest = Seneste rapport
followup-no-report = Ingen rapport endnu
followup-sum = Bevilget { $granted } = brugt { $spent } + givet tilbage { $given_back } + tilbage { $remaining }
followup-per-storkreds = Pr. storkreds
followup-storkredse-caption = Bevilget, brugt, givet tilbage og tilbage pr. storkreds
followup-bids = Forslag
followup-in-all = I alt
followup-per-bid = Pr. forslag
followup-per-bid-text = Vælg et forslag for at se alle dets udgifter og rettelser.
followup-bids-caption = Bevilget, brugt, givet tilbage og tilbage pr. forslag
followup-bid = Forslag
followup-none-funded = Intet forslag fik støtte i denne runde.
followup-files = Hent tallene
followup-download-csv = Opfølgningen som regneark (CSV)
followup-api = Opfølgningen som data (JSON fra API'et)
followup-how-to-report = Er du i en storkredsbestyrelse? Log ind, og vælg jeres forslag for at rapportere status, udgifter og penge, I giver tilbage.
followup-status-not-started = Ikke startet
followup-status-under-way = I gang
followup-status-done = Færdig
followup-status-cancelled = Aflyst
followup-status-heading = Status for projektet
followup-status-label = Status
followup-status-save = Gem status
followup-note-label = Bemærkning (kan udelades)
followup-note-hint = Fx hvad der er sket siden sidst. Alle kan læse den.
followup-reason = Begrundelse
followup-reason-hint = Begrundelsen står i historikken, og alle kan læse den.
followup-hb-status-hint = Hovedbestyrelsen ændrer status med en begrundelse. Den står i historikken.
followup-expense-heading = Tilføj en udgift
followup-expense-text = Skriv hver udgift for sig. Tilsammen kan udgifterne ikke blive mere end bevillingen, medmindre hovedbestyrelsen har godkendt et overforbrug.
followup-expense-description = Hvad betalte udgiften for?
followup-expense-save = Tilføj udgiften
followup-refund-heading = Giv penge tilbage
followup-refund-text = Penge, projektet ikke skal bruge, gives tilbage til partiet. Man kan højst give det tilbage, der er tilbage af bevillingen.
followup-refund-description = Hvorfor gives pengene tilbage?
followup-refund-save = Registrér pengene som givet tilbage
followup-date = Dato
followup-date-hint = Dagen, pengene blev betalt. Skriv fx 01.06.2026, hvis du ikke kan vælge datoen.
followup-amount = Beløb i kroner
followup-amount-column = Beløb
followup-amount-hint = Skriv fx 12.500 eller 12.500,00.
followup-description = Tekst
followup-description-hint = Én linje, højst 500 tegn.
followup-approval-heading = Godkend et overforbrug
followup-approval-text = Et projekt kan kun bruge mere end bevillingen, når hovedbestyrelsen har godkendt det. Beløbet her er det, projektet må bruge ud over bevillingen, og det erstatter en tidligere godkendelse. Skriv 0 for at trække en godkendelse tilbage.
followup-approval-amount = Må bruge ud over bevillingen, i kroner
followup-approval-hint = Skriv fx 5.000 eller 5.000,00.
followup-approval-save = Godkend overforbruget
followup-history = Historik
followup-no-entries = Der er ikke rapporteret nogen udgifter endnu.
followup-entries-caption = Udgifter, penge givet tilbage og rettelser, ældste først
followup-entry = Post
followup-what = Hvad
followup-recorded = Registreret
followup-by-board = storkredsbestyrelsen
followup-by-hb = hovedbestyrelsen
followup-kind-expense = Udgift
followup-kind-refund = Givet tilbage
followup-correction-of = { $kind }, retter post { $entry }
followup-removal-of = Fjerner post { $entry }
followup-corrected-by = Rettet ved post { $entry }, tæller ikke længere med
followup-correct-link = Ret eller fjern post { $entry }
followup-statuses = Statusser
followup-no-statuses = Ingen status er rapporteret endnu.
followup-approvals = Godkendte overforbrug
followup-approved = Må bruge { $amount } ud over bevillingen.
followup-error-status = Vælg en af statusserne på listen.
followup-done-status = Status er gemt.
followup-done-udgift = Udgiften er tilføjet.
followup-done-retur = Pengene er registreret som givet tilbage.
followup-done-overforbrug = Overforbruget er godkendt.
followup-done-rettelse = Rettelsen er gemt. Den gamle post står stadig i historikken.
followup-correct-title = Ret post { $entry }
followup-correct-was = { $date }, { $amount }: { $description }
followup-correct-text = Skriv, hvad posten skulle have været, eller fjern den. Den gamle post bliver stående i historikken, markeret som rettet, og din begrundelse står ved rettelsen.
followup-correct-replacement = Posten, som den skal være
followup-correct-save = Gem rettelsen
followup-correct-remove = Fjern posten
form-error-date = "{ $typed }" er ikke en dato. Skriv fx 01.06.2026.
field-error-invalid-date = Datoen skal ligge mellem 1. januar 2000 og i dag.
field-error-reason-required = Hovedbestyrelsen skal skrive en begrundelse.
field-error-exceeds-grant = Så bliver brugt og givet tilbage tilsammen mere end bevillingen. Vil projektet bruge mere, skal hovedbestyrelsen først godkende et overforbrug med en begrundelse. Penge kan kun gives tilbage af det, der er tilbage.
field-error-approval-below-spending = Projektet har allerede brugt mere end bevillingen. Godkendelsen skal mindst dække det, der er brugt ud over.
problem-not-funded = Forslaget fik ikke støtte, så der er ingen penge at følge op på.
problem-already-corrected = Posten er allerede rettet. Ret den nyeste rettelse i stedet.
audit-follow-up-status-set = Status for projekt rapporteret
audit-follow-up-entry-recorded = Udgift eller penge givet tilbage rapporteret
audit-follow-up-entry-corrected = Post rettet af HB
audit-overrun-approved = Overforbrug godkendt af HB
result-followup-link = Se, hvad pengene er brugt til
## Why a bid got what it got, and the rule's steps (from the tally's numbers)
explain-supporters = { $n ->
    [one] 1 tilhænger
   *[other] { $shown } tilhængere
}
explain-points = { $n ->
    [one] 1 point
   *[other] { $shown } point
}
explain-funded = Får støtte: nr. { $rank } med { $support }. Der var { $remaining } tilbage af puljen, nok til prisen på { $cost }.
explain-not-enough-left = Får ikke støtte: nr. { $rank } med { $support }, men der var kun { $remaining } tilbage af puljen til prisen på { $cost }.
explain-no-support = Får ikke støtte: ingen har stemt på forslaget.
explain-funded-unsupported = Får støtte, selv om ingen har stemt på det: der var { $remaining } tilbage til sidst, nok til prisen på { $cost }.
explain-free = Får støtte: det koster ingenting og har { $support }.
explain-too-expensive = Får ikke støtte: prisen på { $cost } er større end hele puljen på { $budget }.
explain-equal-shares = Får støtte i trin { $step } af metoden med lige andele: { $how ->
    [point] { $payers } betalte { $share } for hvert point, de gav
    [one] { $payers } betalte { $share }
   *[each] { $payers } betalte hver { $share }
}{ $rest }.
explain-equal-shares-exhausted = , og { $exhausted } med færre penge tilbage betalte alt, hvad de havde, i alt { $paid }
explain-unaffordable = Får ikke støtte: da metoden med lige andele sluttede, havde forslagets { $supporters } kun { $held } tilsammen, mindre end prisen på { $cost }.
explain-completion-funded = Får støtte i udfyldningen (flest tilhængere først): nr. { $rank } med { $support }. Der var { $remaining } tilbage af puljen, nok til prisen på { $cost }.
explain-completion-not-enough-left = Får ikke støtte: med lige andele havde forslagets { $supporters } kun { $held } tilsammen, og i udfyldningen var der kun { $remaining } tilbage af puljen til prisen på { $cost }.
explain-phragmen-funded = Får støtte i trin { $step } af Phragméns metode: forslagets { $supporters } delte udgiften, så hver af dem i alt bærer { $load }.
explain-phragmen-no-room = Får ikke støtte: i trin { $step } stod forslaget for tur (hver af dets { $supporters } ville bære { $load }), men der var kun { $remaining } tilbage af puljen til prisen på { $cost }, så metoden stoppede.
explain-phragmen-stopped = Får ikke støtte: metoden stoppede i trin { $step }, da forslaget »{ $blocker }« stod for tur og ikke kunne betales af puljen.
explain-then-leftovers = Derefter, i fordelingen af de penge, storkredsene ikke brugte: { $explanation }
explain-pass-national = Den fælles pulje
explain-pass-leftovers = De ubrugte penge
explain-step = { $pass }, trin { $number }: »{ $title }«. { $explanation }

## Papirstemmer fra møder
meetings-link = Møder og papirstemmer
meetings-title = Møder og papirstemmer
meetings-intro = Når medlemmerne stemmer på papir til et møde, fx en generalforsamling, tæller stemmerne med som alle andre. Først krydser I de fremmødte af på medlemslisten. Bagefter indtaster I stemmesedlerne samlet og uden navne.
meetings-none = Der er ingen møder endnu.
meetings-caption = Møder i runden med deres tal
meetings-closed = Afstemningen er lukket, så der kan ikke oprettes flere møder.
meeting-new = Opret et møde
meeting-name = Mødets navn
meeting-name-hint = Fx "Generalforsamling i Odense". Højst 200 tegn.
meeting-held-on = Dato
meeting-held-on-hint = Den dag, mødet holdes.
meeting-choose-storkreds = Vælg storkreds
meeting-create = Opret mødet
meeting-error-storkreds = Vælg den storkreds, der holder mødet.
meeting-checked-off = Krydset af
meeting-paper-ballots = Papirstemmer
meeting-spoilt = Ugyldige
meeting-not-entered = ikke indtastet
meeting-secrecy = Stemmesedlerne gemmes uden forbindelse til de navne, der er krydset af. Kun antallene står i revisionsloggen.
meeting-not-voting = Medlemmer kan kun krydses af, og stemmesedler kun indtastes, mens afstemningen er åben.
meeting-batch-final = Mødets stemmesedler er indtastet. Indtastningen er endelig, og der kan ikke krydses flere af på dette møde.
meeting-check-off-heading = 1. Kryds de fremmødte af
meeting-check-off-text = Skriv medlemsnumrene på dem, der har fået en stemmeseddel på mødet. De kan derefter ikke stemme online. Et medlem, der allerede har stemt online, kan ikke krydses af, for den stemme tæller.
meeting-member-ids = Medlemsnumre
meeting-member-ids-hint = Ét medlemsnummer pr. linje. Tomme linjer springes over.
meeting-check-off-button = Kryds af
meeting-check-off-refused = Ingen er krydset af. Ret disse linjer, og prøv igen:
meeting-checked-off-done = { $count ->
    [one] 1 medlem er krydset af.
   *[other] { $count } medlemmer er krydset af.
}
meeting-line-error = Linje { $line }: { $message }
meeting-refused-voted-online = { $member } har allerede stemt online. Den stemme tæller, så medlemmet kan ikke også stemme på papir. Tag stemmesedlen tilbage, eller fjern linjen.
meeting-refused-checked-off = { $member } er allerede krydset af på et møde.
meeting-refused-not-on-roll = { $member } står ikke på medlemslisten for denne afstemning.
meeting-refused-other-storkreds = { $member } hører til { $storkreds }, ikke til mødets storkreds.
meeting-error-member-id = Et medlemsnummer må højst have 200 tegn og ingen styretegn.
meeting-error-listed-twice = Medlemmet står allerede på linje { $first }.
meeting-error-no-members = Skriv mindst ét medlemsnummer.
meeting-error-too-many = Der er for mange linjer på én gang. Del dem op.
meeting-batch-heading = 2. Indtast stemmesedlerne
meeting-batch-text = Skriv én stemmeseddel pr. linje, i vilkårlig rækkefølge. Brug forslagenes numre fra tabellen.
meeting-format-approvals = Numrene på de forslag, der er sat kryds ved, adskilt af komma eller mellemrum, fx { $example }.
meeting-format-points = Forslagets nummer, kolon og antal point, adskilt af komma, fx { $example }.
meeting-format-blank = "blank" for en blank stemmeseddel.
meeting-format-spoilt = "ugyldig" for en stemmeseddel, der ikke kan læses som en stemme. Den tæller ikke for noget forslag.
meeting-bids-caption = Forslagene på stemmesedlen med deres numre
meeting-bid-number = Nummer
meeting-ballots = Stemmesedler
meeting-ballots-hint = { $count ->
    [one] 1 medlem er krydset af, så der kan højst være 1 stemmeseddel.
   *[other] { $count } medlemmer er krydset af, så der kan højst være { $count } stemmesedler.
}
meeting-final = Vi har talt stemmesedlerne og kontrolleret indtastningen. Den kan ikke ændres bagefter.
meeting-batch-button = Indtast stemmesedlerne
meeting-batch-refused = Ingen stemmesedler er indtastet. Ret dette, og prøv igen:
meeting-batch-done = Stemmesedlerne er indtastet og tæller med i afstemningen.
meeting-error-not-final = Sæt kryds for at bekræfte, at stemmesedlerne er talt og kontrolleret.
meeting-error-not-a-bid = "{ $typed }" er ikke et forslagsnummer.
meeting-error-no-points = "{ $typed }": I denne runde skrives kun forslagsnumre, uden point.
meeting-error-points-missing = "{ $typed }": Skriv point efter forslagsnummeret, fx 7:3.
meeting-error-unknown-bid = Forslag nummer { $id } er ikke på stemmesedlen.
meeting-error-bid-twice = Forslag nummer { $id } står to gange.
meeting-error-other-storkreds-bid = Forslag nummer { $id } er fra en anden storkreds. I denne runde stemmer man kun på sin egen storkreds' forslag.
meeting-error-more-than-checked-off = Der er { $given } stemmesedler, men kun { $checked } medlemmer er krydset af på mødet.
meeting-error-no-ballots = Skriv mindst én stemmeseddel.
ballot-checked-off = Du har stemt på papir til et møde i din storkreds, så du kan ikke stemme online i denne runde.
problem-voted-at-meeting = Du har stemt på papir til et møde, så du kan ikke stemme online i denne runde.
problem-batch-entered = Mødets stemmesedler er allerede indtastet.
