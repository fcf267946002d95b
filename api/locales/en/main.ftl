site-name = medlemsbudget
skip-to-content = Skip to content
nav-label = Main menu
nav-rounds = Voting rounds
nav-new-round = New round
switch-language = Dansk
sign-in = Sign in
sign-out = Sign out
role-hb = Signed in as the national board (HB)
role-board = Signed in as the storkreds board of { $storkreds }
role-member = Signed in as member { $id } ({ $storkreds })
footer-text = medlemsbudget allocates the pool by rules fixed before voting opens, and anyone can check the result afterwards.
footer-api = API and documentation
footer-key = Public signing key
back-to-rounds = Back to the voting rounds
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

problem-details = Technical explanation
problem-other = Something went wrong
problem-400 = The request could not be read
problem-401 = Please sign in
problem-403 = You do not have access to this
problem-404 = Page not found
problem-409 = This is not possible right now
problem-413 = What was sent is too large
problem-422 = Something in the form needs correcting
problem-500 = An error occurred on our side
problem-503 = The service is not answering right now
problem-unauthorized = Sign in to see this page.
problem-forbidden = Your role does not give access to this.
problem-not-on-electorate = You are not on the electorate roll of this round. Contact your storkreds if you think this is a mistake.
problem-other-round = Your voting code is only for the vote it was made for.
problem-no-electorate = The vote has no electorate roll yet. Voting codes are made for the members on the roll.
problem-not-found = What you are looking for does not exist. The link may be out of date.
problem-wrong-phase = This is not possible in the round's current phase.
problem-not-published = The result has not been published yet.
problem-internal = The error has been logged. Please try again shortly.
problem-unavailable = The database is not answering. Please try again shortly.

phase-draft = Draft
phase-submission = Submission
phase-review = Review
phase-voting = Voting
phase-closed = Closed
phase-published = Published
phase-draft-text = The national board is preparing the round. Then the storkreds boards can submit proposals.
phase-submission-text = The storkreds boards can submit and edit proposals. Then the national board reviews them.
phase-review-text = The national board is reviewing the proposals. Then voting on the accepted proposals opens.
phase-voting-text = Voting is open. You can change your vote until voting closes.
phase-closed-text = Voting is closed. The national board counts the votes and publishes the result.
phase-published-text = The result is published. Anyone can see it and check the count.

status-submitted = Awaiting review
status-accepted = Accepted
status-rejected = Rejected
status-withdrawn = Withdrawn

ballot-approval-max = Tick the proposals you support: at least { $min } and at most { $max }.
ballot-approval-any = { $min ->
    [0] Tick every proposal you support.
   *[other] Tick at least { $min } proposals you support.
}
ballot-knapsack = Choose proposals within a budget of { $limit }.
ballot-cumulative = Spread { $points } points over the proposals.
ballot-cumulative-cap = Spread { $points } points over the proposals, at most { $cap } on one proposal.

rule-greedy = Most votes first
rule-greedy-text = Proposals are funded in order of their number of votes, as long as there is money left.
rule-mes = Method of Equal Shares
rule-mes-text = Each member controls an equal share of the pool. A proposal is funded when its supporters can pay for it together.
rule-phragmen = Phragmén's method
rule-phragmen-text = The supporters of each proposal share its cost, and proposals are chosen so the load is spread as evenly as possible.

split-national-text = One shared pool for the whole country.
split-equal-text = Equal split: each storkreds has a tenth of the pool, and members vote on their own storkreds' proposals.
split-by-members-text = Split by members: each storkreds' share of the pool matches its share of the members on the roll.
split-fixed-text = Fixed amounts: the national board has set each storkreds' share of the pool.
split-floor-text = A basic amount of { $amount } for each storkreds; the rest is allocated in one shared pool.
split-leftovers-pooled = Money not spent in a storkreds is then allocated in one shared pool.

rounds-title = Voting rounds
rounds-intro = Here you can see the rounds' proposals, vote when voting is open, and see the result once it is published.
rounds-none = There are no voting rounds yet.
pool = Pool
ballot = Ballot
rule = Allocation method
split = Split between storkredse
bids = Proposals
bids-none = There are no proposals to show.
storkreds = Storkreds
status = Status
all-storkredse = All storkredse
all-statuses = All proposals still in the round
filter = Show
filter-clear = Show all
review-reason = Reason
vote-now = Cast your vote
see-result = See the result
bid-new = Submit a proposal
bid-edit = Edit or withdraw the proposal
hb-manage = Run the round (HB)

