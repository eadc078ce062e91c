//! The JSON Schema of the framework format, generated from the raw serde types, so editors can
//! complete and check framework files offline (`# yaml-language-server: $schema=…`).

use super::raw::RawFramework;

/// File name the schema is written to beside a framework (`framework new`).
pub const SCHEMA_FILE: &str = "itsm-ai-framework.schema.json";

/// The modeline that points YAML editors at the schema beside the file.
pub const MODELINE: &str = "# yaml-language-server: $schema=./itsm-ai-framework.schema.json";

/// The schema as pretty JSON with a final newline.
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(RawFramework);
    schema.insert(
        "title".into(),
        serde_json::Value::String("itsm-ai framework".into()),
    );
    schema.insert(
        "description".into(),
        serde_json::Value::String(
            "A framework file of itsm-ai: the scoring model (factors, formula, tiers, tie-breaks) and the maturity model. See docs/framework.md.".into(),
        ),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::builtin::BUILTINS;

    #[test]
    fn every_built_in_framework_matches_the_schema() {
        let schema: serde_json::Value = serde_json::from_str(&json_schema()).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        for (id, file, text) in BUILTINS {
            let value: serde_json::Value = serde_saphyr::from_str(text).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| format!("{}: {e}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{id} ({file}): {errors:#?}");
        }
    }

    #[test]
    fn the_schema_rejects_unknown_keys_and_wrong_kinds() {
        let schema: serde_json::Value = serde_json::from_str(&json_schema()).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let bad: serde_json::Value = serde_json::json!({
            "id": "x", "version": 1, "name": "X", "wieght": 1,
            "scoring": {"name": "S", "formula": "a", "tiers": [{"name": "all"}],
                        "factors": [{"id": "a", "name": "A", "kind": "bonus", "scale": {"min": 0}}]}
        });
        let errors: Vec<String> = validator.iter_errors(&bad).map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        assert!(errors.iter().any(|e| e.contains("wieght")), "{errors:#?}");
        assert!(errors.iter().any(|e| e.contains("bonus")), "{errors:#?}");
    }

    #[test]
    fn the_committed_schema_is_current() {
        let committed = include_str!("../../frameworks/itsm-ai-framework.schema.json");
        assert!(
            committed == json_schema(),
            "frameworks/itsm-ai-framework.schema.json is stale: run `itsm-ai framework schema -o frameworks/itsm-ai-framework.schema.json`"
        );
    }
}
