// tensorgrad's native addon: the kernels of kernels.h over the tensors' own
// ArrayBuffers (no copies), threaded with a small pool, vectorised by the
// compiler for the CPU it is built on (-march=native) or, prebuilt, for an
// x86-64 level (binding.gyp, Note [prebuilt variants] in src/platform/node.ts).
// Matrix products go to OpenBLAS when it loads (Note [optional BLAS]), else to
// the cache-blocked kernel of kernels.h.
//
// Every entry point takes typed arrays plus element offsets and writes into an
// output typed array allocated by the caller (JS), so memory stays with V8.
// Ops are numbered as the arrays of src/backend/native/index.ts list them.
#include <node_api.h>

#include <cstdlib>
#include <cstring>
#ifdef TG_BLAS
#include <dlfcn.h>
#endif

#include "kernels.h"

namespace {

using namespace tg;

// ---- argument helpers -----------------------------------------------------------

struct Array {
  void* data = nullptr;
  napi_typedarray_type type = napi_float32_array;
  size_t length = 0;
};

bool get_array(napi_env env, napi_value v, Array* out) {
  napi_value buf;
  size_t offset;
  return napi_get_typedarray_info(env, v, &out->type, &out->length, &out->data, &buf, &offset) == napi_ok;
}

int64_t get_int(napi_env env, napi_value v) {
  int64_t r = 0;
  napi_get_value_int64(env, v, &r);
  return r;
}

template <int N>
bool args(napi_env env, napi_callback_info info, napi_value (&argv)[N]) {
  size_t argc = N;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != N) {
    napi_throw_type_error(env, nullptr, "tensorgrad native: wrong number of arguments");
    return false;
  }
  return true;
}

napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

// Calls f with a null pointer of a's element type (float or double): the kernels are
// templates, and f names T from the pointer's type. As wasm.cc's by_dtype.
template <typename F>
void by_dtype(const Array& a, F&& f) {
  if (a.type == napi_float32_array) f(static_cast<float*>(nullptr));
  else f(static_cast<double*>(nullptr));
}

// Element `offset` of a typed array as T (T const for an operand that is only read).
template <typename T>
T* elements(const Array& a, int64_t offset = 0) {
  return static_cast<T*>(a.data) + offset;
}

// matmul(a, aOffset, [aBatchStride, aRowStride, aColStride], b, bOffset, [...], batch, m, k, n, out, bias, biasOffset):
// bias (a row of n added to every output row, addmm's) or null.
napi_value Matmul(napi_env env, napi_callback_info info) {
  napi_value argv[17];
  if (!args(env, info, argv)) return nullptr;
  Array a, b, out, bias;
  get_array(env, argv[0], &a);
  get_array(env, argv[5], &b);
  get_array(env, argv[14], &out);
  const bool has_bias = get_array(env, argv[15], &bias);
  const int64_t bias_off = get_int(env, argv[16]);
  int64_t aoff = get_int(env, argv[1]), abs = get_int(env, argv[2]), ars = get_int(env, argv[3]), acs = get_int(env, argv[4]);
  int64_t boff = get_int(env, argv[6]), bbs = get_int(env, argv[7]), brs = get_int(env, argv[8]), bcs = get_int(env, argv[9]);
  int64_t batch = get_int(env, argv[10]), m = get_int(env, argv[11]), k = get_int(env, argv[12]), n = get_int(env, argv[13]);
  by_dtype(a, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    batched_gemm(elements<const T>(a, aoff), abs, ars, acs, elements<const T>(b, boff), bbs, brs, bcs, elements<T>(out), batch, m, k, n,
                 has_bias ? elements<const T>(bias, bias_off) : nullptr);
  });
  return undefined(env);
}

