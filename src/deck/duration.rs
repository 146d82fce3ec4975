//! Durations as written in deck files: `"90s"`, `"10m"`, `"1h30m"`, `"100y"`.

use std::fmt;
use std::time::Duration;

/// `n` days.
pub const fn days(n: u64) -> Duration {
    Duration::from_secs(n * 86_400)
}

/// `n` years of 365 days, the deck syntax's `y`.
pub const fn years(n: u64) -> Duration {
    days(n * 365)
}

/// Parses a duration written as whole numbers followed by units (`s`, `m`, `h`, `d`, `w`, `y`),
/// e.g. `"10m"` or `"1h30m"`. Whitespace between parts is allowed; a bare number is not.
pub fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DurationError::Empty);
    }
    let mut total: u64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(DurationError::Malformed);
        }
        let number: u64 = rest[..digits].parse().map_err(|_| DurationError::TooLong)?;
        rest = &rest[digits..];
        let unit_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let seconds_per_unit = match &rest[..unit_len] {
            "s" => 1,
            "m" => 60,
            "h" => 3_600,
            "d" => 86_400,
            "w" => 7 * 86_400,
            "y" => 365 * 86_400,
            "" if rest.is_empty() => return Err(DurationError::MissingUnit),
            "" => return Err(DurationError::Malformed),
            other => return Err(DurationError::UnknownUnit(other.to_owned())),
        };
        rest = rest[unit_len..].trim_start();
        total = number
            .checked_mul(seconds_per_unit)
            .and_then(|part| total.checked_add(part))
            .ok_or(DurationError::TooLong)?;
    }
    Ok(Duration::from_secs(total))
}

/// Reads a duration given on the command line, with an error that shows how to write one.
pub fn parse_arg(text: &str) -> Result<Duration, String> {
    parse_duration(text).map_err(|e| format!("`{text}` {e}; write e.g. 30s, 10m or 1h30m"))
}

/// Why a duration did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("is empty")]
    Empty,
    #[error("is not a duration")]
    Malformed,
    #[error("has a number without a unit")]
    MissingUnit,
    #[error("has an unknown unit `{0}`")]
    UnknownUnit(String),
    #[error("is too long")]
    TooLong,
}

/// Formats a duration in the deck syntax, largest units first (`"1h30m"`); whole years and
/// weeks are written as such. `parse_duration(format_duration(d)) == d` for whole seconds.
pub fn format_duration(duration: Duration) -> String {
    DeckDuration(duration).to_string()
}

struct DeckDuration(Duration);

impl fmt::Display for DeckDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut secs = self.0.as_secs();
        if secs == 0 {
            return f.write_str("0s");
        }
        for (unit, size) in [
            ("y", 365 * 86_400),
            ("w", 7 * 86_400),
            ("d", 86_400),
            ("h", 3_600),
            ("m", 60),
            ("s", 1),
        ] {
            if secs >= size {
                write!(f, "{}{unit}", secs / size)?;
                secs %= size;
            }
        }
        Ok(())
    }
}

/// A short human form for screens: `"45s"`, `"10m"`, `"3h"`, `"12d"`, `"4.2mo"`, `"1.5y"`.
pub fn humanize(duration: Duration) -> String {
    #[allow(clippy::cast_precision_loss)]
    let secs = duration.as_secs() as f64;
    let minute = 60.0;
    let hour = 3_600.0;
    let day = 86_400.0;
    if secs < minute {
        format!("{secs:.0}s")
    } else if secs < hour {
        format!("{:.0}m", secs / minute)
    } else if secs < day {
        format!("{:.0}h", secs / hour)
    } else if secs < 30.0 * day {
        format!("{:.0}d", secs / day)
    } else if secs < 365.0 * day {
        format!("{:.1}mo", secs / (30.0 * day))
    } else {
        format!("{:.1}y", secs / (365.0 * day))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn parses_valid_durations() {
        let cases = [
            ("1s", 1),
            ("1m", 60),
            ("10m", 600),
            ("1h30m", 5_400),
            ("1h 30m", 5_400),
            ("2d", 172_800),
            ("1w", 604_800),
            ("100y", 100 * 365 * 86_400),
            (" 5m ", 300),
        ];
        for (text, secs) in cases {
            assert_eq!(
                parse_duration(text),
                Ok(Duration::from_secs(secs)),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_invalid_durations() {
        let cases = [
            ("", DurationError::Empty),
            ("10", DurationError::MissingUnit),
            ("m", DurationError::Malformed),
            ("-1m", DurationError::Malformed),
            ("1.5h", DurationError::Malformed),
            ("10min", DurationError::UnknownUnit("min".into())),
            ("3mo", DurationError::UnknownUnit("mo".into())),
            ("99999999999999999999y", DurationError::TooLong),
            ("999999999999999y", DurationError::TooLong),
        ];
        for (text, error) in cases {
            assert_eq!(parse_duration(text), Err(error), "{text}");
        }
    }

    #[test]
    fn humanizes() {
        assert_eq!(humanize(Duration::from_secs(45)), "45s");
        assert_eq!(humanize(Duration::from_mins(10)), "10m");
        assert_eq!(humanize(days(3)), "3d");
        assert_eq!(humanize(days(400)), "1.1y");
    }

    proptest! {
        #[test]
        fn format_then_parse_round_trips(secs in 0u64..10_000_000_000) {
            let duration = Duration::from_secs(secs);
            prop_assert_eq!(parse_duration(&format_duration(duration)), Ok(duration));
        }
    }
}
