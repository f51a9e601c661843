pub mod nearby;
