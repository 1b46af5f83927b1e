//! The capability table against the derived default configs, and identification cases.

use serde_json::{Value, json};

use super::*;

fn profile(arch: Arch, version: &str) -> Profile {
    let ev = Evidence {
        arch: Some((arch, Clue::Probe)),
    };
    identify(version, "", &ev).profile().expect("arch known")
}

fn leaf_paths(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(v, "", &mut |p| {
        out.push(p.to_string());
        true
    });
    out
}

/// The lines with a default-config fixture of their own.
const OWN_FIXTURE: [Line; 5] = [
    Line::ClassicV8_5,
    Line::ClassicV26_3,
    Line::NewV8_5,
    Line::NewV26_3,
    Line::NewMaster,
];

#[test]
fn versions_parse_or_say_they_do_not() {
    let v = Version::parse("v8.5.7").unwrap();
    assert_eq!((v.major, v.minor, v.patch, v.is_release()), (8, 5, 7, true));
    let v = Version::parse("v8.5.4-nextgen.202510.5-368-gb813e76f9").unwrap();
    assert_eq!((v.major, v.minor, v.patch), (8, 5, 4));
    assert_eq!(v.suffix, "-nextgen.202510.5-368-gb813e76f9");
    assert!(!v.is_release());
    assert_eq!(Version::parse("26.3.4").unwrap().minor, 3);
    for bad in ["", "None", "v8.5", "v8.5.7.1", "vX.1.2", "master"] {
        assert_eq!(Version::parse(bad), None, "{bad}");
    }
}

#[test]
fn the_version_alone_never_decides_the_family() {
    let id = identify("v8.5.7", "", &Evidence::default());
    assert_eq!(id.arch, None);
    assert_eq!(id.profile(), None);
    assert_eq!(id.summary(), "TiCDC v8.5.7 · architecture not known yet");
    // tiflow v26.3.x exists too: still not decided.
    assert_eq!(identify("v26.3.3", "", &Evidence::default()).arch, None);
}

#[test]
fn the_git_hash_of_a_known_tag_decides_family_and_tag() {
    let tiflow = identify(
        "v8.5.7",
        "f90a1dd48658373443f3af2bb370d70dc0d825c5",
        &Evidence::default(),
    );
    let ticdc = identify(
        "v8.5.7",
        "41b855b10b129a6b4af681a6f1b02362f6e4f104",
        &Evidence::default(),
    );
    assert_eq!(tiflow.arch, Some((Arch::Classic, Clue::GitHash)));
    assert_eq!(ticdc.arch, Some((Arch::New, Clue::GitHash)));
    assert_eq!(tiflow.profile().unwrap().line, Line::ClassicV8_5);
    let p = ticdc.profile().unwrap();
    assert_eq!((p.line, p.rev, p.note), (Line::NewV8_5, Rev(8, 5, 7), None));
    // A short hash works too; evidence to the contrary does not overturn a known tag.
    let ev = Evidence {
        arch: Some((Arch::Classic, Clue::Probe)),
    };
    assert_eq!(
        identify("v26.3.4", "65002945d670", &ev).arch.unwrap().0,
        Arch::New
    );
    assert_eq!(
        identify("x", "65002945d670", &ev).summary(),
        "TiCDC version \"x\" (unparsable) · new architecture"
    );
}

#[test]
fn responses_tell_the_family() {
    let mut ev = Evidence::default();
    ev.observe_body(&json!({"total":0,"items":[]}));
    assert_eq!(ev.arch, None, "an empty list tells nothing");
    ev.observe_body(&json!({"items":[{"upstream_id":1,"id":"a","keyspace":"default"}]}));
    assert_eq!(ev.arch, Some((Arch::New, Clue::BodyKey("keyspace"))));
    ev.observe_body(&json!({"namespace":"default"}));
    assert_eq!(ev.arch.as_ref().unwrap().0, Arch::New, "first clue wins");

    let mut ev = Evidence::default();
    ev.observe_body(&json!({"id":"a","namespace":"default","sink_uri":"x"}));
    assert_eq!(ev.arch.unwrap().0, Arch::Classic);

    let mut ev = Evidence::default();
    ev.observe_error(503, "CDC:ErrServerIsNotReady", "cdc server is not ready");
    assert_eq!(ev.arch.unwrap().0, Arch::Classic);
    let mut ev = Evidence::default();
    ev.observe_error(
        500,
        "",
        "coordinator is not fully initialized, wait a moment",
    );
    assert_eq!(ev.arch.unwrap().0, Arch::New);
    let mut ev = Evidence::default();
    ev.observe_error(
        400,
        "CDC:ErrAPIInvalidParam",
        "[CDC:ErrAPIInvalidParam]missing required query parameter keyspace, please specify --keyspace or -k",
    );
    assert_eq!(ev.arch, Some((Arch::New, Clue::KeyspaceRequired)));
    let mut ev = Evidence::default();
    ev.observe_error(400, "CDC:ErrChangeFeedNotExists", "changefeed not exists");
    ev.observe_probe(401);
    assert_eq!(ev.arch, None);
    ev.observe_probe(404);
    assert_eq!(ev.arch.unwrap().0, Arch::New);
    let mut ev = Evidence::default();
    ev.observe_probe(400);
    assert_eq!(ev.arch.unwrap().0, Arch::Classic);
}

