#!/usr/bin/env bash
# Times the rebuild after one edit in crates/server/src/http/ for the desktop and the server
# library, in a worktree at BEFORE (default: the commit before the store left the server) and in
# this tree, alternating, warm, four rounds; prints a table of medians and the desktop binary's
# size. Usage: bash scripts/bench-rebuild.sh [BEFORE]   (BENCHMARKS.md records a run).
set -euo pipefail
cd "$(dirname "$0")/.."
before_rev=${1:-fc56a5f}
after=$PWD
before=$PWD/target/bench-rebuild-before
[ -d "$before" ] || git worktree add -q --detach "$before" "$before_rev"
[ -d "$before/ui/dist" ] || (cd "$before/ui" && npm ci --silent && npm run --silent build)
edit() { printf '\n/// Edited for the rebuild measurement.\npub const EDIT_%s: u32 = 0;\n' "$2" >>"$1/crates/server/src/http/health.rs"; }
timed() { local s e; s=$(date +%s.%N); (cd "$1" && shift && cargo build -q "$@"); e=$(date +%s.%N); echo "$e - $s" | bc; }
declare -A runs
for side in "$before" "$after"; do (cd "$side" && cargo build -q -p reviewdesk-desktop && cargo build -q -p reviewdesk-server --lib); done
for round in 1 2 3 4; do
  for side in before after; do
    dir=$before; [ "$side" = after ] && dir=$after
    edit "$dir" "D$round"; runs[$side-desktop]+="$(timed "$dir" -p reviewdesk-desktop) "
    edit "$dir" "S$round"; runs[$side-server]+="$(timed "$dir" -p reviewdesk-server --lib) "
  done
done
git -C "$before" checkout -q crates/server/src/http/health.rs
git -C "$after" checkout -q crates/server/src/http/health.rs
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (a[int((NR+1)/2)]+a[int(NR/2)+1])/2}'; }
printf '%-32s %10s %10s\n' "rebuild after one edit" before after
for what in desktop server; do
  printf '%-32s %10.2f %10.2f\n' "$what" "$(echo "${runs[before-$what]}" | median)" "$(echo "${runs[after-$what]}" | median)"
done
printf '%-32s %10s %10s\n' "desktop binary (bytes)" "$(stat -c %s "$before/target/debug/reviewdesk-desktop")" \
  "$(stat -c %s "$after/target/debug/reviewdesk-desktop")"
