{
  "variables": {
    "has_openblas": "<!(test -f /usr/include/x86_64-linux-gnu/cblas.h -o -f /usr/include/cblas.h -o -f /usr/include/openblas/cblas.h && ls /usr/lib/*/libopenblas.so /usr/lib/libopenblas.so 2>/dev/null | head -1 | grep -q . && echo 1 || echo 0)"
  },
  "targets": [
    {
      "target_name": "tensorgrad_native",
      "sources": ["native/addon.cc"],
      "cflags_cc": ["-O3", "-march=native", "-std=c++17", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off", "-fexceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "conditions": [
        ["has_openblas==1", {
          "defines": ["TG_HAVE_CBLAS"],
          "include_dirs": ["/usr/include/x86_64-linux-gnu", "/usr/include/openblas"],
          "libraries": ["-lopenblas"]
        }]
      ]
    }
  ]
}