sign-in-demo = Try the service (demo only)
sign-in-demo-text = This copy runs as a demo. Choose who you want to be. In a real vote you sign in through your association's member system.
sign-in-as-hb = Sign in as the national board
sign-in-as-board = Sign in as a storkreds board
sign-in-as-member = Sign in as a member
sign-in-demo-incomplete = Choose a storkreds and type a member number to sign in as a member.
member-id = Member number
sign-in-token = Sign in with an access key
sign-in-token-text = If the national board gave you an access key (a long piece of text), paste it here.
sign-in-token-invalid = The access key does not work. It may have expired or been copied wrongly.
token = Access key
sign-in-oidc = Sign in with your member account
sign-in-oidc-text = Use the same login as in your association's member system. You are sent there and come back here afterwards.
sign-in-oidc-button = Sign in through the member system
sign-in-code = Did you get a voting code?
sign-in-code-text = If you got a voting code by post or e-mail, you do not sign in here. Find the vote on the front page and choose "Use a voting code".
sign-in-code-link = See the votes
oidc-error-provider = You were not signed in. The member system stopped the sign-in, perhaps because you chose to cancel. Try again.
oidc-error-state = The sign-in could not be finished because the page was too old or already used. Start again with "Sign in through the member system".
oidc-error-code = The sign-in could not be finished because the member system did not accept it. Start again with "Sign in through the member system".
oidc-error-expired = The sign-in could not be finished because the member system's answer was too old. Start again. If it happens again, contact the national board.
oidc-error-token = The sign-in was refused because the member system's answer could not be accepted. Start again. If it happens again, contact the national board.
oidc-error-claims = You are signed in to the member system, but it does not tell who you are here. Contact the national board.
oidc-error-unreachable = The member system is not answering right now. Try again in a little while.
code-title = Vote with a voting code
code-use = Use a voting code
code-text = Type the voting code you got by post or e-mail. With the code you can vote in this vote, and you can change your ballot until voting closes.
code-label = Voting code
code-hint = 28 letters and digits, e.g. 7KQ2-… Upper or lower case and spaces do not matter.
code-button = Go on to the ballot
code-malformed = That does not look like a voting code. A voting code has 28 letters and digits. Check that you typed it exactly as written.
code-unknown = The code does not fit this vote. Check that you typed it correctly and that it is the newest code you got.
code-not-voting = A voting code can only be used while voting is open.
code-back = Back to the vote
code-too-many-title = Please wait and try again
code-too-many-text = Many voting codes were tried in a short time. Wait a minute, then try again. Check that you type the code exactly as it is written in your letter.
hb-codes-heading = Voting codes
hb-codes-text = Members without a login in the member system can vote with a voting code. Here you download a file with a new code for each member on the roll, for mail merge or print. The codes are shown this once only, and new codes replace the old ones.
hb-codes-button = Make voting codes and download the file
audit-voting-codes-generated = Voting codes made

ballot-title = Your ballot
ballot-has-voted = You have already voted. You can change your vote until voting closes. Only your latest vote counts.
ballot-no-bids = There are no proposals you can vote on.
ballot-review-hint = You will see your vote again before it is cast.
ballot-review-button = Review your vote
ballot-live-approval = Chosen: %used% of at most %limit%.
ballot-live-approval-over = That is too many. Remove a tick before you continue.
ballot-live-knapsack = Used: %used% of %limit% — %left% left.
ballot-live-knapsack-over = That is more than the budget. Remove a proposal before you continue.
ballot-live-cumulative = Spread: %used% of %limit% points — %left% left.
ballot-live-cumulative-over = That is more points than you have. Take some points away before you continue.
ballot-error-heading = The ballot needs correcting
ballot-error-fix = Correct the marked field and try again.
ballot-error-points = "{ $typed }" is not a whole number of points. Write, for example, 2.
ballot-error-too-many = You chose { $given } proposals. You can choose at most { $max }.
ballot-error-too-few = You chose { $given } proposals. You must choose at least { $min }.
ballot-error-over-budget = The chosen proposals cost { $total } together. The budget is { $limit }. Remove a proposal.
ballot-error-too-many-points = You spread { $given } points. You have { $max } points.
ballot-error-over-cap = At most { $max } points on one proposal.
ballot-error-other-storkreds = In this round you vote only on your own storkreds' proposals.
ballot-error-stale = The ballot has changed since you opened it. Look at it again and choose anew.
ballot-review-title = Review your vote
ballot-review-text = This is your vote. Cast it, or go back and correct it.
ballot-review-blank = You have not chosen any proposal. If you cast it, it counts as a blank vote.
ballot-review-total = The chosen proposals cost { $total } together.
ballot-review-points = You have spread { $points } points.
ballot-points = { $points ->
    [one] 1 point
   *[other] { $points } points
}
ballot-cast-button = Cast vote
ballot-change-button = Correct the ballot
receipt-title = Thank you, your vote is cast
receipt-title-changed = Your vote is changed
receipt-text = Your vote is stored and will be counted when voting closes.
receipt-changed-text = The new vote replaces the old one. Only the new one is counted.
receipt-code = Your receipt code
receipt-keep = Keep your receipt code. With it you can see that your vote was counted once the result is published. The code does not show who you are.
receipt-once = The code is shown only this once.
receipt-copy = Copy the code
receipt-print = Print
receipt-copied = The code is copied.
receipt-change-until-close = You can change your vote until voting closes.
receipt-change-link = Change your vote

