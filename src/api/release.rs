//! Which TiCDC the console talks to, and what that server knows: the capability model.
//!
//! ../shared/ticdc/API.md describes the *master* branches of pingcap/tiflow (classic) and
//! pingcap/ticdc (new architecture); operators run releases, whose `ReplicaConfig` has other keys,
//! and TiCDC's Go decoder drops keys it does not know without an error (../shared/ticdc/RELEASES.md
//! §1). So everything that depends on the release is decided here, in one table, from what the
//! server says:
//!
//! 1. [`Evidence`] collects what responses show about the architecture: the git hash of a known
//!    tag, `keyspace`/`gid` versus `namespace` in changefeed bodies, the not-ready answer (503
//!    `CDC:ErrServerIsNotReady` versus 500 "coordinator is not fully initialized"), the 404 of the
//!    classic-only `meta_info` route ([`ARCH_PROBE_PATH`]). The version string alone never
//!    decides it: tiflow and ticdc both tag `v8.5.7`, and tiflow also tags `v26.3.0`–`v26.3.3`.
//! 2. [`identify`] turns `GET /api/v2/status` (`version`, `git_hash`) plus the evidence into a
//!    [`Profile`]: architecture, release [`Line`], the revision whose field set applies, and a
//!    note whenever that revision is a fallback (a version newer or older than the table, a
//!    development build, a version that does not parse).
//! 3. A [`Profile`] answers, for a JSON path of `replica_config`, whether the server has it and
//!    under which key ([`Profile::key_for`]), which keys of a config it would drop
//!    ([`Profile::ignored_keys`]), which routes exist ([`Routes`]), what to expect
//!    ([`Behaviour`]) and its default config ([`Profile::default_config_json`]).
//!
//! Paths are relative to `replica_config`, keys joined by `.`, array items written `[]`:
//! `sink.advance_timeout`, `sink.dispatchers[].target-schema`. Facts verified against the
//! `api/v2/model.go` (and `pkg/config`, `api/v1/api.go`, `pkg/api/util.go`) of every tag named
//! in [`KNOWN_TAGS`]; where RELEASES.md disagreed the source won (see the rules' comments).

use serde_json::Value;

/// Which server family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Arch {
    /// pingcap/tiflow `cdc/` (namespaces, owner).
    Classic,
    /// pingcap/ticdc, the new architecture (keyspaces, coordinator).
    New,
}

impl Arch {
    /// "classic" / "new architecture", as the header shows it.
    pub fn label(self) -> &'static str {
        match self {
            Arch::Classic => "classic",
            Arch::New => "new architecture",
        }
    }

    /// The query parameter that scopes changefeeds (`namespace` / `keyspace`).
    pub fn scope_param(self) -> &'static str {
        match self {
            Arch::Classic => "namespace",
            Arch::New => "keyspace",
        }
    }
}

/// A release version, `v8.5.7` or `v8.5.4-nextgen.202510.5-368-gb813e76f9`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Major.
    pub major: u16,
    /// Minor.
    pub minor: u16,
    /// Patch.
    pub patch: u16,
    /// Everything after the patch (`-nextgen.202510.5-368-gb813e76f9`), `""` for a release.
    pub suffix: String,
}

impl Version {
    /// Parses `v8.5.7`, `8.5.7`, `v8.5.7-…`; `None` when it is not `[v]N.N.N[-…]`.
    pub fn parse(s: &str) -> Option<Version> {
        let s = s.trim();
        let s = s.strip_prefix('v').unwrap_or(s);
        let end = s.find(['-', '+']).unwrap_or(s.len());
        let (core, suffix) = s.split_at(end);
        let mut it = core.split('.');
        let mut num = || it.next()?.parse::<u16>().ok();
        let (major, minor, patch) = (num()?, num()?, num()?);
        if it.next().is_some() {
            return None;
        }
        Some(Version {
            major,
            minor,
            patch,
            suffix: suffix.to_string(),
        })
    }

    /// A build after a tag (`git describe`'s `-<n>-g<hash>`) or a pre-release (`-beta.1`).
    pub fn is_release(&self) -> bool {
        self.suffix.is_empty()
    }

    fn rev(&self) -> Rev {
        Rev(self.major, self.minor, self.patch)
    }
}

/// A point in a family's history: a tag's (major, minor, patch), or [`Rev::MASTER`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rev(pub u16, pub u16, pub u16);

impl Rev {
    /// The master branch API.md describes: newer than every tag.
    pub const MASTER: Rev = Rev(u16::MAX, 0, 0);
    const ZERO: Rev = Rev(0, 0, 0);
}

impl std::fmt::Display for Rev {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if *self == Rev::MASTER {
            f.write_str("master")
        } else {
            write!(f, "v{}.{}.{}", self.0, self.1, self.2)
        }
    }
}

/// A release line: the rows of the capability table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Line {
    /// tiflow v7.5.0–v7.5.7.
    ClassicV7_5,
    /// tiflow v8.1.0–v8.1.2.
    ClassicV8_1,
    /// tiflow v8.5.0–v8.5.7.
    ClassicV8_5,
    /// tiflow v26.3.0–v26.3.3, whose v2 model equals tiflow master's (API.md §2–§3).
    ClassicV26_3,
    /// ticdc v8.5.4–v8.5.7 (there are no ticdc v8.5.0–v8.5.3 tags).
    NewV8_5,
    /// ticdc v26.3.1–v26.3.4.
    NewV26_3,
    /// ticdc master (API.md §9), Aug 2026.
    NewMaster,
}

