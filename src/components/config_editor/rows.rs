//! Editable lists of objects (event filters, dispatchers, column selectors): one card per item
//! with its fields, a remove button, and an add button.

use leptos::prelude::*;

use super::Editor;
use super::field::FieldInput;
use crate::config_form::{self, RowList};
use crate::format::capitalize;

/// The cards of `list`.
#[component]
pub fn RowListView(
    /// The editor.
    editor: Editor,
    /// Which list.
    list: RowList,
) -> impl IntoView {
    let count = Memo::new(move |_| editor.body.with(|b| config_form::row_count(b, list.path)));
    let add = move |_| {
        let item = serde_json::from_str(list.new_item).unwrap_or_default();
        editor.mark_touched(list.path);
        editor
            .body
            .update(|b| config_form::push_row(b, list.path, item));
    };
    let cards = move || {
        (0..count.get())
            .map(|i| {
                let title = format!("{} {}", capitalize(list.item), i + 1);
                let fields = list
                    .fields
                    .iter()
                    .filter(|f| editor.offers(&format!("{}.0.{}", list.path, f.key)))
                    .map(|f| view! { <FieldInput editor=editor path=format!("{}.{i}.{}", list.path, f.key) field=*f/> })
                    .collect_view();
                view! {
                    <fieldset class="cfg-row">
                        <legend>{title.clone()}</legend>
                        <button type="button" class="btn btn--ghost btn--small cfg-row__remove"
                            aria-label=format!("Remove {}", title.to_ascii_lowercase())
                            on:click=move |_| {
                                editor.mark_touched(list.path);
                                editor.body.update(|b| config_form::remove_row(b, list.path, i));
                            }>"Remove"</button>
                        <div class="cfg-grid">{fields}</div>
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <div class="cfg-rows" id=config_form::field_dom_id(list.path)>
            <h3 class="cfg-group__title">{list.title}</h3>
            {(!list.note.is_empty()).then(|| view! { <p class="muted cfg-group__note">{list.note}</p> })}
            {move || (count.get() == 0).then(|| view! { <p class="muted">"None."</p> })}
            {cards}
            <button type="button" class="btn btn--small" on:click=add>"Add "{list.item}</button>
        </div>
    }
}