form-error-heading = The form needs correcting
form-error-empty = This field must be filled in.
form-error-too-long = The text is { $actual } characters long. It may be at most { $max } characters.
form-error-control = The text contains invisible control characters. Type it again without them.
money-error-not-a-number = "{ $typed }" is not an amount. Write, for example, 60.000,00.
money-error-ambiguous = "{ $typed }" can be read two ways. Write it like this: { $suggestion }
money-error-decimals = "{ $typed }" has more than two decimals. The smallest unit is 1 øre.
money-error-negative = "{ $typed }" is negative. Write an amount of 0 or more.
money-error-too-large = "{ $typed }" is larger than the largest amount the service handles.
field-error-exceeds-pool = The amount is larger than the whole pool, so the proposal could never be funded.
field-error-invalid-money = The amount must be more than 0,00 kr.

bid-new-title = Submit a proposal
bid-edit-title = Edit the proposal
bid-title = Title
bid-title-hint = A short heading, at most 200 characters.
bid-description = Description
bid-description-hint = What is the money for, and why? Members read this before they vote.
bid-amount = Amount in kroner
bid-amount-hint = Write, for example, 60.000 or 60.000,00 (Danish style). The pool is { $pool }.
bid-submit = Submit the proposal
bid-save = Save the changes
bid-withdraw = Withdraw the proposal
bid-withdraw-confirm = Do you want to withdraw the proposal "{ $title }"?
bid-withdraw-text = A withdrawn proposal is not on the ballot. This cannot be undone.
bid-withdraw-yes = Yes, withdraw it
cancel = Cancel
notice-submitted = Your proposal is submitted. The national board will review it.
notice-edited = Your changes are saved.
notice-withdrawn = The proposal is withdrawn.

hb-title = Run the round
hb-phase-heading = Phase
hb-phase-final = The round is published. There are no more phases.
hb-phase-next = Next phase: { $phase }.
phase-action-submission = Open for proposals
phase-action-review = End submission and start the review
phase-action-voting = Open voting
phase-action-closed = Close voting
phase-action-published = Publish the result
phase-confirm-submission = Yes, open for proposals
phase-confirm-review = Yes, end submission
phase-confirm-voting = Yes, open voting
phase-confirm-closed = Yes, close voting
phase-confirm-published = Yes, publish the result
hb-phase-blocked = The round cannot move on yet
hb-back = Back to running the round
hb-check-accepted = { $count ->
    [one] 1 proposal is accepted.
   *[other] { $count } proposals are accepted.
}
hb-check-unreviewed = { $count ->
    [0] No proposal is awaiting review.
    [one] 1 proposal is still awaiting review.
   *[other] { $count } proposals are still awaiting review.
}
blocked-unreviewed = { $count ->
    [one] 1 proposal is still awaiting review. Accept or reject it before voting opens.
   *[other] { $count } proposals are still awaiting review. Accept or reject them before voting opens.
}
blocked-nothing-accepted = No proposal is accepted, so there is nothing to vote on.
blocked-not-tallied = The round has not been counted. Count it before publishing the result.
blocked-roll-missing = The split by members uses the electorate roll. Upload the roll before voting opens.
phase-move-submission = The storkreds boards can then submit proposals. The pool and the rules can still change until voting opens.
phase-move-review = The proposals are locked, so the boards can no longer submit or edit them. You review the last proposals.
phase-move-voting = Voting opens. The pool, the ballot, the allocation method and the split are then fixed and cannot change.
phase-move-closed = Voting closes. Votes arriving after that are refused. Then you count.
phase-move-published = The result, the ballots and the signed publication become public to everyone. This cannot be undone.
hb-queue-heading = Proposals to review
hb-queue-empty = No proposal is awaiting review.
hb-reason-hint = The reason is shown to the storkreds and the members.
hb-accept = Accept
hb-reject = Reject
members = Members
hb-roll-heading = Electorate roll
hb-roll-none = The round has no electorate roll. Without one, every member can vote, in the storkreds their sign-in names.
hb-roll-count = { $count ->
    [one] 1 member is on the roll.
   *[other] { $count } members are on the roll.
}
hb-roll-caption = Members on the roll per storkreds
hb-roll-refused = The roll was not imported. Correct these lines and try again:
hb-roll-file = File with the roll (CSV)
hb-roll-hint = One line per member: member number,storkreds, e.g. 1234,fyn. A new roll replaces the old one.
hb-roll-upload = Import the roll
roll-error-line = Line { $line }: { $problem }
roll-error-fields = the line must have two fields, member number and storkreds, but has { $found }.
roll-error-member-id = the member number is empty, too long or contains control characters.
roll-error-storkreds = "{ $typed }" is not a storkreds.
roll-error-duplicate = the member is already on line { $first }.
hb-count-heading = Count
hb-count-text = Voting is closed. Count the votes with the round's allocation method.
hb-count-again = The round is counted. You can count again; the result will be the same.
hb-count-button = Count
hb-count-when = You can count once voting is closed.
hb-see-tally = See the count
hb-compare-link = Compare allocation methods (unofficial)
hb-audit-link = Audit log
hb-done-phase = The round has moved on to the next phase.
hb-done-review = The proposal is reviewed.
hb-done-roll = The roll is imported.
hb-done-created = The round is created as a draft.