#[test]
fn versions_outside_the_table_fall_back_and_say_so() {
    let p = profile(Arch::New, "v26.3.4");
    assert_eq!(
        (p.line, p.rev, p.note),
        (Line::NewV26_3, Rev(26, 3, 4), None)
    );
    let p = profile(Arch::New, "v26.3.9");
    assert_eq!((p.line, p.rev), (Line::NewV26_3, Rev(26, 3, 4)));
    assert!(
        p.note.as_deref().unwrap().contains("newer than the newest"),
        "{p:?}"
    );
    let p = profile(Arch::New, "v27.1.0");
    assert_eq!((p.line, p.rev), (Line::NewMaster, Rev::MASTER));
    assert!(
        p.note.as_deref().unwrap().contains("newer than every line"),
        "{p:?}"
    );
    let p = profile(Arch::Classic, "v27.1.0");
    assert_eq!(p.line, Line::ClassicV26_3);
    let p = profile(Arch::New, "v9.0.0-beta.1");
    assert_eq!((p.line, p.rev), (Line::NewV8_5, Rev(8, 5, 7)));
    assert!(
        p.note.as_deref().unwrap().contains("not a release build"),
        "{p:?}"
    );
    let p = profile(Arch::Classic, "v6.5.12");
    assert_eq!((p.line, p.rev), (Line::ClassicV7_5, Rev(7, 5, 0)));
    assert!(p.note.unwrap().contains("older than every line"));
    let p = profile(Arch::Classic, "banana");
    assert_eq!(p.line, Line::ClassicV26_3);
    assert!(p.note.unwrap().contains("\"banana\" does not parse"));
    // ticdc master describes itself after the last nextgen tag.
    let id = identify(
        "v8.5.4-nextgen.202510.5-368-gb813e76f9",
        "b813e76f9dad",
        &Evidence::default(),
    );
    let p = id.profile().unwrap();
    assert_eq!(
        (p.arch, p.line, p.clue.clone()),
        (Arch::New, Line::NewMaster, Clue::NextgenVersion)
    );
    assert!(
        p.note
            .as_deref()
            .unwrap()
            .contains("nextgen development build")
    );
    assert!(
        p.line_summary()
            .starts_with("capabilities of new architecture master at master")
    );
    let p = profile(Arch::Classic, "v8.5.2");
    assert_eq!(
        (p.line, p.rev, p.note.clone()),
        (Line::ClassicV8_5, Rev(8, 5, 2), None)
    );
    assert_eq!(
        p.line_summary(),
        "capabilities of classic v8.5 at v8.5.2 (the classic-only meta_info route)"
    );
}

#[test]
fn keys_move_between_releases() {
    let v26 = profile(Arch::New, "v26.3.4");
    let v857 = profile(Arch::New, "v8.5.7");
    let master = Profile::of_line(Line::NewMaster);
    let classic = profile(Arch::Classic, "v8.5.2");
    let k = |p: &Profile, path: &str| p.key_for(path);
    assert_eq!(
        k(&v26, "sink.advance_timeout_in_sec").as_deref(),
        Some("sink.advance_timeout")
    );
    assert_eq!(
        k(&master, "sink.advance_timeout").as_deref(),
        Some("sink.advance_timeout_in_sec")
    );
    assert_eq!(
        k(&classic, "sink.advance_timeout_in_sec").as_deref(),
        Some("sink.advance_timeout")
    );
    assert_eq!(
        k(&v857, "sink.send_all_bootstrap_at_start").as_deref(),
        Some("sink.send-all-bootstrap-at-start")
    );
    assert_eq!(k(&v26, "performance_mode"), None);
    assert_eq!(
        k(&master, "performance_mode").as_deref(),
        Some("performance_mode")
    );
    assert!(v857.has("sink.dispatchers[].target-schema"));
    assert!(!v26.has("sink.dispatchers[].target-table"));
    assert!(master.has("sink.dispatchers[].target-table"));
    assert!(!classic.has("sink.csv.output_field_header"));
    assert!(Profile::of_line(Line::ClassicV26_3).has("sink.csv.output_field_header"));
    assert!(!classic.has("scheduler.region_count_per_span"));
    assert!(!v26.has("sink.debezium.include_start_ts"));
    assert!(v26.has("sink.debezium.output_old_value"));
    // A parent that is missing takes its children along.
    let v75 = profile(Arch::Classic, "v7.5.7");
    assert!(!v75.has("sink.debezium.output_old_value"));
    assert!(v75.has("consistent.memory_usage.event_cache_percentage"));
    assert!(!classic.has("consistent.memory_usage.event_cache_percentage"));
    assert!(!profile(Arch::Classic, "v8.1.0").has("sink.send-all-bootstrap-at-start"));
    assert!(profile(Arch::Classic, "v8.1.1").has("sink.send-all-bootstrap-at-start"));
    assert!(!profile(Arch::New, "v8.5.6").has("sink.cloud_storage_config.spool_base_dir"));
    assert!(!profile(Arch::New, "v26.3.2").has("sink.cloud_storage_config.spool_disk_quota"));
    assert!(profile(Arch::New, "v26.3.3").has("sink.cloud_storage_config.spool_disk_quota"));
    assert!(!profile(Arch::New, "v8.5.4").has("scheduler.force_split"));
    // Paths no release lacks are everywhere.
    assert!(v75.has("sink.kafka_config.sasl_user"));
    assert!(!varies("memory_quota"));
}

