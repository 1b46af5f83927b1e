//! The `wire_struct!` macro: TiCDC DTOs that keep what they do not model.
//!
//! TiCDC resets every field a PUT omits (../shared/ticdc/API.md §4.4), so a GET → edit → PUT round
//! trip must send back every key it received, exactly. serde's `#[serde(flatten)]` would keep
//! unknown keys but buffers the whole object, which loses the JSON path of a decode error; this
//! macro instead writes a small map visitor per struct that
//! - decodes each known key into its field (so a decode error names `config.sink.csv.quote`),
//! - keeps every unknown key verbatim in `extra` and re-emits it after the known ones,
//! - remembers an explicit `null` of an `Option` field in `extra`, so `null` stays `null` and an
//!   absent key stays absent (Go tells them apart on create: `null` clears a default, absent keeps it).
//!
//! Missing keys take the field's `Default` (tolerant, like Go's decoder).

use serde_json::{Map, Value};

/// How a field type behaves on the wire: whether it is left out on output, and whether a decoded
/// value came from an explicit JSON `null`.
pub trait WireField {
    /// `true` when the key is omitted on output (an unset `Option`).
    fn is_absent(&self) -> bool;
    /// `true` when the freshly decoded value was JSON `null`.
    fn was_null(&self) -> bool;
}

impl<T> WireField for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
    fn was_null(&self) -> bool {
        self.is_none()
    }
}

macro_rules! always_present {
    ($($t:ty),*) => {$(
        impl WireField for $t {
            fn is_absent(&self) -> bool { false }
            fn was_null(&self) -> bool { false }
        }
    )*};
}
always_present!(String, bool, u64, i64, u32, i32, u16, Value, Map<String, Value>);

impl<T> WireField for Vec<T> {
    fn is_absent(&self) -> bool {
        false
    }
    fn was_null(&self) -> bool {
        false
    }
}

/// Declares a DTO with TiCDC's exact JSON keys, an `extra` map for unknown keys, and the
/// Serialize/Deserialize impls described in the module docs.
///
/// Syntax: `"json-key" => pub field: Type,` per field (doc comments allowed before each).
macro_rules! wire_struct {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$fmeta:meta])*
                $key:literal => pub $field:ident : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Default)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                pub $field: $ty,
            )*
            /// Keys this console does not model (newer TiCDC versions, new architecture), and
            /// explicit `null`s of unset fields: kept verbatim and sent back on update.
            pub extra: ::serde_json::Map<String, ::serde_json::Value>,
        }

        impl $name {
            /// The JSON keys this type models, in TiCDC's output order.
            pub const KEYS: &'static [&'static str] = &[$($key),*];

            /// Whether a modelled key currently has a value that will be written.
            #[allow(unused_variables)]
            fn wire_has_field(&self, key: &str) -> bool {
                match key {
                    $( $key => !$crate::api::model::wire::WireField::is_absent(&self.$field), )*
                    _ => false,
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $(
                    if !$crate::api::model::wire::WireField::is_absent(&self.$field) {
                        map.serialize_entry($key, &self.$field)?;
                    }
                )*
                for (key, value) in &self.extra {
                    // A remembered `null` yields to a value the caller has since set.
                    if !self.wire_has_field(key) {
                        map.serialize_entry(key, value)?;
                    }
                }
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct WireVisitor;
                impl<'de> ::serde::de::Visitor<'de> for WireVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter) -> ::std::fmt::Result {
                        f.write_str(concat!("a JSON object (", stringify!($name), ")"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut access: A) -> Result<$name, A::Error> {
                        #[allow(unused_mut)]
                        let mut out = $name::default();
                        while let Some(key) = access.next_key::<String>()? {
                            match key.as_str() {
                                $(
                                    $key => {
                                        let value: $ty = access.next_value()?;
                                        if $crate::api::model::wire::WireField::was_null(&value) {
                                            out.extra.insert(key.clone(), ::serde_json::Value::Null);
                                        } else {
                                            out.extra.shift_remove(key.as_str());
                                        }
                                        out.$field = value;
                                    }
                                )*
                                _ => {
                                    let value: ::serde_json::Value = access.next_value()?;
                                    out.extra.insert(key, value);
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                deserializer.deserialize_map(WireVisitor)
            }
        }
    };
}

/// An `Option` whose key is always written, as `null` when `None`: for fields TiCDC always
/// emits (the list item's `error`, a processor's `table_ids`). Derefs to the `Option`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Nullable<T>(pub Option<T>);

impl<T> WireField for Nullable<T> {
    fn is_absent(&self) -> bool {
        false
    }
    fn was_null(&self) -> bool {
        false
    }
}

impl<T> std::ops::Deref for Nullable<T> {
    type Target = Option<T>;
    fn deref(&self) -> &Option<T> {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Nullable<T> {
    fn deref_mut(&mut self) -> &mut Option<T> {
        &mut self.0
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    fn from(v: Option<T>) -> Self {
        Nullable(v)
    }
}

impl<T: serde::Serialize> serde::Serialize for Nullable<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Nullable<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(d).map(Nullable)
    }
}
