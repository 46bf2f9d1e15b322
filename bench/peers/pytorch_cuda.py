# PyTorch CUDA's side of `npm run bench:gpu`: the same workloads, float32 with TF32 off.
import json, sys, time
import torch

if not torch.cuda.is_available():
    sys.exit(1)
torch.backends.cuda.matmul.allow_tf32 = False
dev = "cuda"


def median(fn, reps):
    fn(); torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter(); fn(); torch.cuda.synchronize(); times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[len(times) // 2]


out = {"device": torch.cuda.get_device_name()}
for n in json.loads(sys.argv[1]):
    a, b = torch.randn(n, n, device=dev), torch.randn(n, n, device=dev)
    out[f"matmul {n}"] = median(lambda: a @ b, 10)
for batch in json.loads(sys.argv[2]):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dev)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x, y = torch.randn(batch, 784, device=dev), torch.randint(0, 10, (batch,), device=dev)

    def step():
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad(); loss.backward(); opt.step()
        return loss

    out[f"MLP 784-256-128-10 SGD step, batch {batch}"] = median(step, 20)
print(json.dumps(out))