// binary(op, a, aOffset, b, bOffset, out, n, mode, mid, inner)
napi_value Binary(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  if (!args(env, info, argv)) return nullptr;
  const Bin op = static_cast<Bin>(get_int(env, argv[0]));
  Array a, b, out;
  get_array(env, argv[1], &a);
  get_array(env, argv[3], &b);
  get_array(env, argv[5], &out);
  int64_t aoff = get_int(env, argv[2]), boff = get_int(env, argv[4]), n = get_int(env, argv[6]);
  int mode = static_cast<int>(get_int(env, argv[7]));
  int64_t mid = std::max<int64_t>(1, get_int(env, argv[8])), inner = std::max<int64_t>(1, get_int(env, argv[9]));
  by_dtype(out, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    binary_kernel(op, elements<const T>(a, aoff), elements<const T>(b, boff), elements<T>(out), n, mode, mid, inner);
  });
  return undefined(env);
}

// unary(op, x, xOffset, out, n)
napi_value Unary(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!args(env, info, argv)) return nullptr;
  const Un op = static_cast<Un>(get_int(env, argv[0]));
  Array x, out;
  get_array(env, argv[1], &x);
  get_array(env, argv[3], &out);
  int64_t off = get_int(env, argv[2]), n = get_int(env, argv[4]);
  by_dtype(out, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    unary_kernel(op, elements<const T>(x, off), elements<T>(out), n);
  });
  return undefined(env);
}

// softmax(x, xOffset, out, rows, size, log): Note [fused softmax].
napi_value Softmax(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!args(env, info, argv)) return nullptr;
  Array x, out;
  get_array(env, argv[0], &x);
  get_array(env, argv[2], &out);
  int64_t off = get_int(env, argv[1]), rows = get_int(env, argv[3]), size = get_int(env, argv[4]);
  const bool log = get_int(env, argv[5]) != 0;
  by_dtype(out, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    softmax_rows(elements<const T>(x, off), elements<T>(out), rows, size, log);
  });
  return undefined(env);
}

// softmaxBackward(g, gOffset, y, yOffset, out, rows, size, log): Note [fused softmax].
napi_value SoftmaxBackward(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  if (!args(env, info, argv)) return nullptr;
  Array g, y, out;
  get_array(env, argv[0], &g);
  get_array(env, argv[2], &y);
  get_array(env, argv[4], &out);
  int64_t goff = get_int(env, argv[1]), yoff = get_int(env, argv[3]), rows = get_int(env, argv[5]), size = get_int(env, argv[6]);
  const bool log = get_int(env, argv[7]) != 0;
  by_dtype(out, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    softmax_backward_rows(elements<const T>(g, goff), elements<const T>(y, yoff), elements<T>(out), rows, size, log);
  });
  return undefined(env);
}

// maxPool2d(x, xOffset, out, indices, geometry): geometry a Float64Array of planes, h, w, kh, kw, sh, sw, dh, dw, ho, wo.
napi_value MaxPool2d(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!args(env, info, argv)) return nullptr;
  Array x, out, idx, geometry;
  get_array(env, argv[0], &x);
  get_array(env, argv[2], &out);
  get_array(env, argv[3], &idx);
  get_array(env, argv[4], &geometry);
  int64_t g[11];
  read_geometry(elements<const double>(geometry), g);
  const int64_t off = get_int(env, argv[1]);
  int32_t* ip = static_cast<int32_t*>(idx.data);
  by_dtype(out, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    max_pool2d(elements<const T>(x, off), elements<T>(out), ip, g);
  });
  return undefined(env);
}

// maxPool2dBackward(g, gOffset, indices, out, planes, planeIn): out [planes, planeIn] gets g at max_pool2d's picks.
napi_value MaxPool2dBackward(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!args(env, info, argv)) return nullptr;
  Array g, idx, out;
  get_array(env, argv[0], &g);
  get_array(env, argv[2], &idx);
  get_array(env, argv[3], &out);
  const int64_t goff = get_int(env, argv[1]), planes = get_int(env, argv[4]), plane_in = get_int(env, argv[5]);
  const int64_t plane_out = planes > 0 ? static_cast<int64_t>(idx.length) / planes : 0;
  by_dtype(out, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    max_pool2d_backward(elements<const T>(g, goff), static_cast<const int32_t*>(idx.data), elements<T>(out), planes, plane_in, plane_out);
  });
  return undefined(env);
}

