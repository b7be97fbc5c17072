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
# Set MVN_OFFLINE=1 to resolve the class path with -o.
set -euo pipefail
cd "$(dirname "$0")/.."

# Seconds per target. 8: 16 targets plus a few seconds of JVM start each keep the CI run near 3 min.
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

failed=()
for t in "${targets[@]}"; do
  class="io.ethfollow.${t%%#*}"
  method="${t##*#}"
  inputs="src/test/resources/${class//.//}Inputs/${method}"
  corpus=".cifuzz-corpus/${class}/${method}"
  log="target/fuzz-logs/${class##*.}-${method}.log"
  mkdir -p "$inputs" "$corpus"
  extra=()
  dict="src/test/resources/${class//.//}.dict"
  if [[ -f "$dict" ]]; then
    extra+=(-dict="$dict")
  fi
  start=$SECONDS
  # -rss_limit_mb=2560: above the 2 GiB heap (a heap OOM is reported as such first), below what
  # would hurt the machine. -timeout=10: no input of these decoders should take a second.
  if JAZZER_FUZZ=1 java -Xmx2g -Djdk.net.hosts.file="$hosts" -cp "$cp" \
      com.code_intelligence.jazzer.Jazzer --target_class="$class" --target_method="$method" \
      --instrumentation_includes='io.ethfollow.**' --custom_hook_includes='io.ethfollow.**' \
      -max_total_time="$seconds" -rss_limit_mb=2560 -timeout=10 "${extra[@]}" \
      -artifact_prefix="$inputs/" "$corpus" "$inputs" >"$log" 2>&1; then
    runs="$(grep -ao 'Done [0-9]* runs' "$log" | tail -1 || true)"
    echo "fuzz ok     ${t}: ${runs:-no run count} ($((SECONDS - start)) s)"
  else
    echo "fuzz FAILED ${t}: see $log"
    grep -a -m 8 -E '== Java Exception|Caused by|Test unit written|ERROR' "$log" || true
    failed+=("$t")
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: ${#failed[@]} target(s) found a crash: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, no crash"
