//! Time as recall sees it: an instant in milliseconds, read from the clock once per command (or
//! from `--now`) and passed down; and the local study day, which rolls over at 04:00 like Anki's.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use jiff::civil::Time;
use jiff::tz::TimeZone;

/// The hour at which a new study day begins, local time.
pub const DAY_ROLLOVER_HOUR: i8 = 4;

const MS_PER_DAY: i64 = 86_400_000;

/// An instant, in milliseconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(i64);

impl Timestamp {
    pub const fn from_millis(ms: i64) -> Self {
        Self(ms)
    }

    pub const fn millis(self) -> i64 {
        self.0
    }

    /// The system clock. Commands call this once and pass the result down.
    pub fn now() -> Self {
        Self(jiff::Timestamp::now().as_millisecond())
    }

    #[must_use]
    pub fn plus(self, duration: Duration) -> Self {
        Self(
            self.0
                .saturating_add(i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)),
        )
    }

    #[must_use]
    pub fn minus(self, duration: Duration) -> Self {
        Self(
            self.0
                .saturating_sub(i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)),
        )
    }

    #[must_use]
    pub fn plus_days(self, days: i64) -> Self {
        Self(self.0.saturating_add(days.saturating_mul(MS_PER_DAY)))
    }

    /// Time from `earlier` to `self`, zero when `earlier` is later.
    pub fn since(self, earlier: Timestamp) -> Duration {
        Duration::from_millis(u64::try_from(self.0.saturating_sub(earlier.0)).unwrap_or(0))
    }

    /// Whole 24-hour periods from `earlier` to `self` (0 when less than a day or negative).
    pub fn whole_days_since(self, earlier: Timestamp) -> u32 {
        u32::try_from(self.0.saturating_sub(earlier.0).max(0) / MS_PER_DAY).unwrap_or(u32::MAX)
    }

    /// Fractional days from `earlier` to `self` (negative when `earlier` is later).
    #[allow(clippy::cast_precision_loss)]
    pub fn days_since(self, earlier: Timestamp) -> f64 {
        (self.0 - earlier.0) as f64 / MS_PER_DAY as f64
    }

    fn to_jiff(self) -> jiff::Timestamp {
        jiff::Timestamp::from_millisecond(self.0).unwrap_or(if self.0 < 0 {
            jiff::Timestamp::MIN
        } else {
            jiff::Timestamp::MAX
        })
    }

    /// RFC 3339 in UTC, e.g. `2026-11-30T09:15:00Z`.
    pub fn to_rfc3339(self) -> String {
        self.to_jiff().to_string()
    }

    /// Local date and time for people, e.g. `2026-11-30 09:15`.
    pub fn local_display(self, tz: &TimeZone) -> String {
        let zoned = self.to_jiff().to_zoned_datetime(tz.clone());
        format!("{} {:02}:{:02}", zoned.date(), zoned.hour(), zoned.minute())
    }

    /// The local calendar date, e.g. `2026-11-30`.
    pub fn local_date(self, tz: &TimeZone) -> String {
        self.to_jiff()
            .to_zoned_datetime(tz.clone())
            .date()
            .to_string()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Where a long-running use case (a session) reads the time of each action.
pub trait Clock {
    fn now(&self) -> Timestamp;
}

/// A clock that starts at the command's `now` (the real time, or `--now`) and runs on from
/// there, so answer times are real even when the start is pretended.
#[derive(Debug, Clone, Copy)]
pub struct RunningClock {
    start: Timestamp,
    instant: std::time::Instant,
}

impl RunningClock {
    pub fn starting_at(start: Timestamp) -> RunningClock {
        RunningClock {
            start,
            instant: std::time::Instant::now(),
        }
    }
}

impl Clock for RunningClock {
    fn now(&self) -> Timestamp {
        self.start.plus(self.instant.elapsed())
    }
}

/// A clock that always reads the same time (tests, and hosts that pass time in).
impl Clock for Timestamp {
    fn now(&self) -> Timestamp {
        *self
    }
}

/// Why a timestamp given by the user did not parse.
#[derive(Debug, thiserror::Error)]
#[error("`{0}` is not an RFC 3339 time such as 2026-11-30T09:00:00Z or 2026-11-30T09:00:00+05:00")]
pub struct TimestampError(String);

impl FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(text: &str) -> Result<Self, TimestampError> {
        let parsed: jiff::Timestamp = text
            .trim()
            .parse()
            .map_err(|_| TimestampError(text.to_owned()))?;
        Ok(Self(parsed.as_millisecond()))
    }
}

