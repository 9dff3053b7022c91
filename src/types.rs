//! Compatibility shim: the C types moved to `capi::types` (they are the C surface's). Kept
//! so that modules not yet converted (`use crate::types::*`) still compile; delete it when
//! nothing outside `src/capi/` uses it.

pub use crate::capi::types::*;