new-round-title = Create a voting round
new-round-intro = Everything can change until voting opens. Then the rules are fixed.
new-round-name = Name
new-round-name-hint = A name members know, e.g. the KV17 pool.
new-round-pool = Pool in kroner
new-round-pool-hint = Write, for example, 500.000 or 500.000,00 (Danish style).
kind-approval = Tick boxes
kind-approval-text = The member ticks the proposals they support.
new-round-min = Fewest ticks
new-round-max = Most ticks
new-round-max-hint = Leave empty to allow ticking every proposal.
kind-knapsack = Within a budget
kind-knapsack-text = The member chooses proposals that together cost at most the budget.
new-round-limit = Budget in kroner
new-round-limit-hint = Leave empty to use the whole pool as the budget.
kind-cumulative = Spread points
kind-cumulative-text = The member spreads a number of points over the proposals.
new-round-points = Points per member
new-round-cap = Most points on one proposal
new-round-cap-hint = Leave empty for no limit.
split-national = One shared pool
split-equal = Equal split between the storkredse
split-by-members = Split by members
split-floor = A basic amount for each storkreds
split-fixed = Fixed amounts
split-national-explained = All proposals compete for the whole pool, and all members vote on all proposals.
split-equal-explained = Each storkreds gets a tenth of the pool. Members vote on their own storkreds' proposals.
split-by-members-explained = Each storkreds gets a share of the pool by how many members it has on the roll. Members vote on their own storkreds' proposals.
split-floor-explained = Each storkreds gets a fixed basic amount for the basics. The rest of the pool is allocated in one shared pool by the votes.
split-fixed-explained = The national board sets each storkreds' amount. The amounts must add up to the pool.
new-round-floor = Basic amount per storkreds in kroner
new-round-floor-hint = Used only with "A basic amount for each storkreds". Ten basic amounts may not be more than the pool.
new-round-fixed = Amount per storkreds (used only with "Fixed amounts")
new-round-leftovers = Allocate unspent money in one shared pool afterwards
new-round-draft = The round is created as a draft. The storkredse cannot see it until submission opens.
new-round-create = Create the round
form-error-whole = "{ $typed }" is not a whole number.
settings-error-zero-pool = The pool must be more than 0,00 kr.
settings-error-min-max = The fewest ticks may not be more than the most ticks.
settings-error-max-zero = The most ticks must be at least 1.
settings-error-points = The number of points must be between 1 and 1,000,000.
settings-error-cap = The limit per proposal must be between 1 and the number of points.
settings-error-phragmen = Phragmén's method counts ticks. Choose another method with points.
settings-error-fixed = The fixed amounts add up to { $total }, but the pool is { $pool }.
settings-error-floor = Ten basic amounts are more than the pool.

compare-title = Compare allocation methods
compare-unofficial = Unofficial
compare-text = Here you see how the real votes would allocate the pool with other methods. Only the round's own method, fixed before voting, decides the result. Nothing here is stored.
compare-caption = Grant per proposal with each method
requested = Requested
compare-round-rule = the round's method
allocated = Allocated
unallocated = Unallocated
compare-funded = Proposals funded
compare-skipped = Cannot be counted with the round's ballots:

audit-title = Audit log
audit-text = Everything that happened in the round is listed here, newest first. Each line is chained to the one before by a hash, so a later change can be detected. The whole chain is checked, older pages included.
audit-caption = Events in the round, newest first
audit-what = Event
audit-when = Time
audit-details = Details
audit-hash = Hash
audit-pages = Pages of the log
audit-page-of = Page { $side } of { $sides }
audit-newer = Newer events
audit-older = Older events
audit-intact = { $count ->
    [one] The chain is intact: 1 event checked.
   *[other] The chain is intact: { $count } events checked.
}
audit-broken = The chain is broken at event { $seq }. Contact whoever runs the service.
audit-round-created = Round created
audit-settings-changed = Settings changed
audit-phase-changed = Phase changed
audit-electorate-imported = Roll imported
audit-proposal-submitted = Proposal submitted
audit-proposal-edited = Proposal edited
audit-proposal-reviewed = Proposal reviewed
audit-proposal-withdrawn = Proposal withdrawn
audit-tally-run = Count
audit-round-imported = Round imported
audit-meeting-created = Meeting planned
audit-members-checked-off = Members checked off at a meeting
audit-paper-ballots-entered = Paper ballots from a meeting entered

result-title = Result
result-not-published = The count is not published yet. Only the national board can see it.
result-ballots = Votes cast
result-sum = Allocated { $allocated } + unallocated { $unallocated } = the pool of { $pool }
result-funded = Funded proposals
result-unfunded = Proposals not funded
result-none-funded = No proposal is funded.
result-all-funded = Every proposal is funded.
result-granted = granted { $amount }
result-requested = requested { $amount }
result-votes = { $votes ->
    [one] 1 vote
   *[other] { $votes } votes
}
result-funded-summary = Funded: number { $rank } in the allocation, with { $votes ->
    [one] 1 vote
   *[other] { $votes } votes
}.
result-unfunded-summary = { $votes ->
    [0] Not funded: nobody voted for it.
   *[other] Not funded with { $votes } votes. The full explanation is below.
}
result-why = The full explanation with numbers
result-why-english = The full explanation with numbers
result-storkredse = The storkredse
result-chart-text = For each storkreds: its share of the allocated kroner, of the members on the roll and of those who voted.
result-chart-title = Share of kroner, members and votes per storkreds
result-storkredse-caption = Kroner, members and votes per storkreds
result-kroner = Kroner
result-voters = Votes
result-share = Share
result-steps = The allocation method's steps
result-steps-english = The allocation method's steps
receipt-search-title = Was my vote counted?
receipt-search-text = { $count ->
    [one] 1 vote was counted. Type your receipt code to find yours.
   *[other] { $count } votes were counted. Type your receipt code to find yours.
}
receipt-search-button = Find my vote
receipt-search-malformed = That does not look like a receipt code. It has 32 characters, e.g. e957-b448-33cb-4beb-7990-f427-1385-b229.
receipt-search-missing = No counted vote has that receipt code. Check that it is typed correctly. If you changed your vote, the latest code is the one that counts.
receipt-search-found = Your vote was counted: { $content } ({ $raw }).
receipt-search-blank = blank vote
result-check-title = Check the result
result-check-text = The result is signed by the service. With these three files anyone can count again and see that nothing was changed.
result-download-publication = The signed publication (JSON)
result-download-ballots = All counted votes (JSON)
result-download-export = The round as a Pabulib file
result-check-how = Run the check with the medlemsbudget program and the public key:

## The timeline
timeline = Timeline
timeline-none = The round has no timeline. The national board moves it from phase to phase itself.
milestone-submission_opens = Submission of bids opens
milestone-review_opens = Review begins
milestone-voting_opens = Voting opens
milestone-voting_closes = Voting closes
milestone-publication = The result is published
timeline-changes = Changes to the timeline
timeline-change = { $milestone } now { $to } instead of { $from }, because: { $reason } (changed { $changed })
timeline-waiting = By the timeline, the round should have moved on to { $phase } on { $since }. It is waiting: { $reason }
timeline-waiting-moment = That happens within a few seconds.
hb-timeline-plan-intro = Give the round a timeline, and it changes phase by itself at those times. Everyone can see the timeline. Afterwards you can only move a date with a reason.
hb-timeline-plan-button = Save the timeline
hb-timeline-time-hint = Danish time. Fill in all five times, in order.
hb-timeline-move-heading = Move a date
hb-timeline-move-intro = You can move a date until its phase begins. Once voting has opened, you can only extend it. The reason is shown on the round.
hb-timeline-move-milestone = Which date
hb-timeline-move-to = New time
hb-timeline-move-reason = Reason
hb-timeline-move-reason-hint = Say briefly why the date moves. Everyone can read it.
hb-timeline-move-button = Move the date
hb-timeline-fixed = No dates can be moved any more.
hb-done-timeline = The timeline is saved. The round now changes phase by itself.
hb-done-moved = The date is moved, and the reason is shown on the round.
form-error-datetime = Write the date and time as 04.12.2026 18.00 (or pick it in the calendar).
form-error-timeline-partial = Fill in all five times, or leave them all empty.
field-error-invalid-timeline = The times must be in the future and in order: submission, review, voting opens, voting closes, publication.
new-round-timeline = Timeline (optional)
new-round-timeline-hint = If you fill in the timeline, the round changes phase by itself at those times, and everyone can see it. Without a timeline you move the round yourself.
hb-timeline-plan-heading = Plan the timeline
hb-timeline-move-to-hint = Danish time, e.g. 04.12.2026 18.00.
timeline-error-order = { $later } must come after { $earlier }, but { $later_at } is not after { $earlier_at }.
timeline-error-past = The time must be in the future. It is now { $now }.
timeline-error-unchanged = The date is already { $at }. Choose another time.
timeline-error-started = { $milestone } can no longer move: the round is already in the { $phase } phase.
timeline-error-shortened = Voting has opened, so it can only close later than { $closes }.
timeline-error-closed = Voting closed on { $closed }, so the date can no longer move.
timeline-error-ahead = The timeline starts the phase { $phase } on { $planned }, and the round moves there by itself then. Move that date if the phase is to begin earlier.

