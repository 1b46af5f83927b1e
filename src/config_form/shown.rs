//! Which of the form's problems show: every one once a submit was attempted; before that only
//! those of fields the user changed, so a fresh form is not red all over. The JSON view's own
//! parse error always shows in the summary (it is what the user is typing).

use std::collections::BTreeSet;

use crate::api::validate::FieldError;

/// The errors to show now.
pub fn visible_errors(
    errors: &[FieldError],
    attempted: bool,
    touched: &BTreeSet<String>,
) -> Vec<FieldError> {
    errors
        .iter()
        .filter(|e| attempted || e.field == "json" || touched.contains(&e.field))
        .cloned()
        .collect()
}

/// The message shown at the field `path`: its errors joined with `; `, once it shows.
pub fn message_at(
    errors: &[FieldError],
    attempted: bool,
    touched: &BTreeSet<String>,
    path: &str,
) -> Option<String> {
    if !(attempted || touched.contains(path)) {
        return None;
    }
    let msgs: Vec<&str> = errors
        .iter()
        .filter(|e| e.field == path)
        .map(|e| e.message.as_str())
        .collect();
    (!msgs.is_empty()).then(|| msgs.join("; "))
}

/// How many of `shown` lie at or below `prefix` (a section's heading count).
pub fn count_under(shown: &[FieldError], prefix: &str) -> usize {
    shown
        .iter()
        .filter(|e| {
            e.field == prefix
                || e.field
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(field: &str, message: &str) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }

    #[test]
    fn before_a_submit_only_touched_fields_and_the_json_view_show() {
        let errors = vec![
            err("sink_uri", "required"),
            err("json", "expected `,`"),
            err("replica_config.sink.protocol", "unknown"),
            err("replica_config.sink.protocol", "needs kafka"),
        ];
        let touched: BTreeSet<String> = ["replica_config.sink.protocol".to_string()].into();
        let shown = visible_errors(&errors, false, &touched);
        assert_eq!(shown, errors[1..].to_vec());
        assert_eq!(visible_errors(&errors, true, &BTreeSet::new()), errors);
        assert_eq!(
            message_at(&errors, false, &touched, "replica_config.sink.protocol").as_deref(),
            Some("unknown; needs kafka")
        );
        assert_eq!(message_at(&errors, false, &touched, "sink_uri"), None);
        assert_eq!(
            message_at(&errors, true, &touched, "sink_uri").as_deref(),
            Some("required")
        );
        assert_eq!(message_at(&errors, true, &touched, "target_ts"), None);
    }

    #[test]
    fn section_counts_take_whole_path_segments() {
        let shown = vec![
            err("replica_config.sink", "x"),
            err("replica_config.sink.protocol", "y"),
            err("replica_config.sink_extra", "z"),
        ];
        assert_eq!(count_under(&shown, "replica_config.sink"), 2);
        assert_eq!(count_under(&shown, "replica_config"), 3);
        assert_eq!(count_under(&shown, "filter"), 0);
    }
}
