//! Table placement on the new architecture (../shared/ticdc/RELEASES.md §2): what `GET …/tables`
//! says, turned into what an operator reads, and the operations that change it.
//!
//! TiCDC lists one `table_id` per *span* (dispatcher) per node, in random order, with the DDL
//! span as table `0` and no names. Here the spans are joined to `schema.table` names (from
//! `POST /api/v2/get_all_tables`), a split table is shown once per node with its span counts,
//! the DDL span is labelled as such, and nodes and tables are sorted and searchable. Pure, so it
//! is tested natively.

use std::collections::{BTreeMap, HashMap};

use crate::api::endpoints::encode_component;
use crate::api::{
    ApiError, Capture, DispatcherMode, HttpRequest, NodeTableInfo, Scope, TableName, endpoints,
};

/// The table id TiCDC gives the DDL span (`common.DDLSpan`).
pub const DDL_TABLE_ID: i64 = 0;

/// What a placed table is called.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableLabel {
    /// Table `0`: the span that applies DDL, always on the maintainer's node; it cannot be
    /// moved, split or merged.
    Ddl,
    /// A table `get_all_tables` named.
    Named {
        /// Database.
        schema: String,
        /// Table.
        table: String,
    },
    /// An id `get_all_tables` did not name (dropped or created since the checkpoint, a
    /// partition's physical id, or names not loaded).
    Unnamed,
}

impl TableLabel {
    /// `schema.table`, `DDL span`, or `table <id>`.
    pub fn text(&self, table_id: i64) -> String {
        match self {
            TableLabel::Ddl => "DDL span".into(),
            TableLabel::Named { schema, table } => format!("{schema}.{table}"),
            TableLabel::Unnamed => format!("table {table_id}"),
        }
    }
}

/// One table on one node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedTable {
    /// TiCDC's table id.
    pub table_id: i64,
    /// Its name.
    pub label: TableLabel,
    /// Spans of it on this node.
    pub spans_here: usize,
    /// Spans of it on all nodes (more than one: the table is split).
    pub spans_total: usize,
    /// Nodes holding spans of it.
    pub nodes: usize,
}

impl PlacedTable {
    /// The table is split into several spans.
    pub fn is_split(&self) -> bool {
        self.spans_total > 1
    }

    /// The DDL span (not movable).
    pub fn is_ddl(&self) -> bool {
        self.label == TableLabel::Ddl
    }

    /// What the span column says: `1`, `2 of 3`, `3`.
    pub fn spans_text(&self) -> String {
        if self.spans_here == self.spans_total {
            self.spans_total.to_string()
        } else {
            format!("{} of {}", self.spans_here, self.spans_total)
        }
    }
}

/// One node and what runs on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodePlacement {
    /// Capture id as TiCDC reported it (`""`: spans not scheduled yet).
    pub node_id: String,
    /// Its address, when the capture list has it.
    pub address: Option<String>,
    /// The coordinator (where the maintainer, and so the DDL span, usually is).
    pub is_coordinator: bool,
    /// Spans on it (DDL span included).
    pub spans: usize,
    /// Its tables.
    pub tables: Vec<PlacedTable>,
}

impl NodePlacement {
    /// A heading: the address, `not scheduled yet`, or the id of a node missing from the
    /// capture list.
    pub fn title(&self) -> String {
        match (&self.address, self.node_id.is_empty()) {
            (_, true) => "Not scheduled yet".into(),
            (Some(a), false) => a.clone(),
            (None, false) => format!("{} (not in the capture list)", self.node_id),
        }
    }
}

/// The placement of one mode of a changefeed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Placement {
    /// Nodes, by title (unscheduled last).
    pub nodes: Vec<NodePlacement>,
    /// Spans in all (what `get_dispatcher_count` counts).
    pub spans: usize,
    /// Tables, DDL span excluded.
    pub tables: usize,
    /// Tables with more than one span.
    pub split_tables: usize,
}

