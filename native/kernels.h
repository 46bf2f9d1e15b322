// tensorgrad's CPU kernels.
//
// Note [one kernel source]: a kernel is written once, here, and built twice:
// native/addon.cc wraps it for Node (N-API, threaded, built for the CPU or as
// prebuilt variants per x86-64 level, OpenBLAS when it loads) and native/wasm.cc exports it from WebAssembly (SIMD128, one
// thread: TG_NO_THREADS). Both sit behind one JS wrapper,
// src/backend/kernels/index.ts, which decides what goes to a kernel. This file
// includes nothing of N-API or WebAssembly. Every kernel takes pointers
// already offset to the first element and writes a contiguous output that its
// caller allocated.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <climits>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>
#ifdef TG_WASM_THREADS
#include <atomic>
#endif
#ifndef TG_NO_THREADS
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#endif

#include "float_math.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace tg {

// The register tile of gemm_blocked: MR rows of C by two vectors' columns, MR x 2
// accumulators. 256-bit vectors, 4 rows for x86-64 (16 or 32 vector registers);
// wasm's SIMD128 sets its own (scripts/build-wasm.sh).
#ifndef TG_VECTOR_BYTES
#define TG_VECTOR_BYTES 32
#endif
#ifndef TG_GEMM_ROWS
#define TG_GEMM_ROWS 4
#endif

// ---- thread pool -------------------------------------------------------------
// Note [thread wake-up]: handing work to the pool costs a wake-up of its sleeping
// threads, measured at 20-100 us on the 2-core VMs here: a 65,536-element add took
// 20 us on one thread and 40 us on two. Work is split only from kParallelElements
// elements (kParallelWork multiply-adds for a matrix product), where it pays. Inside
// the MLP training step a 128x256x128 product took 96-158 us split in two, 88-92 us
// on one thread (alone, split: 67-93 us) while workers slept between tasks; since they
// spin between tasks (Note [pool claims]) splitting it pays: from 2^22 and not 2^23,
// the MLP step's median went 2.06 -> 1.85-1.92 ms and the MNIST MLP step's 2.00 -> 1.89
// and 2.38 -> 2.17 ms (alternating blocks in one process); the CNN's was unchanged.
// Splitting elements from 2^16 instead of 2^18 changed nothing measurable. WebAssembly's
// workers wait (atomic wait) as soon as a task ends, so there products split from 2^23.
//
// Note [pool claims]: a task is split into a few chunks per thread, and the
// caller and the workers all claim them, one at a time, with a CAS on one word
// holding (task number, next chunk). So a worker that wakes late, or whose core
// is busy (V8's concurrent GC threads share the two cores), only leaves its
// chunks to the others, where a fixed split made every op wait for its slowest
// thread. The caller spins (then yields) while the last chunks finish: they are
// short, and sleeping would add a wake-up. Between tasks a worker spins for up
// to kWorkerSpin, yielding its core every 64 pauses (to V8's GC threads, say),
// then sleeps, as OpenMP's runtime does: a training step's parallel ops come a
// few hundred microseconds apart, and a worker woken from sleep (its vCPU halted)
// came so late that the caller had run the whole product alone, so the step on
// two threads took as long as on one. Measured in alternating blocks of one
// process: the MLP step 1.94 -> 1.66 ms, the 1e6 elementwise step 2.12 -> 1.79 ms
// (spinning 50 us gained nothing, 200 us half of it).
// A task is published only once its fields are written; but a worker that
// woke late may hold the finished task's exhausted claim word (task, chunks)
// while the caller already writes the next task's fields, and a larger next
// chunk count would let its CAS "claim" a chunk that does not exist, run it,
// and count it off the next task's pending chunks (seen as a hang in CI). So
// the caller first closes the old word (its chunk index set to kClosed):
// a stale CAS then fails, and no chunk index passes the bound.
constexpr uint64_t kClosed = 0xffffffffu;
constexpr int64_t kParallelElements = 1 << 18;
#ifdef TG_WASM_THREADS
constexpr int64_t kParallelWork = int64_t(1) << 23;  // wasm's workers sleep between tasks
#else
constexpr int64_t kParallelWork = int64_t(1) << 22;
#endif
/** The grain of an elementwise parallel_for: it splits from kParallelElements elements. */
constexpr int64_t kGrain = kParallelElements / 2;

#ifndef TG_NO_THREADS
constexpr std::chrono::microseconds kWorkerSpin{1000};

class Pool;
extern thread_local Pool* tls_pool;

class Pool {
 public:
  explicit Pool(int n) { resize(n); }
  ~Pool() { stop(); }

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  // Throws std::system_error when the system cannot start that many threads; the pool then has one thread.
  void resize(int n) {
    stop();
    stopping_ = false;
    try {
      for (int i = 1; i < std::max(1, n); i++) workers_.emplace_back([this] { loop(); });
    } catch (...) {
      stop();
      stopping_ = false;
      throw;
    }
  }

  // Runs fn(begin, end) over [0, n) in chunks of at least `grain`, at most chunks_per_thread per
  // thread, claimed by the caller and the workers alike (Note [pool claims]).
  void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn, int chunks_per_thread = 4) {
    const int threads = size();
    // Called from inside a pool task (a batched matmul's item): run inline, the threads are busy.
    if (n < 2 * grain || threads == 1 || inside_) {
      fn(0, n);
      return;
    }
    close_claims();
    int64_t chunks = std::min<int64_t>(int64_t(threads) * chunks_per_thread, n / grain);
    step_ = (n + chunks - 1) / chunks;
    chunks_ = (n + step_ - 1) / step_;
    n_ = n;
    fn_ = &fn;
    pending_.store(chunks_, std::memory_order_relaxed);
    const uint32_t task = ++task_number_;
    claim_.store(uint64_t(task) << 32, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0) {
      { std::lock_guard<std::mutex> lock(mu_); }
      cv_.notify_all();
    }
    work(task);
    // The last chunks run on workers: wait for them without sleeping (they are short), yielding the core when long.
    for (int spins = 0; pending_.load(std::memory_order_acquire) != 0; spins++) {
      if (spins < 4096) cpu_relax();
      else std::this_thread::yield();
    }
  }

 private:
  static void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }

  // Note [pool claims]: before the next task's fields change, the finished task's claim word is closed.
  void close_claims() {
    claim_.store(claim_.load(std::memory_order_relaxed) | kClosed, std::memory_order_seq_cst);
    std::atomic_thread_fence(std::memory_order_seq_cst);
  }

  /** Claims and runs chunks of task `task` until none is left (or a newer task replaced it). */
  void work(uint32_t task) {
    inside_ = true;
    for (;;) {
      uint64_t c = claim_.load(std::memory_order_acquire);
      if (static_cast<uint32_t>(c >> 32) != task || static_cast<int64_t>(c & 0xffffffffu) >= chunks_) break;
      if (!claim_.compare_exchange_weak(c, c + 1, std::memory_order_acq_rel)) continue;
      // The claim holds the task open (pending_ > 0), so its fields stay as they are.
      const int64_t begin = static_cast<int64_t>(c & 0xffffffffu) * step_;
      (*fn_)(begin, std::min(n_, begin + step_));
      pending_.fetch_sub(1, std::memory_order_acq_rel);
    }
    inside_ = false;
  }

  uint32_t current_task() const { return static_cast<uint32_t>(claim_.load(std::memory_order_seq_cst) >> 32); }

  /** A worker's life: wait for a new task (spinning, then asleep), help with it, wait again. */
  void loop() {
    tls_pool = this;
    uint32_t seen = current_task();
    for (;;) {
      if (!spin_for_task(seen)) {
        std::unique_lock<std::mutex> lock(mu_);
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        cv_.wait(lock, [&] { return stopping_ || current_task() != seen; });
        sleepers_.fetch_sub(1, std::memory_order_seq_cst);
        if (stopping_) return;
      }
      seen = current_task();
      work(seen);
    }
  }

  /** Whether a task newer than `seen` came within kWorkerSpin (Note [pool claims]). */
  bool spin_for_task(uint32_t seen) const {
    const auto until = std::chrono::steady_clock::now() + kWorkerSpin;
    for (int i = 1;; i++) {
      if (current_task() != seen) return true;
      cpu_relax();
      if (i % 64 == 0) {
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::yield();
      }
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
  }

  static thread_local bool inside_;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::atomic<int32_t> sleepers_{0};
  std::atomic<uint64_t> claim_{0};
  std::atomic<int64_t> pending_{0};
  uint32_t task_number_ = 0;
  const std::function<void(int64_t, int64_t)>* fn_ = nullptr;
  int64_t n_ = 0, step_ = 0, chunks_ = 0;
};

