#!/usr/bin/env bash
# The extended checks: a fresh clone with ../shared beside it. In order, each
# step failing the script:
#   1. the README's test command (Release, warnings as errors);
#   2. the whole test suite built and run with AddressSanitizer + UBSan;
#   3. the parallel stages' tests under ThreadSanitizer;
#   4. each libFuzzer target for a bounded time (REFRAIN_FUZZ_SECONDS, 60).
# docs/reliability.md says what each covers. Not yet run by .ci/run: on two
# cores the instrumented builds alone take longer than the time measured so far
# allows to plan for; see docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI="${CI:-true}"
jobs="$(nproc)"
fuzz_seconds="${REFRAIN_FUZZ_SECONDS:-60}"
began=$SECONDS
step() { printf '\n==== %s (at %d s)\n' "$*" "$((SECONDS - began))"; }

step "make test"
make test CMAKE_FLAGS="-DREFRAIN_WERROR=ON"

step "packages for the sanitizer and fuzz builds"
bash scripts/install-deps.sh --ci

# Sanitizer reports must fail the run: UBSan is built without recovery, ASan
# and TSan halt on the first report and exit non-zero.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

step "AddressSanitizer + UndefinedBehaviorSanitizer: every test"
cmake -S . -B build-san -DCMAKE_BUILD_TYPE=Release -DREFRAIN_WERROR=ON -DREFRAIN_BUILD_BENCH=OFF \
  -DREFRAIN_SANITIZE=address,undefined
cmake --build build-san -j "$jobs"
(cd build-san && ctest --output-on-failure -j "$jobs")

step "ThreadSanitizer: the parallel stages"
# The TBB in Debian is not instrumented; tests/sanitizers/tsan.supp says what is
# suppressed and why. The tests are the ones that run stages in parallel, in
# process and through the refrain binary.
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Release -DREFRAIN_WERROR=ON -DREFRAIN_BUILD_BENCH=OFF \
  -DREFRAIN_SANITIZE=thread
cmake --build build-tsan -j "$jobs" --target refrain refrain_tests
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/sanitizers/tsan.supp" \
  build-tsan/bin/refrain_tests "[property],[determinism],[lsh],[minhash],[scan]"

step "libFuzzer: each target for ${fuzz_seconds} s"
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release -DREFRAIN_BUILD_BENCH=OFF \
  -DREFRAIN_FUZZ=ON -DREFRAIN_SANITIZE=address,undefined
cmake --build build-fuzz -j "$jobs" --target refrain_fuzz_targets
# Each target grows a scratch corpus in build-fuzz/, seeded from
# tests/fuzz/corpus/<target> (which stays as written); a crash or a broken
# invariant leaves its input in build-fuzz/artifacts/. Targets run $jobs at a time.
mkdir -p build-fuzz/artifacts build-fuzz/logs
fuzz_one() {
  local target="$1"
  mkdir -p "build-fuzz/corpus/$target"
  "build-fuzz/bin/fuzz_$target" "build-fuzz/corpus/$target" "tests/fuzz/corpus/$target" \
    -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="build-fuzz/artifacts/$target-" >"build-fuzz/logs/$target.log" 2>&1
}
failed=()
targets=(ingest html segment normalize manifest)
for ((i = 0; i < ${#targets[@]}; i += jobs)); do
  pids=()
  for target in "${targets[@]:i:jobs}"; do
    fuzz_one "$target" &
    pids+=("$!:$target")
  done
  for entry in "${pids[@]}"; do
    wait "${entry%%:*}" || failed+=("${entry#*:}")
  done
done
for target in "${targets[@]}"; do
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "build-fuzz/logs/$target.log")"
  echo "fuzz_$target: ${runs:-?} executions in ${fuzz_seconds} s"
done
if [ ${#failed[@]} -gt 0 ]; then
  for target in "${failed[@]}"; do
    echo "fuzz_$target FAILED; the end of its log:" >&2
    tail -n 60 "build-fuzz/logs/$target.log" >&2
  done
  exit 1
fi

step "all green"