impl Line {
    /// Every line, oldest first within each family.
    pub const ALL: [Line; 7] = [
        Line::ClassicV7_5,
        Line::ClassicV8_1,
        Line::ClassicV8_5,
        Line::ClassicV26_3,
        Line::NewV8_5,
        Line::NewV26_3,
        Line::NewMaster,
    ];

    /// Its family.
    pub fn arch(self) -> Arch {
        match self {
            Line::ClassicV7_5 | Line::ClassicV8_1 | Line::ClassicV8_5 | Line::ClassicV26_3 => {
                Arch::Classic
            }
            Line::NewV8_5 | Line::NewV26_3 | Line::NewMaster => Arch::New,
        }
    }

    /// The first and last revision of the line the table knows.
    pub fn span(self) -> (Rev, Rev) {
        match self {
            Line::ClassicV7_5 => (Rev(7, 5, 0), Rev(7, 5, 7)),
            Line::ClassicV8_1 => (Rev(8, 1, 0), Rev(8, 1, 2)),
            Line::ClassicV8_5 => (Rev(8, 5, 0), Rev(8, 5, 7)),
            Line::ClassicV26_3 => (Rev(26, 3, 0), Rev(26, 3, 3)),
            Line::NewV8_5 => (Rev(8, 5, 4), Rev(8, 5, 7)),
            Line::NewV26_3 => (Rev(26, 3, 1), Rev(26, 3, 4)),
            Line::NewMaster => (Rev::MASTER, Rev::MASTER),
        }
    }

    /// "classic v8.5", "new architecture master".
    pub fn label(self) -> String {
        let (first, _) = self.span();
        let name = if first == Rev::MASTER {
            "master".to_string()
        } else {
            format!("v{}.{}", first.0, first.1)
        };
        format!("{} {name}", self.arch().label())
    }

    fn of_family(arch: Arch) -> impl Iterator<Item = Line> {
        Line::ALL.into_iter().filter(move |l| l.arch() == arch)
    }

    /// The newest line of a family (what a version newer than the table falls back to).
    pub fn newest(arch: Arch) -> Line {
        Line::of_family(arch).last().expect("each family has lines")
    }
}

/// The commit of every tag whose model was read, so a release build's `git_hash` names its
/// family and tag exactly (tiflow and ticdc `v8.5.7` are different commits).
pub const KNOWN_TAGS: &[(Arch, Rev, &str)] = &[
    (
        Arch::New,
        Rev(8, 5, 4),
        "c01e0d4baecf9a8c165c6e6c0d452e382c87f451",
    ),
    (
        Arch::New,
        Rev(8, 5, 5),
        "618d1ab91ab229763338337b3da82484826a93f0",
    ),
    (
        Arch::New,
        Rev(8, 5, 6),
        "69fe9ffdbeb3cf24f2257473d17f90e5cc4acbe8",
    ),
    (
        Arch::New,
        Rev(8, 5, 7),
        "41b855b10b129a6b4af681a6f1b02362f6e4f104",
    ),
    (
        Arch::New,
        Rev(26, 3, 1),
        "861da72c2986b24c16dc7d5f018f5cc938d6f44d",
    ),
    (
        Arch::New,
        Rev(26, 3, 2),
        "fdac2444d8672ee7275c1fba6ef7eaa8937d427c",
    ),
    (
        Arch::New,
        Rev(26, 3, 3),
        "212514835a426c4fed697c6a8d7526799d3ad427",
    ),
    (
        Arch::New,
        Rev(26, 3, 4),
        "65002945d670fea61492e35545326a0a289853c5",
    ),
    (
        Arch::Classic,
        Rev(7, 5, 0),
        "8c006b38bdc304201d646c35c993156abcc2b845",
    ),
    (
        Arch::Classic,
        Rev(7, 5, 1),
        "1252979421fc83ffa2a1548d981e505f7fc0b909",
    ),
    (
        Arch::Classic,
        Rev(7, 5, 2),
        "c35c3c04768359edc544f80f8d0346b7dd41411e",
    ),
    (
        Arch::Classic,
        Rev(7, 5, 3),
        "c7a55133c7f351a7bae66a3c03fffed34ed3e153",
    ),
    (
        Arch::Classic,
        Rev(7, 5, 4),
        "e2b6bb1a0aa4ae5bdbf4d049edb77453ea50fbca",
    ),
    (
        Arch::Classic,
        Rev(7, 5, 5),
        "2ffc0f3c51d8559d24e659fbf73419a9b84a1ec8",
    ),
    (
        Arch::Classic,
        Rev(7, 5, 6),
        "15afae82c9f095252dfd1824d59b38b05f87f8fc",
    ),
    (
        Arch::Classic,
        Rev(7, 5, 7),
        "041c9fbc7888e3686da4c1a1b5dfbad72ae1d2db",
    ),
    (
        Arch::Classic,
        Rev(8, 1, 0),
        "137ed650cc3fcd04ed31b4e7978dccebc087330d",
    ),
    (
        Arch::Classic,
        Rev(8, 1, 1),
        "8ee0f3783a277161397d38bc62c48823de486b0d",
    ),
    (
        Arch::Classic,
        Rev(8, 1, 2),
        "cd5e9e4ecdd7772a960b78cdbd2f1ebad7fd5cab",
    ),
    (
        Arch::Classic,
        Rev(8, 5, 0),
        "3703b18c6da785d57236a1452eed43759e51b411",
    ),
    (
        Arch::Classic,
        Rev(8, 5, 1),
        "0a10d1fae9245c480e31df30f8b13ca4810c3b04",
    ),
    (
        Arch::Classic,
        Rev(8, 5, 2),
        "536a87813274d3169488e2b324ef0d033d854bd8",
    ),
    (
        Arch::Classic,
        Rev(8, 5, 3),
        "4d578e92b87cc67288a832da6b050434f51ef94e",
    ),
    (
        Arch::Classic,
        Rev(8, 5, 4),
        "6e617c886bfeb16dc8cf456d41ed4e12acaf8be7",
    ),
    (
        Arch::Classic,
        Rev(8, 5, 5),
        "0cb0aaf25061bc142e2da6c03cf7c8d908532aa2",
    ),
    (
        Arch::Classic,
        Rev(8, 5, 6),
        "7c6d2b6be2ad464cc10ebfd835ca6d940c35a4e2",
    ),
    (
        Arch::Classic,
        Rev(8, 5, 7),
        "f90a1dd48658373443f3af2bb370d70dc0d825c5",
    ),
    (
        Arch::Classic,
        Rev(26, 3, 0),
        "8d7a4c46e793bba86c824a539a9b1a3a472e9e2c",
    ),
    (
        Arch::Classic,
        Rev(26, 3, 1),
        "6f0f95f92e31eeeaa3026e4cc22ed14e1a9335af",
    ),
    (
        Arch::Classic,
        Rev(26, 3, 2),
        "51a275727ebb5a80953faa1b315cd5b72e54c410",
    ),
    (
        Arch::Classic,
        Rev(26, 3, 3),
        "7ef1518c204de22a513dec6f5a1bca2c140cc5ac",
    ),
];

