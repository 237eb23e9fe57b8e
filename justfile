# Recipes for common tasks; plain cargo works just as well (see README).

# List recipes.
default:
    @just --list

# Build the command in debug mode.
build:
    cargo build --workspace

# Run every test, as CI does.
test:
    cargo test --workspace --all-targets

# Formatting and lints, as CI does.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings

# Everything CI runs.
ci:
    bash .ci/run

# Validate the SARIF output with Microsoft's SARIF Multitool (needs node and npm).
sarif:
    bash .ci/validate-sarif

# Benchmarks (release build), the hostile-input timings among them.
bench:
    cargo bench -p policy-rules-core
    cargo bench -p policy-rules-lsp

# Property tests with many more cases than CI runs (see docs/fuzzing.md).
fuzz-props cases="20000":
    PROPTEST_CASES={{cases}} cargo test --release -p policy-rules-tests --test fuzz

# libFuzzer on documents and packs, ten minutes each (nightly toolchain and `cargo install cargo-fuzz`).
fuzz seconds="600":
    cd fuzz && cargo +nightly fuzz run document -- -max_total_time={{seconds}} -detect_leaks=0
    cd fuzz && cargo +nightly fuzz run pack -- -max_total_time={{seconds}} -detect_leaks=0

# Spark's findings equal a one-machine run (needs Java 17+; installs PySpark into examples/spark/.venv).
spark:
    bash examples/spark/test.sh

# Corpora at scale: 10^4 and 10^5 synthetic records, peak memory, compressed input, shards.
bench-scale:
    bash .ci/bench-scale

# The speed targets over ../shared/corpus, side by side: MB/s, pp20 vs ripgrep, one policy, RSS, threads.
bench-corpus:
    bash .ci/bench-corpus

# Check the sample policy with the built-in packs.
sample:
    cargo run -q -p policy-rules-cli -- check tests/samples/sample-policy.md

# Check the shared corpus (needs ../shared/corpus) and time it with a release build.
corpus:
    cargo build --release -p policy-rules-cli
    time ./target/release/policy-rules check ../shared/corpus --format concise > target/corpus-findings.txt || true

# Score the built-in rules against the labels of tests/eval/ (needs ../shared/corpus).
eval:
    cargo run -q --release -p policy-rules-tests --bin eval

# Regenerate docs/packs/ from the built-in packs.
pack-docs:
    cargo run -q -p policy-rules-tests --bin pack-docs

# Run every built-in rule over ../shared/corpus and write docs/packs/coverage.md.
corpus-report:
    cargo run -q --release -p policy-rules-tests --bin corpus-report
