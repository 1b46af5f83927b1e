//! Tombstones: what remains of a changefeed deleted in this tab (its last checkpoint and
//! sink), so the list can say how to recreate it from where it stopped. The record and the
//! list's rules are here; `services::tombstones` keeps them in the tab's sessionStorage.

use serde::{Deserialize, Serialize};

/// How many tombstones are kept (newest first): a bulk delete of a whole fleet keeps every one
/// (about 150 bytes each, well inside sessionStorage's 5 MB).
pub const MAX_TOMBSTONES: usize = 10_000;

/// What remains of a deleted changefeed: enough to recreate it from where it stopped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tombstone {
    /// The changefeed id.
    pub id: String,
    /// The last checkpoint TSO (as a string in storage: exact above 2^53).
    #[serde(with = "u64_string")]
    pub checkpoint_ts: u64,
    /// The sink URI as TiCDC returned it (masked).
    pub sink_uri: String,
}

/// Adds `t` in front of `all`, replacing an older tombstone of the same id and keeping at
/// most [`MAX_TOMBSTONES`].
pub fn push(all: &mut Vec<Tombstone>, t: Tombstone) {
    push_all(all, vec![t]);
}

/// [`push`] for a batch (`new` oldest first, so the last one deleted ends up in front), in
/// one pass over `all` instead of one per tombstone.
pub fn push_all(all: &mut Vec<Tombstone>, new: Vec<Tombstone>) {
    let ids: std::collections::HashSet<&str> = new.iter().map(|t| t.id.as_str()).collect();
    all.retain(|x| !ids.contains(x.id.as_str()));
    let mut front: Vec<Tombstone> = new.into_iter().rev().collect();
    front.append(all);
    front.truncate(MAX_TOMBSTONES);
    *all = front;
}

/// The tombstones stored as `raw` (JSON); none when it is not what [`encode`] wrote.
pub fn decode(raw: &str) -> Vec<Tombstone> {
    serde_json::from_str(raw).unwrap_or_default()
}

/// The JSON [`decode`] reads back.
pub fn encode(all: &[Tombstone]) -> String {
    serde_json::to_string(all).unwrap_or_default()
}

mod u64_string {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(id: &str, ts: u64) -> Tombstone {
        Tombstone {
            id: id.into(),
            checkpoint_ts: ts,
            sink_uri: "mysql://root:xxxxx@db:3306/".into(),
        }
    }

    #[test]
    fn checkpoint_round_trips_exactly_above_2_pow_53() {
        let all = vec![t("a", 449_530_093_020_430_337)];
        let raw = encode(&all);
        assert!(raw.contains("\"449530093020430337\""), "{raw}");
        assert_eq!(decode(&raw), all);
    }

    #[test]
    fn push_puts_newest_first_replaces_same_id_and_caps() {
        let mut all = vec![t("a", 1), t("b", 2)];
        push(&mut all, t("b", 3));
        assert_eq!(all, vec![t("b", 3), t("a", 1)]);
        for i in 0..30 {
            push(&mut all, t(&format!("x{i}"), i));
        }
        assert_eq!(all[0].id, "x29");
        let many = (0..MAX_TOMBSTONES as u64 + 5)
            .map(|i| t(&format!("y{i}"), i))
            .collect();
        push_all(&mut all, many);
        assert_eq!(all.len(), MAX_TOMBSTONES);
        assert_eq!(all[0].id, format!("y{}", MAX_TOMBSTONES + 4));
    }

    #[test]
    fn a_batch_goes_in_front_newest_first_replacing_the_same_ids() {
        let mut all = vec![t("a", 1), t("b", 2), t("c", 3)];
        push_all(&mut all, vec![t("b", 20), t("d", 40)]);
        assert_eq!(all, vec![t("d", 40), t("b", 20), t("a", 1), t("c", 3)]);
    }

    #[test]
    fn garbage_decodes_to_none() {
        assert!(decode("not json").is_empty());
        assert!(decode(r#"[{"id":"a","checkpoint_ts":1,"sink_uri":""}]"#).is_empty());
    }
}