/// A GET that tells the families apart when no changefeed exists yet: `meta_info` is a
/// classic-only route (classic answers 400 not-exists, the new architecture gin's 404).
pub const ARCH_PROBE_PATH: &str = "/api/v2/changefeeds/console-arch-probe/meta_info";

/// Why the console believes the server is of a family (shown next to the header's line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clue {
    /// `git_hash` is the commit of a known tag.
    GitHash,
    /// A changefeed body carried this key (`keyspace`, `gid`, `namespace`).
    BodyKey(&'static str),
    /// The not-ready answer's shape.
    NotReady,
    /// The server demanded `?keyspace=` (nextgen build).
    KeyspaceRequired,
    /// The `meta_info` probe's status.
    Probe,
    /// The version names a nextgen build (only ticdc builds them).
    NextgenVersion,
}

impl Clue {
    fn describe(&self) -> String {
        match self {
            Clue::GitHash => "git hash of a known tag".into(),
            Clue::BodyKey(k) => format!("changefeeds carry `{k}`"),
            Clue::NotReady => "its not-ready answer".into(),
            Clue::KeyspaceRequired => "it requires a keyspace".into(),
            Clue::Probe => "the classic-only meta_info route".into(),
            Clue::NextgenVersion => "a nextgen build".into(),
        }
    }
}

/// What the responses so far showed about the server's family. The first clue wins; later
/// ones never overturn it (a real server does not change family between requests).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    /// The family and why, once known.
    pub arch: Option<(Arch, Clue)>,
}

impl Evidence {
    fn note(&mut self, arch: Arch, clue: Clue) {
        if self.arch.is_none() {
            self.arch = Some((arch, clue));
        }
    }

    /// A changefeed body (list item, detail, create/update answer): `keyspace` or `gid` means
    /// the new architecture, `namespace` classic. A list answer (`{"items":[…]}`) is looked into.
    pub fn observe_body(&mut self, body: &Value) {
        let item = match body.get("items").and_then(Value::as_array) {
            Some(items) => match items.first() {
                Some(first) => first,
                None => return,
            },
            None => body,
        };
        let Some(obj) = item.as_object() else { return };
        for (key, arch) in [
            ("gid", Arch::New),
            ("keyspace", Arch::New),
            ("namespace", Arch::Classic),
        ] {
            if obj.contains_key(key) {
                return self.note(arch, Clue::BodyKey(key));
            }
        }
    }

    /// An error answer: classic's 503 `CDC:ErrServerIsNotReady`, the new architecture's 500
    /// "coordinator is not fully initialized" or 400 "missing required query parameter keyspace".
    pub fn observe_error(&mut self, status: u16, code: &str, message: &str) {
        if status == 503 && code == "CDC:ErrServerIsNotReady" {
            self.note(Arch::Classic, Clue::NotReady);
        } else if message.contains("coordinator is not fully initialized") {
            self.note(Arch::New, Clue::NotReady);
        } else if message.contains("missing required query parameter keyspace") {
            self.note(Arch::New, Clue::KeyspaceRequired);
        }
    }

    /// The answer to [`ARCH_PROBE_PATH`]: 404 = new architecture, 400 = classic (not-exists);
    /// anything else (401, 5xx) tells nothing.
    pub fn observe_probe(&mut self, status: u16) {
        match status {
            404 => self.note(Arch::New, Clue::Probe),
            400 => self.note(Arch::Classic, Clue::Probe),
            _ => {}
        }
    }
}