// conv2d(x, xOffset, weight, weightOffset, bias or null, biasOffset, out, geometry): Note [convolution forward];
// geometry a Float64Array of n, c, h, w, o, kh, kw, sh, sw, dh, dw, ho, wo, ph, pw.
napi_value Conv2d(napi_env env, napi_callback_info info) {
  napi_value argv[8];
  if (!args(env, info, argv)) return nullptr;
  Array x, weight, bias, out, geometry;
  get_array(env, argv[0], &x);
  get_array(env, argv[2], &weight);
  const bool has_bias = get_array(env, argv[4], &bias);
  get_array(env, argv[6], &out);
  get_array(env, argv[7], &geometry);
  int64_t g[15];
  read_geometry(elements<const double>(geometry), g);
  const int64_t xoff = get_int(env, argv[1]), woff = get_int(env, argv[3]), boff = get_int(env, argv[5]);
  by_dtype(out, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    conv2d_forward(elements<const T>(x, xoff), elements<const T>(weight, woff), has_bias ? elements<const T>(bias, boff) : nullptr, elements<T>(out), g);
  });
  return undefined(env);
}

// conv2dBackward(gy, gyOffset, x, xOffset, weight, weightOffset, gx or null, gw or null, geometry):
// the input and weight gradients of conv2d (geometry as conv2d's); a null output is not computed.
napi_value Conv2dBackward(napi_env env, napi_callback_info info) {
  napi_value argv[9];
  if (!args(env, info, argv)) return nullptr;
  Array gy, x, weight, gx, gw, geometry;
  get_array(env, argv[0], &gy);
  get_array(env, argv[2], &x);
  get_array(env, argv[4], &weight);
  const bool has_gx = get_array(env, argv[6], &gx), has_gw = get_array(env, argv[7], &gw);
  get_array(env, argv[8], &geometry);
  int64_t g[15];
  read_geometry(elements<const double>(geometry), g);
  const int64_t gyoff = get_int(env, argv[1]), xoff = get_int(env, argv[3]), woff = get_int(env, argv[5]);
  by_dtype(weight, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    conv2d_backward(elements<const T>(gy, gyoff), elements<const T>(x, xoff), elements<const T>(weight, woff), has_gx ? elements<T>(gx) : nullptr, has_gw ? elements<T>(gw) : nullptr, g);
  });
  return undefined(env);
}

napi_value ReduceMiddle(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  if (!args(env, info, argv)) return nullptr;
  const int op = static_cast<int>(get_int(env, argv[0]));
  Array x, out;
  get_array(env, argv[1], &x);
  get_array(env, argv[6], &out);
  int64_t off = get_int(env, argv[2]), outer = get_int(env, argv[3]), red = get_int(env, argv[4]), inner = get_int(env, argv[5]);
  // float32 input may reduce into float64 (argmax / argmin write float64).
  by_dtype(x, [&](auto* xtag) {
    by_dtype(out, [&](auto* otag) {
      using X = std::remove_pointer_t<decltype(xtag)>;
      using O = std::remove_pointer_t<decltype(otag)>;
      reduce_middle(op, elements<const X>(x, off), outer, red, inner, elements<O>(out));
    });
  });
  return undefined(env);
}

napi_value Take(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!args(env, info, argv)) return nullptr;
  Array x, index, out;
  get_array(env, argv[0], &x);
  get_array(env, argv[2], &index);
  get_array(env, argv[3], &out);
  int64_t off = get_int(env, argv[1]);
  const int32_t* idx = static_cast<const int32_t*>(index.data);
  by_dtype(out, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    take_kernel(elements<const T>(x, off), idx, elements<T>(out), static_cast<int64_t>(index.length));
  });
  return undefined(env);
}

napi_value CopyStrided(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!args(env, info, argv)) return nullptr;
  Array src, shape, strides, out;
  get_array(env, argv[0], &src);
  get_array(env, argv[2], &shape);
  get_array(env, argv[3], &strides);
  get_array(env, argv[4], &out);
  const int64_t off = get_int(env, argv[1]);
  const double* sh = static_cast<const double*>(shape.data);
  const double* st = static_cast<const double*>(strides.data);
  std::vector<int64_t> dims(shape.length), steps(shape.length);
  for (size_t d = 0; d < shape.length; d++) dims[d] = static_cast<int64_t>(sh[d]), steps[d] = static_cast<int64_t>(st[d]);
  by_dtype(out, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    copy_strided(elements<const T>(src, off), dims, steps, elements<T>(out));
  });
  return undefined(env);
}

