//! The portal (`yusuan serve`): for citizens, researchers and reviewers, every disclosure with
//! its narrative and tables, its figures as charts with drill-down (功能分类 类 → 款 → 项),
//! two years of a unit side by side with the stated reasons, rankings across units, downloads
//! of every table (CSV, JSON) and of the whole disclosure (XLSX, JSON, HTML, the original file),
//! and a JSON API of everything the pages show (`/api/openapi.json`).
//!
//! Pages are rendered on the server from templates with HTML auto-escaping (minijinja); the
//! charts use ECharts, bundled into the binary (the portal works offline, no CDN).

pub mod app;
pub mod auth;
pub mod figures;
pub mod library;
pub mod signed;
pub mod upload;
pub mod workspace;

pub use app::{router, routes, serve, serve_blocking, serve_portal, serve_portal_blocking, Portal};
pub use figures::Figures;
pub use library::{Entry, Library};
pub use workspace::{Reloaded, Workspace};