/// `GET /api/v2/status` plus the evidence, decided as far as it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The version string exactly as the server sent it.
    pub version_raw: String,
    /// Parsed, or `None` when it does not parse (shown raw, never guessed silently).
    pub version: Option<Version>,
    /// The family and why; `None` until a response tells.
    pub arch: Option<(Arch, Clue)>,
    /// The exact tag when `git_hash` is a known tag's commit.
    pub tag: Option<Rev>,
}

/// Identifies the server from its status and what responses showed.
pub fn identify(version: &str, git_hash: &str, evidence: &Evidence) -> Identity {
    let hash = git_hash.trim().to_ascii_lowercase();
    let tag = (hash.len() >= 7)
        .then(|| {
            KNOWN_TAGS
                .iter()
                .find(|(_, _, h)| h.starts_with(&hash) || hash.starts_with(h))
        })
        .flatten();
    let parsed = Version::parse(version);
    let arch = match tag {
        Some((arch, _, _)) => Some((*arch, Clue::GitHash)),
        None if parsed
            .as_ref()
            .is_some_and(|v| v.suffix.contains("nextgen")) =>
        {
            Some((Arch::New, Clue::NextgenVersion))
        }
        None => evidence.arch.clone(),
    };
    Identity {
        version_raw: version.to_string(),
        version: parsed,
        arch,
        tag: tag.map(|(_, rev, _)| *rev),
    }
}

impl Identity {
    /// "TiCDC v26.3.4 · new architecture", "TiCDC v8.5.2 · architecture not known yet",
    /// "TiCDC version \"abc\" (unparsable) · classic".
    pub fn summary(&self) -> String {
        let version = match &self.version {
            Some(_) => self.version_raw.trim().to_string(),
            None => format!("version \"{}\" (unparsable)", self.version_raw),
        };
        let arch = match &self.arch {
            Some((a, _)) => a.label(),
            None => "architecture not known yet",
        };
        format!("TiCDC {version} · {arch}")
    }

    /// The capability profile, once the family is known.
    pub fn profile(&self) -> Option<Profile> {
        let (arch, clue) = self.arch.clone()?;
        let (line, rev, note) = self.place(arch);
        Some(Profile {
            arch,
            line,
            rev,
            note,
            clue,
        })
    }

    /// Which line and revision apply, and the note when that is a fallback.
    fn place(&self, arch: Arch) -> (Line, Rev, Option<String>) {
        let newest = Line::newest(arch);
        if let Some(rev) = self.tag {
            let line = Line::of_family(arch)
                .find(|l| l.span().0 <= rev && rev <= l.span().1)
                .unwrap_or(newest);
            return (line, rev, None);
        }
        let Some(v) = &self.version else {
            return (
                newest,
                newest.span().1,
                Some(format!(
                    "the version \"{}\" does not parse; using the newest known line ({})",
                    self.version_raw,
                    newest.label()
                )),
            );
        };
        if arch == Arch::New && v.suffix.contains("nextgen") {
            return (
                newest,
                newest.span().1,
                Some(format!(
                    "{} is a nextgen development build; using the newest known line ({})",
                    self.version_raw.trim(),
                    newest.label()
                )),
            );
        }
        let rev = v.rev();
        let dev = if v.is_release() {
            String::new()
        } else {
            format!("{} is not a release build; ", self.version_raw.trim())
        };
        let lines: Vec<Line> = Line::of_family(arch).collect();
        // The line of the same major.minor, else the newest line that starts before it.
        let same = lines.iter().copied().find(|l| {
            let (first, _) = l.span();
            (first.0, first.1) == (rev.0, rev.1)
        });
        if let Some(line) = same {
            let (first, last) = line.span();
            if rev > last {
                let note = format!(
                    "{dev}{} is newer than the newest {} patch known ({last}); using {last}",
                    v_str(rev),
                    line.label()
                );
                return (line, last, Some(note));
            }
            if rev < first {
                let note = format!(
                    "{dev}{} is older than the first {} patch known ({first}); using {first}",
                    v_str(rev),
                    line.label()
                );
                return (line, first, Some(note));
            }
            return (
                line,
                rev,
                (!dev.is_empty()).then(|| dev.trim_end_matches("; ").into()),
            );
        }
        let newest_tag = lines
            .iter()
            .map(|l| l.span().1)
            .filter(|r| *r != Rev::MASTER)
            .max()
            .unwrap_or(Rev::ZERO);
        let older = if rev > newest_tag {
            Some(&newest)
        } else {
            lines.iter().rev().find(|l| l.span().0 <= rev)
        };
        match older {
            Some(&line) if line == newest => (
                line,
                line.span().1,
                Some(format!(
                    "{dev}{} is newer than every line this console knows; using the newest ({})",
                    v_str(rev),
                    line.label()
                )),
            ),
            Some(&line) => (
                line,
                line.span().1,
                Some(format!(
                    "{dev}{} is not a line this console knows; using the one before it ({} at {})",
                    v_str(rev),
                    line.label(),
                    line.span().1
                )),
            ),
            None => {
                let oldest = lines[0];
                (
                    oldest,
                    oldest.span().0,
                    Some(format!(
                        "{dev}{} is older than every line this console knows; using {} at {}",
                        v_str(rev),
                        oldest.label(),
                        oldest.span().0
                    )),
                )
            }
        }
    }
}

