#!/usr/bin/env bash
# Builds keel and puts it on PATH.
#   KEEL_INSTALL_DIR   where to put it (default ~/.local/bin)
#   KEEL_INSTALL_MODE  aot (default): a Native AOT binary (needs gcc and binutils; ~2.5 min to publish)
#                      r2r: a ReadyToRun single-file build (needs the .NET runtime to run; ~30 s to publish),
#                      for fast local iteration only. CI and the default use aot.
# When the AOT toolchain is missing, install.sh says so and falls back to ReadyToRun.
set -euo pipefail
cd "$(dirname "$0")"

install_dir="${KEEL_INSTALL_DIR:-$HOME/.local/bin}"
build_dir="$(pwd)/artifacts/publish"
mode="${KEEL_INSTALL_MODE:-aot}"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install.sh: the .NET SDK 10 is required (dotnet was not found on PATH)" >&2
  exit 1
fi

case "$mode" in
  aot|r2r) ;;
  *) echo "install.sh: KEEL_INSTALL_MODE must be aot or r2r (got '$mode')" >&2; exit 2 ;;
esac

# Native AOT compiles and links on this machine: it needs a C toolchain (gcc as the compiler driver
# and linker; binutils' ld and objcopy). Only linux-x64 is published here.
if [ "$mode" = aot ]; then
  missing=()
  [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || missing+=("a linux-x64 host (this is $(uname -s)-$(uname -m))")
  command -v gcc >/dev/null 2>&1 || missing+=(gcc)
  command -v ld >/dev/null 2>&1 || missing+=("ld (binutils)")
  command -v objcopy >/dev/null 2>&1 || missing+=("objcopy (binutils)")
  if [ ${#missing[@]} -gt 0 ]; then
    echo "install.sh: the Native AOT toolchain is missing (${missing[*]}); falling back to ReadyToRun." >&2
    echo "install.sh: for the native binary install it, e.g.: apt-get install gcc binutils libc6-dev" >&2
    mode=r2r
  fi
fi

rm -rf "$build_dir"
started=$(date +%s)
if [ "$mode" = aot ]; then
  echo "install.sh: [1/2] compiling keel to a native binary (restore, compile, link: usually 2-3 minutes) ..."
else
  echo "install.sh: [1/2] building keel (ReadyToRun: usually under a minute) ..."
fi
# A quiet publish prints nothing for minutes; a line every 30 s shows it is still working.
( while sleep 30; do echo "install.sh:       still building ($(( $(date +%s) - started )) s)"; done ) 2>/dev/null &
ticker=$!
disown "$ticker" 2>/dev/null || true
# Its sleep holds our stdout too: stop both, so a caller reading the output is not kept waiting.
stop_ticker() { pkill -P "$ticker" 2>/dev/null || true; kill "$ticker" 2>/dev/null || true; }
trap stop_ticker EXIT
if [ "$mode" = aot ]; then
  # Trim and AOT analysis warnings are errors (see Keel.Cli.csproj): a dependency that is not
  # trim/AOT-clean fails the install instead of misbehaving at run time.
  dotnet publish src/Keel.Cli/Keel.Cli.csproj \
    --configuration Release \
    --runtime linux-x64 \
    -p:PublishAot=true \
    -p:CppCompilerAndLinker=gcc \
    -p:DebugType=none \
    -p:StripSymbols=true \
    --output "$build_dir" \
    --nologo -v quiet
else
  dotnet publish src/Keel.Cli/Keel.Cli.csproj \
    --configuration Release \
    --runtime linux-x64 \
    --self-contained false \
    -p:PublishSingleFile=true \
    -p:PublishReadyToRun=true \
    -p:DebugType=none \
    --output "$build_dir" \
    --nologo -v quiet
fi

stop_ticker
echo "install.sh: [2/2] built in $(( $(date +%s) - started )) s; installing to $install_dir"
mkdir -p "$install_dir"
# Replace atomically so a running keel is never overwritten in place.
cp "$build_dir/keel" "$install_dir/.keel.new.$$"
chmod +x "$install_dir/.keel.new.$$"
mv -f "$install_dir/.keel.new.$$" "$install_dir/keel"
# `keel update` tells the user to pull and re-run install.sh in this checkout.
pwd > "$install_dir/.keel-source"

echo "keel $("$install_dir/keel" --version) installed to $install_dir/keel ($mode)"
case ":$PATH:" in
  *":$install_dir:"*) ;;
  *) echo "note: $install_dir is not on your PATH; add it, e.g.: export PATH=\"$install_dir:\$PATH\"" ;;
esac