/// The learner's time zone, resolved on first use (most commands never need it) from `TZ` or
/// `/etc/localtime` alone: a zone file is read by its name, never by walking the zoneinfo tree
/// (which is what looking a name up in jiff's database costs at every start, even with
/// `TZ=UTC`). Dereferences to the [`TimeZone`]; clones share the one lookup.
#[derive(Debug, Clone, Default)]
pub struct Zone {
    resolved: std::sync::Arc<std::sync::OnceLock<TimeZone>>,
}

impl Zone {
    /// The local zone, not yet looked up.
    pub fn local() -> Zone {
        Zone::default()
    }

    /// A zone given outright (tests, and hosts that know the learner's zone).
    pub fn fixed(tz: TimeZone) -> Zone {
        Zone {
            resolved: std::sync::Arc::new(std::sync::OnceLock::from(tz)),
        }
    }
}

impl From<TimeZone> for Zone {
    fn from(tz: TimeZone) -> Zone {
        Zone::fixed(tz)
    }
}

impl std::ops::Deref for Zone {
    type Target = TimeZone;

    fn deref(&self) -> &TimeZone {
        self.resolved.get_or_init(|| {
            local_zone(
                std::env::var_os("TZ").as_deref(),
                Path::new("/etc/localtime"),
                &std::env::var_os("TZDIR")
                    .filter(|dir| !dir.is_empty())
                    .map_or_else(|| PathBuf::from("/usr/share/zoneinfo"), PathBuf::from),
            )
        })
    }
}

/// The zone `TZ` names (a POSIX rule such as `EST5EDT,M3.2.0,M11.1.0`, a zone name read from
/// `tzdir`, or a `TZif` file's path; empty means UTC), else the one `localtime` is (a link into a
/// zoneinfo directory gives the zone its name), else UTC. Only a `TZ` name that is not a file in
/// `tzdir` (say `america/new_york`) is looked up in jiff's database, which walks the tree.
fn local_zone(tz_env: Option<&std::ffi::OsStr>, localtime: &Path, tzdir: &Path) -> TimeZone {
    let Some(value) = tz_env else {
        return zone_file(localtime, None).unwrap_or(TimeZone::UTC);
    };
    let Some(value) = value.to_str() else {
        return TimeZone::UTC;
    };
    let value = value.strip_prefix(':').unwrap_or(value);
    if value.is_empty() || value == "UTC" || value == "Etc/UTC" {
        return TimeZone::UTC;
    }
    if value.starts_with('/') {
        return zone_file(Path::new(value), None).unwrap_or(TimeZone::UTC);
    }
    let is_name = value
        .split('/')
        .all(|part| !part.is_empty() && part != "." && part != "..");
    if is_name && let Some(tz) = zone_file(&tzdir.join(value), Some(value)) {
        return tz;
    }
    if let Ok(tz) = TimeZone::posix(value) {
        return tz;
    }
    TimeZone::get(value).unwrap_or(TimeZone::UTC)
}

/// The largest zone file read: real ones are under 100 KB.
const ZONE_FILE_LIMIT: u64 = 1024 * 1024;

/// A `TZif` file as a zone, named `name` or, for a link into a zoneinfo directory (as
/// `/etc/localtime` usually is), after the link's target.
fn zone_file(path: &Path, name: Option<&str>) -> Option<TimeZone> {
    // A zone file is a few kilobytes; `TZ` may name anything (`/dev/zero`, a FIFO): only a
    // regular file is read, and no more than `ZONE_FILE_LIMIT` of it.
    // Asked before opening too: opening a FIFO would wait for a writer.
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut data = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, ZONE_FILE_LIMIT + 1),
        &mut data,
    )
    .ok()?;
    if data.len() as u64 > ZONE_FILE_LIMIT {
        return None;
    }
    let target = std::fs::read_link(path).ok();
    let linked = target
        .as_deref()
        .and_then(Path::to_str)
        .and_then(|target| target.rsplit_once("zoneinfo/"))
        .map(|(_, name)| name);
    TimeZone::tzif(name.or(linked).unwrap_or("Local"), &data).ok()
}