fn v_str(r: Rev) -> String {
    format!("v{}.{}.{}", r.0, r.1, r.2)
}

/// Revisions `[from, to]`, both inclusive.
type Span = (Rev, Rev);

/// One row of the field table: a key path that not every release has.
struct Rule {
    /// Path (see the module docs).
    path: &'static str,
    /// Classic revisions that have it.
    classic: &'static [Span],
    /// New-architecture revisions that have it.
    new: &'static [Span],
    /// The same setting under another key on other releases (renames).
    alias: Option<&'static str>,
}

const fn r(a: u16, b: u16, c: u16) -> Rev {
    Rev(a, b, c)
}
const ALL: &[Span] = &[(Rev::ZERO, Rev::MASTER)];
const NONE: &[Span] = &[];
const MASTER_ONLY: &[Span] = &[(Rev::MASTER, Rev::MASTER)];
const BEFORE_MASTER: &[Span] = &[(Rev::ZERO, r(26, 3, 4))];
/// tiflow v7.5.3+ and v8.1.1+ (v7.5.0–v7.5.2 and v8.1.0 lack it).
const C_753_811: &[Span] = &[(r(7, 5, 3), r(7, 5, 7)), (r(8, 1, 1), Rev::MASTER)];

/// Every `replica_config` key path whose presence or name differs between the releases of
/// [`Line::ALL`]; a path not listed (and not under a listed one) exists on every release under
/// its own name. Source: `api/v2/model.go` at each tag (RELEASES.md §1, §1b, checked).
const RULES: &[Rule] = &[
    // ticdc master only (pingcap/ticdc#5357 and later).
    rule("performance_mode", NONE, MASTER_ONLY),
    rule("event_collector_batch_count", NONE, MASTER_ONLY),
    rule("event_collector_batch_bytes", NONE, MASTER_ONLY),
    rule("consistent.event_collector_batch_count", NONE, MASTER_ONLY),
    rule("sink.debezium.include_start_ts", NONE, MASTER_ONLY),
    rule(
        "sink.kafka_config.codec_config.avro_include_before_value",
        NONE,
        MASTER_ONLY,
    ),
    rule("sink.mysql_config.async_ddl_timeout", NONE, MASTER_ONLY),
    rule(
        "filter.event_filters[].ignore_update_only_columns",
        NONE,
        MASTER_ONLY,
    ),
    // The two renames of pingcap/ticdc#5357, no alias kept for the old names.
    renamed(
        "sink.advance_timeout",
        ALL,
        BEFORE_MASTER,
        "sink.advance_timeout_in_sec",
    ),
    renamed(
        "sink.advance_timeout_in_sec",
        NONE,
        MASTER_ONLY,
        "sink.advance_timeout",
    ),
    renamed(
        "sink.send-all-bootstrap-at-start",
        C_753_811,
        BEFORE_MASTER,
        "sink.send_all_bootstrap_at_start",
    ),
    renamed(
        "sink.send_all_bootstrap_at_start",
        NONE,
        MASTER_ONLY,
        "sink.send-all-bootstrap-at-start",
    ),
    // ticdc v26.3.x and master; not v8.5.x.
    rule("enable_active_active", NONE, &[(r(26, 0, 0), Rev::MASTER)]),
    rule(
        "active_active_progress_interval",
        NONE,
        &[(r(26, 0, 0), Rev::MASTER)],
    ),
    rule(
        "active_active_sync_stats_interval",
        NONE,
        &[(r(26, 0, 0), Rev::MASTER)],
    ),
    // ticdc v8.5.7 and master; not v8.5.4–v8.5.6, not v26.3.x.
    rule(
        "sink.dispatchers[].target-schema",
        NONE,
        &[(r(8, 5, 7), r(8, 5, 7)), (Rev::MASTER, Rev::MASTER)],
    ),
    rule(
        "sink.dispatchers[].target-table",
        NONE,
        &[(r(8, 5, 7), r(8, 5, 7)), (Rev::MASTER, Rev::MASTER)],
    ),
    // ticdc v8.5.7, v26.3.3+ and master.
    rule(
        "sink.cloud_storage_config.spool_disk_quota",
        NONE,
        &[(r(8, 5, 7), r(8, 5, 7)), (r(26, 3, 3), Rev::MASTER)],
    ),
    rule(
        "sink.cloud_storage_config.spool_base_dir",
        NONE,
        &[(r(8, 5, 7), r(8, 5, 7)), (r(26, 3, 3), Rev::MASTER)],
    ),
    // ticdc v8.5.6+.
    rule(
        "sink.cloud_storage_config.use_table_id_as_path",
        NONE,
        &[(r(8, 5, 6), Rev::MASTER)],
    ),
    // ticdc v8.5.5+.
    rule("scheduler.force_split", NONE, &[(r(8, 5, 5), Rev::MASTER)]),
    rule(
        "scheduler.region_count_refresh_interval",
        NONE,
        &[(r(8, 5, 5), Rev::MASTER)],
    ),
    // The new architecture's scheduler (no classic release has them).
    rule("scheduler.region_count_per_span", NONE, ALL),
    rule("scheduler.scheduling_task_count_per_node", NONE, ALL),
    rule("scheduler.enable_splittable_check", NONE, ALL),
    rule("scheduler.balance_score_threshold", NONE, ALL),
    rule("scheduler.min_traffic_percentage", NONE, ALL),
    rule("scheduler.max_traffic_percentage", NONE, ALL),
    // Decoded by ticdc but never stored (RELEASES.md §1): sending it changes nothing.
    rule("sink.enable_kafka_sink_v2", ALL, NONE),
    // Classic: added to tiflow master by pingcap/tiflow#12183, in no v8.5 tag; tiflow v26.3.x
    // has it.
    rule(
        "sink.csv.output_field_header",
        &[(r(26, 3, 0), Rev::MASTER)],
        ALL,
    ),
    // Classic v8.1+ (every v7.5 lacks them).
    rule("enable_table_monitor", &[(r(8, 1, 0), Rev::MASTER)], ALL),
    rule("sink.debezium", &[(r(8, 1, 0), Rev::MASTER)], ALL),
    rule(
        "sink.debezium_disable_schema",
        &[(r(8, 1, 0), Rev::MASTER)],
        ALL,
    ),
    rule(
        "sink.csv.output_old_value",
        &[(r(8, 1, 0), Rev::MASTER)],
        ALL,
    ),
    rule(
        "sink.csv.output_handle_key",
        &[(r(8, 1, 0), Rev::MASTER)],
        ALL,
    ),
    // Classic v8.5+ (v8.1.x and v7.5.x lack it).
    rule(
        "sink.kafka_config.large_message_handle.claim_check_raw_value",
        &[(r(8, 5, 0), Rev::MASTER)],
        ALL,
    ),
    // Classic v7.5.3+ and v8.1.1+.
    rule("sink.kafka_config.output_raw_change_event", C_753_811, ALL),
    rule("sink.pulsar_config.output-raw-change-event", C_753_811, ALL),
    rule(
        "sink.cloud_storage_config.output_raw_change_event",
        C_753_811,
        ALL,
    ),
    rule("sink.content_compatible", &[(r(7, 5, 3), Rev::MASTER)], ALL),
    // Classic v7.5.2+.
    rule(
        "sink.kafka_config.codec_config.encoding_format",
        &[(r(7, 5, 2), Rev::MASTER)],
        ALL,
    ),
    rule("sink.open", &[(r(7, 5, 2), Rev::MASTER)], ALL),
    rule(
        "sink.send_bootstrap_interval_in_sec",
        &[(r(7, 5, 2), Rev::MASTER)],
        ALL,
    ),
    rule(
        "sink.send_bootstrap_in_msg_count",
        &[(r(7, 5, 2), Rev::MASTER)],
        ALL,
    ),
    rule(
        "sink.send_bootstrap_to_all_partition",
        &[(r(7, 5, 2), Rev::MASTER)],
        ALL,
    ),
    // Classic v7.5.1+.
    rule("synced_status", &[(r(7, 5, 1), Rev::MASTER)], ALL),
    rule("consistent.memory_usage", &[(r(7, 5, 1), Rev::MASTER)], ALL),
    rule("consistent.compression", &[(r(7, 5, 1), Rev::MASTER)], ALL),
    rule(
        "consistent.flush_concurrency",
        &[(r(7, 5, 1), Rev::MASTER)],
        ALL,
    ),
    rule(
        "sink.cloud_storage_config.file_expiration_days",
        &[(r(7, 5, 1), Rev::MASTER)],
        ALL,
    ),
    rule(
        "sink.cloud_storage_config.file_cleanup_cron_spec",
        &[(r(7, 5, 1), Rev::MASTER)],
        ALL,
    ),
    rule(
        "sink.cloud_storage_config.flush_concurrency",
        &[(r(7, 5, 1), Rev::MASTER)],
        ALL,
    ),
    // Only classic v7.5.1–v7.5.7 (gone from v8.1 on, never in ticdc).
    rule(
        "consistent.memory_usage.event_cache_percentage",
        &[(r(7, 5, 1), r(7, 5, 7))],
        NONE,
    ),
];

