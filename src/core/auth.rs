//! The token lifecycle. See the module tests for the behaviour it guarantees.