thread_local bool Pool::inside_ = false;

// Note [a pool per JS thread]: every JS thread that calls the addon (the main
// thread, each worker_thread) gets its own pool, made on first use and joined
// when that thread exits, so two isolates never share a task slot. A pool's
// own workers see the pool that runs them (tls_pool), so nested calls stay in it.
thread_local Pool* tls_pool = nullptr;
thread_local std::unique_ptr<Pool> tls_owned_pool;

Pool& pool() {
  if (tls_pool == nullptr) {
    tls_owned_pool = std::make_unique<Pool>(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    tls_pool = tls_owned_pool.get();
  }
  return *tls_pool;
}
#else
#ifdef TG_WASM_THREADS
// ---- WebAssembly threads -------------------------------------------------------
// Note [wasm threads]: WebAssembly has no pthreads here (Debian's wasi-libc is
// single-threaded), so the pool is built from what it does have: each worker
// is a JS Worker (a Web Worker, or a worker_thread in Node) running its own
// instance of this module over the same shared memory, with its own stack
// (src/backend/wasm/index.ts sets its __stack_pointer), parked in
// tg_worker_main. Kernels, lambdas and their captures all live in that shared
// memory, and every instance has the same function table, so a task is just
// a function pointer and a context pointer. The calling (JS main) thread
// publishes a task, wakes the workers, takes chunks itself, then spins until
// every chunk is done: a browser's main thread may not block on a wait.
// Chunks are claimed with a CAS on one word holding (task number, next
// chunk), so a worker that wakes late can never claim a chunk of a newer task
// from a stale read. The heap is shared too: wasm.cc locks operator new.
class Pool {
 public:
  int size() const { return std::min(limit_, workers_.load() + 1); }
  void resize(int n) { limit_ = std::max(1, n); }

  template <typename F>
  void parallel_for(int64_t n, int64_t grain, const F& fn, int chunks_per_thread = 4) {
    int threads = size();
    // Inside a task (a batched matmul's item, on any thread): run inline, the threads are busy.
    if (n < 2 * grain || threads == 1 || active_) {
      fn(0, n);
      return;
    }
    close_claims();
    int chunks = static_cast<int>(std::min<int64_t>(int64_t(threads) * chunks_per_thread, n / grain));
    uint32_t task = task_number_.load(std::memory_order_relaxed) + 1;
    task_number_.store(task, std::memory_order_relaxed);
    run_ = [](const void* f, int64_t b, int64_t e) { (*static_cast<const F*>(f))(b, e); };
    fn_ = &fn;
    n_ = n;
    step_ = (n + chunks - 1) / chunks;
    chunks_ = (n + step_ - 1) / step_;
    pending_.store(static_cast<int32_t>(chunks_), std::memory_order_relaxed);
    active_ = true;
    claim_.store(uint64_t(task) << 32, std::memory_order_release);
    wake_.fetch_add(1, std::memory_order_release);
    __builtin_wasm_memory_atomic_notify(reinterpret_cast<int*>(&wake_), static_cast<unsigned>(threads - 1));
    work(task);
    while (pending_.load(std::memory_order_acquire) != 0) {
    }
    active_ = false;
  }

  /** A worker's life: wait for a task, help with its chunks, wait again. */
  [[noreturn]] void worker_main() {
    workers_.fetch_add(1);
    int32_t seen = wake_.load(std::memory_order_acquire);
    for (;;) {
      __builtin_wasm_memory_atomic_wait32(reinterpret_cast<int*>(&wake_), seen, -1);
      seen = wake_.load(std::memory_order_acquire);
      work(static_cast<uint32_t>(claim_.load(std::memory_order_acquire) >> 32));
    }
  }

 private:
  // Note [pool claims]: before the next task's fields change, the finished task's claim word is closed.
  void close_claims() {
    claim_.store(claim_.load(std::memory_order_relaxed) | kClosed, std::memory_order_seq_cst);
    std::atomic_thread_fence(std::memory_order_seq_cst);
  }

  /** Claims and runs chunks of task `task` until none is left (or a newer task replaced it). */
  void work(uint32_t task) {
    for (;;) {
      uint64_t c = claim_.load(std::memory_order_acquire);
      if (static_cast<uint32_t>(c >> 32) != task || static_cast<int64_t>(c & 0xffffffffu) >= chunks_) return;
      if (!claim_.compare_exchange_weak(c, c + 1, std::memory_order_acq_rel)) continue;
      // The claim holds the task open (pending_ > 0), so its fields stay as they are.
      int64_t begin = static_cast<int64_t>(c & 0xffffffffu) * step_;
      run_(fn_, begin, std::min(n_, begin + step_));
      pending_.fetch_sub(1, std::memory_order_release);
    }
  }

  std::atomic<int32_t> workers_{0};
  std::atomic<int32_t> wake_{0};
  std::atomic<uint32_t> task_number_{0};
  std::atomic<uint64_t> claim_{0};
  std::atomic<int32_t> pending_{0};
  int limit_ = 1 << 30;
  bool active_ = false;
  void (*run_)(const void*, int64_t, int64_t) = nullptr;
  const void* fn_ = nullptr;
  int64_t n_ = 0, step_ = 0, chunks_ = 0;
};
#else
// One thread (WebAssembly without shared memory): parallel_for runs inline.
class Pool {
 public:
  int size() const { return 1; }
  void resize(int) {}
  template <typename F>
  void parallel_for(int64_t n, int64_t, const F& fn, int = 1) { fn(0, n); }
};
#endif
// WebAssembly: one pool, in the module's memory (worker instances share it: Note [wasm threads]).
inline Pool& pool() {
  static Pool p;
  return p;
}
#endif

// ---- matrix product -----------------------------------------------------------

// Note [relaxed SIMD]: SIMD128 has no fused multiply-add, and V8 turns gemm's
// inner step (a broadcast of A times two vectors of B, added to 8 accumulators)
// into 8 multiplies and 8 adds, about 30 instructions per 64 flops: the front end,
// not the FP pipes, bounded it (26 GFLOP/s on matmul 512 here, one thread).
// Relaxed SIMD's f32x4.relaxed_madd is one vfmadd231ps where the CPU has FMA
// (35 GFLOP/s, best of 40 runs each: 7.6 against 10.3 ms). Its rounding is the
// engine's choice (fused or not), as a BLAS's is; the -relaxed modules carry it,
// and an engine that does not validate them gets the plain ones
// (src/backend/wasm/index.ts, RELAXED_SIMD_PROBE).
template <typename V>
inline V multiply_add(V a, V b, V c) {
#ifdef __wasm_relaxed_simd__
  if constexpr (sizeof(a[0]) == 4) return __builtin_wasm_relaxed_madd_f32x4(a, b, c);
  else return __builtin_wasm_relaxed_madd_f64x2(a, b, c);
#elif defined(__FMA__) || defined(__ARM_FEATURE_FMA)
  // Fused by hand: the addon is built without contraction (Note [float32 transcendentals]); GCC makes one vector FMA of it.
  V r;
  for (int l = 0; l < static_cast<int>(sizeof(V) / sizeof(a[0])); l++) r[l] = std::fma(a[l], b[l], c[l]);
  return r;
#else
  return a * b + c;
#endif
}

// C[m x n] = A[m x k] B[k x n] for strided A and B, C row-major with leading dim ldc: the kernel
// used when no BLAS was found. B is packed into panels of NR columns (zero-padded), each row block
// of MR rows of A into a k x MR strip, and an MR x NR tile of C is kept in vector registers for the
// whole k loop (GCC vector types, so it compiles to the build machine's widest SIMD).
template <typename T>
void gemm_blocked(const T* A, int64_t ars, int64_t acs, const T* B, int64_t brs, int64_t bcs, T* C, int64_t ldc, int64_t m, int64_t k, int64_t n, const T* bias) {
  constexpr int W = TG_VECTOR_BYTES / sizeof(T);  // lanes of one vector
  typedef T vec __attribute__((vector_size(TG_VECTOR_BYTES)));
  constexpr int MR = TG_GEMM_ROWS, NR = 2 * W;
  const int64_t panels = (n + NR - 1) / NR, full = n / NR;
  std::vector<T> Bp(static_cast<size_t>(panels * k * NR));
  // Full panels in fixed-width copies (vector moves where B's rows are contiguous); the last, partial
  // one zero-padded. Packing is O(k n) against the product's O(m k n), which matters where m is small:
  // on wasm 4x784x256 took 206 us and 149 us after, the MLP's weight gradient 256x128x784 1974 and 1615.
  for (int64_t jp = 0; jp < full; jp++) {
    T* dst = Bp.data() + jp * k * NR;
    const T* src = B + jp * NR * bcs;
    if (bcs == 1)
      for (int64_t p = 0; p < k; p++) std::memcpy(dst + p * NR, src + p * brs, sizeof(T) * NR);
    else
      for (int64_t p = 0; p < k; p++)
        for (int j = 0; j < NR; j++) dst[p * NR + j] = src[p * brs + j * bcs];
  }
  for (int64_t jp = full; jp < panels; jp++)
    for (int64_t p = 0; p < k; p++)
      for (int64_t j = 0; j < NR; j++) Bp[(jp * k + p) * NR + j] = jp * NR + j < n ? B[p * brs + (jp * NR + j) * bcs] : T(0);
  const int64_t blocks = (m + MR - 1) / MR;
  pool().parallel_for(blocks, 4, [&](int64_t b0, int64_t b1) {
    std::vector<T> Ap(static_cast<size_t>(k * MR));
    alignas(TG_VECTOR_BYTES) T tile[MR][NR];
    for (int64_t bi = b0; bi < b1; bi++) {
      const int64_t i0 = bi * MR, rows = std::min<int64_t>(MR, m - i0);
      for (int64_t p = 0; p < k; p++)
        for (int r = 0; r < MR; r++) Ap[p * MR + r] = r < rows ? A[(i0 + r) * ars + p * acs] : T(0);
      for (int64_t jp = 0; jp < panels; jp++) {
        vec acc[MR][2] = {};
        const T* bp = Bp.data() + jp * k * NR;
        const T* ap = Ap.data();
        for (int64_t p = 0; p < k; p++, bp += NR, ap += MR) {
          vec v0, v1;
          std::memcpy(&v0, bp, sizeof v0);
          std::memcpy(&v1, bp + W, sizeof v1);
          for (int r = 0; r < MR; r++) {
            vec a;  // a splat; `vec{} + ap[r]` would add 0.0 first (-0.0 + 0.0 is not -0.0)
            for (int l = 0; l < W; l++) a[l] = ap[r];
            acc[r][0] = multiply_add(a, v0, acc[r][0]);
            acc[r][1] = multiply_add(a, v1, acc[r][1]);
          }
        }
        const int64_t j0 = jp * NR, cols = std::min<int64_t>(NR, n - j0);
        for (int r = 0; r < MR; r++) {
          std::memcpy(&tile[r][0], &acc[r][0], sizeof(vec));
          std::memcpy(&tile[r][W], &acc[r][1], sizeof(vec));
        }
        if (bias != nullptr) {
          for (int64_t r = 0; r < rows; r++)
            for (int64_t j = 0; j < cols; j++) C[(i0 + r) * ldc + j0 + j] = tile[r][j] + bias[j0 + j];
        } else {
          for (int64_t r = 0; r < rows; r++)
            for (int64_t j = 0; j < cols; j++) C[(i0 + r) * ldc + j0 + j] = tile[r][j];
        }
      }
    }
  });
}

#ifdef TG_BLAS
// Note [optional BLAS]: the addon finds OpenBLAS when it loads (native/addon.cc)
// rather than linking it, so one binary runs with or without it; these are the
// few declarations of cblas.h that gemm uses (the values are CBLAS's standard
// ones), and the functions are null until found.
enum CBLAS_ORDER { CblasRowMajor = 101, CblasColMajor = 102 };
enum CBLAS_TRANSPOSE { CblasNoTrans = 111, CblasTrans = 112, CblasConjTrans = 113 };
typedef void (*cblas_sgemm_fn)(CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, int, int, int, float, const float*, int, const float*, int, float, float*, int);
typedef void (*cblas_dgemm_fn)(CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, int, int, int, double, const double*, int, const double*, int, double, double*, int);
struct Blas {
  cblas_sgemm_fn sgemm = nullptr;
  cblas_dgemm_fn dgemm = nullptr;
};
// Set once, before any kernel runs (the addon's first load), and only read after.
inline Blas blas;

// cblas handles a matrix whose rows or columns are contiguous: returns the transpose flag and leading dim.
inline bool blas_layout(int64_t rs, int64_t cs, int64_t rows, int64_t cols, CBLAS_TRANSPOSE* t, int* ld) {
  if (cs == 1 && rs >= std::max<int64_t>(cols, 1)) {
    *t = CblasNoTrans;
    *ld = static_cast<int>(rs);
    return true;
  }
  if (rs == 1 && cs >= std::max<int64_t>(rows, 1)) {
    *t = CblasTrans;
    *ld = static_cast<int>(cs);
    return true;
  }
  return false;
}
#endif

// A row-major contiguous copy of a strided matrix (O(rows x cols), against the product's O(m k n)).
template <typename T>
std::vector<T> packed(const T* X, int64_t rs, int64_t cs, int64_t rows, int64_t cols) {
  std::vector<T> out(static_cast<size_t>(rows * cols));
  for (int64_t i = 0; i < rows; i++)
    for (int64_t j = 0; j < cols; j++) out[i * cols + j] = X[i * rs + j * cs];
  return out;
}

// C = A @ B, plus bias (a row of n, or null) on every row: with BLAS the rows start
// as the bias and the product adds to them (beta 1, PyTorch's addmm), which costs
// nothing, as BLAS reads C back either way.
template <typename T>
void gemm(const T* A, int64_t ars, int64_t acs, const T* B, int64_t brs, int64_t bcs, T* C, int64_t ldc, int64_t m, int64_t k, int64_t n, const T* bias) {
#ifdef TG_BLAS
  if (blas.sgemm != nullptr && blas.dgemm != nullptr) {  // Note [optional BLAS]
    CBLAS_TRANSPOSE ta, tb;
    int lda, ldb;
    // An operand BLAS cannot read (e.g. a broadcast gradient, all strides 0) is packed first.
    std::vector<T> Ap, Bp;
    if (!blas_layout(ars, acs, m, k, &ta, &lda)) {
      Ap = packed(A, ars, acs, m, k);
      A = Ap.data(), ars = k, acs = 1;
    }
    if (!blas_layout(brs, bcs, k, n, &tb, &ldb)) {
      Bp = packed(B, brs, bcs, k, n);
      B = Bp.data(), brs = n, bcs = 1;
    }
    if (blas_layout(ars, acs, m, k, &ta, &lda) && blas_layout(brs, bcs, k, n, &tb, &ldb)) {
      if (bias != nullptr)
        for (int64_t i = 0; i < m; i++) std::memcpy(C + i * ldc, bias, static_cast<size_t>(n) * sizeof(T));
      const T beta = bias != nullptr ? T(1) : T(0);
      if constexpr (std::is_same<T, float>::value)
        blas.sgemm(CblasRowMajor, ta, tb, m, n, k, 1.0f, A, lda, B, ldb, beta, C, ldc);
      else
        blas.dgemm(CblasRowMajor, ta, tb, m, n, k, 1.0, A, lda, B, ldb, beta, C, ldc);
      return;
    }
  }
#endif
  gemm_blocked(A, ars, acs, B, brs, bcs, C, ldc, m, k, n, bias);
}

// Note [one thread pool]: OpenBLAS runs single-threaded (set at load) and our pool
// splits the work: the items of a batch across threads, or one product's rows (or
// columns) into one slab per thread. With OpenBLAS's own threads beside ours, its
// idle threads spin while our elementwise kernels run, and the two pools fight
// over the cores (measured: the same product 0.3 ms alone, 4 ms inside a training step).
template <typename T>
void batched_gemm(const T* A, int64_t abs, int64_t ars, int64_t acs, const T* B, int64_t bbs, int64_t brs, int64_t bcs, T* C, int64_t batch, int64_t m, int64_t k, int64_t n, const T* bias) {
  const int threads = pool().size();
  const int64_t work = m * k * n;
  if (batch >= threads && batch > 1) {
    pool().parallel_for(batch, std::max<int64_t>(1, kParallelWork / 2 / std::max<int64_t>(work, 1)), [&](int64_t b0, int64_t b1) {
      for (int64_t i = b0; i < b1; i++) gemm(A + i * abs, ars, acs, B + i * bbs, brs, bcs, C + i * m * n, n, m, k, n, bias);
    });
    return;
  }
  for (int64_t i = 0; i < batch; i++) {
    const T* a = A + i * abs;
    const T* b = B + i * bbs;
    T* c = C + i * m * n;
    if (threads == 1 || work < kParallelWork) {
      gemm(a, ars, acs, b, brs, bcs, c, n, m, k, n, bias);
    } else if (m >= n) {
      pool().parallel_for(m, 16, [&](int64_t r0, int64_t r1) { gemm(a + r0 * ars, ars, acs, b, brs, bcs, c + r0 * n, n, r1 - r0, k, n, bias); }, 1);
    } else {
      pool().parallel_for(n, 16, [&](int64_t c0, int64_t c1) { gemm(a, ars, acs, b + c0 * bcs, brs, bcs, c + c0, n, m, k, c1 - c0, bias == nullptr ? nullptr : bias + c0); }, 1);
    }
  }
}
// A kernel's geometry, passed from JS as N doubles (a Float64Array), as integers.
template <int N>
void read_geometry(const double* from, int64_t (&g)[N]) {
  for (int i = 0; i < N; i++) g[i] = static_cast<int64_t>(from[i]);
}

// ---- convolution ------------------------------------------------------------------
// A convolution's geometry g: n, c, h, w (of x, unpadded), o, kh, kw, sh, sw, dh, dw, ho, wo, ph, pw.

// The columns of one output row's window element (i, j): the input columns x = q sw + j dw - pw
// that fall inside [0, w) form one run of q, [q0, q1); outside it the padding reads zeros.
inline void window_run(int64_t j, const int64_t* g, int64_t* q0, int64_t* q1) {
  const int64_t w = g[3], sw = g[8], dw = g[10], wo = g[12], pw = g[14], start = j * dw - pw;
  *q0 = start >= 0 ? 0 : std::min(wo, (-start + sw - 1) / sw);
  *q1 = start >= w ? *q0 : std::max(*q0, std::min(wo, (w - 1 - start) / sw + 1));
}

// The rows of one item's im2col columns [c kh kw, ho wo], in order: f(row, inside, from, q0, q1) for
// each; where the row is inside the input (not a padding row), its column q reads the item's x [c, h, w]
// at flat offset from + q sw for q in [q0, q1), and padding elsewhere (`from` may be negative: q0 skips it).
template <typename F>
void window_rows(const int64_t* g, F&& f) {
  const int64_t c = g[1], h = g[2], w = g[3], kh = g[5], kw = g[6], sh = g[7], dh = g[9], dw = g[10], ho = g[11], ph = g[13], pw = g[14];
  int64_t row = 0;
  for (int64_t ch = 0; ch < c; ch++)
    for (int64_t i = 0; i < kh; i++)
      for (int64_t j = 0; j < kw; j++) {
        int64_t q0, q1;
        window_run(j, g, &q0, &q1);
        for (int64_t r = 0; r < ho; r++, row++) {
          const int64_t y = r * sh + i * dh - ph;
          f(row, y >= 0 && y < h, (ch * h + y) * w + j * dw - pw, q0, q1);
        }
      }
}

// im2col of one item: x [c, h, w] to col [c kh kw, ho wo], zeros where a window reaches the padding.
template <typename T>
void unfold_item(const T* x, T* col, const int64_t* g) {
  const int64_t sw = g[8], wo = g[12];
  window_rows(g, [&](int64_t row, bool inside, int64_t from, int64_t q0, int64_t q1) {
    T* out = col + row * wo;
    if (!inside) {
      std::fill(out, out + wo, T(0));
      return;
    }
    std::fill(out, out + q0, T(0));
    for (int64_t q = q0; q < q1; q++) out[q] = x[from + q * sw];
    std::fill(out + q1, out + wo, T(0));
  });
}

// col2im of one item, the adjoint of unfold_item: dx [c, h, w] = 0, then each column added to the
// input element it was read from (padding reads drop out).
template <typename T>
void fold_item(const T* col, T* dx, const int64_t* g) {
  const int64_t sw = g[8], wo = g[12];
  std::fill(dx, dx + g[1] * g[2] * g[3], T(0));
  window_rows(g, [&](int64_t row, bool inside, int64_t from, int64_t q0, int64_t q1) {
    if (!inside) return;
    const T* in = col + row * wo;
    for (int64_t q = q0; q < q1; q++) dx[from + q * sw] += in[q];
  });
}

// Note [convolution forward]: a groups=1 convolution, one batch item at a time
// (items across the threads): the item's im2col columns [C kh kw, Ho Wo] go to
// a buffer of the thread's own, which stays in cache, and one product with the
// weight [O, C kh kw] writes the item's output, the bias added to its rows. The
// composed path unfolds the whole batch first (the MNIST CNN's second layer:
// 17.8 MB written, then read back by the product). bias null or [o].
template <typename T>
void conv2d_forward(const T* x, const T* weight, const T* bias, T* y, const int64_t* g) {
  const int64_t n = g[0], c = g[1], h = g[2], w = g[3], o = g[4], kh = g[5], kw = g[6], ho = g[11], wo = g[12];
  const int64_t k = c * kh * kw, l = ho * wo;
  pool().parallel_for(n, 1, [&](int64_t b0, int64_t b1) {
    std::vector<T> cols(static_cast<size_t>(k * l));
    for (int64_t b = b0; b < b1; b++) {
      unfold_item(x + b * c * h * w, cols.data(), g);
      T* out = y + b * o * l;
      gemm(weight, k, int64_t(1), cols.data(), l, int64_t(1), out, l, o, k, l, static_cast<const T*>(nullptr));
      if (bias != nullptr)
        for (int64_t r = 0; r < o; r++)
          for (int64_t q = 0; q < l; q++) out[r * l + q] += bias[r];
    }
  }, 4);
}

// The gradients of that convolution for its input and weight (either may be null: not
// wanted), item by item as the forward goes (Note [convolution forward]): an item's input
// gradient is W^T gy folded back (col2im) into its own rows of gx; its weight gradient
// gy cols^T adds into the partial sum of its part of the batch, and the partial sums add up in
// order at the end. The parts depend on the thread count only above eight threads, so the
// sum's rounding does not change with the threads a machine has.
template <typename T>
void conv2d_backward(const T* gy, const T* x, const T* weight, T* gx, T* gw, const int64_t* g) {
  const int64_t n = g[0], c = g[1], h = g[2], w = g[3], o = g[4], kh = g[5], kw = g[6], ho = g[11], wo = g[12];
  const int64_t k = c * kh * kw, l = ho * wo;
  const int64_t parts = std::min<int64_t>(n, std::max(8, pool().size()));
  std::vector<T> partial(gw != nullptr ? static_cast<size_t>(parts * o * k) : 0);
  pool().parallel_for(parts, 1, [&](int64_t p0, int64_t p1) {
    std::vector<T> cols(static_cast<size_t>(k * l)), product(gw != nullptr ? static_cast<size_t>(o * k) : 0);
    for (int64_t p = p0; p < p1; p++) {
      T* sum = partial.data() + p * o * k;
      for (int64_t b = p * n / parts, end = (p + 1) * n / parts, first = b; b < end; b++) {
        const T* gyb = gy + b * o * l;
        if (gx != nullptr) {
          // W^T [k, o] reads the weight [o, k] transposed: row stride 1, column stride k.
          gemm(weight, int64_t(1), k, gyb, l, int64_t(1), cols.data(), l, k, o, l, static_cast<const T*>(nullptr));
          fold_item(cols.data(), gx + b * c * h * w, g);
        }
        if (gw != nullptr) {
          unfold_item(x + b * c * h * w, cols.data(), g);
          // gy [o, l] times cols^T [l, k]: cols [k, l] read with row stride 1, column stride l.
          T* into = b == first ? sum : product.data();
          gemm(gyb, l, int64_t(1), cols.data(), int64_t(1), l, into, k, o, l, k, static_cast<const T*>(nullptr));
          if (b != first)
            for (int64_t e = 0; e < o * k; e++) sum[e] += product[e];
        }
      }
    }
  }, 1);
  if (gw == nullptr) return;
  std::copy(partial.begin(), partial.begin() + o * k, gw);
  for (int64_t p = 1; p < parts; p++)
    for (int64_t e = 0; e < o * k; e++) gw[e] += partial[p * o * k + e];
}

// ---- random numbers ----------------------------------------------------------------
// PyTorch's CPU generator, mt19937, on the state src/random.ts keeps (624 words and the next
// word's index): the same stream as its JS methods, at about 2 ns a word where its JS method calls
// took 18.
inline void mt19937_twist(uint32_t* mt) {
  constexpr int N = 624, M = 397;
  auto mix = [](uint32_t upper, uint32_t lower, uint32_t far) {
    const uint32_t y = (upper & 0x80000000u) | (lower & 0x7fffffffu);
    return far ^ (y >> 1) ^ ((0u - (y & 1u)) & 0x9908b0dfu);
  };
  // Three runs, so that no index wraps (no modulo per word).
  int i = 0;
  for (; i < N - M; i++) mt[i] = mix(mt[i], mt[i + 1], mt[i + M]);
  for (; i < N - 1; i++) mt[i] = mix(mt[i], mt[i + 1], mt[i + M - N]);
  mt[N - 1] = mix(mt[N - 1], mt[0], mt[M - 1]);
}

inline uint32_t mt19937_next(uint32_t* mt, int64_t& index) {
  if (index >= 624) {
    mt19937_twist(mt);
    index = 0;
  }
  uint32_t y = mt[index++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

// bernoulli_(p) with a scalar p, as src/ops/creation.ts draws it in JS: out[i] = 1 where
// Generator.uniform53() (two words) falls below p, else 0. Returns the state's next index. One thread: the stream is serial.
template <typename T>
int64_t bernoulli53(uint32_t* mt, int64_t index, T* out, int64_t n, double p) {
  // u = bits / 2^53 < p exactly when bits < ceil(p 2^53) (p 2^53 is exact): an integer compare,
  // which compiles to a flag rather than a branch (a quarter mispredicted with p = 0.75).
  const uint64_t below = static_cast<uint64_t>(std::ceil(p * 9007199254740992.0));
  for (int64_t i = 0; i < n; i++) {
    const uint64_t hi = mt19937_next(mt, index), lo = mt19937_next(mt, index);
    out[i] = static_cast<T>((((hi & 0x1fffffu) << 32) | lo) < below);
  }
  return index;
}

// ---- optimizer steps ------------------------------------------------------------
// Note [fused optimizer steps]: PyTorch's single-tensor Adam/AdamW and SGD updates,
// each element once through registers, in place (what its `fused` / `foreach`
// implementations buy). Composed from tensor ops the same Adam update is a dozen
// passes and as many fresh arrays per parameter, and those arrays are what drives
// V8's collections in a training loop. The arithmetic is the composed form's, op by
// op in T (src/optim/optimizer.ts keeps that form for the backends without these
// kernels); `h` holds the hyperparameters in the order the kernels read them.

// The loops below are written to vectorise: each variant is its own loop (the
// template flags), pointers are restrict, and maximize / AdamW's decay are
// multiplications by exactly 1 or -1 / (1 - lr * weight_decay), which change
// nothing when off.

// h: lr, beta1, beta2, eps, weight_decay, decoupled (AdamW), maximize, step_size (lr / bias_correction1),
// bias_correction2_sqrt. vmax is null without amsgrad.
template <bool L2, bool AMSGRAD, typename T>
void adam_loop(T* __restrict__ p, const T* __restrict__ g, T* __restrict__ m, T* __restrict__ v, T* __restrict__ vmax, int64_t i0, int64_t i1, const double* h) {
  const T beta1 = T(h[1]), beta2 = T(h[2]), eps = T(h[3]), wd = T(h[4]);
  const T one_minus_beta1 = T(1 - h[1]), one_minus_beta2 = T(1 - h[2]);
  const T decay = h[5] != 0 ? T(1 - h[0] * h[4]) : T(1), sign = h[6] != 0 ? T(-1) : T(1);
  const T neg_step_size = T(-h[7]), bc2_sqrt = T(h[8]);
  for (int64_t i = i0; i < i1; i++) {
    T gi = g[i] * sign;
    const T pi = p[i] * decay;
    if constexpr (L2) gi = gi + wd * pi;
    const T mi = m[i] * beta1 + one_minus_beta1 * gi;
    const T vi = v[i] * beta2 + one_minus_beta2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    T second = vi;
    if constexpr (AMSGRAD) {
      const T old = vmax[i];
      second = (old != old || vi != vi) ? T(NAN) : (old > vi ? old : vi);
      vmax[i] = second;
    }
    p[i] = pi + neg_step_size * (mi / (std::sqrt(second) / bc2_sqrt + eps));
  }
}

template <typename T>
void adam_step(T* p, const T* g, T* m, T* v, T* vmax, int64_t n, const double* h) {
  const bool l2 = h[5] == 0 && h[4] != 0;
  pool().parallel_for(n, kGrain, [&](int64_t i0, int64_t i1) {
    if (l2) {
      if (vmax != nullptr) adam_loop<true, true>(p, g, m, v, vmax, i0, i1, h);
      else adam_loop<true, false>(p, g, m, v, vmax, i0, i1, h);
    } else {
      if (vmax != nullptr) adam_loop<false, true>(p, g, m, v, vmax, i0, i1, h);
      else adam_loop<false, false>(p, g, m, v, vmax, i0, i1, h);
    }
  });
}

// h: lr, momentum, dampening, weight_decay, nesterov, maximize, first (the buffer starts as the gradient).
// buf is null without momentum.
template <bool L2, bool MOMENTUM, typename T>
void sgd_loop(T* __restrict__ p, const T* __restrict__ g, T* __restrict__ buf, int64_t i0, int64_t i1, const double* h) {
  const T neg_lr = T(-h[0]), momentum = T(h[1]), one_minus_dampening = T(1 - h[2]), wd = T(h[3]);
  const bool nesterov = h[4] != 0, first = h[6] != 0;
  const T sign = h[5] != 0 ? T(-1) : T(1);
  for (int64_t i = i0; i < i1; i++) {
    T d = g[i] * sign;
    if constexpr (L2) d = d + wd * p[i];
    if constexpr (MOMENTUM) {
      const T b = first ? d : buf[i] * momentum + one_minus_dampening * d;
      buf[i] = b;
      d = nesterov ? d + momentum * b : b;
    }
    p[i] = p[i] + neg_lr * d;
  }
}

template <typename T>
void sgd_step(T* p, const T* g, T* buf, int64_t n, const double* h) {
  const bool l2 = h[3] != 0;
  pool().parallel_for(n, kGrain, [&](int64_t i0, int64_t i1) {
    if (l2) {
      if (buf != nullptr) sgd_loop<true, true>(p, g, buf, i0, i1, h);
      else sgd_loop<true, false>(p, g, buf, i0, i1, h);
    } else {
      if (buf != nullptr) sgd_loop<false, true>(p, g, buf, i0, i1, h);
      else sgd_loop<false, false>(p, g, buf, i0, i1, h);
    }
  });
}

// h: lr, rho, eps, weight_decay, maximize.
template <bool L2, typename T>
void adadelta_loop(T* __restrict__ p, const T* __restrict__ g, T* __restrict__ square_avg, T* __restrict__ acc_delta, int64_t i0, int64_t i1, const double* h) {
  const T neg_lr = T(-h[0]), rho = T(h[1]), one_minus_rho = T(1 - h[1]), eps = T(h[2]), wd = T(h[3]);
  const T sign = h[4] != 0 ? T(-1) : T(1);
  for (int64_t i = i0; i < i1; i++) {
    T gi = g[i] * sign;
    if constexpr (L2) gi = gi + wd * p[i];
    const T s = square_avg[i] * rho + one_minus_rho * gi * gi;
    square_avg[i] = s;
    const T delta = std::sqrt(acc_delta[i] + eps) / std::sqrt(s + eps) * gi;
    acc_delta[i] = acc_delta[i] * rho + one_minus_rho * delta * delta;
    p[i] = p[i] + neg_lr * delta;
  }
}

template <typename T>
void adadelta_step(T* p, const T* g, T* square_avg, T* acc_delta, int64_t n, const double* h) {
  const bool l2 = h[3] != 0;
  pool().parallel_for(n, kGrain, [&](int64_t i0, int64_t i1) {
    if (l2) adadelta_loop<true>(p, g, square_avg, acc_delta, i0, i1, h);
    else adadelta_loop<false>(p, g, square_avg, acc_delta, i0, i1, h);
  });
}

// ---- elementwise --------------------------------------------------------------

enum class Bin { Add, Sub, Mul, Div, Max, Min, Pow };

// mode 0: both contiguous of n; 1: b scalar (b[boff]); 2: a scalar; 3: b broadcast over a's leading
// and trailing dims, o[i] = f(a[i], b[(i / inner) % mid]) (a bias: a row of a matrix, a channel of an image).
template <typename T>
void binary_kernel(Bin op, const T* a, const T* b, T* o, int64_t n, int mode, int64_t mid, int64_t inner) {
  auto run = [&](auto f) {
    pool().parallel_for(n, kGrain, [&](int64_t i0, int64_t i1) {
      if (mode == 0)
        for (int64_t i = i0; i < i1; i++) o[i] = f(a[i], b[i]);
      else if (mode == 1) {
        const T s = b[0];
        for (int64_t i = i0; i < i1; i++) o[i] = f(a[i], s);
      } else if (mode == 2) {
        const T s = a[0];
        for (int64_t i = i0; i < i1; i++) o[i] = f(s, b[i]);
      } else if (inner == 1) {
        // Whole rows of b at a time, so the inner loop is contiguous in both.
        for (int64_t i = i0; i < i1;) {
          int64_t j = i % mid;
          const int64_t end = std::min(i1, i - j + mid);
          for (; i < end; i++, j++) o[i] = f(a[i], b[j]);
        }
      } else {
        for (int64_t i = i0; i < i1;) {
          const int64_t q = i / inner;
          const T s = b[q % mid];
          const int64_t end = std::min(i1, (q + 1) * inner);
          for (; i < end; i++) o[i] = f(a[i], s);
        }
      }
    });
  };
  switch (op) {
    case Bin::Add: run([](T x, T y) { return x + y; }); break;
    case Bin::Sub: run([](T x, T y) { return x - y; }); break;
    case Bin::Mul: run([](T x, T y) { return x * y; }); break;
    case Bin::Div: run([](T x, T y) { return x / y; }); break;
    case Bin::Max: run([](T x, T y) { return (x != x || y != y) ? NAN : (x > y ? x : y); }); break;
    case Bin::Min: run([](T x, T y) { return (x != x || y != y) ? NAN : (x < y ? x : y); }); break;
    case Bin::Pow:
      // PyTorch's pow_tensor_scalar_optimized_kernel: small exponents as products, in the tensor's type.
      if (mode == 1 && b[0] == T(2)) run([](T x, T) { return x * x; });
      else if (mode == 1 && b[0] == T(3)) run([](T x, T) { return x * x * x; });
      else if (mode == 1 && b[0] == T(0.5)) run([](T x, T) { return std::sqrt(x); });
      else if (mode == 1 && b[0] == T(-0.5)) run([](T x, T) { return T(1) / std::sqrt(x); });
      else if (mode == 1 && b[0] == T(-1)) run([](T x, T) { return T(1) / x; });
      else if (mode == 1 && b[0] == T(-2)) run([](T x, T) { return T(1) / (x * x); });
      else run([](T x, T y) { return std::pow(x, y); });
      break;
  }
}
// ---- float math -------------------------------------------------------------------
// exp, sigmoid, tanh, log1p and expm1 in float32: native/float_math.h (Note [float32 transcendentals]).

// o[i] = exp(x[i]) for i < n in T (o may be x): exp_f32 for float, libm for double.
template <typename T>
void exp_row(const T* x, T* o, int64_t n) {
  if constexpr (std::is_same<T, float>::value) map_lanes(x, o, n, [](auto v) { return exp_f32(v); });
  else
    for (int64_t i = 0; i < n; i++) o[i] = std::exp(x[i]);
}

// erf to float precision, branch-free: below 1 its Maclaurin series (12 terms, in
// double), above it Numerical Recipes' erfc (t exp(-z^2 + a polynomial in t), relative
// error under 1.2e-7, so erf = 1 - erfc is off by under 2e-8 there).
inline float erf_f32(float x) {
  const double z = std::fabs(static_cast<double>(x)), z2 = z * z;
  double p = -1.2290555301717926e-09;
  p = p * z2 + 1.4807192815879218e-08;
  p = p * z2 + -1.6365844691234924e-07;
  p = p * z2 + 1.6462114365889246e-06;
  p = p * z2 + -1.492565035840625e-05;
  p = p * z2 + 0.00012055332981789664;
  p = p * z2 + -0.0008548327023450852;
  p = p * z2 + 0.005223977625442188;
  p = p * z2 + -0.026866170645131252;
  p = p * z2 + 0.11283791670955126;
  p = p * z2 + -0.37612638903183754;
  p = p * z2 + 1.1283791670955126;
  const double small = z * p;
  const double t = 1.0 / (1.0 + 0.5 * z);
  const double q = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const double large = 1.0 - t * static_cast<double>(exp_f32(static_cast<float>(q - z2)));
  return std::copysign(static_cast<float>(z < 1.0 ? small : large), x);
}

// The unary ops with a native kernel, in the order of UNARY_OPS in src/backend/kernels/index.ts.
enum class Un { Exp, Log, Tanh, Sigmoid, Relu, Neg, Sqrt, Rsqrt, Abs, Square, Reciprocal, Sin, Cos, Erf, Log1p, Expm1 };

// o = f(x) for f a generic lambda over one of float_math.h's functions (Note [float32 transcendentals]).
template <typename F>
void map_math(const float* x, float* o, int64_t n, F f) {
  pool().parallel_for(n, kGrain, [&](int64_t i0, int64_t i1) { map_lanes(x + i0, o + i0, i1 - i0, f); });
}

template <typename T>
void unary_kernel(Un op, const T* x, T* o, int64_t n) {
  auto run = [&](auto f) {
    pool().parallel_for(n, kGrain, [&](int64_t i0, int64_t i1) {
      for (int64_t i = i0; i < i1; i++) o[i] = f(x[i]);
    });
  };
  constexpr bool f32 = std::is_same<T, float>::value;
  if (op == Un::Exp) {
    if constexpr (f32) map_math(x, o, n, [](auto v) { return exp_f32(v); });
    else run([](T v) { return std::exp(v); });
  } else if (op == Un::Log) run([](T v) { return std::log(v); });
  else if (op == Un::Tanh) {
    if constexpr (f32) map_math(x, o, n, [](auto v) { return tanh_f32(v); });
    else run([](T v) { return std::tanh(v); });
  } else if (op == Un::Sigmoid) {
    if constexpr (f32) map_math(x, o, n, [](auto v) { return sigmoid_f32(v); });
    else run([](T v) { return T(1) / (T(1) + std::exp(-v)); });
  }
  else if (op == Un::Relu) run([](T v) { return v > 0 ? v : (v != v ? v : T(0)); });
  else if (op == Un::Neg) run([](T v) { return -v; });
  else if (op == Un::Sqrt) run([](T v) { return std::sqrt(v); });
  else if (op == Un::Rsqrt) run([](T v) { return T(1) / std::sqrt(v); });
  else if (op == Un::Abs) run([](T v) { return std::fabs(v); });
  else if (op == Un::Square) run([](T v) { return v * v; });
  else if (op == Un::Reciprocal) run([](T v) { return T(1) / v; });
  else if (op == Un::Sin) run([](T v) { return std::sin(v); });
  else if (op == Un::Cos) run([](T v) { return std::cos(v); });
  else if (op == Un::Erf) {
    if constexpr (f32) run([](float v) { return erf_f32(v); });
    else run([](T v) { return std::erf(v); });
  } else if (op == Un::Log1p) {
    if constexpr (f32) map_math(x, o, n, [](auto v) { return log1p_f32(v); });
    else run([](T v) { return std::log1p(v); });
  } else if (op == Un::Expm1) {
    if constexpr (f32) map_math(x, o, n, [](auto v) { return expm1_f32(v); });
    else run([](T v) { return std::expm1(v); });
  }
}
// The sum over j < n of f(j) in eight double lanes: independent accumulators the
// compiler turns into SIMD adds.
template <typename F>
double lane_sum(int64_t n, const F& f) {
  double lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t j = 0;
  for (; j + 8 <= n; j += 8)
    for (int l = 0; l < 8; l++) lane[l] += f(j + l);
  double acc = ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
  for (; j < n; j++) acc += f(j);
  return acc;
}

template <typename T>
double sum_contiguous(const T* p, int64_t n) {
  return lane_sum(n, [p](int64_t j) { return static_cast<double>(p[j]); });
}

// out[r] = sum of row r of contiguous rows, accumulated in double.
template <typename T, typename O>
void sum_rows(const T* x, int64_t rows, int64_t inner, O* out) {
  if (rows < pool().size() && inner >= kParallelElements) {
    // Few long rows (a full sum): split each row across the threads.
    for (int64_t r = 0; r < rows; r++) {
      const T* p = x + r * inner;
      // One part per thread, added in a fixed order so that the result does not depend on timing.
      const int parts = pool().size();
      const int64_t step = (inner + parts - 1) / parts;
      std::vector<double> part(static_cast<size_t>(parts), 0.0);
      pool().parallel_for(parts, 1, [&](int64_t t0, int64_t t1) {
        for (int64_t t = t0; t < t1; t++) {
          const int64_t j0 = std::min(inner, t * step), j1 = std::min(inner, j0 + step);
          part[t] = sum_contiguous(p + j0, j1 - j0);
        }
      });
      double acc = 0;
      for (double v : part) acc += v;
      out[r] = static_cast<O>(acc);
    }
    return;
  }
  pool().parallel_for(rows, std::max<int64_t>(1, kGrain / std::max<int64_t>(inner, 1)), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; r++) out[r] = static_cast<O>(sum_contiguous(x + r * inner, inner));
  });
}

// ---- softmax ---------------------------------------------------------------------
// Note [fused softmax]: softmax and log_softmax over the last dim of contiguous
// rows in passes over one row at a time, while it is in cache (the max; the
// exponentials, into the output; their sum, added in double as the sum kernel
// adds; the write), and their gradients likewise (the row's sum; the write),
// where the composed tensor ops take six and four full passes, each into a fresh
// array (on the word language model's 700 x 33,278 logits, 35-65 ms a pass). The arithmetic is the composed ops' (src/ops/nn.ts),
// op by op in T: log_softmax (x - max) - log(sum), softmax exp(x - max) / sum,
// backward g - exp(y) * sum(g) and y * (g - sum(g * y)).
template <typename T>
void softmax_rows(const T* x, T* o, int64_t rows, int64_t size, bool log) {
  pool().parallel_for(rows, std::max<int64_t>(1, kGrain / std::max<int64_t>(size, 1)), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; r++) {
      const T* __restrict__ xr = x + r * size;
      T* __restrict__ out = o + r * size;
      T mx = -std::numeric_limits<T>::infinity();
      for (int64_t i = 0; i < size; i++) mx = std::max(mx, xr[i]);
      // The exponentials go through out, where wasm's exp runs in SIMD lanes.
      for (int64_t i = 0; i < size; i++) out[i] = T(xr[i] - mx);
      exp_row(out, out, size);
      const T sum = static_cast<T>(lane_sum(size, [&](int64_t i) { return static_cast<double>(out[i]); }));
      if (log) {
        const T log_sum = std::log(sum);
        for (int64_t i = 0; i < size; i++) out[i] = T(xr[i] - mx) - log_sum;
      } else {
        for (int64_t i = 0; i < size; i++) out[i] = out[i] / sum;
      }
    }
  });
}