const fn rule(path: &'static str, classic: &'static [Span], new: &'static [Span]) -> Rule {
    Rule {
        path,
        classic,
        new,
        alias: None,
    }
}

const fn renamed(
    path: &'static str,
    classic: &'static [Span],
    new: &'static [Span],
    alias: &'static str,
) -> Rule {
    Rule {
        path,
        classic,
        new,
        alias: Some(alias),
    }
}

/// Whether a path is in the table at all (so some release lacks it or names it otherwise).
pub fn varies(path: &str) -> bool {
    RULES.iter().any(|r| r.path == path)
}

/// How drain works on this server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drain {
    /// Classic: `PUT /api/v2/captures/{id}/drain`.
    V2,
    /// New architecture: `PUT /api/v1/captures/drain` `{"capture_id"}`, 202; refuses the
    /// coordinator (ticdc v8.5.7 and master).
    V1,
    /// ticdc v8.5.4–v8.5.6 and v26.3.x: the v1 route is a stub that drains nothing (no auth,
    /// answers `{"current_table_count":10}` on every 10th call, else 0). Do not offer it.
    V1Stub,
}

/// Routes that not every release has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Routes {
    /// `GET …/changefeeds/{id}` with `Accept: application/toml` answers TOML (ticdc master;
    /// elsewhere the same request answers JSON, so check `Content-Type` anyway).
    pub toml_config: bool,
    /// `move_table`, `move_split_table`, `split_table_by_region_count`, `merge_table`,
    /// `get_dispatcher_count`, `tables` (new architecture, marked internal upstream).
    pub table_placement: bool,
    /// `POST /api/v2/get_all_tables` (ticdc v8.5.6+).
    pub get_all_tables: bool,
    /// `POST /api/v2/log/redact` (ticdc v8.5.6+).
    pub log_redact: bool,
    /// How drain works.
    pub drain: Drain,
    /// `GET …/changefeeds/{id}/meta_info` (classic only).
    pub meta_info: bool,
    /// `GET …/changefeeds/{id}/synced` (classic v7.5.1+, every ticdc).
    pub synced: bool,
    /// `GET /api/v2/processors…` report real processors (classic); ticdc's are stubs.
    pub processors: bool,
}

