"""Times logProb + gradient of torch.distributions on the CPU, for tools/bench's `distributions`
command: Normal, Gamma, StudentT (gradient in every parameter) and MultivariateNormal with a
scale_tril (d = 32; gradient in loc and scale_tril), each on n points in one batch.
Prints one JSON object: {"torch": version, "threads": n, "ms": {name: [ms per repetition]}}.
"""
import argparse
import json
import time

import torch
from torch import distributions as D


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--mvn-n", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=32)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    n, d = args.n, args.dim

    x = torch.randn(n)
    xpos = torch.rand(n) * 5 + 0.01
    xm = torch.randn(args.mvn_n, d)
    tril = torch.tril(torch.randn(d, d) * 0.1) + torch.eye(d)

    def normal():
        loc, scale = torch.zeros(1, requires_grad=True), torch.ones(1, requires_grad=True)
        D.Normal(loc, scale).log_prob(x).sum().backward()

    def gamma():
        a, b = torch.full((1,), 2.0, requires_grad=True), torch.full((1,), 1.5, requires_grad=True)
        D.Gamma(a, b).log_prob(xpos).sum().backward()

    def student_t():
        df, loc, scale = (torch.full((1,), v, requires_grad=True) for v in (4.0, 0.0, 1.0))
        D.StudentT(df, loc, scale).log_prob(x).sum().backward()

    def mvn():
        loc = torch.zeros(d, requires_grad=True)
        s = tril.clone().requires_grad_(True)
        D.MultivariateNormal(loc, scale_tril=s).log_prob(xm).sum().backward()

    ms = {}
    for name, fn in [("Normal", normal), ("Gamma", gamma), ("StudentT", student_t), ("MultivariateNormalTriL", mvn)]:
        fn()  # warm-up
        times = []
        for _ in range(args.reps):
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        ms[name] = times
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "ms": ms}))


if __name__ == "__main__":
    main()
