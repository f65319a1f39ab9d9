#!/usr/bin/env bash
# Regenerates the Swift for Protocol/**/*.proto into Modules/Proto/Generated (committed; CI never runs this).
# Needs protoc (Debian: protobuf-compiler); builds swift-protobuf's protoc-gen-swift from the package's dependency.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v protoc >/dev/null || { echo "protoc is missing: apt-get install protobuf-compiler" >&2; exit 1; }
swift build --product protoc-gen-swift
plugin="$(swift build --show-bin-path)/protoc-gen-swift"
rm -f Modules/Proto/Generated/*.pb.swift
find Protocol -name '*.proto' -print0 | xargs -0 protoc \
    --plugin=protoc-gen-swift="$plugin" \
    --swift_out=Modules/Proto/Generated \
    --swift_opt=Visibility=Public \
    --swift_opt=FileNaming=PathToUnderscores \
    --swift_opt=UseAccessLevelOnImports=true \
    -I Protocol
ls Modules/Proto/Generated