/// One study day: from 04:00 local time to 04:00 the next day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StudyDay {
    pub start: Timestamp,
    pub end: Timestamp,
}

impl StudyDay {
    /// The study day containing `now` in time zone `tz`.
    pub fn containing(now: Timestamp, tz: &TimeZone) -> StudyDay {
        let zoned = now.to_jiff().to_zoned_datetime(tz.clone());
        let rollover = Time::new(DAY_ROLLOVER_HOUR, 0, 0, 0).unwrap_or(Time::MIN);
        let mut date = zoned.date();
        if zoned.time() < rollover {
            date = date.yesterday().unwrap_or(date);
        }
        let at = |date: jiff::civil::Date| {
            date.to_datetime(rollover)
                .to_zoned_datetime(tz.clone())
                .map_or(now, |z| Timestamp(z.timestamp().as_millisecond()))
        };
        let start = at(date);
        let end = date.tomorrow().map_or(start.plus_days(1), at);
        StudyDay { start, end }
    }

    /// The study day `days` after this one (negative for earlier days).
    pub fn offset(self, days: i64, tz: &TimeZone) -> StudyDay {
        // Noon of the shifted day is safely inside it whatever the DST changes.
        let middle = self.start.plus_days(days).plus(Duration::from_hours(8));
        StudyDay::containing(middle, tz)
    }

    pub fn contains(self, at: Timestamp) -> bool {
        self.start <= at && at < self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        text.parse().expect("valid timestamp")
    }

    #[test]
    fn parses_and_prints_rfc3339() {
        assert_eq!(ts("1970-01-01T00:00:01Z").millis(), 1000);
        assert_eq!(ts("2026-11-30T09:00:00+05:00"), ts("2026-11-30T04:00:00Z"));
        assert_eq!(
            ts("2026-11-30T04:00:00Z").to_rfc3339(),
            "2026-11-30T04:00:00Z"
        );
        assert!("yesterday".parse::<Timestamp>().is_err());
        assert!("2026-11-30".parse::<Timestamp>().is_err());
    }

    #[test]
    fn study_day_rolls_over_at_four() {
        let utc = TimeZone::UTC;
        let cases = [
            (
                "2026-11-30T12:00:00Z",
                "2026-11-30T04:00:00Z",
                "2026-12-01T04:00:00Z",
            ),
            (
                "2026-11-30T04:00:00Z",
                "2026-11-30T04:00:00Z",
                "2026-12-01T04:00:00Z",
            ),
            (
                "2026-11-30T03:59:59Z",
                "2026-11-29T04:00:00Z",
                "2026-11-30T04:00:00Z",
            ),
            (
                "2026-12-31T23:00:00Z",
                "2026-12-31T04:00:00Z",
                "2027-01-01T04:00:00Z",
            ),
        ];
        for (now, start, end) in cases {
            let day = StudyDay::containing(ts(now), &utc);
            assert_eq!((day.start, day.end), (ts(start), ts(end)), "{now}");
            assert!(day.contains(ts(now)));
        }
    }

    #[test]
    fn study_day_follows_the_local_zone() {
        let tz = TimeZone::get("Asia/Karachi").expect("bundled tzdb");
        // 02:00 in Karachi (UTC+5) is still the previous study day.
        let day = StudyDay::containing(ts("2026-11-29T21:00:00Z"), &tz);
        assert_eq!(day.start, ts("2026-11-28T23:00:00Z"));
        assert_eq!(day.end, ts("2026-11-29T23:00:00Z"));
        let next = day.offset(1, &tz);
        assert_eq!(next.start, day.end);
    }