template <typename T>
void softmax_backward_rows(const T* g, const T* y, T* o, int64_t rows, int64_t size, bool log) {
  pool().parallel_for(rows, std::max<int64_t>(1, kGrain / std::max<int64_t>(size, 1)), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; r++) {
      const T* __restrict__ gr = g + r * size;
      const T* __restrict__ yr = y + r * size;
      T* __restrict__ out = o + r * size;
      if (log) {
        const T sum = static_cast<T>(lane_sum(size, [&](int64_t i) { return static_cast<double>(gr[i]); }));
        exp_row(yr, out, size);
        for (int64_t i = 0; i < size; i++) out[i] = gr[i] - out[i] * sum;
      } else {
        const T sum = static_cast<T>(lane_sum(size, [&](int64_t i) { return static_cast<double>(T(gr[i] * yr[i])); }));
        for (int64_t i = 0; i < size; i++) out[i] = yr[i] * T(gr[i] - sum);
      }
    }
  });
}

// reduceMiddle(op, x, xOffset, outer, red, inner, out): x read as contiguous [outer, red, inner],
// reduced over the middle dim; out is [outer, inner]. max/min propagate NaN; argmax/argmin give
// the first best index (a NaN counts as best), into a Float64Array (int64 storage). As the TS kernel.
template <typename T, typename O>
void reduce_middle(int op, const T* x, int64_t outer, int64_t red, int64_t inner, O* out) {
  const bool arg = op >= 3, is_max = op == 1 || op == 3;
  // Columns [j0, j1) of outer row o, in blocks that fit on the stack.
  auto rows = [&](int64_t o, int64_t j0, int64_t j1) {
    constexpr int64_t B = 256;
    double acc[B];
    T best[B];
    int32_t at[B];
    const T* start = x + o * red * inner;
    O* dst = out + o * inner;
    for (int64_t b0 = j0; b0 < j1; b0 += B) {
      const int64_t w = std::min(B, j1 - b0);
      const T* first = start + b0;
      if (op == 0) {
        for (int64_t j = 0; j < w; j++) acc[j] = first[j];
        for (int64_t r = 1; r < red; r++) {
          const T* row = first + r * inner;
          for (int64_t j = 0; j < w; j++) acc[j] += row[j];
        }
        for (int64_t j = 0; j < w; j++) dst[b0 + j] = static_cast<O>(acc[j]);
        continue;
      }
      for (int64_t j = 0; j < w; j++) best[j] = first[j], at[j] = 0;
      for (int64_t r = 1; r < red; r++) {
        const T* row = first + r * inner;
        const int32_t ri = static_cast<int32_t>(r);
        // Branch-free, so that it vectorises: a NaN already held stays; a new NaN or a better value replaces.
        if (is_max)
          for (int64_t j = 0; j < w; j++) {
            const T v = row[j], b = best[j];
            const bool take = b == b && (v != v || v > b);
            best[j] = take ? v : b;
            at[j] = take ? ri : at[j];
          }
        else
          for (int64_t j = 0; j < w; j++) {
            const T v = row[j], b = best[j];
            const bool take = b == b && (v != v || v < b);
            best[j] = take ? v : b;
            at[j] = take ? ri : at[j];
          }
      }
      for (int64_t j = 0; j < w; j++) dst[b0 + j] = arg ? static_cast<O>(at[j]) : static_cast<O>(best[j]);
    }
  };
  if (inner == 1 && op == 0) {
    sum_rows(x, outer, red, out);
  } else if (outer >= pool().size() || inner < 1024) {
    pool().parallel_for(outer, std::max<int64_t>(1, kGrain / std::max<int64_t>(red * inner, 1)), [&](int64_t o0, int64_t o1) {
      for (int64_t o = o0; o < o1; o++) rows(o, 0, inner);
    });
  } else {
    for (int64_t o = 0; o < outer; o++) pool().parallel_for(inner, std::max<int64_t>(1024, kGrain / std::max<int64_t>(red, 1)), [&](int64_t j0, int64_t j1) { rows(o, j0, j1); });
  }
}
// max_pool2d's forward with its indices: x is [planes, h, w] (padded with -inf
// already), g holds planes, h, w, kh, kw, sh, sw, dh, dw, ho, wo; out and idx are
// [planes, ho, wo], idx the flat offset in x of each window's pick. The pick is
// the first maximum, or the first NaN (which propagates), as the composed path
// (a max over unfolded windows) picks; its gradient goes there.
template <typename T>
void max_pool2d(const T* x, T* out, int32_t* idx, const int64_t* g) {
  const int64_t h = g[1], w = g[2], kh = g[3], kw = g[4], sh = g[5], sw = g[6], dh = g[7], dw = g[8], ho = g[9], wo = g[10];
  pool().parallel_for(g[0], std::max<int64_t>(1, kGrain / std::max<int64_t>(ho * wo * kh * kw, 1)), [&](int64_t p0, int64_t p1) {
    // A row of outputs at a time, each window element a pass of selects over the row: a branch per
    // element mispredicts on every other one with data in random order (10.9 against 2.9 ms here).
    std::vector<T> best_row(static_cast<size_t>(wo));
    std::vector<int32_t> at_row(static_cast<size_t>(wo));
    for (int64_t p = p0; p < p1; p++)
      for (int64_t y = 0; y < ho; y++) {
        T* __restrict best = best_row.data();
        int32_t* __restrict at = at_row.data();
        const int64_t first = p * h * w + y * sh * w;
        for (int64_t c = 0; c < wo; c++) best[c] = x[first + c * sw], at[c] = static_cast<int32_t>(first + c * sw);
        for (int64_t i = 0; i < kh; i++)
          for (int64_t j = 0; j < kw; j++) {
            if (i == 0 && j == 0) continue;
            const int64_t off = first + i * dh * w + j * dw;
            const T* __restrict row = x + off;
            for (int64_t c = 0; c < wo; c++) {
              const T v = row[c * sw], b = best[c];
              const bool take = b == b && (v > b || v != v);
              best[c] = take ? v : b;
              at[c] = take ? static_cast<int32_t>(off + c * sw) : at[c];
            }
          }
        const int64_t o = (p * ho + y) * wo;
        std::memcpy(out + o, best, static_cast<size_t>(wo) * sizeof(T));
        std::memcpy(idx + o, at, static_cast<size_t>(wo) * sizeof(int32_t));
      }
  });
}

