#!/usr/bin/env bash
# Builds the reviewdesk-server .deb from a built server binary: a staging tree (the binary with its
# debug info stripped, the systemd unit, /etc/reviewdesk/server.toml, the defaults file, the maintainer scripts), its
# shared-library dependencies from dpkg-shlibdeps, then `dpkg-deb --build`.
#
#   packaging/server/build-deb.sh BINARY OUT_DIR     # prints the path of the .deb it wrote
#
# Release: cargo build --release --locked -p reviewdesk-server &&
#          packaging/server/build-deb.sh target/release/reviewdesk-server target/deb
# Needs dpkg-dev (dpkg-shlibdeps) and binutils (strip); scripts/setup.sh installs both.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 BINARY OUT_DIR" >&2; exit 2; }
binary=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$binary" ] || { echo "$0: $binary is not an executable" >&2; exit 1; }

# The version is the binary's own (`reviewdesk-server 0.1.0`), so package and program agree.
version=$("$binary" --version | awk '{print $2}')
[ -n "$version" ] || { echo "$0: $binary --version printed no version" >&2; exit 1; }
arch=$(dpkg --print-architecture)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"

install -d "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/reviewdesk" \
  "$root/usr/share/doc/reviewdesk-server"
strip --strip-debug -o "$root/usr/bin/reviewdesk-server" "$binary"
chmod 0755 "$root/usr/bin/reviewdesk-server"
install -m 0644 "$here/reviewdesk-server.service" "$root/lib/systemd/system/"
install -m 0640 "$here/server.toml" "$root/etc/reviewdesk/server.toml"
# Every setting with its default and meaning: what `config defaults` prints.
"$binary" config defaults >"$root/usr/share/doc/reviewdesk-server/reviewdesk-server.toml"
chmod 0644 "$root/usr/share/doc/reviewdesk-server/reviewdesk-server.toml"
install -m 0644 "$here/README" "$root/usr/share/doc/reviewdesk-server/README"
install -m 0755 "$here/debian/postinst" "$here/debian/prerm" "$here/debian/postrm" "$root/DEBIAN/"
install -m 0644 "$here/debian/conffiles" "$root/DEBIAN/"

# The libraries the binary links (libc, Tesseract, Leptonica, ...) as Debian package names with
# minimum versions. dpkg-shlibdeps reads a source package's debian/control: give it a minimal one.
mkdir -p "$work/src/debian"
printf 'Source: reviewdesk\n\nPackage: reviewdesk-server\nArchitecture: any\n' \
  >"$work/src/debian/control"
shlibs=$(cd "$work/src" && dpkg-shlibdeps -O "$root/usr/bin/reviewdesk-server" 2>/dev/null \
  | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "$0: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

size_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$size_kb/" \
  -e "s/@SHLIBS_DEPENDS@/$shlibs/" "$here/debian/control" >"$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z \
  | xargs -0 md5sum >DEBIAN/md5sums)

mkdir -p "$out"
deb="$out/reviewdesk-server_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
echo "$deb"
