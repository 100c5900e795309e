//! PLACEHOLDER by the lead so the workspace loads; replace entirely.