// disjointChunks(index: Int32Array): whether putAdd may scatter this index in parallel (see above).
napi_value DisjointChunks(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!args(env, info, argv)) return nullptr;
  Array index;
  get_array(env, argv[0], &index);
  const bool disjoint = disjoint_chunks(static_cast<const int32_t*>(index.data), static_cast<int64_t>(index.length));
  napi_value r;
  napi_get_boolean(env, disjoint, &r);
  return r;
}

// bernoulli(mt: Uint32Array, index, out, p): out filled by bernoulli53 on the generator state mt,
// which it advances; returns the state's next index.
napi_value Bernoulli(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!args(env, info, argv)) return nullptr;
  Array mt, out;
  get_array(env, argv[0], &mt);
  get_array(env, argv[2], &out);
  double p = 0;
  napi_get_value_double(env, argv[3], &p);
  int64_t index = get_int(env, argv[1]);
  by_dtype(out, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    index = bernoulli53(static_cast<uint32_t*>(mt.data), index, elements<T>(out), static_cast<int64_t>(out.length), p);
  });
  napi_value r;
  napi_create_int64(env, index, &r);
  return r;
}

napi_value PutAdd(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!args(env, info, argv)) return nullptr;
  Array out, index, src;
  get_array(env, argv[0], &out);
  get_array(env, argv[1], &index);
  get_array(env, argv[2], &src);
  int64_t off = get_int(env, argv[3]);
  const int32_t* idx = static_cast<const int32_t*>(index.data);
  int64_t n = static_cast<int64_t>(index.length);
  bool parallel = false;
  napi_get_value_bool(env, argv[4], &parallel);
  by_dtype(out, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    put_add(elements<T>(out), idx, elements<const T>(src, off), n, parallel);
  });
  return undefined(env);
}

napi_value CompareScalar(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!args(env, info, argv)) return nullptr;
  const Cmp op = static_cast<Cmp>(get_int(env, argv[0]));
  Array x, out;
  get_array(env, argv[1], &x);
  get_array(env, argv[4], &out);
  int64_t off = get_int(env, argv[2]), n = get_int(env, argv[5]);
  double s = 0;
  napi_get_value_double(env, argv[3], &s);
  uint8_t* o = static_cast<uint8_t*>(out.data);
  by_dtype(x, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    compare_kernel(op, elements<const T>(x, off), static_cast<T>(s), o, n);
  });
  return undefined(env);
}

napi_value Where(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  if (!args(env, info, argv)) return nullptr;
  Array c, a, b, out;
  get_array(env, argv[0], &c);
  get_array(env, argv[2], &a);
  get_array(env, argv[5], &b);
  get_array(env, argv[8], &out);
  int64_t coff = get_int(env, argv[1]), aoff = get_int(env, argv[3]), boff = get_int(env, argv[6]), n = get_int(env, argv[9]);
  bool aS = false, bS = false;
  napi_valuetype ta, tb;
  napi_typeof(env, argv[4], &ta);
  napi_typeof(env, argv[7], &tb);
  double av = 0, bv = 0;
  if (ta == napi_number) { aS = true; napi_get_value_double(env, argv[4], &av); }
  if (tb == napi_number) { bS = true; napi_get_value_double(env, argv[7], &bv); }
  const uint8_t* cp = static_cast<const uint8_t*>(c.data) + coff;
  by_dtype(out, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    where_kernel(cp, elements<const T>(a, aoff), aS, static_cast<T>(av), elements<const T>(b, boff), bS, static_cast<T>(bv), elements<T>(out), n);
  });
  return undefined(env);
}

// The element pointer of a typed array at an offset, or null for a JS null (an optional operand).
template <typename T>
T* at(napi_env env, napi_value array, napi_value offset) {
  napi_valuetype type;
  napi_typeof(env, array, &type);
  if (type == napi_null) return nullptr;
  Array a;
  get_array(env, array, &a);
  return static_cast<T*>(a.data) + get_int(env, offset);
}