    #[test]
    fn the_local_zone_comes_from_tz_or_localtime_without_a_directory_walk() {
        let dir = tempfile::tempdir().expect("temp dir");
        let tzdir = dir.path().join("zoneinfo");
        std::fs::create_dir_all(tzdir.join("Asia")).expect("dirs");
        // A zone file of our own: a fixed UTC+5 without transitions (TZif version 1).
        let karachi = tzif_fixed(5 * 3600, "PKT");
        std::fs::write(tzdir.join("Asia/Karachi"), &karachi).expect("zone file");
        let localtime = dir.path().join("localtime");
        let noon = ts("2026-11-30T12:00:00Z");
        let offset = |tz: &TimeZone| tz.to_offset(noon.to_jiff()).seconds();
        let os = |text: &str| std::ffi::OsString::from(text);

        let cases: [(Option<std::ffi::OsString>, i32, Option<&str>); 7] = [
            (Some(os("")), 0, Some("UTC")),
            (Some(os("UTC")), 0, Some("UTC")),
            (Some(os("Asia/Karachi")), 5 * 3600, Some("Asia/Karachi")),
            (Some(os(":Asia/Karachi")), 5 * 3600, Some("Asia/Karachi")),
            (Some(os("EST5EDT,M3.2.0,M11.1.0")), -5 * 3600, None),
            (
                Some(tzdir.join("Asia/Karachi").into_os_string()),
                5 * 3600,
                None,
            ),
            // No TZ and no /etc/localtime: UTC.
            (None, 0, Some("UTC")),
        ];
        for (tz_env, expected, name) in cases {
            let tz = local_zone(tz_env.as_deref(), &localtime, &tzdir);
            assert_eq!(offset(&tz), expected, "{tz_env:?}");
            if let Some(name) = name {
                assert_eq!(tz.iana_name(), Some(name), "{tz_env:?}");
            }
        }
        // /etc/localtime as a link into a zoneinfo directory names the zone after it.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tzdir.join("Asia/Karachi"), &localtime).expect("link");
            let tz = local_zone(None, &localtime, &tzdir);
            assert_eq!(
                (offset(&tz), tz.iana_name()),
                (5 * 3600, Some("Asia/Karachi"))
            );
        }
        // Resolved once, on first use.
        let zone = Zone::fixed(TimeZone::UTC);
        assert_eq!(offset(&zone), 0);
    }

    #[test]
    fn a_tz_naming_a_device_a_fifo_or_a_huge_file_is_not_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let huge = dir.path().join("huge");
        let mut zone = tzif_fixed(5 * 3600, "PKT");
        zone.resize(usize::try_from(ZONE_FILE_LIMIT).expect("small") + 1, 0);
        std::fs::write(&huge, zone).expect("file");
        let fifo = dir.path().join("fifo");
        let made_fifo = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|status| status.success());
        let mut cases = vec![Path::new("/dev/zero"), huge.as_path(), dir.path()];
        if made_fifo {
            cases.push(fifo.as_path());
        }
        for path in cases {
            // UTC, at once: no endless read, no wait for a writer.
            let tz = local_zone(Some(path.as_os_str()), &dir.path().join("none"), dir.path());
            assert_eq!(tz.iana_name(), Some("UTC"), "{path:?}");
        }
    }

    /// A `TZif` (version 1) file for a zone at a fixed offset, `abbreviation` its name.
    fn tzif_fixed(offset: i32, abbreviation: &str) -> Vec<u8> {
        let mut data = b"TZif\0".to_vec();
        data.extend_from_slice(&[0; 15]);
        // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
        let abbreviation = format!("{abbreviation}\0");
        for count in [
            0u32,
            0,
            0,
            0,
            1,
            u32::try_from(abbreviation.len()).expect("short"),
        ] {
            data.extend_from_slice(&count.to_be_bytes());
        }
        data.extend_from_slice(&offset.to_be_bytes());
        data.extend_from_slice(&[0, 0]);
        data.extend_from_slice(abbreviation.as_bytes());
        data
    }

    #[test]
    fn whole_days_count_24_hour_periods() {
        let a = ts("2026-11-30T10:00:00Z");
        assert_eq!(ts("2026-12-01T09:59:59Z").whole_days_since(a), 0);
        assert_eq!(ts("2026-12-01T10:00:00Z").whole_days_since(a), 1);
        assert_eq!(ts("2026-11-29T10:00:00Z").whole_days_since(a), 0);
    }
}
