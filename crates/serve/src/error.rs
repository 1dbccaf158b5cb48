//! The crate's error type and the one HTTP error type handlers return.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// Errors of starting the server or writing the report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] echotrace_store::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: std::net::SocketAddr, source: std::io::Error },
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
    #[error("cannot write the report: {0}")]
    Write(#[from] std::io::Error),
    #[error("--allow-ingest needs a token of at least {min} characters")]
    WeakToken { min: usize },
}

pub type Result<T> = std::result::Result<T, Error>;

/// What a handler answers when it cannot answer normally. Internal errors are logged with
/// their detail and shown to the client only as "internal error": the detail may name paths.
#[derive(Debug)]
pub enum AppError {
    NotFound(String),
    BadRequest(String),
    Unauthorized,
    Forbidden(String),
    PayloadTooLarge(usize),
    Timeout,
    Internal(String),
}

impl AppError {
    pub fn internal(error: impl std::fmt::Display) -> AppError {
        AppError::Internal(error.to_string())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message the client sees.
    pub fn public_message(&self) -> String {
        match self {
            AppError::NotFound(what) => format!("not found: {what}"),
            AppError::BadRequest(why) => format!("bad request: {why}"),
            AppError::Unauthorized => "a valid bearer token is required".into(),
            AppError::Forbidden(why) => why.clone(),
            AppError::PayloadTooLarge(limit) => format!("the body is larger than {limit} bytes"),
            AppError::Timeout => "the analysis took too long".into(),
            AppError::Internal(_) => "internal error".into(),
        }
    }
}

impl From<echotrace_store::Error> for AppError {
    fn from(error: echotrace_store::Error) -> AppError {
        AppError::Internal(error.to_string())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            tracing::error!(%detail, "request failed");
        }
        let body = serde_json::json!({ "error": self.public_message() });
        let mut response = (self.status(), axum::Json(body)).into_response();
        if matches!(self, AppError::Unauthorized) {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}
