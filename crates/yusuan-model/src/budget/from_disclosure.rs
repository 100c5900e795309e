//! PLACEHOLDER written by the lead so the workspace compiles while the real file is being
//! written; replace it entirely.

use super::Budget;
use crate::disclosure::Disclosure;
use crate::provenance::Provenance;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversionNote {
    pub message: String,
    pub prov: Option<Provenance>,
}

impl Budget {
    pub fn from_disclosure(d: &Disclosure) -> (Budget, Vec<ConversionNote>) {
        let _ = d;
        (Budget::default(), Vec::new())
    }
}