/// Builds the placement from TiCDC's answer, the capture list and the table names.
pub fn build(items: &[NodeTableInfo], captures: &[Capture], names: &[TableName]) -> Placement {
    let names: HashMap<i64, &TableName> = names.iter().map(|t| (t.table_id, t)).collect();
    // table id -> node id -> spans
    let mut per_table: BTreeMap<i64, BTreeMap<&str, usize>> = BTreeMap::new();
    // The same node may appear in several items (TiCDC groups by node, but be tolerant).
    let mut per_node: BTreeMap<&str, BTreeMap<i64, usize>> = BTreeMap::new();
    for item in items {
        let node = per_node.entry(item.node_id.as_str()).or_default();
        for &t in &item.table_ids {
            *node.entry(t).or_default() += 1;
            *per_table
                .entry(t)
                .or_default()
                .entry(item.node_id.as_str())
                .or_default() += 1;
        }
    }
    let label = |t: i64| {
        if t == DDL_TABLE_ID {
            TableLabel::Ddl
        } else {
            names
                .get(&t)
                .map_or(TableLabel::Unnamed, |n| TableLabel::Named {
                    schema: n.database_name.clone(),
                    table: n.table_name.clone(),
                })
        }
    };
    let mut nodes: Vec<NodePlacement> = per_node
        .into_iter()
        .map(|(node_id, tables)| {
            let capture = captures.iter().find(|c| c.id == node_id);
            let tables: Vec<PlacedTable> = tables
                .into_iter()
                .map(|(t, here)| {
                    let all = &per_table[&t];
                    PlacedTable {
                        table_id: t,
                        label: label(t),
                        spans_here: here,
                        spans_total: all.values().sum(),
                        nodes: all.len(),
                    }
                })
                .collect();
            NodePlacement {
                node_id: node_id.to_string(),
                address: capture.map(|c| c.address.clone()),
                is_coordinator: capture.is_some_and(|c| c.is_owner),
                spans: tables.iter().map(|t| t.spans_here).sum(),
                tables,
            }
        })
        .collect();
    nodes.sort_by_key(|n| (n.node_id.is_empty(), n.title()));
    Placement {
        spans: per_table.values().flat_map(|n| n.values()).sum(),
        tables: per_table.keys().filter(|&&t| t != DDL_TABLE_ID).count(),
        split_tables: per_table
            .iter()
            .filter(|(t, n)| **t != DDL_TABLE_ID && n.values().sum::<usize>() > 1)
            .count(),
        nodes,
    }
}

/// How the tables within a node are ordered (the URL's `sort=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TableSort {
    /// `schema.table`, the DDL span first, unnamed tables last (by id).
    #[default]
    Name,
    /// Table id.
    Id,
    /// Most spans first, then by name.
    Spans,
}

impl TableSort {
    /// Every order, for the selector.
    pub const ALL: [TableSort; 3] = [TableSort::Name, TableSort::Id, TableSort::Spans];

    /// The URL value.
    pub fn as_str(self) -> &'static str {
        match self {
            TableSort::Name => "name",
            TableSort::Id => "id",
            TableSort::Spans => "spans",
        }
    }

    /// What the selector shows.
    pub fn label(self) -> &'static str {
        match self {
            TableSort::Name => "Name",
            TableSort::Id => "Table id",
            TableSort::Spans => "Spans",
        }
    }

    /// From the URL (unknown values: the default).
    pub fn parse(s: &str) -> Self {
        TableSort::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .unwrap_or_default()
    }
}

fn name_key(t: &PlacedTable) -> (u8, String, i64) {
    match &t.label {
        TableLabel::Ddl => (0, String::new(), t.table_id),
        TableLabel::Named { schema, table } => (
            1,
            format!("{schema}.{table}").to_ascii_lowercase(),
            t.table_id,
        ),
        TableLabel::Unnamed => (2, String::new(), t.table_id),
    }
}

/// Does a table match a search (case-insensitive, on `schema.table`, the id, or `ddl`)?
pub fn matches(t: &PlacedTable, search: &str) -> bool {
    let q = search.trim().to_ascii_lowercase();
    if q.is_empty() {
        return true;
    }
    t.label.text(t.table_id).to_ascii_lowercase().contains(&q) || t.table_id.to_string() == q
}