// thresholdBackward(g, gOffset, x, xOffset, threshold, out, n): out = x <= threshold ? 0 : g.
napi_value ThresholdBackward(napi_env env, napi_callback_info info) {
  napi_value argv[7];
  if (!args(env, info, argv)) return nullptr;
  Array g, x, out;
  get_array(env, argv[0], &g);
  get_array(env, argv[2], &x);
  get_array(env, argv[5], &out);
  double threshold = 0;
  napi_get_value_double(env, argv[4], &threshold);
  const int64_t goff = get_int(env, argv[1]), xoff = get_int(env, argv[3]), n = get_int(env, argv[6]);
  by_dtype(out, [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    threshold_backward(elements<const T>(g, goff), elements<const T>(x, xoff), static_cast<T>(threshold), elements<T>(out), n);
  });
  return undefined(env);
}

// An optimizer step's entry point (Note [fused optimizer steps]): N arguments, p and its offset
// first, the element count and the hyperparameters (a Float64Array) last; runs in p's dtype.
template <int N, typename Step>
napi_value optimizer_entry(napi_env env, napi_callback_info info, Step step) {
  napi_value argv[N];
  if (!args(env, info, argv)) return nullptr;
  Array p, h;
  get_array(env, argv[0], &p);
  get_array(env, argv[N - 1], &h);
  const int64_t n = get_int(env, argv[N - 2]);
  const double* hp = static_cast<const double*>(h.data);
  if (p.type == napi_float32_array) step(0.0f, argv, n, hp);
  else step(0.0, argv, n, hp);
  return undefined(env);
}

// adam(p, pOff, g, gOff, m, mOff, v, vOff, vmax | null, vmaxOff, n, h)
napi_value Adam(napi_env env, napi_callback_info info) {
  return optimizer_entry<12>(env, info, [env](auto tag, napi_value* a, int64_t n, const double* h) {
    using T = decltype(tag);
    adam_step(at<T>(env, a[0], a[1]), at<const T>(env, a[2], a[3]), at<T>(env, a[4], a[5]), at<T>(env, a[6], a[7]), at<T>(env, a[8], a[9]), n, h);
  });
}

// sgd(p, pOff, g, gOff, buf | null, bufOff, n, h)
napi_value Sgd(napi_env env, napi_callback_info info) {
  return optimizer_entry<8>(env, info, [env](auto tag, napi_value* a, int64_t n, const double* h) {
    using T = decltype(tag);
    sgd_step(at<T>(env, a[0], a[1]), at<const T>(env, a[2], a[3]), at<T>(env, a[4], a[5]), n, h);
  });
}

// adadelta(p, pOff, g, gOff, squareAvg, squareAvgOff, accDelta, accDeltaOff, n, h)
napi_value Adadelta(napi_env env, napi_callback_info info) {
  return optimizer_entry<10>(env, info, [env](auto tag, napi_value* a, int64_t n, const double* h) {
    using T = decltype(tag);
    adadelta_step(at<T>(env, a[0], a[1]), at<const T>(env, a[2], a[3]), at<T>(env, a[4], a[5]), at<T>(env, a[6], a[7]), n, h);
  });
}

napi_value SetNumThreads(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!args(env, info, argv)) return nullptr;
  int n = static_cast<int>(get_int(env, argv[0]));
  try {
    pool().resize(std::max(1, n));
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, (std::string("set_num_threads: could not start ") + std::to_string(n) + " threads (" + e.what() + "); using 1").c_str());
    return nullptr;
  }
  return undefined(env);
}

napi_value GetNumThreads(napi_env env, napi_callback_info) {
  napi_value r;
  napi_create_int32(env, pool().size(), &r);
  return r;
}

