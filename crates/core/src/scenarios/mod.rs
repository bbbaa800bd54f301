//! The lessons, each written once against [`crate::Ctx`].

pub mod tasks;