followup-title = Follow-up on the money
followup-back-result = Back to the result of { $round }
followup-back = Back to the follow-up on the money
followup-intro = Everyone can see here what the funded bids have spent and given back. The storkreds boards report themselves, and the national board can correct with a reason.
followup-granted = Granted
followup-approved-extra = Approved overrun
followup-spent = Spent
followup-given-back = Given back
followup-remaining = Remaining
followup-latest = Latest report
followup-no-report = No report yet
followup-sum = Granted { $granted } = spent { $spent } + given back { $given_back } + remaining { $remaining }
followup-per-storkreds = Per storkreds
followup-storkredse-caption = Granted, spent, given back and remaining per storkreds
followup-bids = Bids
followup-in-all = In all
followup-per-bid = Per bid
followup-per-bid-text = Choose a bid to see all its expenses and corrections.
followup-bids-caption = Granted, spent, given back and remaining per bid
followup-bid = Bid
followup-none-funded = No bid was funded in this round.
followup-files = Download the figures
followup-download-csv = The follow-up as a spreadsheet (CSV)
followup-api = The follow-up as data (JSON from the API)
followup-how-to-report = Are you on a storkreds board? Sign in and choose your bid to report its status, expenses and money you give back.
followup-status-not-started = Not started
followup-status-under-way = Under way
followup-status-done = Done
followup-status-cancelled = Cancelled
followup-status-heading = Status of the project
followup-status-label = Status
followup-status-save = Save the status
followup-note-label = Note (optional)
followup-note-hint = For example what has happened since last time. Everyone can read it.
followup-reason = Reason
followup-reason-hint = The reason is kept in the history, and everyone can read it.
followup-hb-status-hint = The national board changes the status with a reason. It is kept in the history.
followup-expense-heading = Add an expense
followup-expense-text = Enter each expense on its own. Together the expenses cannot be more than the grant unless the national board has approved an overrun.
followup-expense-description = What did the expense pay for?
followup-expense-save = Add the expense
followup-refund-heading = Give money back
followup-refund-text = Money the project will not use is given back to the party. At most what is left of the grant can be given back.
followup-refund-description = Why is the money given back?
followup-refund-save = Record the money as given back
followup-date = Date
followup-date-hint = The day the money was paid. Type for example 01.06.2026 if you cannot pick the date.
followup-amount = Amount in kroner
followup-amount-column = Amount
followup-amount-hint = Type for example 12.500 or 12.500,00 (Danish style).
followup-description = Text
followup-description-hint = One line, at most 500 characters.
followup-approval-heading = Approve an overrun
followup-approval-text = A project can only spend more than its grant once the national board has approved it. The amount here is what the project may spend beyond its grant, and it replaces any earlier approval. Type 0 to take an approval back.
followup-approval-amount = May spend beyond the grant, in kroner
followup-approval-hint = Type for example 5.000 or 5.000,00 (Danish style).
followup-approval-save = Approve the overrun
followup-history = History
followup-no-entries = No expenses have been reported yet.
followup-entries-caption = Expenses, money given back and corrections, oldest first
followup-entry = Entry
followup-what = What
followup-recorded = Recorded
followup-by-board = the storkreds board
followup-by-hb = the national board
followup-kind-expense = Expense
followup-kind-refund = Given back
followup-correction-of = { $kind }, corrects entry { $entry }
followup-removal-of = Removes entry { $entry }
followup-corrected-by = Corrected by entry { $entry }, no longer counted
followup-correct-link = Correct or remove entry { $entry }
followup-statuses = Statuses
followup-no-statuses = No status has been reported yet.
followup-approvals = Approved overruns
followup-approved = May spend { $amount } beyond the grant.
followup-error-status = Choose one of the statuses in the list.
followup-done-status = The status is saved.
followup-done-udgift = The expense is added.
followup-done-retur = The money is recorded as given back.
followup-done-overforbrug = The overrun is approved.
followup-done-rettelse = The correction is saved. The old entry is still in the history.
followup-correct-title = Correct entry { $entry }
followup-correct-was = { $date }, { $amount }: { $description }
followup-correct-text = Enter what the entry should have said, or remove it. The old entry stays in the history, marked as corrected, and your reason is shown with the correction.
followup-correct-replacement = The entry as it should be
followup-correct-save = Save the correction
followup-correct-remove = Remove the entry
form-error-date = "{ $typed }" is not a date. Type for example 01.06.2026.
field-error-invalid-date = The date must be between 1 January 2000 and today.
field-error-reason-required = The national board must give a reason.
field-error-exceeds-grant = Then spent and given back together would be more than the grant. If the project needs more, the national board must first approve an overrun with a reason. Money can only be given back from what is left.
field-error-approval-below-spending = The project has already spent more than its grant. The approval must at least cover what was spent beyond it.
problem-not-funded = The bid was not funded, so there is no money to follow up.
problem-already-corrected = The entry has already been corrected. Correct the latest correction instead.
audit-follow-up-status-set = Project status reported
audit-follow-up-entry-recorded = Expense or money given back reported
audit-follow-up-entry-corrected = Entry corrected by HB
audit-overrun-approved = Overrun approved by HB
result-followup-link = See what the money was spent on
## Why a bid got what it got, and the rule's steps (from the tally's numbers)
explain-supporters = { $n ->
    [one] 1 supporter
   *[other] { $shown } supporters
}
explain-points = { $n ->
    [one] 1 point
   *[other] { $shown } points
}
explain-funded = Funded: ranked { $rank } with { $support }. { $remaining } remained of the pool, enough for its cost of { $cost }.
explain-not-enough-left = Not funded: ranked { $rank } with { $support }, but only { $remaining } remained of the pool for its cost of { $cost }.
explain-no-support = Not funded: nobody voted for it.
explain-funded-unsupported = Funded although nobody voted for it: { $remaining } remained at the end, enough for its cost of { $cost }.
explain-free = Funded: it costs nothing and has { $support }.
explain-too-expensive = Not funded: its cost of { $cost } is more than the whole pool of { $budget }.
explain-equal-shares = Funded in step { $step } of equal shares: { $how ->
    [point] { $payers } paid { $share } for each point they gave
    [one] { $payers } paid { $share }
   *[each] { $payers } paid { $share } each
}{ $rest }.
explain-equal-shares-exhausted = , and { $exhausted } with less money left paid all they had, { $paid } in total
explain-unaffordable = Not funded: when equal shares ended, its { $supporters } held only { $held } together, less than its cost of { $cost }.
explain-completion-funded = Funded in the completion (most supporters first): ranked { $rank } with { $support }. { $remaining } remained of the pool, enough for its cost of { $cost }.
explain-completion-not-enough-left = Not funded: under equal shares its { $supporters } held only { $held } together, and in the completion only { $remaining } remained of the pool for its cost of { $cost }.
explain-phragmen-funded = Funded in step { $step } of Phragmén's method: its { $supporters } shared the cost so that each carries { $load } in total.
explain-phragmen-no-room = Not funded: in step { $step } it came next (each of its { $supporters } would carry { $load }), but only { $remaining } remained of the pool for its cost of { $cost }, so the method stopped.
explain-phragmen-stopped = Not funded: the method stopped in step { $step }, when the bid “{ $blocker }” came next and did not fit the pool.
explain-then-leftovers = Then, in sharing out the money the storkredse did not spend: { $explanation }
explain-pass-national = The common pool
explain-pass-leftovers = The unspent money
explain-step = { $pass }, step { $number }: “{ $title }”. { $explanation }