// Note [optional BLAS]: OpenBLAS is opened by name when the addon first loads, so
// that one binary (a prebuilt one above all) runs where it is installed and where
// it is not, and no cblas.h is needed to build. TENSORGRAD_NO_BLAS=1 leaves it
// closed, as on a machine without it (the tests' way to check that machine).
// Loaded once per process: worker threads load the addon again.
const char* load_blas() {
#ifdef TG_BLAS
  const char* off = std::getenv("TENSORGRAD_NO_BLAS");
  if (off != nullptr && *off != '\0' && std::strcmp(off, "0") != 0) return "none";
  for (const char* name : {"libopenblas.so.0", "libopenblas.so", "libopenblas.0.dylib", "libopenblas.dylib"}) {
    void* lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) continue;
    auto sgemm = reinterpret_cast<cblas_sgemm_fn>(dlsym(lib, "cblas_sgemm"));
    auto dgemm = reinterpret_cast<cblas_dgemm_fn>(dlsym(lib, "cblas_dgemm"));
    auto set_threads = reinterpret_cast<void (*)(int)>(dlsym(lib, "openblas_set_num_threads"));
    if (sgemm == nullptr || dgemm == nullptr) {
      dlclose(lib);
      continue;
    }
    if (set_threads != nullptr) set_threads(1);  // Note [one thread pool]
    tg::blas.sgemm = sgemm;
    tg::blas.dgemm = dgemm;
    return "openblas";  // kept open for the process's life
  }
#endif
  return "none";
}

const char* blas_name() {
  static const char* const name = load_blas();  // C++11: initialised once, thread-safe
  return name;
}

napi_value Info(napi_env env, napi_callback_info) {
  napi_value r;
  napi_create_string_utf8(env, blas_name(), NAPI_AUTO_LENGTH, &r);
  return r;
}

// Note [allocation reuse]: tensors of 32 KiB and up get their storage from
// malloc (V8's ArrayBuffer allocator, and Buffer.allocUnsafeSlow for kernel
// outputs). glibc serves blocks over its mmap threshold with fresh mmap pages
// and gives freed heap tops back to the system, so every new activation or
// gradient paid its page faults again (about 0.5 ms per 4 MB). Raising both
// thresholds keeps freed blocks in the heap for the next tensor of that size,
// which is what PyTorch's CPU allocator gets from glibc's dynamic threshold.
// 32 MiB is the highest threshold glibc takes, and a larger block still came
// from mmap: the MNIST example's second convolution unfolds into 42 MB, and its
// step took 348 ms, 120 ms once no block is mmapped (M_MMAP_MAX 0: the heap
// serves every size; glibc still maps memory when the heap cannot grow).
// The word language model frees about 2 GB of 93 MB blocks a step, and with
// 256 MiB of free heap top allowed the trims and refaults cost 70-80 thousand
// page faults and 0.7 s of system time a step (1.3-1.5 s, 0.5 s at 1 GiB).
// The price: up to 1 GiB freed at the heap's top stays with the process.
void tune_allocator() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_MMAP_MAX, 0);
#endif
}

napi_value Init(napi_env env, napi_value exports) {
  tune_allocator();
  const struct {
    const char* name;
    napi_callback cb;
  } fns[] = {{"matmul", Matmul}, {"binary", Binary}, {"unary", Unary}, {"reduceMiddle", ReduceMiddle}, {"softmax", Softmax}, {"softmaxBackward", SoftmaxBackward}, {"maxPool2d", MaxPool2d}, {"maxPool2dBackward", MaxPool2dBackward}, {"conv2d", Conv2d}, {"conv2dBackward", Conv2dBackward}, {"take", Take}, {"copyStrided", CopyStrided}, {"putAdd", PutAdd}, {"bernoulli", Bernoulli}, {"disjointChunks", DisjointChunks}, {"compareScalar", CompareScalar}, {"where", Where}, {"thresholdBackward", ThresholdBackward}, {"adam", Adam}, {"sgd", Sgd}, {"adadelta", Adadelta},
             {"setNumThreads", SetNumThreads}, {"getNumThreads", GetNumThreads}, {"blas", Info}};
  for (const auto& f : fns) {
    napi_value fn;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.cb, nullptr, &fn);
    napi_set_named_property(env, exports, f.name, fn);
  }
  blas_name();  // before any kernel runs
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)