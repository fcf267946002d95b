//! A tally's reasons and steps told in the visitor's language, from the
//! numbers the rule kept (`Reason`, `TallyStep`), with amounts written the
//! way the language writes them.

use std::collections::BTreeMap;

use fluent_templates::fluent_bundle::FluentValue;
use medlemsbudget_domain::kroner;
use medlemsbudget_domain::rules::{Amount, Explanation, Share, Support};
use medlemsbudget_domain::tally::{Pass, Reason, TallyStep};
use medlemsbudget_domain::ProposalId;

use super::i18n::{Lang, Tr};

/// Bid titles by id, to name the bids a reason mentions.
pub type Titles = BTreeMap<ProposalId, String>;

/// A plain decimal amount (`"1234.56…"`) as money in the language.
fn kroner_text(t: &Tr, plain: &str) -> String {
    match t.lang {
        Lang::Da => format!("{} kr.", kroner::decimal(plain, true)),
        Lang::En => format!("DKK {}", kroner::decimal(plain, false)),
    }
}

fn amount(t: &Tr, amount: &Amount) -> String {
    match amount.to_money() {
        Some(money) => t.money(&money),
        None => kroner_text(t, &amount.to_string()),
    }
}

fn share(t: &Tr, share: &Share) -> String {
    kroner_text(t, &share.to_string())
}