/// The nodes with their tables filtered by `search` and sorted by `sort`. A node keeps its
/// place (and its span count) when none of its tables match, with an empty list, so the view
/// still shows every node.
pub fn visible(p: &Placement, search: &str, sort: TableSort) -> Vec<NodePlacement> {
    p.nodes
        .iter()
        .map(|n| {
            let mut tables: Vec<PlacedTable> = n
                .tables
                .iter()
                .filter(|t| matches(t, search))
                .cloned()
                .collect();
            match sort {
                TableSort::Name => tables.sort_by_key(name_key),
                TableSort::Id => tables.sort_by_key(|t| t.table_id),
                TableSort::Spans => tables.sort_by(|a, b| {
                    b.spans_total
                        .cmp(&a.spans_total)
                        .then_with(|| name_key(a).cmp(&name_key(b)))
                }),
            }
            NodePlacement {
                tables,
                ..n.clone()
            }
        })
        .collect()
}

/// Tables matching `search`, over all nodes (a split table counts once).
pub fn matching_tables(p: &Placement, search: &str) -> usize {
    let mut ids: Vec<i64> = p
        .nodes
        .iter()
        .flat_map(|n| n.tables.iter())
        .filter(|t| !t.is_ddl() && matches(t, search))
        .map(|t| t.table_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// A placement operation the console offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operation {
    /// Every span of a table to one node (`move_table` for one span, `move_split_table` for
    /// several).
    Move {
        /// The table.
        table_id: i64,
        /// Target capture id.
        target: String,
    },
    /// `split_table_by_region_count`.
    Split {
        /// The table.
        table_id: i64,
    },
    /// `merge_table`, once per pair of spans until one is left.
    Merge {
        /// The table.
        table_id: i64,
    },
}

impl Operation {
    /// The table it acts on.
    pub fn table_id(&self) -> i64 {
        match self {
            Operation::Move { table_id, .. }
            | Operation::Split { table_id }
            | Operation::Merge { table_id } => *table_id,
        }
    }

    /// The request that performs it (one step of it, for a merge), given the table's current
    /// span count. A move waits (`wait=true`): TiCDC answers once the table has moved.
    pub fn request(
        &self,
        scope: &Scope,
        changefeed: &str,
        mode: DispatcherMode,
        spans: usize,
    ) -> HttpRequest {
        match self {
            Operation::Move { table_id, target } if spans > 1 => {
                endpoints::move_split_table(scope, changefeed, *table_id, target, mode)
            }
            Operation::Move { table_id, target } => {
                endpoints::move_table(scope, changefeed, *table_id, target, mode, true)
            }
            Operation::Split { table_id } => {
                endpoints::split_table_by_region_count(scope, changefeed, *table_id, mode)
            }
            Operation::Merge { table_id } => {
                endpoints::merge_table(scope, changefeed, *table_id, mode)
            }
        }
    }

    /// Whether another step is needed after a fresh read shows `spans` spans (a merge joins
    /// one pair per call).
    pub fn needs_another_step(&self, spans: usize) -> bool {
        matches!(self, Operation::Merge { .. }) && spans > 1
    }

    /// What the confirmation asks, with the table's name.
    pub fn confirm_text(&self, table: &str, target_title: Option<&str>) -> String {
        match self {
            Operation::Move { .. } => format!(
                "Move {table} to {}? TiCDC moves its dispatchers and answers once the move is done.",
                target_title.unwrap_or("the chosen node")
            ),
            Operation::Split { .. } => format!(
                "Split {table} by region count? TiCDC cuts it into spans that can run on several nodes."
            ),
            Operation::Merge { .. } => format!(
                "Merge {table} back into one span? TiCDC merges two neighbouring spans per step."
            ),
        }
    }

    /// What the progress line says while TiCDC works.
    pub fn progress_text(&self, table: &str, step: usize) -> String {
        match self {
            Operation::Move { .. } => format!("Moving {table}… TiCDC answers once it has moved."),
            Operation::Split { .. } => {
                format!("Splitting {table}… TiCDC answers once it is split.")
            }
            Operation::Merge { .. } => format!("Merging {table} (step {step})…"),
        }
    }
}

/// The table's spans in a placement (0 when it is not there).
pub fn spans_of(p: &Placement, table_id: i64) -> usize {
    p.nodes
        .iter()
        .flat_map(|n| n.tables.iter())
        .find(|t| t.table_id == table_id)
        .map_or(0, |t| t.spans_total)
}

/// Nodes a table can move to: alive captures not holding all of its spans already.
pub fn move_targets<'a>(p: &Placement, captures: &'a [Capture], table_id: i64) -> Vec<&'a Capture> {
    let holders: Vec<&str> = p
        .nodes
        .iter()
        .filter(|n| n.tables.iter().any(|t| t.table_id == table_id))
        .map(|n| n.node_id.as_str())
        .collect();
    captures
        .iter()
        .filter(|c| !(holders.len() == 1 && holders[0] == c.id))
        .collect()
}

