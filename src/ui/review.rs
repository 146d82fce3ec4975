//! A headless answer (`recall rate`, `recall answer`) in words.

use crate::app::record::Reviewed;
use crate::time::{Timestamp, Zone};

/// A due time for people: "in 10m (2026-11-30 09:10)".
pub fn when(at: Timestamp, now: Timestamp, tz: &Zone) -> String {
    format!(
        "in {} ({})",
        super::describe_interval(at.since(now)),
        at.local_display(tz)
    )
}

/// "d/a: Good · review · due in 3d (…)", and whether it was only a dry run.
pub fn reviewed_line(reviewed: &Reviewed, now: Timestamp, tz: &Zone) -> String {
    let due = reviewed.due.map_or_else(
        || "not scheduled".to_owned(),
        |due| format!("due {}", when(due, now, tz)),
    );
    format!(
        "{}: {} · {} · {}{}",
        reviewed.card,
        reviewed.rating.label(),
        reviewed.state,
        due,
        if reviewed.recorded {
            ""
        } else {
            " (dry run: not recorded)"
        }
    )
}

/// When the card answered was suspended: the answer counts, the card stays out.
pub fn suspended_line(reviewed: &Reviewed) -> Option<String> {
    reviewed.suspended.then(|| {
        format!(
            "{} is suspended: the answer {}, but the card stays out of sessions and queues \
             until `recall unsuspend {}`",
            reviewed.card,
            if reviewed.recorded {
                "is recorded"
            } else {
                "would be recorded"
            },
            reviewed.card
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheduler::{Rating, State};

    #[test]
    fn a_suspended_card_is_said_so_recorded_or_not() {
        let cases = [
            (false, true, None),
            (
                true,
                true,
                Some(
                    "d/a is suspended: the answer is recorded, but the card stays out of sessions \
                     and queues until `recall unsuspend d/a`",
                ),
            ),
            (
                true,
                false,
                Some(
                    "d/a is suspended: the answer would be recorded, but the card stays out of \
                     sessions and queues until `recall unsuspend d/a`",
                ),
            ),
        ];
        for (suspended, recorded, expected) in cases {
            let reviewed = Reviewed {
                card: "d/a".into(),
                rating: Rating::Good,
                state: State::Review,
                due: None,
                interval_days: 0.0,
                recorded,
                suspended,
            };
            assert_eq!(
                suspended_line(&reviewed).as_deref(),
                expected,
                "{suspended} {recorded}"
            );
        }
    }
}
