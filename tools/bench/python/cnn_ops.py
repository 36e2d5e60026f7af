"""Times each heavy operation of the reference CNN's training step in PyTorch (CPU), op by op.

The shapes are those of tools/bench's `cnn` step (batch 128 of 28x28x1): the two convolutions'
forward passes, input and filter gradients (aten::convolution_backward, as autograd runs it),
ReLU and its gradient, max pooling and its gradient, the dense layers' matmuls and Adam over all
parameters. Prints one JSON object: {"torch": version, "threads": n, "ops": {name: median ms}}.
tools/bench/src/cnn_ops.ts prints it beside tfjs-wasm's times for the same operations.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

BATCH = 128


def timed(fn, repeats: int) -> float:
    for _ in range(2):
        fn()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    r = args.repeats
    g = torch.no_grad()
    g.__enter__()

    x1 = torch.rand(BATCH, 1, 28, 28)
    w1, b1 = torch.randn(32, 1, 3, 3) * 0.3, torch.randn(32) * 0.1
    y1 = torch.randn(BATCH, 32, 26, 26)
    x2 = torch.randn(BATCH, 32, 13, 13)
    w2, b2 = torch.randn(64, 32, 3, 3) * 0.1, torch.randn(64) * 0.1
    y2 = torch.randn(BATCH, 64, 11, 11)
    dy2 = torch.randn(BATCH, 64, 11, 11)
    dy1 = torch.randn(BATCH, 32, 26, 26)

    def conv_backward(dy, x, w, mask):
        return torch.ops.aten.convolution_backward(
            dy, x, w, [w.shape[0]], [1, 1], [0, 0], [1, 1], False, [0, 0], 1, mask)

    ops = {}
    ops["conv1 forward (+bias)"] = timed(lambda: F.conv2d(x1, w1, b1), r)
    ops["conv1 filter grad (+bias grad)"] = timed(lambda: conv_backward(dy1, x1, w1, [False, True, True]), r)
    ops["conv2 forward (+bias)"] = timed(lambda: F.conv2d(x2, w2, b2), r)
    ops["conv2 input grad"] = timed(lambda: conv_backward(dy2, x2, w2, [True, False, False]), r)
    ops["conv2 filter grad (+bias grad)"] = timed(lambda: conv_backward(dy2, x2, w2, [False, True, True]), r)
    ops["relu1 forward"] = timed(lambda: torch.relu(y1), r)
    ops["relu1 grad"] = timed(lambda: torch.ops.aten.threshold_backward(dy1, y1, 0), r)
    pooled1, idx1 = F.max_pool2d(y1, 2, return_indices=True)
    ops["maxpool1 forward"] = timed(lambda: F.max_pool2d(y1, 2, return_indices=True), r)
    dp1 = torch.randn_like(pooled1)
    ops["maxpool1 grad"] = timed(lambda: torch.ops.aten.max_pool2d_with_indices_backward(dp1, y1, [2, 2], [2, 2], [0, 0], [1, 1], False, idx1), r)
    pooled2, idx2 = F.max_pool2d(y2, 2, return_indices=True)
    ops["maxpool2 forward"] = timed(lambda: F.max_pool2d(y2, 2, return_indices=True), r)
    dp2 = torch.randn_like(pooled2)
    ops["maxpool2 grad"] = timed(lambda: torch.ops.aten.max_pool2d_with_indices_backward(dp2, y2, [2, 2], [2, 2], [0, 0], [1, 1], False, idx2), r)
    h = torch.randn(BATCH, 1600)
    wd = torch.randn(128, 1600) * 0.02
    dh = torch.randn(BATCH, 128)
    ops["dense1 forward [128,1600]x[1600,128]"] = timed(lambda: F.linear(h, wd), r)
    ops["dense1 input grad dy W^T"] = timed(lambda: dh.mm(wd), r)
    ops["dense1 filter grad x^T dy"] = timed(lambda: dh.t().mm(h), r)

    g.__exit__(None, None, None)
    params = [torch.randn(s, requires_grad=True) for s in [(32, 1, 3, 3), (32,), (64, 32, 3, 3), (64,), (128, 1600), (128,), (10, 128), (10,)]]
    for p in params:
        p.grad = torch.randn_like(p)
    optimizer = torch.optim.Adam(params, lr=1e-3)
    ops["Adam (all 8 variables)"] = timed(optimizer.step, r)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "ops": ops}))


if __name__ == "__main__":
    main()
