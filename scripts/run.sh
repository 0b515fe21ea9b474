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
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$app"
fi
echo "No display: running ReviewDesk on a virtual display (Xvfb). Stop it with Ctrl+C."
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  "$0" & app=$!
  trap "kill $app 2>/dev/null" EXIT INT TERM
  sleep 4 && import -window root target/reviewdesk-screenshot.png && echo "screenshot: target/reviewdesk-screenshot.png"
  wait $app' "$app"
