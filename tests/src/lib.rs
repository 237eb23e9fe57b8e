//! End-to-end tests of policy-rules live in `tests/`; this library is empty.
