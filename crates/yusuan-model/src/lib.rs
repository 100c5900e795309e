//! The yusuan domain model. It knows nothing of files, terminals or HTTP.
//!
//! - [`money`]: exact amounts in 分 with their display unit and precision.
//! - [`code`] and [`catalog`]: classification codes and their names by year.
//! - [`provenance`]: where every value came from.
//! - [`disclosure`]: a published document as it states things (what the checker reads).
//! - [`identity`]: the arithmetic a correct table satisfies, for the checker and the reader.
//! - [`budget`]: the canonical budget a unit keeps (what the generator renders).

pub mod budget;
pub mod catalog;
pub mod code;
pub mod date;
pub mod disclosure;
pub mod identity;
pub mod money;
pub mod provenance;
pub mod remark;
pub mod text;

pub use budget::Budget;
pub use catalog::{Catalog, Known};
pub use code::{Code, Level, Scheme};
pub use disclosure::*;
pub use money::{parse_amount, Amount, Fen, MoneyError, MoneyUnit};
pub use provenance::Provenance;
