//! The HTTP layer around the pages: middleware, static assets, probes and error mapping.

pub mod assets;
pub mod error;
pub mod extract;
pub mod health;
pub mod kcc;
pub mod limits;
pub mod login;
pub mod middleware;
pub mod notificaties;
pub mod zaken;