// max_pool2d's gradient: gx [planes, plane_in] zeroed, then each output's gradient gy [planes, plane_out]
// added at its pick (idx, flat offsets into gx as max_pool2d wrote them). A plane's picks lie in that
// plane, so the planes split across threads without two writing one element.
template <typename T>
void max_pool2d_backward(const T* gy, const int32_t* idx, T* gx, int64_t planes, int64_t plane_in, int64_t plane_out) {
  pool().parallel_for(planes, std::max<int64_t>(1, kGrain / std::max<int64_t>(plane_in, 1)), [&](int64_t p0, int64_t p1) {
    std::fill(gx + p0 * plane_in, gx + p1 * plane_in, T(0));
    for (int64_t i = p0 * plane_out; i < p1 * plane_out; i++) gx[idx[i]] += gy[i];
  });
}

// take(x, xOffset, index: Int32Array, out): out[i] = x[xOffset + index[i]] (a contiguous source).
template <typename T>
void take_kernel(const T* x, const int32_t* index, T* out, int64_t n) {
  pool().parallel_for(n, kGrain, [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; i++) out[i] = x[index[i]];
  });
}
// copyStrided(src, offset, shape: Float64Array, strides: Float64Array, out): out, contiguous, is src read
// through the view's geometry (a transpose, permute, flip, narrow or broadcast), row by row.
template <typename T>
void copy_strided(const T* src, const std::vector<int64_t>& shape, const std::vector<int64_t>& strides, T* out) {
  const int nd = static_cast<int>(shape.size());
  const int64_t inner = shape[nd - 1], step = strides[nd - 1];
  int64_t rows = 1;
  for (int d = 0; d < nd - 1; d++) rows *= shape[d];
  pool().parallel_for(rows, std::max<int64_t>(1, kGrain / std::max<int64_t>(inner, 1)), [&](int64_t r0, int64_t r1) {
    // The offset of row r0, then each next row's by carrying through the outer dims.
    std::vector<int64_t> coord(static_cast<size_t>(std::max(nd - 1, 0)), 0);
    int64_t off = 0;
    for (int64_t r = r0, d = nd - 2; d >= 0; d--) {
      coord[d] = r % shape[d];
      r /= shape[d];
      off += coord[d] * strides[d];
    }
    for (int64_t row = r0; row < r1; row++) {
      T* o = out + row * inner;
      const T* p = src + off;
      if (step == 1) std::memcpy(o, p, static_cast<size_t>(inner) * sizeof(T));
      else for (int64_t j = 0; j < inner; j++) o[j] = p[j * step];
      for (int d = nd - 2; d >= 0; d--) {
        if (++coord[d] < shape[d]) {
          off += strides[d];
          break;
        }
        off -= (shape[d] - 1) * strides[d];
        coord[d] = 0;
      }
    }
  });
}
// putAdd(out, index: Int32Array, src, srcOffset, parallel): out[index[i]] += src[srcOffset + i]; negative
// index skipped. Two indices may name the same element, so the scatter runs on several threads only when
// the caller found (with disjointChunks, once per index array) that the per-thread chunks of the source
// land in disjoint ranges of out (col2im and pooling backward write each sample's own image).
inline int put_add_threads(int64_t n) { return n >= kParallelElements ? pool().size() : 1; }

