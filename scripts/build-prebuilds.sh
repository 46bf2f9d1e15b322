#!/usr/bin/env bash
# Builds the prebuilt addons that ship in the package (npm's "prepack"; Note
# [prebuilt variants] in src/platform/node.ts): on Linux x64, three builds of the
# one source, for baseline x86-64 (any 64-bit x86 CPU), x86-64-v3 (AVX2, FMA) and
# x86-64-v4 (AVX-512), into prebuilds/linux-x64/tensorgrad_native.<variant>.node;
# the loader picks the best one the CPU runs. Each is built by node-gyp from
# binding.gyp (TG_MARCH picks the level) in a copy of the sources in a temporary
# folder, so build/ (a build from source for this CPU) is left as it is, and the
# three build side by side. A variant newer than binding.gyp and native/ is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
key=$(node -p 'process.platform + "-" + process.arch')
if [ "$key" != linux-x64 ]; then
  echo "tensorgrad: prebuilt variants are made for linux-x64; none for $key (npm install builds from source there)" >&2
  exit 0
fi
out=prebuilds/$key
mkdir -p "$out"
# node-gyp: npm's own (npm sets npm_config_node_gyp in scripts), else the one beside the global npm, else PATH's.
gyp=(node "${npm_config_node_gyp:-$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js}")
[ -f "${gyp[1]}" ] || gyp=(node-gyp)
args=(rebuild)
nodedir=${npm_config_nodedir:-$(npm config get nodedir 2>/dev/null || true)}
if [ -n "$nodedir" ] && [ "$nodedir" != undefined ] && [ "$nodedir" != null ]; then args+=("--nodedir=$nodedir"); fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pids=()
for pair in baseline:x86-64 v3:x86-64-v3 v4:x86-64-v4; do
  variant=${pair%%:*}
  target=$root/$out/tensorgrad_native.$variant.node
  if [ -f "$target" ] && [ -z "$(find binding.gyp native -newer "$target")" ]; then
    echo "tensorgrad: $out/tensorgrad_native.$variant.node is up to date"
    continue
  fi
  mkdir -p "$work/$variant"
  cp -r binding.gyp native "$work/$variant/"
  (
    cd "$work/$variant"
    if TG_MARCH=${pair#*:} "${gyp[@]}" "${args[@]}" >build.log 2>&1; then
      cp build/Release/tensorgrad_native.node "$target.tmp" && mv "$target.tmp" "$target"
      echo "tensorgrad: built $out/tensorgrad_native.$variant.node"
    else
      cat build.log >&2
      echo "tensorgrad: the $variant addon did not build" >&2
      exit 1
    fi
  ) &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
