//! The recorder: per changefeed, lag samples and a timeline, bounded by a written retention,
//! downsampling with age, and hard caps that drop the oldest data first.
//!
//! **Downsampling.** A sample covers a time bucket whose width grows with its age
//! ([`TIERS`]: 5 s for the last 15 min, 30 s up to 1 h, 2 min up to 6 h, 10 min up to 24 h).
//! Buckets are aligned on the epoch and each width divides the next, so re-bucketing as samples
//! age, or merging what two tabs recorded, gives the same result in any order. A bucket keeps
//! the worst lag seen in it (a spike is not averaged away) and the latest state.
//!
//! **Retention.** Samples older than [`RETENTION_MS`] (24 h) are dropped; timeline entries
//! are kept for [`EVENT_RETENTION_MS`] (7 days), as they are few and say what happened.
//!
//! **Caps.** At most [`MAX_SAMPLES`] samples and [`MAX_EVENTS`] timeline entries after a
//! compaction (and [`MAX_EVENTS_PER_FEED`] per changefeed); the stored text is cut to a byte
//! cap by [`History::to_json_capped`]. Over a cap, the oldest samples or entries go first,
//! across all changefeeds, so with 10,000 changefeeds the history is shorter, never larger.
//! Between compactions, memory holds at most [`MEMORY_MAX_SAMPLES`] and [`MEMORY_MAX_EVENTS`]
//! (and the one poll that crossed them): past them the browser side compacts at once, whether
//! or not it can store anything ([`History::over_memory_caps`]).
//!
//! **Parts.** The stored form is cut into [`SHARDS`] parts by changefeed id ([`shard_of`]),
//! each compacted and capped with its share of the caps ([`History::compact_shard`],
//! [`History::shard_json_capped`]), so that the browser can write one part per task (no long
//! task with 10,000 changefeeds) and an operation rewrites one part, not the whole history.
//! Ids hash evenly, so dropping the oldest of each part drops the oldest overall, up to the
//! spread of one part's share.
//!
//! **Gaps.** Two samples further apart than their bucket allows ([`is_gap`]) mean no tab of
//! this browser was polling in between; the chart breaks its lines there.
//!
//! **Format.** [`History::to_json`] writes a versioned, compact JSON ([`FORMAT_VERSION`]):
//! per changefeed, delta-encoded times and one character per state. A text of another version
//! is refused, not misread.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::timeline::{self, Event, EventBody, OperationResult, Severity};
use super::{HOUR, MIN, SEC};
use crate::state::{FeedState, display_state};

/// The stored format's version; a text of another version is not read.
pub const FORMAT_VERSION: u32 = 1;
/// How long lag samples are kept.
pub const RETENTION_MS: i64 = 24 * HOUR;
/// How long timeline entries are kept (by their latest time).
pub const EVENT_RETENTION_MS: i64 = 7 * 24 * HOUR;
/// Samples kept in memory, over all changefeeds.
pub const MAX_SAMPLES: usize = 150_000;
/// Timeline entries kept in memory, over all changefeeds.
pub const MAX_EVENTS: usize = 20_000;
/// Timeline entries kept per changefeed.
pub const MAX_EVENTS_PER_FEED: usize = 200;
/// Samples held in memory before the parts are compacted at once, whether or not they can be
/// stored ([`History::over_memory_caps`]): [`MAX_SAMPLES`] and an eighth more, for the polls
/// recorded since the parts were last compacted (at their write, every few seconds). Memory
/// holds at most this and the one poll that crossed it.
pub const MEMORY_MAX_SAMPLES: usize = MAX_SAMPLES + MAX_SAMPLES / 8;
/// [`MEMORY_MAX_SAMPLES`] for timeline entries.
pub const MEMORY_MAX_EVENTS: usize = MAX_EVENTS + MAX_EVENTS / 8;

/// The stored history is cut into this many parts (one localStorage key each), by changefeed
/// id ([`shard_of`]). With 10,000 changefeeds the whole text is about 1.5 MB, and serialising
/// and storing it in one go is a long task; one part is about 1/16 of it, so the browser side
/// writes the parts in tasks of their own, and a write after an operation touches one part.
pub const SHARDS: usize = 16;
/// Every part, as a mask of [`shard_of`] bits.
pub const ALL_SHARDS: u32 = (1 << SHARDS) - 1;

/// The part changefeed `id` is stored in: FNV-1a of its bytes, so every tab and every build
/// agree.
pub fn shard_of(id: &str) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (h % SHARDS as u32) as usize
}

/// Whether `id` is in one of the parts of `mask`.
fn in_shards(mask: u32, id: &str) -> bool {
    mask & (1 << shard_of(id)) != 0
}

/// The mask of the parts the ids are in.
pub fn shards_of<'a>(ids: impl IntoIterator<Item = &'a str>) -> u32 {
    ids.into_iter().fold(0, |m, id| m | 1 << shard_of(id))
}

/// `(up to this age, bucket width)`: the downsampling tiers, finest first. Each width divides
/// the next.
pub const TIERS: [(i64, i64); 4] = [
    (15 * MIN, 5 * SEC),
    (HOUR, 30 * SEC),
    (6 * HOUR, 2 * MIN),
    (RETENTION_MS, 10 * MIN),
];

