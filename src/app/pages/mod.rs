//! One module per page.

mod contact;
mod errors;
mod home;
pub mod kcc;
mod logins;
mod privacy;
mod toegankelijkheid;
pub mod zaken;

pub use contact::Contact;
pub use errors::{
    error_content, error_title, login_failure_text, NotFound, NotFoundContent, UnexpectedContent,
};
pub use home::Home;
pub use privacy::Privacy;
pub use toegankelijkheid::Toegankelijkheid;
