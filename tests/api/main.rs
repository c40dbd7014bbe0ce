//! Integration tests: the real application on a free port, driven over HTTP.

mod audit;
mod demo_oidc;
mod fuzz;
mod helpers;
mod kcc;
mod login;
mod notificaties;
mod oidc_provider;
mod overzicht;
mod pages;
mod platform;
mod sessions;
mod zaken;
mod zgw_client;
mod zgw_demo;
