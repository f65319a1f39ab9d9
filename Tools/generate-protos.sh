#!/usr/bin/env bash
# Regenerates the Swift for Protocol/**/*.proto (committed; CI never runs this):
#   Modules/Proto/Generated   the messages, by swift-protobuf's protoc-gen-swift;
#   Modules/API/Generated     the method table, by Tools/protoc-gen-chaindesk from each rpc's declaration
#                             (Protocol/chaindesk/v1/options.proto): ids, kinds, access and offline rules.
# Needs protoc (Debian: protobuf-compiler). A schema error or a broken declaration leaves the committed Swift as it
# was: everything is generated into a scratch folder first.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v protoc >/dev/null || { echo "protoc is missing: apt-get install protobuf-compiler" >&2; exit 1; }
swift build --product protoc-gen-swift
plugin="$(swift build --show-bin-path)/protoc-gen-swift"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mkdir "$out/proto" "$out/api"
find Protocol -name '*.proto' -print0 | xargs -0 protoc \
    --plugin=protoc-gen-swift="$plugin" \
    --swift_out="$out/proto" \
    --swift_opt=Visibility=Public \
    --swift_opt=FileNaming=PathToUnderscores \
    --swift_opt=UseAccessLevelOnImports=true \
    -I Protocol
# The method table's generator reads the declarations through the messages just generated, so they go in first;
# on its failure they are put back.
backup="$out/backup"
cp -r Modules/Proto/Generated "$backup"
rm -f Modules/Proto/Generated/*.pb.swift
cp "$out"/proto/*.pb.swift Modules/Proto/Generated/
if ! swift build --package-path Tools/protoc-gen-chaindesk --product protoc-gen-chaindesk \
    || ! protoc --plugin=protoc-gen-chaindesk="$(swift build --package-path Tools/protoc-gen-chaindesk --show-bin-path)/protoc-gen-chaindesk" \
        --chaindesk_out="$out/api" -I Protocol Protocol/chaindesk/v1/*.proto; then
    rm -f Modules/Proto/Generated/*.pb.swift
    cp "$backup"/*.pb.swift Modules/Proto/Generated/
    echo "generate-protos: the method table was not generated; nothing changed" >&2
    exit 1
fi
mkdir -p Modules/API/Generated
rm -f Modules/API/Generated/*.swift
cp "$out"/api/*.swift Modules/API/Generated/
ls Modules/Proto/Generated Modules/API/Generated
