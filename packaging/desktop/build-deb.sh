#!/usr/bin/env bash
# Builds the desktop's .deb (package review-desk) and its -dbgsym package from a built
# reviewdesk-desktop binary (the UI in ui/dist is compiled into it): the binary stripped (its
# debug symbols in the -dbgsym package), the menu entry and icons, a manual page, copyright,
# changelog and the crate licences, dependencies from dpkg-shlibdeps, then `dpkg-deb --build`.
# The same shape as packaging/server/build-deb.sh, whose helpers it shares; it replaces the Tauri
# bundler's .deb, which has no copyright, changelog, manual page or computed dependencies.
#
#   packaging/desktop/build-deb.sh BINARY OUT_DIR    # prints the paths of the two .debs it wrote
#
# Release: (cd ui && npm run build) && cargo build --release --locked -p reviewdesk-desktop &&
#          packaging/desktop/build-deb.sh target/release/reviewdesk-desktop target/deb
# REVIEWDESK_MAINTAINER sets the Maintainer field (packaging/common/lib.sh). The version is
# packaging/changelog's newest, which must be tauri.conf.json's.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 BINARY OUT_DIR" >&2; exit 2; }
binary=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../common/lib.sh
source "$here/../common/lib.sh"
[ -x "$binary" ] || { echo "$0: $binary is not an executable" >&2; exit 1; }

package=review-desk
version=$(release_version)
app_version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$packaging_dir/../tauri.conf.json")
[ "$version" = "$app_version" ] || {
  echo "$0: tauri.conf.json is version $app_version; packaging/changelog's newest entry is $version" >&2
  exit 1
}
arch=$(dpkg --print-architecture)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"
dbg="$work/dbgsym"

install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/man/man1"
build_id=$(strip_binary "$binary" "$root/usr/bin/reviewdesk-desktop" "$dbg")
install -m 0644 "$here/ReviewDesk.desktop" "$root/usr/share/applications/"
for size in 32 128 256; do
  install -D -m 0644 "$packaging_dir/../assets/icons/${size}x${size}.png" \
    "$root/usr/share/icons/hicolor/${size}x${size}/apps/reviewdesk-desktop.png"
done
install -D -m 0644 "$packaging_dir/../assets/icons/icon.png" \
  "$root/usr/share/icons/hicolor/512x512/apps/reviewdesk-desktop.png"
gzip -9n <"$here/reviewdesk-desktop.1" >"$root/usr/share/man/man1/reviewdesk-desktop.1.gz"
chmod 0644 "$root/usr/share/man/man1/reviewdesk-desktop.1.gz"
install_docs "$root" "$package"
install_face_models "$root"
third_party_licences "$root" "$package" reviewdesk-desktop ui
install_overrides "$root" "$package" "$here/lintian-overrides"

shlibs=$(shlibs_depends "$package" "$root/usr/bin/reviewdesk-desktop")
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SHLIBS_DEPENDS@/$shlibs/" \
  -e "s|@MAINTAINER@|$REVIEWDESK_MAINTAINER|" "$here/control" >"$root/DEBIAN/control"

mkdir -p "$out"
deb="$out/${package}_${version}_${arch}.deb"
build_deb "$root" "$deb"
dbgsym_deb "$dbg" "$out/${package}-dbgsym_${version}_${arch}.deb" "$package" "$version" "$arch" "$build_id"
echo "$out/${package}-dbgsym_${version}_${arch}.deb"
echo "$deb"
