// tensorgrad's WebAssembly module: the kernels of kernels.h exported with a C
// ABI for src/backend/wasm/index.ts, built by scripts/build-wasm.sh (clang
// --target=wasm32-wasi, SIMD128; threads in the shared-memory module, Note
// [wasm threads] in kernels.h). Pointers are byte addresses in
// the module's memory, already offset to the first element; sizes and strides
// are 32-bit (a wasm32 memory holds under 2^31 elements of any dtype). `f64`
// picks float64 over float32.
#include <cstdlib>

#include "kernels.h"

using namespace tg;

#define EXPORT(name) extern "C" __attribute__((export_name(#name)))

template <typename F>
void by_dtype(int f64, void* p, F&& f) {
  if (f64) f(static_cast<double*>(p));
  else f(static_cast<float*>(p));
}

#ifdef TG_WASM_THREADS
// libc's malloc is single-threaded; kernels allocate (gemm's packed panels) on
// every thread of the pool, so every allocation takes this lock.
static std::atomic_flag heap_lock = ATOMIC_FLAG_INIT;
struct HeapLock {
  HeapLock() {
    while (heap_lock.test_and_set(std::memory_order_acquire)) {
    }
  }
  ~HeapLock() { heap_lock.clear(std::memory_order_release); }
};
static void* locked_malloc(size_t bytes) {
  HeapLock lock;
  return std::malloc(bytes);
}
static void locked_free(void* p) {
  HeapLock lock;
  std::free(p);
}
void* operator new(size_t bytes) {
  void* p = locked_malloc(bytes == 0 ? 1 : bytes);
  if (p == nullptr) std::abort();
  return p;
}
void* operator new[](size_t bytes) { return operator new(bytes); }
void operator delete(void* p) noexcept { locked_free(p); }
void operator delete[](void* p) noexcept { locked_free(p); }
void operator delete(void* p, size_t) noexcept { locked_free(p); }
void operator delete[](void* p, size_t) noexcept { locked_free(p); }

EXPORT(tg_worker_main) void tg_worker_main() { pool().worker_main(); }
#else
static void* locked_malloc(size_t bytes) { return std::malloc(bytes); }
static void locked_free(void* p) { std::free(p); }
#endif

EXPORT(tg_malloc) void* tg_malloc(int32_t bytes) { return locked_malloc(static_cast<size_t>(bytes)); }
EXPORT(tg_free) void tg_free(void* p) { locked_free(p); }
EXPORT(tg_set_num_threads) void tg_set_num_threads(int32_t n) { pool().resize(n); }
EXPORT(tg_get_num_threads) int32_t tg_get_num_threads() { return pool().size(); }

// bias: a row of n added to every output row (addmm's), or 0.
EXPORT(tg_matmul) void tg_matmul(int f64, const void* a, int32_t abs, int32_t ars, int32_t acs, const void* b, int32_t bbs, int32_t brs, int32_t bcs, void* out, int32_t batch, int32_t m, int32_t k, int32_t n, const void* bias) {
  by_dtype(f64, out, [&](auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    batched_gemm(static_cast<const T*>(a), abs, ars, acs, static_cast<const T*>(b), bbs, brs, bcs, o, batch, m, k, n, static_cast<const T*>(bias));
  });
}

EXPORT(tg_binary) void tg_binary(int f64, int32_t op, const void* a, const void* b, void* out, int32_t n, int32_t mode, int32_t mid, int32_t inner) {
  by_dtype(f64, out, [&](auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    binary_kernel(static_cast<Bin>(op), static_cast<const T*>(a), static_cast<const T*>(b), o, n, mode, std::max(1, mid), std::max(1, inner));
  });
}

EXPORT(tg_unary) void tg_unary(int f64, int32_t op, const void* x, void* out, int32_t n) {
  by_dtype(f64, out, [&](auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    unary_kernel(static_cast<Un>(op), static_cast<const T*>(x), o, n);
  });
}

// x of float32 or float64 (x_f64); out of float32 or float64 (out_f64; argmax/argmin write float64).
EXPORT(tg_reduce_middle) void tg_reduce_middle(int x_f64, int out_f64, int32_t op, const void* x, int32_t outer, int32_t red, int32_t inner, void* out) {
  by_dtype(x_f64, const_cast<void*>(x), [&](auto* xp) {
    by_dtype(out_f64, out, [&](auto* o) { reduce_middle(op, xp, outer, red, inner, o); });
  });
}

// Note [fused softmax].
EXPORT(tg_softmax) void tg_softmax(int f64, const void* x, void* out, int32_t rows, int32_t size, int32_t log) {
  by_dtype(f64, out, [&](auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    softmax_rows(static_cast<const T*>(x), o, rows, size, log != 0);
  });
}

EXPORT(tg_softmax_backward) void tg_softmax_backward(int f64, const void* g, const void* y, void* out, int32_t rows, int32_t size, int32_t log) {
  by_dtype(f64, out, [&](auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    softmax_backward_rows(static_cast<const T*>(g), static_cast<const T*>(y), o, rows, size, log != 0);
  });
}

// g: planes, h, w, kh, kw, sh, sw, dh, dw, ho, wo (see max_pool2d).
EXPORT(tg_max_pool2d) void tg_max_pool2d(int f64, const void* x, void* out, int32_t* idx, const double* g) {
  int64_t geometry[11];
  read_geometry(g, geometry);
  by_dtype(f64, out, [&](auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    max_pool2d(static_cast<const T*>(x), o, idx, geometry);
  });
}

