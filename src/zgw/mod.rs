//! The upstream ZGW client: typed resources, JWT auth, pagination, the URL allow-list and
//! the catalogi cache. See `client::Zgw` for the queries.

pub mod allow_list;
pub mod auth;
mod cache;
mod client;
pub mod config;
pub mod duration;
mod error;
pub mod serde_util;
pub mod types;

pub use allow_list::{Api, ApiRoots};
pub use client::{Download, Listing, RolFilter, Section, Zgw, ZgwClient};
pub use config::{OwnershipCheck, ZgwSettings};
pub use error::ZgwError;
pub use types::Vertrouwelijkheid;