fn count(t: &Tr, key: &str, n: u64) -> String {
    let args: [(&str, FluentValue<'_>); 2] = [("n", n.into()), ("shown", t.number(&n).into())];
    t.args(key, &args)
}

fn supporters(t: &Tr, n: u64) -> String {
    count(t, "explain-supporters", n)
}

fn support(t: &Tr, support: Support) -> String {
    match support {
        Support::Voters(n) => supporters(t, n),
        Support::Points(n) => count(t, "explain-points", n),
    }
}

fn title(titles: &Titles, id: &str) -> String {
    id.parse()
        .ok()
        .and_then(|id| titles.get(&ProposalId(id)))
        .cloned()
        .unwrap_or_else(|| id.to_owned())
}

/// One decision, as a sentence. An amount's `kr.` also ends the sentence
/// (no second full stop).
pub fn explanation(t: &Tr, e: &Explanation, titles: &Titles) -> String {
    sentence(t, e, titles).replace("kr..", "kr.")
}

fn sentence(t: &Tr, e: &Explanation, titles: &Titles) -> String {
    let n = |value: &usize| -> FluentValue<'static> { t.number(&(*value as u64)).into() };
    let s = |text: String| -> FluentValue<'static> { text.into() };
    match e {
        Explanation::Funded {
            rank,
            support: sup,
            remaining_before: remaining,
            cost,
        } => ranked(t, "explain-funded", *rank, *sup, remaining, cost),
        Explanation::CompletionFunded {
            rank,
            support: sup,
            remaining_before: remaining,
            cost,
        } => ranked(t, "explain-completion-funded", *rank, *sup, remaining, cost),
        Explanation::NotEnoughLeft {
            rank,
            support: sup,
            remaining,
            cost,
        } => ranked(t, "explain-not-enough-left", *rank, *sup, remaining, cost),
        Explanation::NoSupport { .. } => t.get("explain-no-support"),
        Explanation::FundedUnsupported { remaining_before, cost } => t.args(
            "explain-funded-unsupported",
            &[
                ("remaining", s(amount(t, remaining_before))),
                ("cost", s(amount(t, cost))),
            ],
        ),
        Explanation::Free { support: sup } => t.with("explain-free", "support", support(t, *sup)),
        Explanation::TooExpensive { cost, budget } => t.args(
            "explain-too-expensive",
            &[("cost", s(amount(t, cost))), ("budget", s(amount(t, budget)))],
        ),
        Explanation::EqualShares {
            step,
            payers,
            share: paid,
            per_point,
            exhausted,
            exhausted_paid,
        } => {
            let how = match (*per_point, *payers) {
                (true, _) => "point",
                (false, 1) => "one",
                (false, _) => "each",
            };
            let rest = if *exhausted > 0 {
                t.args(
                    "explain-equal-shares-exhausted",
                    &[
                        ("exhausted", s(supporters(t, *exhausted))),
                        ("paid", s(share(t, exhausted_paid))),
                    ],
                )
            } else {
                String::new()
            };
            t.args(
                "explain-equal-shares",
                &[
                    ("step", n(step)),
                    ("payers", s(supporters(t, *payers))),
                    ("share", s(share(t, paid))),
                    ("how", how.into()),
                    ("rest", s(rest)),
                ],
            )
        }
        Explanation::Unaffordable {
            supporters: many,
            held,
            cost,
        } => t.args(
            "explain-unaffordable",
            &[
                ("supporters", s(supporters(t, *many))),
                ("held", s(share(t, held))),
                ("cost", s(amount(t, cost))),
            ],
        ),
        Explanation::CompletionNotEnoughLeft {
            supporters: many,
            held,
            remaining,
            cost,
        } => t.args(
            "explain-completion-not-enough-left",
            &[
                ("supporters", s(supporters(t, *many))),
                ("held", s(share(t, held))),
                ("remaining", s(amount(t, remaining))),
                ("cost", s(amount(t, cost))),
            ],
        ),
        Explanation::PhragmenFunded {
            step,
            supporters: many,
            load,
        } => t.args(
            "explain-phragmen-funded",
            &[
                ("step", n(step)),
                ("supporters", s(supporters(t, *many))),
                ("load", s(share(t, load))),
            ],
        ),
        Explanation::PhragmenNoRoom {
            step,
            supporters: many,
            load,
            remaining,
            cost,
        } => t.args(
            "explain-phragmen-no-room",
            &[
                ("step", n(step)),
                ("supporters", s(supporters(t, *many))),
                ("load", s(share(t, load))),
                ("remaining", s(amount(t, remaining))),
                ("cost", s(amount(t, cost))),
            ],
        ),
        Explanation::PhragmenStopped { step, blocker } => t.args(
            "explain-phragmen-stopped",
            &[("step", n(step)), ("blocker", s(title(titles, blocker)))],
        ),
    }
}

/// A greedy decision: the bid's rank and support, what was left, its cost.
fn ranked(t: &Tr, key: &str, rank: usize, sup: Support, remaining: &Amount, cost: &Amount) -> String {
    t.args(
        key,
        &[
            ("rank", t.number(&(rank as u64)).into()),
            ("support", support(t, sup).into()),
            ("remaining", amount(t, remaining).into()),
            ("cost", amount(t, cost).into()),
        ],
    )
}

/// Why a bid got what it got: its first pass's reason, then what the pass
/// over unspent sub-pool money decided, if it took part in one.
pub fn reasons(t: &Tr, reasons: &[Reason], titles: &Titles) -> Option<String> {
    let (first, rest) = reasons.split_first()?;
    let mut text = explanation(t, &first.explanation, titles);
    for later in rest {
        text.push(' ');
        text.push_str(&t.with(
            "explain-then-leftovers",
            "explanation",
            explanation(t, &later.explanation, titles),
        ));
    }
    Some(text)
}

/// The pass a step belongs to, named.
fn pass(t: &Tr, pass: Pass) -> String {
    match pass {
        Pass::National => t.get("explain-pass-national"),
        Pass::Storkreds(storkreds) => storkreds.name().to_owned(),
        Pass::Leftovers => t.get("explain-pass-leftovers"),
    }
}

/// One step of the rule, as a sentence naming its pass, number and bid.
pub fn step(t: &Tr, step: &TallyStep, titles: &Titles) -> String {
    t.args(
        "explain-step",
        &[
            ("pass", pass(t, step.pass).into()),
            ("number", t.number(&(step.number as u64)).into()),
            ("title", title(titles, &step.proposal.to_string()).into()),
            ("explanation", explanation(t, &step.explanation, titles).into()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigInt;
    use num_rational::BigRational;

    fn kr(minor: u64) -> Amount {
        Amount::new(minor, 2).unwrap_or_default()
    }

    #[test]
    fn reasons_read_in_danish_with_danish_amounts() {
        let t = Tr { lang: Lang::Da };
        let funded = Explanation::Funded {
            rank: 2,
            support: Support::Voters(1234),
            remaining_before: kr(50_000_000),
            cost: kr(6_000_000),
        };
        assert_eq!(
            explanation(&t, &funded, &Titles::new()),
            "Får støtte: nr. 2 med 1.234 tilhængere. Der var 500.000,00 kr. tilbage af puljen, nok til prisen på 60.000,00 kr."
        );
        let shares = Explanation::EqualShares {
            step: 1,
            payers: 3,
            share: Share::new(BigRational::new(BigInt::from(100_000), BigInt::from(3)), 2),
            per_point: false,
            exhausted: 1,
            exhausted_paid: Share::whole(1_000, 2),
        };
        assert_eq!(
            explanation(&t, &shares, &Titles::new()),
            "Får støtte i trin 1 af metoden med lige andele: 3 tilhængere betalte hver 333,33… kr., og 1 tilhænger med færre penge tilbage betalte alt, hvad de havde, i alt 10,00 kr."
        );
    }

    #[test]
    fn every_explanation_has_a_sentence_in_both_languages() {
        let titles: Titles = [(ProposalId(7), "Valgmøder på Fyn".to_owned())].into();
        let load = Share::whole(12_345, 2);
        let all = [
            Explanation::NoSupport { cost: kr(1) },
            Explanation::FundedUnsupported {
                remaining_before: kr(2),
                cost: kr(1),
            },
            Explanation::Free {
                support: Support::Points(1),
            },
            Explanation::TooExpensive {
                cost: kr(3),
                budget: kr(2),
            },
            Explanation::Unaffordable {
                supporters: 1,
                held: load.clone(),
                cost: kr(1),
            },
            Explanation::CompletionFunded {
                rank: 1,
                support: Support::Voters(1),
                remaining_before: kr(2),
                cost: kr(1),
            },
            Explanation::CompletionNotEnoughLeft {
                supporters: 2,
                held: load.clone(),
                remaining: kr(1),
                cost: kr(2),
            },
            Explanation::PhragmenFunded {
                step: 1,
                supporters: 2,
                load: load.clone(),
            },
            Explanation::PhragmenNoRoom {
                step: 2,
                supporters: 2,
                load,
                remaining: kr(1),
                cost: kr(2),
            },
            Explanation::PhragmenStopped {
                step: 3,
                blocker: "7".to_owned(),
            },
        ];
        for lang in [Lang::Da, Lang::En] {
            let t = Tr { lang };
            for e in &all {
                let text = explanation(&t, e, &titles);
                assert!(!text.is_empty() && !text.contains('{'), "{lang:?} {e:?}: {text}");
            }
        }
        let stopped = explanation(&Tr { lang: Lang::Da }, &all[9], &titles);
        assert!(stopped.contains("Valgmøder på Fyn"), "{stopped}");
    }
}