## Paper ballots from meetings
meetings-link = Meetings and paper ballots
meetings-title = Meetings and paper ballots
meetings-intro = When members vote on paper at a meeting, such as a general assembly, their votes count like any other. First you check off those present on the roll. Afterwards you enter the ballots together and without names.
meetings-none = There are no meetings yet.
meetings-caption = Meetings in the round with their counts
meetings-closed = Voting has closed, so no more meetings can be planned.
meeting-new = Plan a meeting
meeting-name = Name of the meeting
meeting-name-hint = For example "General assembly in Odense". At most 200 characters.
meeting-held-on = Date
meeting-held-on-hint = The day the meeting is held.
meeting-choose-storkreds = Choose a storkreds
meeting-create = Plan the meeting
meeting-error-storkreds = Choose the storkreds holding the meeting.
meeting-checked-off = Checked off
meeting-paper-ballots = Paper ballots
meeting-spoilt = Spoilt
meeting-not-entered = not entered
meeting-secrecy = The ballots are stored with no link to the names checked off. Only the counts are in the audit log.
meeting-not-voting = Members can be checked off, and ballots entered, only while voting is open.
meeting-batch-final = The meeting's ballots are entered. The entry is final, and no more members can be checked off at this meeting.
meeting-check-off-heading = 1. Check off those present
meeting-check-off-text = Write the member numbers of those who were given a ballot at the meeting. They can then no longer vote online. A member who has already voted online cannot be checked off, because that vote counts.
meeting-member-ids = Member numbers
meeting-member-ids-hint = One member number per line. Empty lines are skipped.
meeting-check-off-button = Check off
meeting-check-off-refused = Nobody was checked off. Correct these lines and try again:
meeting-checked-off-done = { $count ->
    [one] 1 member was checked off.
   *[other] { $count } members were checked off.
}
meeting-line-error = Line { $line }: { $message }
meeting-refused-voted-online = { $member } has already voted online. That vote counts, so the member cannot also vote on paper. Take the ballot back, or remove the line.
meeting-refused-checked-off = { $member } is already checked off at a meeting.
meeting-refused-not-on-roll = { $member } is not on the roll for this vote.
meeting-refused-other-storkreds = { $member } belongs to { $storkreds }, not to the meeting's storkreds.
meeting-error-member-id = A member number may have at most 200 characters and no control characters.
meeting-error-listed-twice = The member is already on line { $first }.
meeting-error-no-members = Write at least one member number.
meeting-error-too-many = There are too many lines at once. Split them up.
meeting-batch-heading = 2. Enter the ballots
meeting-batch-text = Write one ballot per line, in any order. Use the bids' numbers from the table.
meeting-format-approvals = The numbers of the bids that are ticked, separated by commas or spaces, for example { $example }.
meeting-format-points = The bid's number, a colon and the points, separated by commas, for example { $example }.
meeting-format-blank = "blank" for a blank ballot.
meeting-format-spoilt = "ugyldig" (or "spoilt") for a ballot that cannot be read as a vote. It counts for no bid.
meeting-bids-caption = The bids on the ballot with their numbers
meeting-bid-number = Number
meeting-ballots = Ballots
meeting-ballots-hint = { $count ->
    [one] 1 member is checked off, so there can be at most 1 ballot.
   *[other] { $count } members are checked off, so there can be at most { $count } ballots.
}
meeting-final = We have counted the ballots and checked what we typed. It cannot be changed afterwards.
meeting-batch-button = Enter the ballots
meeting-batch-refused = No ballots were entered. Correct this and try again:
meeting-batch-done = The ballots are entered and count in the vote.
meeting-error-not-final = Tick the box to confirm that the ballots are counted and checked.
meeting-error-not-a-bid = "{ $typed }" is not a bid number.
meeting-error-no-points = "{ $typed }": in this round, write bid numbers only, without points.
meeting-error-points-missing = "{ $typed }": write the points after the bid number, for example 7:3.
meeting-error-unknown-bid = Bid number { $id } is not on the ballot.
meeting-error-bid-twice = Bid number { $id } is listed twice.
meeting-error-other-storkreds-bid = Bid number { $id } is from another storkreds. In this round, members vote only on their own storkreds' bids.
meeting-error-more-than-checked-off = There are { $given } ballots, but only { $checked } members are checked off at the meeting.
meeting-error-no-ballots = Write at least one ballot.
ballot-checked-off = You voted on paper at a meeting in your storkreds, so you cannot vote online in this round.
problem-voted-at-meeting = You voted on paper at a meeting, so you cannot vote online in this round.
problem-batch-entered = The meeting's ballots are already entered.
