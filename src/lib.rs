//! eksplain explains Kubernetes access — kubeconfigs, certificates, exec credentials,
//! EKS tokens and IRSA trust policies — entirely offline.
//!
//! `core` is pure (text in, report out); `ui` renders reports with Yew; `cli` is the
//! native command-line front end over the same core.
#![forbid(unsafe_code)]

pub mod cli;
pub mod core;
pub mod samples;
pub mod ui;