// Whether put_add may scatter idx in parallel: the per-thread chunks of it land in disjoint ranges.
inline bool disjoint_chunks(const int32_t* idx, int64_t n) {
  const int threads = put_add_threads(n);
  const int64_t step = (n + threads - 1) / threads;
  std::vector<int32_t> lo(threads, INT32_MAX), hi(threads, -1);
  for (int t = 0; t < threads; t++)
    for (int64_t i = t * step, end = std::min(n, (t + 1) * step); i < end; i++)
      if (idx[i] >= 0) lo[t] = std::min(lo[t], idx[i]), hi[t] = std::max(hi[t], idx[i]);
  bool disjoint = threads > 1;
  for (int a = 0; a < threads; a++)
    for (int b = a + 1; b < threads; b++)
      if (lo[a] <= hi[b] && lo[b] <= hi[a]) disjoint = false;
  return disjoint;
}

template <typename T>
void put_add(T* o, const int32_t* idx, const T* s, int64_t n, bool parallel) {
  const int threads = parallel ? put_add_threads(n) : 1;
  const int64_t step = (n + threads - 1) / threads;
  pool().parallel_for(threads, 1, [&](int64_t t0, int64_t t1) {
    for (int64_t i = t0 * step, end = std::min(n, t1 * step); i < end; i++) if (idx[i] >= 0) o[idx[i]] += s[i];
  });
}

