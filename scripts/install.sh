#!/usr/bin/env bash
# Installs ethfollow for systemd (see docs/operations.md):
#   target/ethfollow.jar  -> /usr/lib/ethfollow/lib/ethfollow.jar
#   bin/ethfollow         -> /usr/lib/ethfollow/bin/ethfollow (finds the jar via ../lib)
#   docs/operations.md    -> /usr/lib/ethfollow/docs/operations.md
#   scripts/ethfollow.service -> /etc/systemd/system/ethfollow.service
#   config/*              -> /etc/ethfollow/ (existing files are kept: operators edit them)
# Usage: sudo scripts/install.sh [--dry-run]
#   --dry-run  print what would be done and change nothing (no root needed)
#   DESTDIR=/staging scripts/install.sh  installs under a staging root (packaging, tests; no root needed)
# Exit codes: 0 done, 1 a step failed, 2 bad usage / not root / jar not built.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dry_run=0
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=1 ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown argument: $arg (use --dry-run or --help)" >&2; exit 2 ;;
  esac
done

destdir="${DESTDIR:-}"
lib="$destdir/usr/lib/ethfollow"
unit_dir="$destdir/etc/systemd/system"
etc="$destdir/etc/ethfollow"
# ETHFOLLOW_BUILD_JAR: install another build of the jar (tests use a stand-in).
jar="${ETHFOLLOW_BUILD_JAR:-$repo/target/ethfollow.jar}"

if [ "$dry_run" -eq 0 ] && [ -z "$destdir" ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: must run as root (try: sudo $0, or $0 --dry-run to see the steps)" >&2
  exit 2
fi
if [ ! -f "$jar" ]; then
  if [ "$dry_run" -eq 1 ]; then
    echo "# note: $jar is not built yet (mvn -B -DskipTests package)"
  else
    echo "install.sh: $jar not found; build it first with: mvn -B -DskipTests package" >&2
    exit 2
  fi
fi

run() {
  if [ "$dry_run" -eq 1 ]; then
    echo "would run: $*"
  else
    echo "+ $*"
    "$@"
  fi
}

run install -d -m 0755 "$lib/bin" "$lib/lib" "$lib/docs" "$unit_dir" "$etc"
run install -m 0644 "$jar" "$lib/lib/ethfollow.jar"
run install -m 0755 "$repo/bin/ethfollow" "$lib/bin/ethfollow"
run install -m 0644 "$repo/docs/operations.md" "$lib/docs/operations.md"
run install -m 0644 "$repo/scripts/ethfollow.service" "$unit_dir/ethfollow.service"
for f in "$repo"/config/*; do
  target="$etc/$(basename "$f")"
  if [ -e "$target" ]; then
    echo "keeping existing $target (the new version is $f)"
  else
    run install -m 0644 "$f" "$target"
  fi
done

cat <<NEXT

Next steps:
  sudo systemctl daemon-reload
  sudo systemctl enable --now ethfollow
  journalctl -u ethfollow -f
  curl -s http://127.0.0.1:8547/status
Network or peers other than mainnet defaults: sudo systemctl edit ethfollow (see docs/operations.md).
NEXT
