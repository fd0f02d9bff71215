//! Rendering: the HTML report, its charts and method text, and the trip's files. The generic table
//! writers are in [`crate::base`]; files are written only through `base`, `company` and here.

pub mod charts;
pub mod html;
pub mod leads;
pub mod method;
pub mod projects;
pub mod report;
pub mod trip;
