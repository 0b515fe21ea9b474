#!/usr/bin/env bash
# Builds the reviewdesk-server .deb and its -dbgsym package from a built server binary: a staging
# tree (the binary stripped, its debug symbols in the -dbgsym package, the systemd unit,
# /etc/reviewdesk/server.toml, the defaults file, manual pages generated from the command line,
# copyright, changelog, lintian overrides if any, the maintainer scripts), its shared-library
# dependencies from dpkg-shlibdeps, then `dpkg-deb --build`.
#
#   packaging/server/build-deb.sh BINARY OUT_DIR     # prints the paths of the two .debs it wrote
#
# Release: cargo build --release --locked -p reviewdesk-server &&
#          packaging/server/build-deb.sh target/release/reviewdesk-server target/deb
# REVIEWDESK_MAINTAINER sets the Maintainer field (packaging/common/lib.sh). The version is
# packaging/changelog's newest, which must be the binary's own (`reviewdesk-server 0.1.0`).
# Needs dpkg-dev, binutils, gzip and cargo (the crate licences); scripts/setup.sh installs them.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 BINARY OUT_DIR" >&2; exit 2; }
binary=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../common/lib.sh
source "$here/../common/lib.sh"
[ -x "$binary" ] || { echo "$0: $binary is not an executable" >&2; exit 1; }

package=reviewdesk-server
version=$(release_version)
binary_version=$("$binary" --version | awk '{print $2}')
[ "$version" = "$binary_version" ] || {
  echo "$0: $binary is version $binary_version; packaging/changelog's newest entry is $version" >&2
  exit 1
}
arch=$(dpkg --print-architecture)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"
dbg="$work/dbgsym"

install -d "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/reviewdesk" \
  "$root/usr/share/doc/$package" "$root/usr/share/man/man1"
build_id=$(strip_binary "$binary" "$root/usr/bin/reviewdesk-server" "$dbg")
install -m 0644 "$here/reviewdesk-server.service" "$root/lib/systemd/system/"
# 0644 in the archive; the postinst registers 0640 root:reviewdesk with dpkg-statoverride (the
# settings may hold a database password), which dpkg then applies on every upgrade too.
install -m 0644 "$here/server.toml" "$root/etc/reviewdesk/server.toml"
# Every setting with its default and meaning: what `config defaults` prints.
"$binary" config defaults >"$root/usr/share/doc/$package/reviewdesk-server.toml"
chmod 0644 "$root/usr/share/doc/$package/reviewdesk-server.toml"
install -m 0644 "$here/README" "$root/usr/share/doc/$package/README"
install_docs "$root" "$package"
install_face_models "$root"
third_party_licences "$root" "$package" reviewdesk-server
install_overrides "$root" "$package" "$here/lintian-overrides"
# The manual pages: generated from the clap definition by the binary itself, one per command.
"$binary" man "$work/man" >/dev/null
for page in "$work/man"/*.1; do
  gzip -9n <"$page" >"$root/usr/share/man/man1/$(basename "$page").gz"
done
chmod 0644 "$root/usr/share/man/man1"/*
install -m 0755 "$here/debian/postinst" "$here/debian/prerm" "$here/debian/postrm" "$root/DEBIAN/"
install -m 0644 "$here/debian/conffiles" "$root/DEBIAN/"

shlibs=$(shlibs_depends "$package" "$root/usr/bin/reviewdesk-server")
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SHLIBS_DEPENDS@/$shlibs/" \
  -e "s|@MAINTAINER@|$REVIEWDESK_MAINTAINER|" "$here/debian/control" >"$root/DEBIAN/control"

mkdir -p "$out"
deb="$out/${package}_${version}_${arch}.deb"
build_deb "$root" "$deb"
dbgsym_deb "$dbg" "$out/${package}-dbgsym_${version}_${arch}.deb" "$package" "$version" "$arch" "$build_id"
echo "$out/${package}-dbgsym_${version}_${arch}.deb"
echo "$deb"
