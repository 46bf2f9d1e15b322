{
  "variables": {
    # Note [prebuilt variants] (src/platform/node.ts): a build from source (npm install on a
    # platform with no prebuilt, npm run build:native) is for the CPU it runs on, -march=native;
    # scripts/build-prebuilds.sh sets TG_MARCH to x86-64, x86-64-v3 and x86-64-v4 for the
    # variants that ship, tuned for no CPU in particular and with libstdc++ linked in, so that
    # a prebuilt needs only the C library of the machine that runs it.
    "tg_march%": "<!(node -p \"process.env.TG_MARCH || 'native'\")",
    "tg_prebuilt%": "<!(node -p \"process.env.TG_MARCH ? 1 : 0\")",
    # Baseline x86-64 has 16 128-bit registers: gemm_blocked's register tile of 4 rows by two
    # vectors fits them with 16-byte vectors, where 32-byte ones would spill (same results:
    # each element of C adds its products in the same order).
    "tg_vector_bytes%": "<!(node -p \"process.env.TG_MARCH === 'x86-64' ? 16 : 32\")"
  },
  "targets": [
    {
      "target_name": "tensorgrad_native",
      "sources": ["native/addon.cc"],
      # -ffp-contract=off and no -ffast-math: the float32 results are PyTorch's bit for bit
      # (Note [float32 transcendentals]), on every variant.
      "cflags_cc": ["-O3", "-march=<(tg_march)", "-std=c++17", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off", "-fexceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "defines": ["TG_VECTOR_BYTES=<(tg_vector_bytes)"],
      "conditions": [
        # OpenBLAS is looked up when the addon loads (Note [optional BLAS] in native/addon.cc), not linked.
        ["OS!='win'", {
          "defines": ["TG_BLAS"]
        }],
        ["OS=='linux'", {
          "libraries": ["-ldl"]
        }],
        ["tg_prebuilt==1", {
          "cflags_cc": ["-mtune=generic"],
          "ldflags": ["-static-libstdc++", "-static-libgcc"]
        }]
      ]
    }
  ]
}