/// The bucket width for a sample `age_ms` old.
pub fn bucket_width(age_ms: i64) -> i64 {
    TIERS
        .iter()
        .find(|(age, _)| age_ms <= *age)
        .map_or(TIERS[TIERS.len() - 1].1, |(_, w)| *w)
}

/// Whether no tab was polling between samples at `a` and `b` (`a < b`), at `now`: they are
/// further apart than three buckets of their age, or 20 s (a poll every 3 s, a slow TiCDC).
pub fn is_gap(a: i64, b: i64, now: i64) -> bool {
    b - a > (3 * bucket_width(now - a)).max(20 * SEC)
}

/// What one poll saw of one changefeed at one moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// Browser time (ms since the epoch): the latest poll merged into this sample.
    pub t: i64,
    /// Checkpoint lag in ms on TiCDC's clock; `None` while there is no checkpoint.
    pub lag: Option<i64>,
    /// Resolved lag in ms (only the detail page fetches resolved_ts).
    pub resolved_lag: Option<i64>,
    /// The state, with the list's display mapping (pending → warning).
    pub state: FeedState,
    /// TiCDC's synced status, when the detail page fetched it.
    pub synced: Option<bool>,
}

impl Sample {
    /// A sample of `state` at `t`; lags below zero (clocks disagreeing) count as zero.
    pub fn new(t: i64, lag: Option<i64>, state: FeedState) -> Sample {
        Sample {
            t,
            lag: lag.map(|l| l.max(0)),
            resolved_lag: None,
            state: display_state(state.as_str()),
            synced: None,
        }
    }

    /// Folds a sample of the same bucket into this one: the worst lag, the latest state.
    fn absorb(&mut self, o: &Sample) {
        let later = o.t >= self.t;
        self.lag = max_opt(self.lag, o.lag);
        self.resolved_lag = max_opt(self.resolved_lag, o.resolved_lag);
        if later {
            self.t = o.t;
            self.state = o.state;
            self.synced = o.synced.or(self.synced);
        } else {
            self.synced = self.synced.or(o.synced);
        }
    }
}

fn max_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// The error field one poll saw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProblemSeen<'a> {
    pub code: &'a str,
    pub message: &'a str,
    pub addr: &'a str,
}

/// One changefeed's record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Feed {
    /// Oldest first.
    pub samples: Vec<Sample>,
    /// Oldest first.
    pub events: Vec<Event>,
}

/// Everything this browser saw in one cluster and scope.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    feeds: HashMap<String, Feed>,
    samples: usize,
    events: usize,
}

impl History {
    /// An empty history.
    pub fn new() -> History {
        History::default()
    }

    /// One changefeed's record.
    pub fn feed(&self, id: &str) -> Option<&Feed> {
        self.feeds.get(id)
    }