#[test]
fn every_rule_is_listed_once_and_aliases_point_at_rules() {
    for (i, rule) in RULES.iter().enumerate() {
        assert!(
            RULES[..i].iter().all(|r| r.path != rule.path),
            "{} twice",
            rule.path
        );
        if let Some(a) = rule.alias {
            let target = RULES.iter().find(|r| r.path == a).expect(a);
            assert_eq!(target.alias, Some(rule.path), "{a} must point back");
        }
        for spans in [rule.classic, rule.new] {
            assert!(spans.iter().all(|(a, b)| a <= b), "{}", rule.path);
        }
    }
}

/// The table walked against each release's default config: every key a fresh changefeed
/// shows exists on that release, and each varying key that some release shows by default is
/// there exactly when the table says so. A table that drifts from the fixtures fails here.
#[test]
fn the_table_matches_every_default_config() {
    let defaults: Vec<(Line, Value)> = OWN_FIXTURE
        .iter()
        .map(|&l| (l, serde_json::from_str(default_fixture(l)).unwrap()))
        .collect();
    let mut union: Vec<String> = defaults.iter().flat_map(|(_, v)| leaf_paths(v)).collect();
    union.sort();
    union.dedup();
    let varying: Vec<&String> = union.iter().filter(|p| prefixes(p).any(varies)).collect();
    assert!(
        varying.len() >= 10,
        "the fixtures exercise the table: {varying:?}"
    );
    for (line, fixture) in &defaults {
        let paths = leaf_paths(fixture);
        // Every tag of the line the table knows, plus the newest revision.
        let mut revs: Vec<Rev> = KNOWN_TAGS
            .iter()
            .filter(|(a, rev, _)| {
                *a == line.arch() && line.span().0 <= *rev && *rev <= line.span().1
            })
            .map(|(_, rev, _)| *rev)
            .collect();
        revs.push(line.span().1);
        // The fixtures are of the newest patch; older patches differ only in non-default keys.
        for rev in [line.span().1] {
            let p = Profile {
                rev,
                ..Profile::of_line(*line)
            };
            for path in &paths {
                assert!(
                    p.has(path),
                    "{line:?} {rev}: the default shows {path}, the table lacks it"
                );
            }
            // Within a family (the other family's omitempty keys differ).
            let family: Vec<&&String> = varying
                .iter()
                .filter(|x| {
                    defaults
                        .iter()
                        .any(|(l, v)| l.arch() == line.arch() && leaf_paths(v).contains(x))
                })
                .collect();
            for path in family {
                assert_eq!(
                    paths.contains(path),
                    p.has(path),
                    "{line:?} {rev}: {path} in the default config vs the table"
                );
            }
            assert_eq!(
                &p.default_config(),
                fixture,
                "{line:?}: retain_known keeps the whole default"
            );
            assert!(p.ignored_keys(fixture).is_empty());
        }
        for rev in revs {
            let p = Profile {
                rev,
                ..Profile::of_line(*line)
            };
            // Keys in a default config that *older* patches lack must be listed as varying.
            for path in paths.iter().filter(|x| !p.has(x)) {
                assert!(prefixes(path).any(varies), "{path}");
            }
        }
    }
    // The older classic lines are the v8.5 default minus what they lack.
    let v81 = Profile::of_line(Line::ClassicV8_1).default_config();
    assert_eq!(
        v81,
        serde_json::from_str::<Value>(default_fixture(Line::ClassicV8_5)).unwrap()
    );
    let v750 = profile(Arch::Classic, "v7.5.0").default_config();
    assert!(v750.get("synced_status").is_none() && v750["sink"].get("debezium").is_none());
}