/// Where one table runs now, in words, from a fresh read: `shop.orders: 1 span on
/// 10.0.1.12:8300`, `shop.orders: 3 spans on 10.0.1.11:8300 (2), 10.0.1.12:8300 (1)`.
pub fn describe_table(p: &Placement, table_id: i64) -> String {
    let mut name = None;
    let mut places = Vec::new();
    for n in &p.nodes {
        if let Some(t) = n.tables.iter().find(|t| t.table_id == table_id) {
            name.get_or_insert_with(|| t.label.text(table_id));
            places.push((n.title(), t.spans_here));
        }
    }
    let name = name.unwrap_or_else(|| format!("table {table_id}"));
    let total: usize = places.iter().map(|(_, n)| n).sum();
    match places.as_slice() {
        [] => format!("{name} is not in the placement any more"),
        [(node, _)] => format!(
            "{name}: {total} span{} on {node}",
            if total == 1 { "" } else { "s" }
        ),
        _ => format!(
            "{name}: {total} spans on {}",
            places
                .iter()
                .map(|(node, k)| format!("{node} ({k})"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// What an error of the placement routes means, beyond TiCDC's own words (RELEASES.md §2).
pub fn explain_error(err: &ApiError, mode: DispatcherMode) -> Option<String> {
    let ApiError::Http {
        status,
        code,
        message,
    } = err
    else {
        return None;
    };
    if *status == 404 {
        return Some(
            "This TiCDC has no table placement routes (they are marked internal upstream and may be removed in a release)."
                .into(),
        );
    }
    if message.starts_with("Can't not find maintainer") {
        return Some(
            "TiCDC found no maintainer for this changefeed: placement exists only while the changefeed runs (normal or warning)."
                .into(),
        );
    }
    if code == "CDC:ErrMaintainerNotFounded" {
        return Some(
            "The maintainer is not on the node TiCDC expected, usually because it is moving; try again in a moment."
                .into(),
        );
    }
    if message.contains("dial tcp") || message.contains("no Host in request URL") {
        return Some(
            "TiCDC finds the maintainer by calling the Host of this very request. The proxy in front of TiCDC must send TiCDC's own address as Host (nginx: proxy_set_header Host $proxy_host;), not the browser's."
                .into(),
        );
    }
    if *status == 500
        && code.is_empty()
        && message.trim().is_empty()
        && mode == DispatcherMode::Redo
    {
        return Some(
            "TiCDC answered an empty 500: it has no redo dispatchers for this changefeed (redo is off)."
                .into(),
        );
    }
    None
}

/// The placement view's state in the changefeed page's URL (`?dispatchers=redo&tables=…&sort=`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlacementQuery {
    /// Main or redo dispatchers.
    pub mode: DispatcherMode,
    /// Table search.
    pub search: String,
    /// Order within each node.
    pub sort: TableSort,
}

impl PlacementQuery {
    /// Reads the state back from query parameters.
    pub fn from_params<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Self {
        PlacementQuery {
            mode: if get("dispatchers") == Some("redo") {
                DispatcherMode::Redo
            } else {
                DispatcherMode::Main
            },
            search: get("tables").unwrap_or("").to_string(),
            sort: TableSort::parse(get("sort").unwrap_or("")),
        }
    }

    /// The query string (without `?`), defaults left out.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if self.mode == DispatcherMode::Redo {
            parts.push("dispatchers=redo".to_string());
        }
        if !self.search.is_empty() {
            parts.push(format!("tables={}", encode_component(&self.search)));
        }
        if self.sort != TableSort::default() {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        parts.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cap(id: &str, addr: &str, owner: bool) -> Capture {
        Capture {
            id: id.into(),
            is_owner: owner,
            address: addr.into(),
            cluster_id: "default".into(),
            ..Default::default()
        }
    }

    fn item(node: &str, ids: &[i64]) -> NodeTableInfo {
        NodeTableInfo {
            node_id: node.into(),
            table_ids: ids.to_vec(),
            ..Default::default()
        }
    }

    fn name(schema: &str, table: &str, id: i64) -> TableName {
        TableName {
            database_name: schema.into(),
            table_name: table.into(),
            table_id: id,
            ..Default::default()
        }
    }

    fn fixture() -> Placement {
        // Random order, a split table (108: 2 spans on b, 1 on a), the DDL span on a.
        let items = [item("b", &[108, 112, 108]), item("a", &[110, 0, 108, 999])];
        let caps = [
            cap("a", "10.0.1.11:8300", true),
            cap("b", "10.0.1.12:8300", false),
        ];
        let names = [
            name("shop", "order_items", 108),
            name("shop", "customers", 110),
            name("shop", "products", 112),
        ];
        build(&items, &caps, &names)
    }

    #[test]
    fn spans_join_names_and_split_tables_show_once_per_node() {
        let p = fixture();
        assert_eq!((p.spans, p.tables, p.split_tables), (7, 4, 1));
        let titles: Vec<String> = p.nodes.iter().map(|n| n.title()).collect();
        assert_eq!(titles, ["10.0.1.11:8300", "10.0.1.12:8300"]);
        assert!(p.nodes[0].is_coordinator);
        let b = &p.nodes[1];
        assert_eq!(b.spans, 3);
        assert_eq!(b.tables.len(), 2);
        let split = b.tables.iter().find(|t| t.table_id == 108).unwrap();
        assert_eq!(split.label.text(108), "shop.order_items");
        assert_eq!(
            (split.spans_here, split.spans_total, split.nodes),
            (2, 3, 2)
        );
        assert_eq!(split.spans_text(), "2 of 3");
        assert!(split.is_split());
        let a = &p.nodes[0];
        let ddl = a.tables.iter().find(|t| t.table_id == 0).unwrap();
        assert!(ddl.is_ddl());
        assert_eq!(ddl.label.text(0), "DDL span");
        let unknown = a.tables.iter().find(|t| t.table_id == 999).unwrap();
        assert_eq!(unknown.label, TableLabel::Unnamed);
        assert_eq!(unknown.label.text(999), "table 999");
    }

    #[test]
    fn sorted_and_searched_per_node() {
        let p = fixture();
        let v = visible(&p, "", TableSort::Name);
        let a: Vec<i64> = v[0].tables.iter().map(|t| t.table_id).collect();
        assert_eq!(a, [0, 110, 108, 999]);
        let v = visible(&p, "", TableSort::Id);
        let a: Vec<i64> = v[0].tables.iter().map(|t| t.table_id).collect();
        assert_eq!(a, [0, 108, 110, 999]);
        let v = visible(&p, "", TableSort::Spans);
        let b: Vec<i64> = v[1].tables.iter().map(|t| t.table_id).collect();
        assert_eq!(b, [108, 112]);
        let v = visible(&p, "ORDER", TableSort::Name);
        assert_eq!(v.len(), 2, "every node stays");
        assert_eq!(v[0].tables.len(), 1);
        assert_eq!(v[1].tables[0].table_id, 108);
        assert_eq!(matching_tables(&p, "order"), 1);
        assert_eq!(matching_tables(&p, ""), 4);
        assert_eq!(visible(&p, "ddl", TableSort::Name)[0].tables[0].table_id, 0);
        assert_eq!(visible(&p, "112", TableSort::Name)[1].tables.len(), 1);
        assert_eq!(TableSort::parse("spans"), TableSort::Spans);
        assert_eq!(TableSort::parse("bogus"), TableSort::Name);
    }

    #[test]
    fn unscheduled_and_unknown_nodes_are_named() {
        let p = build(&[item("", &[1]), item("zz", &[2])], &[], &[]);
        let titles: Vec<String> = p.nodes.iter().map(|n| n.title()).collect();
        assert_eq!(
            titles,
            ["zz (not in the capture list)", "Not scheduled yet"]
        );
    }

    #[test]
    fn operations_pick_the_route_by_span_count() {
        let s = Scope::Default;
        let mv = Operation::Move {
            table_id: 108,
            target: "b".into(),
        };
        let one = mv.request(&s, "cf", DispatcherMode::Main, 1);
        assert_eq!(one.path, "/api/v2/changefeeds/cf/move_table");
        assert!(one.query.contains(&("wait".into(), "true".into())));
        let many = mv.request(&s, "cf", DispatcherMode::Redo, 3);
        assert_eq!(many.path, "/api/v2/changefeeds/cf/move_split_table");
        assert!(many.query.contains(&("mode".into(), "1".into())));
        let merge = Operation::Merge { table_id: 108 };
        assert!(merge.needs_another_step(2));
        assert!(!merge.needs_another_step(1));
        assert!(!mv.needs_another_step(3));
        let p = fixture();
        assert_eq!(spans_of(&p, 108), 3);
        assert_eq!(spans_of(&p, 5), 0);
        let caps = [cap("a", "x", true), cap("b", "y", false)];
        let t: Vec<&str> = move_targets(&p, &caps, 112)
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(t, ["a"]);
        // A split table over two nodes can be gathered on either.
        assert_eq!(move_targets(&p, &caps, 108).len(), 2);
    }

    #[test]
    fn a_table_described_from_a_fresh_read() {
        let p = fixture();
        assert_eq!(
            describe_table(&p, 112),
            "shop.products: 1 span on 10.0.1.12:8300"
        );
        assert_eq!(
            describe_table(&p, 108),
            "shop.order_items: 3 spans on 10.0.1.11:8300 (1), 10.0.1.12:8300 (2)"
        );
        assert_eq!(
            describe_table(&p, 5),
            "table 5 is not in the placement any more"
        );
    }

    #[test]
    fn errors_explained() {
        let http = |status: u16, code: &str, message: &str| ApiError::Http {
            status,
            code: code.into(),
            message: message.into(),
        };
        let main = DispatcherMode::Main;
        assert!(
            explain_error(&http(404, "", "404 page not found"), main)
                .unwrap()
                .contains("no table placement routes")
        );
        assert!(
            explain_error(
                &http(500, "", "Can't not find maintainer for changefeed: x"),
                main
            )
            .unwrap()
            .contains("no maintainer")
        );
        assert!(
            explain_error(
                &http(
                    500,
                    "CDC:ErrMaintainerNotFounded",
                    "[CDC:ErrMaintainerNotFounded]maintainer is not found"
                ),
                main
            )
            .unwrap()
            .contains("moving")
        );
        let dial = "Get \"http://console:8080/api/v2/changefeeds/x?keyspace=default\": dial tcp console:8080: connect: connection refused";
        assert!(
            explain_error(&http(500, "", dial), main)
                .unwrap()
                .contains("proxy_set_header Host $proxy_host")
        );
        assert!(
            explain_error(&http(500, "", ""), DispatcherMode::Redo)
                .unwrap()
                .contains("redo is off")
        );
        assert_eq!(explain_error(&http(500, "", ""), main), None);
        assert_eq!(
            explain_error(&http(500, "CDC:ErrTableIsNotFounded", "x"), main),
            None
        );
    }

    #[test]
    fn the_query_round_trips() {
        let q = PlacementQuery {
            mode: DispatcherMode::Redo,
            search: "shop orders".into(),
            sort: TableSort::Spans,
        };
        assert_eq!(
            q.to_query(),
            "dispatchers=redo&tables=shop%20orders&sort=spans"
        );
        let back = PlacementQuery::from_params(|k| match k {
            "dispatchers" => Some("redo"),
            "tables" => Some("shop orders"),
            "sort" => Some("spans"),
            _ => None,
        });
        assert_eq!(back, q);
        assert_eq!(PlacementQuery::default().to_query(), "");
    }
}