/// What states and errors to expect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Behaviour {
    /// Status of a create whose id exists: 400 on ticdc master, 500 elsewhere.
    pub already_exists_status: u16,
    /// Resuming a running changefeed: 400 `ErrChangefeedUpdateRefused` on ticdc master;
    /// elsewhere accepted without effect.
    pub resume_running_refused: bool,
    /// `liveness` names by value (`status.liveness`): `["alive","draining","stopping"]` on
    /// ticdc v8.5.7 and master, `["alive","stopping"]` elsewhere.
    pub liveness: &'static [&'static str],
    /// Whether `pending` is a state the server produces (classic only).
    pub pending_state: bool,
    /// Not ready: 503 `CDC:ErrServerIsNotReady` (classic) or 500 "coordinator is not fully
    /// initialized" with an empty code (new architecture).
    pub not_ready_status: u16,
}

/// The capabilities of the connected server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// Family.
    pub arch: Arch,
    /// Line whose table applies.
    pub line: Line,
    /// Revision whose field set applies ([`Rev::MASTER`] for master).
    pub rev: Rev,
    /// Set when `rev` is a fallback (unknown, newer or older version, development build).
    pub note: Option<String>,
    /// Why the family is believed.
    pub clue: Clue,
}

impl Profile {
    /// The profile of a line's newest known revision (tests, the simulator's releases).
    pub fn of_line(line: Line) -> Profile {
        Profile {
            arch: line.arch(),
            line,
            rev: line.span().1,
            note: None,
            clue: Clue::GitHash,
        }
    }

    /// "capabilities of new architecture v26.3 at v26.3.4", plus the fallback note.
    pub fn line_summary(&self) -> String {
        let mut s = format!(
            "capabilities of {} at {} ({})",
            self.line.label(),
            self.rev,
            self.clue.describe()
        );
        if let Some(n) = &self.note {
            s.push_str("; ");
            s.push_str(n);
        }
        s
    }