#[test]
fn a_master_config_on_v26_3_4_names_what_would_be_dropped_and_renames() {
    let master: Value = serde_json::from_str(default_fixture(Line::NewMaster)).unwrap();
    let v26 = profile(Arch::New, "v26.3.4");
    assert_eq!(
        v26.ignored_keys(&master),
        [
            "performance_mode",
            "sink.advance_timeout_in_sec",
            "sink.send_all_bootstrap_at_start"
        ]
    );
    let mut cfg = master.clone();
    let renames = v26.adopt_keys(&mut cfg);
    assert_eq!(
        renames,
        [
            (
                "sink.advance_timeout_in_sec".to_string(),
                "sink.advance_timeout".to_string()
            ),
            (
                "sink.send_all_bootstrap_at_start".to_string(),
                "sink.send-all-bootstrap-at-start".to_string()
            ),
        ]
    );
    assert_eq!(v26.ignored_keys(&cfg), ["performance_mode"]);
    v26.retain_known(&mut cfg);
    assert_eq!(
        cfg,
        serde_json::from_str::<Value>(default_fixture(Line::NewV26_3)).unwrap()
    );
    let with_rules = json!({"sink":{"dispatchers":[{"matcher":["a.*"],"target-schema":"s"}]},
        "filter":{"event_filters":[{"matcher":["a.b"],"ignore_update_only_columns":["c"]}]}});
    assert_eq!(
        v26.ignored_keys(&with_rules),
        [
            "sink.dispatchers[].target-schema",
            "filter.event_filters[].ignore_update_only_columns"
        ]
    );
    assert_eq!(
        profile(Arch::New, "v8.5.7").ignored_keys(&with_rules),
        ["filter.event_filters[].ignore_update_only_columns"]
    );
}

#[test]
fn routes_and_behaviour_follow_the_release() {
    let master = Profile::of_line(Line::NewMaster);
    let v26 = profile(Arch::New, "v26.3.4");
    let v857 = profile(Arch::New, "v8.5.7");
    let v855 = profile(Arch::New, "v8.5.5");
    let classic = profile(Arch::Classic, "v8.5.2");
    assert!(master.routes().toml_config && !v26.routes().toml_config && !v857.routes().toml_config);
    assert_eq!(master.routes().drain, Drain::V1);
    assert_eq!(v857.routes().drain, Drain::V1);
    assert_eq!(v26.routes().drain, Drain::V1Stub);
    assert_eq!(v855.routes().drain, Drain::V1Stub);
    assert_eq!(classic.routes().drain, Drain::V2);
    assert!(v857.routes().log_redact && !v855.routes().log_redact && !classic.routes().log_redact);
    assert!(!v855.routes().get_all_tables && v26.routes().get_all_tables);
    assert!(v26.routes().table_placement && !classic.routes().table_placement);
    assert!(classic.routes().meta_info && !v26.routes().meta_info);
    assert!(!profile(Arch::Classic, "v7.5.0").routes().synced && classic.routes().synced);
    assert_eq!(master.behaviour().already_exists_status, 400);
    assert_eq!(v26.behaviour().already_exists_status, 500);
    assert!(master.behaviour().resume_running_refused && !v26.behaviour().resume_running_refused);
    assert_eq!(v26.behaviour().liveness, ["alive", "stopping"]);
    assert_eq!(v857.behaviour().liveness, ["alive", "draining", "stopping"]);
    assert_eq!(classic.behaviour().liveness, ["alive", "stopping"]);
    assert!(classic.behaviour().pending_state && !v26.behaviour().pending_state);
    assert_eq!(
        (
            classic.behaviour().not_ready_status,
            v26.behaviour().not_ready_status
        ),
        (503, 500)
    );
}

/// tiflow v7.5 alone defaults `sql_mode` (TiDB's default SQL mode); v8.1 on leave it empty.
#[test]
fn v75_defaults_carry_the_sql_mode() {
    let v75 = Profile::of_line(Line::ClassicV7_5).default_config();
    assert_eq!(v75["sql_mode"], TIDB_DEFAULT_SQL_MODE);
    let keys: Vec<&String> = v75.as_object().unwrap().keys().collect();
    let at = keys.iter().position(|k| *k == "sql_mode").unwrap();
    assert_eq!(keys[at - 1], "changefeed_error_stuck_duration");
    for line in [Line::ClassicV8_1, Line::ClassicV8_5, Line::ClassicV26_3] {
        assert!(
            Profile::of_line(line)
                .default_config()
                .get("sql_mode")
                .is_none(),
            "{line:?}"
        );
    }
}
