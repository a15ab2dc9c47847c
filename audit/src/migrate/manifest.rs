//! A package's `Cargo.toml`: the `safe-log` dependency its migrated code
//! needs, with the features it calls for, added without disturbing the
//! manifest's comments, order or formatting (`toml_edit`, as `cargo add`).

use toml_edit::{Array, DocumentMut, InlineTable, Item, Value};

/// The version a new `safe-log` dependency asks for.
const VERSION: &str = "0.1";

/// `text` with `safe-log` in `[dependencies]` and `features` enabled on it;
/// `None` when nothing changes or the manifest cannot be read as TOML.
pub(super) fn with_safe_log(text: &str, features: &[&str]) -> Option<String> {
    let mut doc: DocumentMut = text.parse().ok()?;
    let dependencies = doc
        .entry("dependencies")
        .or_insert_with(toml_edit::table)
        .as_table_like_mut()?;
    match dependencies.get_mut("safe-log") {
        None => {
            let item = if features.is_empty() {
                Item::Value(Value::from(VERSION))
            } else {
                let mut table = InlineTable::new();
                table.insert("version", Value::from(VERSION));
                table.insert("features", Value::Array(array(features)));
                Item::Value(Value::InlineTable(table))
            };
            dependencies.insert("safe-log", item);
        }
        Some(existing) => {
            if features.is_empty() {
                return None;
            }
            if let Some(version) = existing.as_str().map(str::to_owned) {
                // `safe-log = "0.1"`: a table with the same version.
                let mut table = InlineTable::new();
                table.insert("version", Value::from(version));
                table.insert("features", Value::Array(array(features)));
                *existing = Item::Value(Value::InlineTable(table));
            } else {
                let table = existing.as_table_like_mut()?;
                match table.get_mut("features").and_then(Item::as_array_mut) {
                    Some(list) => {
                        for feature in features {
                            list.push(*feature);
                        }
                    }
                    None => {
                        table.insert("features", Item::Value(Value::Array(array(features))));
                    }
                }
            }
        }
    }
    let after = doc.to_string();
    (after != text).then_some(after)
}

fn array(features: &[&str]) -> Array {
    features.iter().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::with_safe_log;

    #[test]
    fn safe_log_is_added_with_its_features_and_the_rest_is_kept() {
        let text =
            "[package]\nname = \"p\" # the name\n\n[dependencies]\n# logging\nlog = \"0.4\"\n";
        assert_eq!(
            with_safe_log(text, &["uuid", "log"]).unwrap(),
            "[package]\nname = \"p\" # the name\n\n[dependencies]\n# logging\nlog = \"0.4\"\nsafe-log = { version = \"0.1\", features = [\"uuid\", \"log\"] }\n"
        );
        assert_eq!(
            with_safe_log("[package]\nname = \"p\"\n", &[]).unwrap(),
            "[package]\nname = \"p\"\n\n[dependencies]\nsafe-log = \"0.1\"\n"
        );
        // Present: the features are added to it.
        assert_eq!(
            with_safe_log("[dependencies]\nsafe-log = \"0.1.3\"\n", &["log"]).unwrap(),
            "[dependencies]\nsafe-log = { version = \"0.1.3\", features = [\"log\"] }\n"
        );
        assert_eq!(
            with_safe_log(
                "[dependencies]\nsafe-log = { path = \"../s\", features = [\"log\"] }\n",
                &["uuid"]
            )
            .unwrap(),
            "[dependencies]\nsafe-log = { path = \"../s\", features = [\"log\", \"uuid\"] }\n"
        );
        assert_eq!(
            with_safe_log("[dependencies]\nsafe-log = \"0.1\"\n", &[]),
            None
        );
        assert_eq!(with_safe_log("not = [toml", &["log"]), None);
    }
}