    fn spans<'a>(&self, rule: &'a Rule) -> &'a [Span] {
        match self.arch {
            Arch::Classic => rule.classic,
            Arch::New => rule.new,
        }
    }

    fn rule_has(&self, rule: &Rule) -> bool {
        self.spans(rule)
            .iter()
            .any(|(from, to)| *from <= self.rev && self.rev <= *to)
    }

    /// Whether this server decodes and keeps `path` (it and every parent key).
    pub fn has(&self, path: &str) -> bool {
        prefixes(path).all(|p| {
            RULES
                .iter()
                .filter(|r| r.path == p)
                .all(|r| self.rule_has(r))
        })
    }

    /// The key path under which this server reads the setting `path` names (in any release's
    /// naming): `path` itself when it has it, the renamed key when it names it otherwise
    /// (`sink.advance_timeout_in_sec` → `sink.advance_timeout` on v26.3.4), `None` when the
    /// server has no such setting (a value sent there is dropped without an error).
    pub fn key_for(&self, path: &str) -> Option<String> {
        if self.has(path) {
            return Some(path.to_string());
        }
        for p in prefixes(path) {
            for rule in RULES.iter().filter(|r| r.path == p) {
                if let Some(alias) = rule.alias {
                    let candidate = format!("{alias}{}", &path[p.len()..]);
                    if self.has(&candidate) {
                        return Some(candidate);
                    }
                }
            }
        }
        None
    }

    /// The key paths of a `replica_config` this server would drop: each listed path the table
    /// knows and this release lacks (its children are not listed again).
    pub fn ignored_keys(&self, replica_config: &Value) -> Vec<String> {
        let mut out = Vec::new();
        walk(replica_config, "", &mut |path| {
            if varies(path) && !self.has(path) {
                out.push(path.to_string());
                false
            } else {
                true
            }
        });
        out
    }

    /// Renames every key this server names otherwise to its own name (a config written for
    /// another release), keeping the order; returns the renames done (`from`, `to`).
    pub fn adopt_keys(&self, replica_config: &mut Value) -> Vec<(String, String)> {
        let mut renames = Vec::new();
        adopt(self, replica_config, "", &mut renames);
        renames
    }

    /// Routes this release has.
    pub fn routes(&self) -> Routes {
        let new = self.arch == Arch::New;
        let rev = self.rev;
        Routes {
            toml_config: new && rev == Rev::MASTER,
            table_placement: new,
            get_all_tables: new && rev >= r(8, 5, 6),
            log_redact: new && rev >= r(8, 5, 6),
            drain: match self.arch {
                Arch::Classic => Drain::V2,
                Arch::New if rev == r(8, 5, 7) || rev == Rev::MASTER => Drain::V1,
                Arch::New => Drain::V1Stub,
            },
            meta_info: !new,
            synced: new || rev >= r(7, 5, 1),
            processors: !new,
        }
    }

    /// States and errors to expect.
    pub fn behaviour(&self) -> Behaviour {
        let new = self.arch == Arch::New;
        let master = new && self.rev == Rev::MASTER;
        Behaviour {
            already_exists_status: if master { 400 } else { 500 },
            resume_running_refused: master,
            liveness: if master || (new && self.rev == r(8, 5, 7)) {
                &["alive", "draining", "stopping"]
            } else {
                &["alive", "stopping"]
            },
            pending_state: !new,
            not_ready_status: if new { 500 } else { 503 },
        }
    }

    /// The `replica_config` a fresh changefeed of this release shows (`GET` after a create
    /// without config), as JSON in Go's field order. Lines without a fixture of their own
    /// (classic v7.5, v8.1) use the nearest newer one through [`Profile::retain_known`].
    pub fn default_config(&self) -> Value {
        let src = default_fixture(self.line);
        let mut v: Value = serde_json::from_str(src).expect("fixture is JSON");
        self.retain_known(&mut v);
        // tiflow v7.5.x alone defaults `sql_mode` to TiDB's default SQL mode
        // (`pkg/config/replica_config.go` `SQLMode: defaultSQLMode`; empty from v8.1.0 on),
        // after `changefeed_error_stuck_duration` in Go's order.
        if self.line == Line::ClassicV7_5
            && let Value::Object(m) = &mut v
        {
            let at = m
                .keys()
                .position(|k| k == "changefeed_error_stuck_duration")
                .map_or(m.len(), |i| i + 1);
            m.shift_insert(
                at,
                "sql_mode".into(),
                Value::String(TIDB_DEFAULT_SQL_MODE.into()),
            );
        }
        v
    }

    /// The default config of [`Profile::default_config`], as text.
    pub fn default_config_json(&self) -> String {
        serde_json::to_string_pretty(&self.default_config()).expect("JSON")
    }

    /// Drops every key this server would drop (what TiCDC's decoder would do to it).
    pub fn retain_known(&self, replica_config: &mut Value) {
        retain(self, replica_config, "");
    }
}

/// The derived default-config fixture of a line (`src/api/fixtures/`).
pub fn default_fixture(line: Line) -> &'static str {
    match line {
        Line::ClassicV7_5 | Line::ClassicV8_1 | Line::ClassicV8_5 => {
            include_str!("fixtures/default_replica_config_classic_v8.5.json")
        }
        Line::ClassicV26_3 => include_str!("fixtures/default_replica_config.json"),
        Line::NewV8_5 => include_str!("fixtures/default_replica_config_new_v8.5.7.json"),
        Line::NewV26_3 => include_str!("fixtures/default_replica_config_new_v26.3.4.json"),
        Line::NewMaster => include_str!("fixtures/default_replica_config_new.json"),
    }
}

/// TiDB's default SQL mode (`mysql.DefaultSQLMode`), tiflow v7.5's default `sql_mode`.
pub const TIDB_DEFAULT_SQL_MODE: &str = "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION";

/// `a`, `a.b`, `a.b.c` for `a.b.c`.
fn prefixes(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('.')
        .map(move |(i, _)| &path[..i])
        .chain(std::iter::once(path))
}

fn join(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

/// Calls `visit` for every key path of `v` (depth first); `visit` returns whether to descend.
fn walk(v: &Value, base: &str, visit: &mut dyn FnMut(&str) -> bool) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let path = join(base, k);
                if visit(&path) {
                    walk(child, &path, visit);
                }
            }
        }
        Value::Array(items) => {
            let path = format!("{base}[]");
            for item in items {
                walk(item, &path, visit);
            }
        }
        _ => {}
    }
}

fn retain(p: &Profile, v: &mut Value, base: &str) {
    match v {
        Value::Object(m) => {
            m.retain(|k, _| p.has(&join(base, k)));
            for (k, child) in m.iter_mut() {
                retain(p, child, &join(base, k));
            }
        }
        Value::Array(items) => {
            for item in items {
                retain(p, item, &format!("{base}[]"));
            }
        }
        _ => {}
    }
}

fn adopt(p: &Profile, v: &mut Value, base: &str, renames: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            for k in keys {
                let path = join(base, &k);
                let target = match p.key_for(&path) {
                    Some(t) if t != path => t,
                    _ => continue,
                };
                // Only a rename of the last key; `key_for` keeps the parents.
                let new_key = target.rsplit('.').next().unwrap_or(&target).to_string();
                if m.contains_key(&new_key) {
                    continue;
                }
                let index = m.keys().position(|x| *x == k).expect("key");
                let value = m.shift_remove(&k).expect("key");
                m.shift_insert(index, new_key, value);
                renames.push((path, target));
            }
            for (k, child) in m.iter_mut() {
                adopt(p, child, &join(base, k), renames);
            }
        }
        Value::Array(items) => {
            for item in items {
                adopt(p, item, &format!("{base}[]"), renames);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