// compareScalar(op, x, xOffset, scalar, out: Uint8Array, n): out[i] = x[i] <op> scalar.
// The comparisons with a scalar, in the order of COMPARE_OPS in src/backend/native/index.ts.
enum class Cmp { Le, Lt, Ge, Gt, Eq, Ne };

template <typename T>
void compare_kernel(Cmp op, const T* x, T s, uint8_t* o, int64_t n) {
  auto run = [&](auto f) {
    pool().parallel_for(n, kGrain, [=](int64_t i0, int64_t i1) {
      // Restrict-qualified locals: a uint8_t store may alias anything, which would keep the loop scalar.
      const T* __restrict xx = x;
      uint8_t* __restrict oo = o;
      const auto g = f;
      for (int64_t i = i0; i < i1; i++) oo[i] = g(xx[i]) ? 1 : 0;
    });
  };
  if (op == Cmp::Le) run([s](T v) { return v <= s; });
  else if (op == Cmp::Lt) run([s](T v) { return v < s; });
  else if (op == Cmp::Ge) run([s](T v) { return v >= s; });
  else if (op == Cmp::Gt) run([s](T v) { return v > s; });
  else if (op == Cmp::Eq) run([s](T v) { return v == s; });
  else run([s](T v) { return v != s; });
}
// where(cond: Uint8Array, cOffset, a, aOffset, aScalar, b, bOffset, bScalar, out, n): a or b may be a scalar
// (then its array is ignored and the scalar, given as a number, is used).
template <typename T>
void where_kernel(const uint8_t* c, const T* a, bool aS, T av, const T* b, bool bS, T bv, T* o, int64_t n) {
  // One loop per scalar/array combination, each a plain select the compiler vectorises
  // (with the scalars and pointers in locals: read through the captures, they might alias o).
  pool().parallel_for(n, kGrain, [=](int64_t i0, int64_t i1) {
    const uint8_t* __restrict cc = c;
    const T* __restrict aa = a;
    const T* __restrict bb = b;
    T* __restrict oo = o;
    const T x = av, y = bv;
    // Note [unconditional loads]: both sides are loaded before the select; a load
    // under the condition kept clang from if-converting the loop (wasm: a branch per
    // element, mispredicted on half of a ReLU's).
    if (aS && bS) for (int64_t i = i0; i < i1; i++) oo[i] = cc[i] ? x : y;
    else if (aS) for (int64_t i = i0; i < i1; i++) {
      const T vb = bb[i];
      oo[i] = cc[i] ? x : vb;
    }
    else if (bS) for (int64_t i = i0; i < i1; i++) {
      const T va = aa[i];
      oo[i] = cc[i] ? va : y;
    }
    else for (int64_t i = i0; i < i1; i++) {
      const T va = aa[i], vb = bb[i];
      oo[i] = cc[i] ? va : vb;
    }
  });
}

// threshold_backward(g, x, threshold): o = x <= threshold ? 0 : g, ReLU's gradient from its result in
// one pass, where where(x.le(0), 0, g) made a mask and a second pass (NaN in x passes g, as there).
template <typename T>
void threshold_backward(const T* g, const T* x, T threshold, T* o, int64_t n) {
  pool().parallel_for(n, kGrain, [=](int64_t i0, int64_t i1) {
    const T* __restrict gg = g;
    const T* __restrict xx = x;
    T* __restrict oo = o;
    const T th = threshold;
    for (int64_t i = i0; i < i1; i++) {
      const T v = gg[i];  // Note [unconditional loads]
      oo[i] = xx[i] <= th ? T(0) : v;
    }
  });
}

}  // namespace tg