    /// Every changefeed recorded.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.feeds.keys().map(String::as_str)
    }

    /// Samples held, over all changefeeds.
    pub fn sample_count(&self) -> usize {
        self.samples
    }

    /// Timeline entries held, over all changefeeds.
    pub fn event_count(&self) -> usize {
        self.events
    }

    /// Whether memory holds more than [`MEMORY_MAX_SAMPLES`] or [`MEMORY_MAX_EVENTS`]: then
    /// the recorded parts must be compacted now ([`History::compact_shard`] each, which brings
    /// each part to its share of [`MAX_SAMPLES`] and [`MAX_EVENTS`]), not at their next write.
    pub fn over_memory_caps(&self) -> bool {
        self.samples > MEMORY_MAX_SAMPLES || self.events > MEMORY_MAX_EVENTS
    }

    /// Records what a poll saw of changefeed `id`: the sample (merged into the latest one if
    /// it falls in the same finest bucket), a state change against the previous sample, and
    /// the error field if there is one. `O(1)` per call apart from the problem lookup, so a
    /// list poll of 10,000 changefeeds stays cheap; run [`History::compact`] now and then.
    pub fn observe(&mut self, id: &str, sample: Sample, problem: Option<ProblemSeen<'_>>) {
        let feed = match self.feeds.get_mut(id) {
            Some(f) => f,
            None => self.feeds.entry(id.to_string()).or_default(),
        };
        let events_before = feed.events.len();
        match feed.samples.last_mut() {
            Some(last) if sample.t >= last.t => {
                if last.state != sample.state {
                    feed.events.push(Event {
                        at: sample.t,
                        body: EventBody::State {
                            from: last.state.as_str().to_string(),
                            to: sample.state.as_str().to_string(),
                            prev_seen: last.t,
                        },
                    });
                }
                let w = bucket_width(0);
                if last.t.div_euclid(w) == sample.t.div_euclid(w) {
                    last.absorb(&sample);
                } else {
                    feed.samples.push(sample);
                    self.samples += 1;
                }
            }
            Some(_) => {} // older than what is held (a clock step back): ignored
            None => {
                feed.samples.push(sample);
                self.samples += 1;
            }
        }
        if let Some(p) = problem {
            timeline::see_problem(
                &mut feed.events,
                sample.t,
                Severity::of(sample.state),
                p.code,
                p.message,
                p.addr,
            );
        }
        self.events += feed.events.len() - events_before;
    }

    /// Records an operation done from this console on changefeed `id`.
    pub fn record_operation(
        &mut self,
        id: &str,
        t: i64,
        op: &str,
        summary: &str,
        failure: Option<OperationResult>,
    ) {
        let feed = self.feeds.entry(id.to_string()).or_default();
        feed.events.push(Event {
            at: t,
            body: EventBody::Operation {
                op: op.to_string(),
                summary: summary.to_string(),
                failure,
            },
        });
        self.events += 1;
    }

    /// Downsamples by age, drops what is past retention, and enforces the caps (oldest first).
    pub fn compact(&mut self, now: i64) {
        self.compact_parts(ALL_SHARDS, now);
    }

    /// [`History::compact`] for the changefeeds of one part, with that part's share of the
    /// caps ([`SHARDS`] parts of [`MAX_SAMPLES`] and [`MAX_EVENTS`]): what a part's write
    /// does before storing it. The other parts are not touched.
    pub fn compact_shard(&mut self, shard: usize, now: i64) {
        self.compact_parts(1 << shard, now);
    }

    /// Compacts the parts of `mask` with their share of the caps (all of them: the caps).
    fn compact_parts(&mut self, mask: u32, now: i64) {
        let n = mask.count_ones() as usize;
        self.compact_part(now, mask, MAX_SAMPLES * n / SHARDS, MAX_EVENTS * n / SHARDS);
    }

    /// Compacts the changefeeds of the parts in `mask`, holding them to `max_samples` and
    /// `max_events` together.
    fn compact_part(&mut self, now: i64, mask: u32, max_samples: usize, max_events: usize) {
        let all = mask == ALL_SHARDS;
        let part = |id: &str| all || in_shards(mask, id);
        for (_, feed) in self.feeds.iter_mut().filter(|(id, _)| part(id)) {
            feed.samples = rebucket(std::mem::take(&mut feed.samples), now);
            feed.events
                .retain(|e| now - e.last_at() <= EVENT_RETENTION_MS);
            if feed.events.len() > MAX_EVENTS_PER_FEED {
                let extra = feed.events.len() - MAX_EVENTS_PER_FEED;
                feed.events.drain(..extra);
            }
        }
        let (samples, events) = self.count_part(mask);
        if samples > max_samples {
            let cutoff = nth_oldest(
                self.feeds
                    .iter()
                    .filter(|(id, _)| part(id))
                    .flat_map(|(_, f)| f.samples.iter().map(|s| s.t)),
                samples - max_samples,
            );
            for (_, f) in self.feeds.iter_mut().filter(|(id, _)| part(id)) {
                f.samples.retain(|s| s.t > cutoff);
            }
        }
        if events > max_events {
            let cutoff = nth_oldest(
                self.feeds
                    .iter()
                    .filter(|(id, _)| part(id))
                    .flat_map(|(_, f)| f.events.iter().map(|e| e.at)),
                events - max_events,
            );
            for (_, f) in self.feeds.iter_mut().filter(|(id, _)| part(id)) {
                f.events.retain(|e| e.at > cutoff);
            }
        }
        self.feeds
            .retain(|_, f| !f.samples.is_empty() || !f.events.is_empty());
        self.recount();
    }

    /// Whether any changefeed of part `shard` is held.
    pub fn holds_shard(&self, shard: usize) -> bool {
        self.feeds.keys().any(|id| shard_of(id) == shard)
    }

    /// Samples and timeline entries held by the changefeeds of the parts in `mask`.
    fn count_part(&self, mask: u32) -> (usize, usize) {
        if mask == ALL_SHARDS {
            return (self.samples, self.events);
        }
        self.feeds
            .iter()
            .filter(|(id, _)| in_shards(mask, id))
            .fold((0, 0), |(s, e), (_, f)| {
                (s + f.samples.len(), e + f.events.len())
            })
    }

    fn recount(&mut self) {
        self.samples = self.feeds.values().map(|f| f.samples.len()).sum();
        self.events = self.feeds.values().map(|f| f.events.len()).sum();
    }

    /// Merges what another tab stored: samples of the same bucket fold together, timeline
    /// entries both saw are kept once. Merging the same text twice changes nothing.
    /// Only the parts `other` holds are compacted (with their share of the caps), so merging
    /// one stored part costs that part, not the whole history.
    pub fn merge(&mut self, other: &History, now: i64) {
        let mask = shards_of(other.ids());
        for (id, o) in &other.feeds {
            let feed = self.feeds.entry(id.clone()).or_default();
            if !o.samples.is_empty() {
                feed.samples.extend_from_slice(&o.samples);
                feed.samples.sort_by_key(|s| s.t);
            }
            timeline::merge(&mut feed.events, &o.events);
        }
        self.compact_parts(mask, now);
    }

    /// The versioned stored form.
    pub fn to_json(&self) -> String {
        self.part_json(ALL_SHARDS)
    }

    /// The stored form of the changefeeds of the parts in `mask` (what [`History::from_json`]
    /// reads back; the union of the parts' texts is the whole history).
    fn part_json(&self, mask: u32) -> String {
        let all = mask == ALL_SHARDS;
        let mut feeds: Vec<(&String, &Feed)> = self
            .feeds
            .iter()
            .filter(|(id, _)| all || in_shards(mask, id))
            .collect();
        feeds.sort_by(|a, b| a.0.cmp(b.0));
        let stored = Stored {
            v: FORMAT_VERSION,
            feeds: feeds
                .into_iter()
                .map(|(id, f)| (id.clone(), StoredFeed::from(f)))
                .collect(),
        };
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// The stored form within `max_bytes`: while it is larger, the oldest quarter of the
    /// samples (then of the entries) is dropped from this history too, so memory and storage
    /// hold the same thing.
    pub fn to_json_capped(&mut self, now: i64, max_bytes: usize) -> String {
        self.part_json_capped(ALL_SHARDS, now, max_bytes)
    }

    /// [`History::to_json_capped`] for one part ([`shard_of`]): the part's text within
    /// `max_bytes`, its oldest samples dropped first (the other parts are not touched).
    pub fn shard_json_capped(&mut self, shard: usize, now: i64, max_bytes: usize) -> String {
        self.part_json_capped(1 << shard, now, max_bytes)
    }

    fn part_json_capped(&mut self, mask: u32, now: i64, max_bytes: usize) -> String {
        loop {
            let text = self.part_json(mask);
            let (s, e) = self.count_part(mask);
            if text.len() <= max_bytes || (s == 0 && e == 0) {
                return text;
            }
            // Samples are the bulk; drop entries only once samples are gone.
            let (ms, me) = if s > 0 {
                (s - s.div_ceil(4), e)
            } else {
                (0, e - e.div_ceil(4))
            };
            self.compact_part(now, mask, ms, me);
        }
    }

    /// The export of one changefeed's history: its samples and its timeline, with where and since
    /// when this browser recorded them.
    pub fn export_json(&self, key: &str, id: &str, now: i64) -> String {
        let feed = self.feed(id);
        let samples: Vec<serde_json::Value> = feed
            .map(|f| {
                f.samples
                    .iter()
                    .map(|s| {
                        serde_json::json!({
                            "t_ms": s.t,
                            "checkpoint_lag_ms": s.lag,
                            "resolved_lag_ms": s.resolved_lag,
                            "state": s.state.as_str(),
                            "synced": s.synced,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let events = feed
            .map(|f| timeline::newest_first(&f.events, &timeline::EventKind::ALL))
            .unwrap_or_default();
        serde_json::to_string_pretty(&serde_json::json!({
            "format": "ticdc-console.history",
            "version": FORMAT_VERSION,
            "storage_key": key,
            "changefeed": id,
            "exported_at_ms": now,
            "seen_since_ms": feed.and_then(|f| f.samples.first()).map(|s| s.t),
            "note": "What this browser recorded from its polls (no other source): lag samples are kept 24 h, coarser with age; timeline entries 7 days.",
            "samples": samples,
            "timeline": events,
        }))
        .unwrap_or_default()
    }

    /// Reads the stored form. A text of another version, or not ours, is an error.
    pub fn from_json(text: &str) -> Result<History, String> {
        #[derive(Deserialize)]
        struct Version {
            v: u32,
        }
        let v: Version =
            serde_json::from_str(text).map_err(|e| format!("not a stored history: {e}"))?;
        if v.v != FORMAT_VERSION {
            return Err(format!(
                "stored history has format version {}, this console reads version {FORMAT_VERSION}",
                v.v
            ));
        }
        let stored: Stored =
            serde_json::from_str(text).map_err(|e| format!("stored history is damaged: {e}"))?;
        let mut h = History::new();
        for (id, f) in stored.feeds {
            h.feeds.insert(id, f.into_feed()?);
        }
        h.recount();
        Ok(h)
    }
}

/// The time at or below which `n` of `times` lie (`n >= 1`).
fn nth_oldest(times: impl Iterator<Item = i64>, n: usize) -> i64 {
    let mut all: Vec<i64> = times.collect();
    let k = n.clamp(1, all.len()) - 1;
    *all.select_nth_unstable(k).1
}

/// Re-buckets samples (sorted by time) by their age at `now`, dropping those past retention.
fn rebucket(samples: Vec<Sample>, now: i64) -> Vec<Sample> {
    let mut out: Vec<Sample> = Vec::with_capacity(samples.len());
    let mut key = (0, i64::MIN);
    for s in samples {
        if now - s.t > RETENTION_MS {
            continue;
        }
        let w = bucket_width(now - s.t);
        let k = (w, s.t.div_euclid(w));
        match out.last_mut() {
            Some(last) if k == key => last.absorb(&s),
            _ => {
                out.push(s);
                key = k;
            }
        }
    }
    out
}

#[derive(Serialize, Deserialize)]
struct Stored {
    v: u32,
    feeds: Vec<(String, StoredFeed)>,
}

/// One changefeed, stored column-wise: `t` delta-encoded ms, `l`/`r` lags in ms (-1 = none),
/// `s` one character per state, `y` synced (`y`/`n`/`-`); `r` and `y` are omitted when the
/// detail page never fetched them.
#[derive(Serialize, Deserialize)]
struct StoredFeed {
    t: Vec<i64>,
    l: Vec<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    r: Vec<i64>,
    s: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    y: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    e: Vec<Event>,
}

const STATE_CHARS: [(FeedState, char); 9] = [
    (FeedState::Normal, 'n'),
    (FeedState::Pending, 'p'),
    (FeedState::Warning, 'w'),
    (FeedState::Stopped, 's'),
    (FeedState::Failed, 'f'),
    (FeedState::Finished, 'F'),
    (FeedState::Removed, 'r'),
    (FeedState::Uninitialized, 'i'),
    (FeedState::Unknown, 'u'),
];

impl From<&Feed> for StoredFeed {
    fn from(f: &Feed) -> StoredFeed {
        let mut prev = 0;
        let t = f
            .samples
            .iter()
            .map(|s| {
                let d = s.t - prev;
                prev = s.t;
                d
            })
            .collect();
        let has_r = f.samples.iter().any(|s| s.resolved_lag.is_some());
        let has_y = f.samples.iter().any(|s| s.synced.is_some());
        StoredFeed {
            t,
            l: f.samples.iter().map(|s| s.lag.unwrap_or(-1)).collect(),
            r: if has_r {
                f.samples
                    .iter()
                    .map(|s| s.resolved_lag.unwrap_or(-1))
                    .collect()
            } else {
                Vec::new()
            },
            s: f.samples
                .iter()
                .map(|s| {
                    STATE_CHARS
                        .iter()
                        .find(|(st, _)| *st == s.state)
                        .map_or('u', |(_, c)| *c)
                })
                .collect(),
            y: if has_y {
                f.samples
                    .iter()
                    .map(|s| match s.synced {
                        Some(true) => 'y',
                        Some(false) => 'n',
                        None => '-',
                    })
                    .collect()
            } else {
                String::new()
            },
            e: f.events.clone(),
        }
    }
}

impl StoredFeed {
    fn into_feed(self) -> Result<Feed, String> {
        let n = self.t.len();
        let states: Vec<char> = self.s.chars().collect();
        let synced: Vec<char> = self.y.chars().collect();
        if self.l.len() != n
            || states.len() != n
            || !(self.r.is_empty() || self.r.len() == n)
            || !(synced.is_empty() || synced.len() == n)
        {
            return Err("stored history is damaged: columns of different lengths".into());
        }
        let opt = |v: i64| (v >= 0).then_some(v);
        let mut t = 0;
        let mut samples = Vec::with_capacity(n);
        for (i, &st) in states.iter().enumerate().take(n) {
            t += self.t[i];
            samples.push(Sample {
                t,
                lag: opt(self.l[i]),
                resolved_lag: self.r.get(i).copied().and_then(opt),
                state: STATE_CHARS
                    .iter()
                    .find(|(_, c)| *c == st)
                    .map_or(FeedState::Unknown, |(s, _)| *s),
                synced: match synced.get(i) {
                    Some('y') => Some(true),
                    Some('n') => Some(false),
                    _ => None,
                },
            });
        }
        if samples.windows(2).any(|w| w[0].t > w[1].t) {
            return Err("stored history is damaged: times out of order".into());
        }
        Ok(Feed {
            samples,
            events: self.e,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_800_000_000_000; // a multiple of 10 min

    fn s(t: i64, lag: i64) -> Sample {
        Sample::new(t, Some(lag), FeedState::Normal)
    }

    #[test]
    fn tiers_nest_and_grow() {
        for w in TIERS.windows(2) {
            assert!(w[0].0 < w[1].0);
            assert_eq!(w[1].1 % w[0].1, 0, "each width divides the next");
        }
        assert_eq!(bucket_width(0), 5 * SEC);
        assert_eq!(bucket_width(15 * MIN + 1), 30 * SEC);
        assert_eq!(bucket_width(2 * HOUR), 2 * MIN);
        assert_eq!(bucket_width(23 * HOUR), 10 * MIN);
    }

    #[test]
    fn polls_in_one_bucket_fold_into_one_sample_with_the_worst_lag() {
        let mut h = History::new();
        h.observe("a", s(T0, 4_000), None);
        h.observe("a", s(T0 + 1_000, 9_000), None);
        h.observe("a", s(T0 + 3_000, 2_000), None);
        h.observe("a", s(T0 + 6_000, 1_000), None);
        let f = h.feed("a").unwrap();
        assert_eq!(f.samples.len(), 2);
        assert_eq!(f.samples[0].lag, Some(9_000));
        assert_eq!(f.samples[0].t, T0 + 3_000, "the bucket's latest poll");
        assert_eq!(h.sample_count(), 2);
    }

    #[test]
    fn samples_are_downsampled_as_they_age_and_dropped_past_retention() {
        let mut h = History::new();
        // One poll every 3 s for 25 hours.
        let end = T0 + 25 * HOUR;
        let mut t = T0;
        while t <= end {
            h.observe("a", s(t, (t - T0) / 1000), None);
            t += 3_000;
        }
        h.compact(end);
        let f = h.feed("a").unwrap();
        assert!(f.samples.iter().all(|x| end - x.t <= RETENTION_MS));
        let count = |from: i64, to: i64| {
            f.samples
                .iter()
                .filter(|x| end - x.t >= from && end - x.t < to)
                .count() as i64
        };
        // Each tier holds about its span / its width.
        let near = |n: i64, want: i64| (n - want).abs() <= 2;
        assert!(
            near(count(0, 15 * MIN), 15 * MIN / (5 * SEC)),
            "{}",
            count(0, 15 * MIN)
        );
        assert!(near(count(15 * MIN, HOUR), 45 * MIN / (30 * SEC)));
        assert!(near(count(HOUR, 6 * HOUR), 5 * HOUR / (2 * MIN)));
        assert!(near(count(6 * HOUR, 24 * HOUR), 18 * HOUR / (10 * MIN)));
        assert!(f.samples.len() < 600, "{}", f.samples.len());
        // The worst lag of a bucket survives: lag grows with time, so each sample carries the
        // lag of its bucket's latest poll.
        for x in &f.samples {
            assert_eq!(x.lag, Some((x.t - T0) / 1000));
        }
        // No gaps in a continuous recording.
        assert!(!f.samples.windows(2).any(|w| is_gap(w[0].t, w[1].t, end)));
    }

    #[test]
    fn a_closed_browser_leaves_a_gap() {
        let now = T0 + 2 * HOUR;
        assert!(!is_gap(now - 6_000, now - 3_000, now));
        assert!(
            is_gap(now - 60_000, now - 3_000, now),
            "a minute without polls, recently"
        );
        // Old samples are 2 min apart by design: not a gap.
        assert!(!is_gap(now - 90 * MIN, now - 88 * MIN, now));
        assert!(is_gap(now - 90 * MIN, now - 70 * MIN, now));
    }

    #[test]
    fn state_changes_and_distinct_problems_reach_the_timeline() {
        let mut h = History::new();
        h.observe("a", s(T0, 1_000), None);
        let p = ProblemSeen {
            code: "CDC:ErrSinkURIInvalid",
            message: "boom",
            addr: "10.0.0.1:8300",
        };
        h.observe(
            "a",
            Sample::new(T0 + 3_000, Some(4_000), FeedState::Pending),
            Some(p),
        );
        h.observe(
            "a",
            Sample::new(T0 + 6_000, Some(7_000), FeedState::Warning),
            Some(p),
        );
        h.observe("a", s(T0 + 9_000, 1_000), None);
        let ev = &h.feed("a").unwrap().events;
        let states: Vec<(String, String)> = ev
            .iter()
            .filter_map(|e| match &e.body {
                EventBody::State { from, to, .. } => Some((from.clone(), to.clone())),
                _ => None,
            })
            .collect();
        // Pending is shown as warning, as in the list: no flapping between the two.
        assert_eq!(
            states,
            vec![
                ("normal".into(), "warning".into()),
                ("warning".into(), "normal".into())
            ]
        );
        let problems: Vec<&Event> = ev
            .iter()
            .filter(|e| matches!(e.body, EventBody::Problem { .. }))
            .collect();
        assert_eq!(problems.len(), 1);
        assert!(
            matches!(problems[0].body, EventBody::Problem { last_seen, .. } if last_seen == T0 + 6_000)
        );
        assert_eq!(h.event_count(), 3);
    }

    #[test]
    fn the_sample_cap_drops_the_oldest_first_across_changefeeds() {
        let mut h = History::new();
        for i in 0..100 {
            for k in 0..10 {
                h.observe(&format!("cf-{i}"), s(T0 + k * 5_000 + i, 1), None);
            }
        }
        assert_eq!(h.sample_count(), 1_000);
        h.compact_part(T0 + 60_000, ALL_SHARDS, 500, MAX_EVENTS);
        assert!(
            h.sample_count() <= 500 && h.sample_count() >= 450,
            "{}",
            h.sample_count()
        );
        let oldest_kept = h
            .ids()
            .flat_map(|id| h.feed(id).unwrap().samples.iter().map(|s| s.t))
            .min()
            .unwrap();
        assert!(
            oldest_kept >= T0 + 5 * 5_000,
            "the older half went: {oldest_kept}"
        );
        for id in h.ids() {
            assert_eq!(
                h.feed(id).unwrap().samples.len(),
                5,
                "{id}: every changefeed keeps its recent half"
            );
        }
    }

    #[test]
    fn the_event_caps_drop_the_oldest_entries() {
        let mut h = History::new();
        for k in 0..(MAX_EVENTS_PER_FEED as i64 + 50) {
            h.record_operation("a", T0 + k, "pause", "", None);
        }
        h.compact(T0 + 1_000);
        let ev = &h.feed("a").unwrap().events;
        assert_eq!(ev.len(), MAX_EVENTS_PER_FEED);
        assert_eq!(ev[0].at, T0 + 50);
        h.compact(T0 + EVENT_RETENTION_MS + 1_000);
        assert!(
            h.feed("a").is_none(),
            "past retention the changefeed's record is gone"
        );
    }

    #[test]
    fn the_stored_form_round_trips_and_is_versioned() {
        let mut h = History::new();
        h.observe("a", s(T0, 1_500), None);
        let mut d = Sample::new(T0 + 5_000, None, FeedState::Stopped);
        d.resolved_lag = Some(700);
        d.synced = Some(false);
        h.observe(
            "a",
            d,
            Some(ProblemSeen {
                code: "C",
                message: "m \"q\"",
                addr: "x",
            }),
        );
        h.record_operation(
            "a",
            T0 + 6_000,
            "resume",
            "overwrite checkpoint 1",
            Some(OperationResult {
                code: "CDC:ErrX".into(),
                message: "no".into(),
            }),
        );
        h.observe("b", s(T0, 3), None);
        let text = h.to_json();
        assert!(
            text.starts_with(&format!("{{\"v\":{FORMAT_VERSION},")),
            "{text}"
        );
        assert_eq!(History::from_json(&text).unwrap(), h);
        let newer = text.replacen(&format!("\"v\":{FORMAT_VERSION}"), "\"v\":99", 1);
        assert!(
            History::from_json(&newer)
                .unwrap_err()
                .contains("version 99")
        );
        assert!(
            History::from_json("{\"v\":1,\"feeds\":[[\"a\",{\"t\":[1],\"l\":[],\"s\":\"n\"}]]}")
                .is_err()
        );
        assert!(History::from_json("nonsense").is_err());
    }

    #[test]
    fn the_export_holds_samples_and_the_timeline_newest_first() {
        let mut h = History::new();
        h.observe("a", s(T0, 1_500), None);
        h.observe(
            "a",
            Sample::new(T0 + 5_000, Some(2_000), FeedState::Stopped),
            None,
        );
        h.record_operation("a", T0 + 6_000, "pause", "", None);
        let v: serde_json::Value =
            serde_json::from_str(&h.export_json("k", "a", T0 + 7_000)).unwrap();
        assert_eq!(v["format"], "ticdc-console.history");
        assert_eq!(v["version"], FORMAT_VERSION);
        assert_eq!(v["changefeed"], "a");
        assert_eq!(v["seen_since_ms"], T0);
        assert_eq!(v["samples"].as_array().unwrap().len(), 2);
        assert_eq!(v["samples"][1]["state"], "stopped");
        let tl = v["timeline"].as_array().unwrap();
        assert_eq!(tl.len(), 2);
        assert_eq!(tl[0]["at"], T0 + 6_000, "newest first");
        assert_eq!(tl[1]["body"]["state"]["to"], "stopped");
        let none: serde_json::Value = serde_json::from_str(&h.export_json("k", "zz", T0)).unwrap();
        assert_eq!(none["samples"].as_array().unwrap().len(), 0);
    }

    #[test]
    fn the_byte_cap_keeps_the_newest_samples() {
        let mut h = History::new();
        for i in 0..200 {
            for k in 0..50 {
                h.observe(&format!("changefeed-{i}"), s(T0 + k * 5_000, 123_456), None);
            }
        }
        let full = h.to_json().len();
        let text = h.to_json_capped(T0 + 250_000, full / 3);
        assert!(text.len() <= full / 3);
        let back = History::from_json(&text).unwrap();
        assert_eq!(back, h, "memory holds what storage holds");
        let newest = T0 + 49 * 5_000;
        for id in back.ids() {
            assert_eq!(back.feed(id).unwrap().samples.last().unwrap().t, newest);
        }
    }

    #[test]
    fn merging_another_tab_is_idempotent() {
        let mut a = History::new();
        let mut b = History::new();
        for k in 0..20 {
            a.observe("x", s(T0 + k * 3_000, k), None);
            b.observe("x", s(T0 + k * 3_000 + 1_000, k + 1), None);
        }
        b.observe("y", s(T0, 1), None);
        b.record_operation("x", T0 + 2, "pause", "", None);
        let now = T0 + 60_000;
        a.merge(&b, now);
        let once = a.clone();
        a.merge(&b, now);
        assert_eq!(a, once);
        assert!(a.feed("y").is_some());
        let x = a.feed("x").unwrap();
        assert!(x.samples.windows(2).all(|w| w[0].t < w[1].t));
        assert_eq!(x.events.len(), 1);
    }

    #[test]
    fn ids_spread_evenly_over_the_parts_and_stay_in_theirs() {
        let mut per = [0usize; SHARDS];
        for i in 0..10_000 {
            per[shard_of(&format!("cf-{i:05}"))] += 1;
        }
        let even = 10_000 / SHARDS;
        assert!(
            per.iter().all(|&n| n > even * 8 / 10 && n < even * 12 / 10),
            "{per:?}"
        );
        // Fixed by the algorithm (FNV-1a), not by the build: stored parts stay where they are.
        assert_eq!(shard_of(""), 0x811c_9dc5 % SHARDS);
        assert_eq!(shard_of("a"), 0xe40c_292c % SHARDS);
        assert_eq!(shards_of(["a", "a"]), 1 << shard_of("a"));
    }

    #[test]
    fn the_parts_together_are_the_whole_and_each_keeps_to_its_share() {
        let mut h = History::new();
        let now = T0 + 40 * 3_000;
        for poll in 0..40 {
            for i in 0..2_000 {
                h.observe(&format!("cf-{i:05}"), s(T0 + poll * 3_000, 1_000 + i), None);
            }
        }
        h.record_operation("cf-00007", now, "pause", "", None);
        let whole = h.clone();
        let cap = 15_000;
        let mut back = History::new();
        for k in 0..SHARDS {
            let before: Vec<String> = h
                .ids()
                .filter(|id| shard_of(id) != k)
                .map(String::from)
                .collect();
            let other_samples: usize = before
                .iter()
                .map(|id| h.feed(id).unwrap().samples.len())
                .sum();
            let text = h.shard_json_capped(k, now, cap);
            assert!(text.len() <= cap, "part {k}: {} bytes", text.len());
            let part = History::from_json(&text).unwrap();
            assert!(part.ids().all(|id| shard_of(id) == k));
            assert!(part.sample_count() > 0);
            // The other parts were not touched by this part's cap.
            let after: usize = before
                .iter()
                .map(|id| h.feed(id).unwrap().samples.len())
                .sum();
            assert_eq!(after, other_samples);
            back.merge(&part, now);
        }
        assert_eq!(back, h, "the parts' texts hold exactly what memory holds");
        assert!(
            h.sample_count() < whole.sample_count(),
            "the caps did drop samples"
        );
        // Each changefeed kept its newest sample and the operation.
        for id in whole.ids() {
            assert_eq!(
                h.feed(id).unwrap().samples.last(),
                whole.feed(id).unwrap().samples.last()
            );
        }
        assert_eq!(h.feed("cf-00007").unwrap().events.len(), 1);
    }

    /// 40 list polls, 3 s apart, of 10,000 changefeeds; `compact_every` polls (0: never) the
    /// whole history is compacted. Returns it and the last poll's time.
    fn ten_thousand_polled(compact_every: i64) -> (History, i64) {
        let mut h = History::new();
        let mut now = T0;
        for poll in 0..40 {
            now = T0 + poll * 3_000;
            for i in 0..10_000 {
                h.observe(&format!("cf-{i:05}"), s(now, 1_000 + i), None);
            }
            if compact_every > 0 && poll % compact_every == 0 {
                h.compact(now);
            }
        }
        (h, now)
    }

    #[test]
    fn compacting_one_part_holds_it_to_its_share_of_the_caps() {
        let (mut h, now) = ten_thousand_polled(0);
        let k = shard_of("cf-00001");
        let others = |h: &History| -> usize {
            h.ids()
                .filter(|id| shard_of(id) != k)
                .map(|id| h.feed(id).unwrap().samples.len())
                .sum()
        };
        let before = others(&h);
        h.compact_shard(k, now);
        let part: usize = h
            .ids()
            .filter(|id| shard_of(id) == k)
            .map(|id| h.feed(id).unwrap().samples.len())
            .sum();
        assert!(part <= MAX_SAMPLES / SHARDS, "{part}");
        assert_eq!(others(&h), before);
    }

    #[test]
    fn memory_stays_within_its_cap_when_nothing_is_stored() {
        // 10,000 changefeeds polled every 3 s for 5 minutes, one in ten with a warning whose
        // message changes every poll, and never written (no storage): the parts are compacted
        // whenever memory passes its cap, as the browser side does, and only then.
        let mut h = History::new();
        let (mut most_samples, mut most_events, mut compactions) = (0, 0, 0);
        for poll in 0..100 {
            let now = T0 + poll * 3_000;
            let message = format!("broker {poll} down");
            for i in 0..10_000 {
                let problem = (i % 10 == 0).then(|| ProblemSeen {
                    code: "CDC:ErrKafkaSendMessage",
                    message: &message,
                    addr: "10.0.1.12:8300",
                });
                let mut sample = s(now, 1_000 + poll * 3_000);
                if problem.is_some() {
                    sample.state = FeedState::Warning;
                }
                h.observe(&format!("cf-{i:05}"), sample, problem);
            }
            most_samples = most_samples.max(h.sample_count());
            most_events = most_events.max(h.event_count());
            if h.over_memory_caps() {
                compactions += 1;
                for k in 0..SHARDS {
                    h.compact_shard(k, now);
                }
                assert!(h.sample_count() <= MAX_SAMPLES, "{}", h.sample_count());
                assert!(h.event_count() <= MAX_EVENTS, "{}", h.event_count());
            }
        }
        assert!(compactions > 0, "the caps were reached");
        assert!(
            most_samples <= MEMORY_MAX_SAMPLES + 10_000,
            "{most_samples}"
        );
        assert!(most_events <= MEMORY_MAX_EVENTS + 10_000, "{most_events}");
        // Every changefeed kept its newest sample.
        assert_eq!(h.ids().count(), 10_000);
    }

    #[test]
    fn ten_thousand_changefeeds_stay_within_the_caps() {
        let (mut h, now) = ten_thousand_polled(10);
        h.compact(now);
        assert!(h.sample_count() <= MAX_SAMPLES);
        let text = h.to_json_capped(now, 1_500_000);
        assert!(text.len() <= 1_500_000);
        assert!(h.sample_count() > 0);
    }
}
