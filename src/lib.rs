#![forbid(unsafe_code)]
// Leptos' `view!` expands the larger pages into deeply nested types; the default limit
// (128) is too low for them.
#![recursion_limit = "256"]
//! MijnZaken: the track & trace portal Dutch gemeenten give their residents, businesses
//! and contact-centre staff. See ARCHITECTURE.md for the map of the modules.

pub mod app;
pub mod audit;
pub mod auth;
pub mod config;
pub mod content;
#[cfg(feature = "demo")]
pub mod demo;
pub mod domain;
pub mod env;
pub mod notificaties;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod web;
pub mod zaken;
pub mod zgw;
