#!/usr/bin/env bash
# Builds and opens the ReviewDesk desktop app. Installs what is missing first.
# Without a display (a server or CI machine) the window opens on a virtual display and a screenshot
# of it is written to target/reviewdesk-screenshot.png.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
(cd ui && npm run --silent build)
cargo build --locked --bin reviewdesk-desktop
app=target/debug/reviewdesk-desktop
# Local mode with the demo queue, signed in as the demo reviewer (password reviewdesk-demo).
export REVIEWDESK_DEMO=1
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$app"
fi
echo "No display: running ReviewDesk on a virtual display (Xvfb). Stop it with Ctrl+C."
# A headless machine has no keyring of its own: this run gets a throwaway one (and throwaway app
# data), unlocked inside its own session bus.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- xvfb-run -a -s "-screen 0 1366x768x24" bash -c '
  printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  "$0" & app=$!
  trap "kill $app 2>/dev/null" EXIT INT TERM
  sleep 15 && import -window root target/reviewdesk-screenshot.png && echo "screenshot: target/reviewdesk-screenshot.png"
  wait $app' "$app"