// out [planes, plane_in] gets g [planes, plane_out] at max_pool2d's picks (see max_pool2d_backward).
EXPORT(tg_max_pool2d_backward) void tg_max_pool2d_backward(int f64, const void* g, const int32_t* idx, void* out, int32_t planes, int32_t plane_in, int32_t plane_out) {
  by_dtype(f64, out, [&](auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    max_pool2d_backward(static_cast<const T*>(g), idx, o, planes, plane_in, plane_out);
  });
}

// Note [convolution forward]; bias 0 when absent; g: n, c, h, w, o, kh, kw, sh, sw, dh, dw, ho, wo, ph, pw.
EXPORT(tg_conv2d) void tg_conv2d(int f64, const void* x, const void* weight, const void* bias, void* out, const double* g) {
  int64_t geometry[15];
  read_geometry(g, geometry);
  by_dtype(f64, out, [&](auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    conv2d_forward(static_cast<const T*>(x), static_cast<const T*>(weight), static_cast<const T*>(bias), o, geometry);
  });
}

// conv2d's input and weight gradients; gx or gw 0 when not wanted; g as tg_conv2d's.
EXPORT(tg_conv2d_backward) void tg_conv2d_backward(int f64, const void* gy, const void* x, const void* weight, void* gx, void* gw, const double* g) {
  int64_t geometry[15];
  read_geometry(g, geometry);
  by_dtype(f64, gw != nullptr ? gw : gx, [&](auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    conv2d_backward(static_cast<const T*>(gy), static_cast<const T*>(x), static_cast<const T*>(weight), static_cast<T*>(gx), static_cast<T*>(gw), geometry);
  });
}

// out filled by bernoulli53 on the generator state mt (advanced in place); returns the next index.
EXPORT(tg_bernoulli) int32_t tg_bernoulli(int f64, uint32_t* mt, int32_t index, void* out, int32_t n, double p) {
  int64_t next = index;
  by_dtype(f64, out, [&](auto* o) { next = bernoulli53(mt, next, o, n, p); });
  return static_cast<int32_t>(next);
}

EXPORT(tg_take) void tg_take(int f64, const void* x, const int32_t* index, void* out, int32_t n) {
  by_dtype(f64, out, [&](auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    take_kernel(static_cast<const T*>(x), index, o, n);
  });
}

EXPORT(tg_put_add) void tg_put_add(int f64, void* out, const int32_t* index, const void* src, int32_t n) {
  by_dtype(f64, out, [&](auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    put_add(o, index, static_cast<const T*>(src), n, false);
  });
}

EXPORT(tg_copy_strided) void tg_copy_strided(int f64, const void* src, int32_t nd, const int32_t* shape, const int32_t* strides, void* out) {
  std::vector<int64_t> dims(shape, shape + nd), steps(strides, strides + nd);
  by_dtype(f64, out, [&](auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    copy_strided(static_cast<const T*>(src), dims, steps, o);
  });
}

EXPORT(tg_compare_scalar) void tg_compare_scalar(int f64, int32_t op, const void* x, double scalar, uint8_t* out, int32_t n) {
  if (f64) compare_kernel(static_cast<Cmp>(op), static_cast<const double*>(x), scalar, out, n);
  else compare_kernel(static_cast<Cmp>(op), static_cast<const float*>(x), static_cast<float>(scalar), out, n);
}

// a_scalar / b_scalar: use av / bv in place of the arrays.
EXPORT(tg_where) void tg_where(int f64, const uint8_t* cond, const void* a, int a_scalar, double av, const void* b, int b_scalar, double bv, void* out, int32_t n) {
  by_dtype(f64, out, [&](auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    where_kernel(cond, static_cast<const T*>(a), a_scalar != 0, static_cast<T>(av), static_cast<const T*>(b), b_scalar != 0, static_cast<T>(bv), o, n);
  });
}

EXPORT(tg_threshold_backward) void tg_threshold_backward(int f64, const void* g, const void* x, double threshold, void* out, int32_t n) {
  by_dtype(f64, out, [&](auto* o) {
    using T = std::remove_pointer_t<decltype(o)>;
    threshold_backward(static_cast<const T*>(g), static_cast<const T*>(x), static_cast<T>(threshold), o, n);
  });
}

// Note [fused optimizer steps]; vmax / buf 0 when absent.
EXPORT(tg_adam) void tg_adam(int f64, void* p, const void* g, void* m, void* v, void* vmax, int32_t n, const double* h) {
  by_dtype(f64, p, [&](auto* pp) {
    using T = std::remove_pointer_t<decltype(pp)>;
    adam_step(pp, static_cast<const T*>(g), static_cast<T*>(m), static_cast<T*>(v), static_cast<T*>(vmax), n, h);
  });
}

EXPORT(tg_adadelta) void tg_adadelta(int f64, void* p, const void* g, void* square_avg, void* acc_delta, int32_t n, const double* h) {
  by_dtype(f64, p, [&](auto* pp) {
    using T = std::remove_pointer_t<decltype(pp)>;
    adadelta_step(pp, static_cast<const T*>(g), static_cast<T*>(square_avg), static_cast<T*>(acc_delta), n, h);
  });
}

EXPORT(tg_sgd) void tg_sgd(int f64, void* p, const void* g, void* buf, int32_t n, const double* h) {
  by_dtype(f64, p, [&](auto* pp) {
    using T = std::remove_pointer_t<decltype(pp)>;
    sgd_step(pp, static_cast<const T*>(g), static_cast<T*>(buf), n, h);
  });
}
