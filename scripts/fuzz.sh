#!/usr/bin/env bash
# Fuzzes every Jazzer target (docs/fuzzing.md) for a while, one after another: Jazzer fuzzes one
# @FuzzTest per JVM, started here directly (its libFuzzer-style main class) so that a target costs a
# JVM start, not a Maven start. Needs the test classes compiled (after `mvn verify` or `mvn
# test-compile`). Exits non-zero when any target finds a crash; the crashing input is written into
# the target's inputs directory under src/test/resources, where regression mode (`mvn test`) replays
# it from then on (docs/fuzzing.md says how to keep it).
#
#   scripts/fuzz.sh                                       # every target, FUZZ_SECONDS each
#   FUZZ_SECONDS=600 scripts/fuzz.sh FrameDecoderFuzzTest # the targets whose name contains this
#   FUZZ_JOBS=2 scripts/fuzz.sh                           # two targets at a time (CI)
# Set MVN_OFFLINE=1 to resolve the class path with -o.
set -euo pipefail
cd "$(dirname "$0")/.."

# Seconds per target. 8: each target also costs ~13 s of CPU to start Jazzer (measured), so the 17
# targets, two at a time, take about 17 * (8 + 13) / 2 s = 3 minutes on two idle cores.
seconds="${FUZZ_SECONDS:-8}"

targets=(
  rlp.RlpReaderFuzzTest#acceptedItemsReencodeToTheSameBytesAndRejectionsAreRlpExceptions
  rlp.RlpReaderFuzzTest#cursorCallsFailOnlyWithRlpException
  chain.ChainDecodersFuzzTest#decodedChainDataReencodesToItsInputAndRejectionsAreRlpExceptions
  wire.p2p.P2pCodecFuzzTest#decodedMessagesRoundTripAndRejectionsAreMessageDecodeExceptions
  wire.eth.EthCodecFuzzTest#decodedMessagesReencodeStablyAndRejectionsAreMessageDecodeExceptions
  discovery.PacketCodecFuzzTest#rawDatagramsAreRejectedWithoutThrowing
  discovery.PacketCodecFuzzTest#signedPacketsDecodeWithoutThrowingAndReencodeStably
  discovery.EnrFuzzTest#rawRecordsDecodeOrFailWithInvalidEnrException
  discovery.EnrFuzzTest#textRecordsParseOrFailWithInvalidEnrException
  discovery.EnrFuzzTest#signedRecordsDecodeOrFailWithInvalidEnrException
  rlpx.FrameDecoderFuzzTest#encoderFramesOpenToTheSameMessagesUntilTheFirstBrokenFrame
  rlpx.FrameDecoderFuzzTest#forgedFramesWithValidMacsOpenOrFailAsMalformedOrTooLarge
  rlpx.FrameDecoderFuzzTest#rawBytesOpenOrFailOnlyWithFrameException
  rlpx.SnappyCodecFuzzTest#decompressionStaysUnderTheCapAndFailsOnlyWithFrameException
  rlpx.SnappyCodecFuzzTest#compressedPayloadsDecompressToThemselves
  app.ConfigFileFuzzTest#anyFileLoadsOrFailsWithAOneLineCliException
  rpc.RpcRequestFuzzTest#everyBodyGetsAWellFormedJsonRpcAnswer
)
if [[ $# -gt 0 ]]; then
  selected=()
  for t in "${targets[@]}"; do
    for want in "$@"; do
      if [[ "$t" == *"$want"* ]]; then
        selected+=("$t")
        break
      fi
    done
  done
  targets=("${selected[@]}")
fi

mvn_flags=(-B -q -ntp)
if [[ "${MVN_OFFLINE:-0}" == "1" ]]; then
  mvn_flags+=(-o)
fi
if [[ ! -d target/test-classes ]]; then
  mvn "${mvn_flags[@]}" test-compile
fi
mkdir -p target/fuzz-logs
if ! mvn "${mvn_flags[@]}" dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/fuzz-logs/classpath >target/fuzz-logs/classpath.log 2>&1; then
  cat target/fuzz-logs/classpath.log >&2
  exit 1
fi
cp="target/test-classes:target/classes:$(cat target/fuzz-logs/classpath)"

# Fuzzed config files name hosts: a hosts file that knows only localhost keeps every lookup off the
# machine's DNS (the JDK then asks nothing else).
hosts="$(mktemp)"
trap 'rm -f "$hosts"' EXIT
printf '127.0.0.1 localhost\n::1 localhost\n' >"$hosts"

# Fuzzes one target; prints one line and leaves "ok" or "failed" in its .result file.
fuzz_one() {
  local t="$1"
  local class="io.ethfollow.${t%%#*}"
  local method="${t##*#}"
  local inputs="src/test/resources/${class//.//}Inputs/${method}"
  local corpus=".cifuzz-corpus/${class}/${method}"
  local log="target/fuzz-logs/${class##*.}-${method}.log"
  mkdir -p "$inputs" "$corpus"
  local extra=()
  local dict="src/test/resources/${class//.//}.dict"
  if [[ -f "$dict" ]]; then
    extra+=(-dict="$dict")
  fi
  local start=$SECONDS
  # -rss_limit_mb=2560: above the 2 GiB heap (a heap OOM is reported as such first), below what
  # would hurt the machine. -timeout=10: no input of these decoders should take a second.
  if JAZZER_FUZZ=1 java -Xmx2g -Djdk.net.hosts.file="$hosts" -cp "$cp" \
      com.code_intelligence.jazzer.Jazzer --target_class="$class" --target_method="$method" \
      --instrumentation_includes='io.ethfollow.**' --custom_hook_includes='io.ethfollow.**' \
      -max_total_time="$seconds" -rss_limit_mb=2560 -timeout=10 "${extra[@]}" \
      -artifact_prefix="$inputs/" "$corpus" "$inputs" >"$log" 2>&1; then
    local runs
    runs="$(grep -ao 'Done [0-9]* runs' "$log" | tail -1 || true)"
    echo "fuzz ok     ${t}: ${runs:-no run count} ($((SECONDS - start)) s)"
    echo ok >"$log.result"
  else
    echo "fuzz FAILED ${t}: see $log"
    grep -a -m 8 -E '== Java Exception|Caused by|Test unit written|ERROR' "$log" || true
    echo failed >"$log.result"
  fi
}

# Targets at a time (FUZZ_JOBS). Jazzer fuzzes on one thread, so on an otherwise idle machine (CI)
# two JVMs use both cores; on a shared machine keep the default of one.
jobs_max="${FUZZ_JOBS:-1}"
rm -f target/fuzz-logs/*.result
for t in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs_max)); do
    wait -n || true
  done
  fuzz_one "$t" &
done
wait

failed=()
for t in "${targets[@]}"; do
  class="io.ethfollow.${t%%#*}"
  if [[ "$(cat "target/fuzz-logs/${class##*.}-${t##*#}.log.result" 2>/dev/null)" != ok ]]; then
    failed+=("$t")
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: ${#failed[@]} target(s) found a crash: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, ${jobs_max} at a time, no crash"
