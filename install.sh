#!/usr/bin/env bash
# Builds keel (ReadyToRun, single file) and puts it on PATH.
# KEEL_INSTALL_DIR chooses where (default ~/.local/bin).
set -euo pipefail
cd "$(dirname "$0")"

install_dir="${KEEL_INSTALL_DIR:-$HOME/.local/bin}"
build_dir="$(pwd)/artifacts/publish"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install.sh: the .NET SDK 10 is required (dotnet was not found on PATH)" >&2
  exit 1
fi

rm -rf "$build_dir"
dotnet publish src/Keel.Cli/Keel.Cli.csproj \
  --configuration Release \
  --runtime linux-x64 \
  --self-contained false \
  -p:PublishSingleFile=true \
  -p:PublishReadyToRun=true \
  -p:DebugType=none \
  --output "$build_dir" \
  --nologo -v quiet

mkdir -p "$install_dir"
# Replace atomically so a running keel is never overwritten in place.
cp "$build_dir/keel" "$install_dir/.keel.new.$$"
chmod +x "$install_dir/.keel.new.$$"
mv -f "$install_dir/.keel.new.$$" "$install_dir/keel"

echo "keel $("$install_dir/keel" --version) installed to $install_dir/keel"
case ":$PATH:" in
  *":$install_dir:"*) ;;
  *) echo "note: $install_dir is not on your PATH; add it, e.g.: export PATH=\"$install_dir:\$PATH\"" ;;
esac
