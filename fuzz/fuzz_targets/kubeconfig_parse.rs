//! The kubeconfig parse, differentially: whatever the YAML fast path accepts
//! must be exactly what serde_yaml reads from the same text.
#![no_main]
use eksplain::core::{kubeconfig, kubeconfig::model::Config, yamlfast};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

fuzz_target!(|data: &[u8]| {
    let text = eksplain_fuzz::text(data);
    let _ = kubeconfig::parse(&text);
    let slow_value = || {
        serde_yaml::Deserializer::from_str(&text)
            .next()
            .and_then(|d| serde_yaml::Value::deserialize(d).ok())
    };
    if let Some(fast) = yamlfast::from_str::<serde_yaml::Value>(&text) {
        assert_eq!(Some(fast), slow_value(), "Value differs from serde_yaml");
    }
    if let Some(fast) = yamlfast::from_str::<Config>(&text) {
        let slow = serde_yaml::Deserializer::from_str(&text)
            .next()
            .and_then(|d| Config::deserialize(d).ok());
        assert_eq!(
            Some(format!("{fast:?}")),
            slow.map(|s| format!("{s:?}")),
            "Config differs"
        );
    }
});
