//! The ZGW client's one error type. The web layer maps it to a Dutch message once.

/// What went wrong talking to a ZGW API. `Clone`, because one failed request may be shared
/// by several waiters (see `cache`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZgwError {
    /// 401: our credentials were refused (wrong client id or secret, or an old `iat`).
    #[error("the ZGW API refused our credentials (401): {detail}")]
    Unauthorized {
        /// The problem-JSON detail, for the log.
        detail: String,
    },
    /// 403: our client id lacks the authorisation for this resource.
    #[error("the ZGW API denied access (403): {detail}")]
    Forbidden {
        /// The problem-JSON detail, for the log.
        detail: String,
    },
    /// 404.
    #[error("not found in the ZGW API")]
    NotFound,
    /// Any other non-success status.
    #[error("the ZGW API answered {status}: {detail}")]
    Upstream {
        /// The HTTP status.
        status: u16,
        /// The problem-JSON detail or title, for the log.
        detail: String,
    },
    /// No answer within the configured timeout.
    #[error("the ZGW API did not answer in time")]
    Timeout,
    /// No connection could be made.
    #[error("the ZGW API cannot be reached: {0}")]
    Unreachable(String),
    /// The answer was not the JSON we expect.
    #[error("the ZGW API sent a response we cannot read: {0}")]
    Decode(String),
    /// A URL outside the configured API roots; it was not requested.
    #[error("refused to follow a URL outside the configured API roots: {0}")]
    ForeignUrl(String),
    /// Pagination went on past the configured number of pages.
    #[error("the list has more than {0} pages")]
    TooManyPages(usize),
}
