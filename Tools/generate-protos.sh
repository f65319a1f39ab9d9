#!/usr/bin/env bash
# Regenerates the Swift for Protocol/**/*.proto into Modules/Proto/Generated (committed; CI never runs this).
# Needs protoc (Debian: protobuf-compiler); builds swift-protobuf's protoc-gen-swift from the package's dependency.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v protoc >/dev/null || { echo "protoc is missing: apt-get install protobuf-compiler" >&2; exit 1; }
swift build --product protoc-gen-swift
plugin="$(swift build --show-bin-path)/protoc-gen-swift"
# Generate into a scratch folder first, so a schema error leaves the committed Swift in place.
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
find Protocol -name '*.proto' -print0 | xargs -0 protoc \
    --plugin=protoc-gen-swift="$plugin" \
    --swift_out="$out" \
    --swift_opt=Visibility=Public \
    --swift_opt=FileNaming=PathToUnderscores \
    --swift_opt=UseAccessLevelOnImports=true \
    -I Protocol
rm -f Modules/Proto/Generated/*.pb.swift
cp "$out"/*.pb.swift Modules/Proto/Generated/
ls Modules/Proto/Generated
