"""Times training steps of the reference CNN in PyTorch (CPU), for tools/bench's `cnn` command.

The network matches apps/reference-cnn's referenceCnn(): conv 3x3x32 relu, maxpool 2,
conv 3x3x64 relu, maxpool 2, dense 128 relu, dense 10, Adam(1e-3), softmax cross-entropy.
Prints one JSON object: {"torch": version, "threads": n, "stepMs": [...]}.
"""
import argparse
import json
import time

import torch
from torch import nn


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    xs = torch.rand(args.batch_size, 1, 28, 28)
    ys = torch.randint(0, 10, (args.batch_size,))

    times = []
    for step in range(args.warmup + args.steps):
        started = time.perf_counter()
        optimizer.zero_grad()
        loss = loss_fn(model(xs), ys)
        loss.backward()
        optimizer.step()
        loss.item()
        if step >= args.warmup:
            times.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "stepMs": times}))


if __name__ == "__main__":
    main()
