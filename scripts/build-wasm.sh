#!/usr/bin/env bash
# Builds native/wasm.cc (the kernels of native/kernels.h) for WebAssembly with
# Debian's clang 19, lld 19, wasi-libc and libc++ 19 for wasm32 (packages clang-19 lld-19
# wasi-libc libc++-19-dev-wasm32 libc++abi-19-dev-wasm32 libclang-rt-19-dev-wasm32):
# SIMD128; threads where memory is shared.
# Four modules from the one source (Note [wasm storage] in src/backend/wasm/index.ts,
# Note [relaxed SIMD] in native/kernels.h):
#   dist/wasm/tensorgrad-shared.wasm  imports a shared memory, where tensors may live (Node, cross-origin isolated pages)
#   dist/wasm/tensorgrad.wasm         owns a plain memory; tensors are copied in and out (other pages)
#   and each again as *-relaxed.wasm, with relaxed SIMD's fused multiply-add, for engines that validate it.
set -euo pipefail
cd "$(dirname "$0")/.."
CLANG=${CLANG:-clang-19}
if ! command -v "$CLANG" >/dev/null || [ ! -f /usr/lib/wasm32-wasi/libc.a ] || [ ! -f /usr/lib/wasm32-wasi/libc++.a ]; then
  echo "tensorgrad: no $CLANG with wasi-libc and libc++ for wasm32 here; dist/wasm not built (apt-get install clang-19 lld-19 wasi-libc libc++-19-dev-wasm32 libc++abi-19-dev-wasm32 libclang-rt-19-dev-wasm32)" >&2
  exit 0
fi
mkdir -p dist/wasm
# SIMD128 leaves about 16 vector registers: gemm's register tile is 4 rows by two 128-bit vectors
# (measured on matmul 512: 4 x 2 of 128 bits 27 ms; 6 x 2: 48 ms; 4 x 2 of 256 bits, x86's tile: 41 ms;
# with relaxed SIMD's multiply-add 4 x 2 7.6 ms against 5 x 2 16.5 ms and 6 x 2 15.8 ms, one product).
FLAGS=(--target=wasm32-wasi --sysroot=/usr -O3 -msimd128 -std=c++17 -fno-exceptions -fno-math-errno -ffp-contract=off
  -DTG_NO_THREADS -DTG_VECTOR_BYTES=16 -DTG_GEMM_ROWS=4 -nostartfiles
  -Wl,--no-entry -Wl,--gc-sections -Wl,--strip-all -Wl,--initial-memory=16777216)
# A shared memory reserves its maximum up front: 2 GiB. It runs threads (Note [wasm threads] in
# native/kernels.h): JS workers with their own instance each, whose stack pointer the JS sets
# (exported). Debian's wasi-libc is built without the atomics feature; linking it into a
# shared-memory module is sound because libc is called under a lock (native/wasm.cc) or from one thread.
SHARED=(-DTG_WASM_THREADS -matomics -mbulk-memory -Wl,--import-memory -Wl,--shared-memory -Wl,--no-check-features
  -Wl,--export=__stack_pointer -Wl,--max-memory=2147483648)
pids=()
for variant in "" "-relaxed"; do
  extra=()
  [ -n "$variant" ] && extra=(-mrelaxed-simd)
  "$CLANG" "${FLAGS[@]}" "${extra[@]}" -Wl,--max-memory=4294967296 -o "dist/wasm/tensorgrad$variant.wasm" native/wasm.cc -lc++ -lc++abi &
  pids+=($!)
  "$CLANG" "${FLAGS[@]}" "${extra[@]}" "${SHARED[@]}" -o "dist/wasm/tensorgrad-shared$variant.wasm" native/wasm.cc -lc++ -lc++abi &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
echo "dist/wasm: $(cd dist/wasm && for f in tensorgrad.wasm tensorgrad-shared.wasm tensorgrad-relaxed.wasm tensorgrad-shared-relaxed.wasm; do echo -n "$f $(wc -c < $f) bytes; "; done)"
