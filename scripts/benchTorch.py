#!/usr/bin/python3
"""PyTorch reference for `npm run bench`: the lesson's skip model (190,771 parameters), one Adam
step with L1 loss, after warm-up, median. Prints one `RESULT {json}` line per size.
Usage: /usr/bin/python3 scripts/benchTorch.py THREADS SIZES BATCH [STEPS WARMUP]   (e.g. 2 64,128 16 5 2)
Needs Debian's python3-torch.
"""
import json, statistics, sys, time
import torch
from torch import nn
import torch.nn.functional as F

FORWARD_MACS_PER_PIXEL = 36681.25


class SkipModel(nn.Module):
    """Same layers, sizes and order as src/lib/models/encoderDecoder.ts with skips=True, output linear."""

    def __init__(self):
        super().__init__()
        conv = lambda i, o, k, s=1, p=0: nn.Conv2d(i, o, k, stride=s, padding=p)
        self.enc = nn.ModuleList([conv(1, 10, 3, p=1), conv(10, 20, 3, p=1)])
        self.down1 = conv(20, 30, 4, s=2)
        self.enc2 = nn.ModuleList([conv(30, 30, 3, p=1), conv(30, 40, 3, p=1)])
        self.down2 = conv(40, 40, 4, s=2)
        self.mid = nn.ModuleList([conv(40, 50, 3, p=1), conv(50, 50, 3, p=1)])
        self.up1 = nn.ConvTranspose2d(50, 40, 4, stride=2)
        self.up1_conv = conv(40, 40, 3)
        self.dec2 = nn.ModuleList([conv(80, 30, 3, p=1), conv(30, 30, 3, p=1)])
        self.up2 = nn.ConvTranspose2d(30, 20, 4, stride=2)
        self.up2_conv = conv(20, 20, 3)
        self.dec1 = nn.ModuleList([conv(40, 10, 3, p=1), conv(10, 10, 3, p=1)])
        self.out = conv(10, 1, 1)
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
                nn.init.kaiming_normal_(m.weight, nonlinearity='relu')
                nn.init.zeros_(m.bias)

    def forward(self, x):
        for c in self.enc:
            x = F.relu(c(x))
        skip1 = x
        x = F.relu(self.down1(F.pad(x, (1, 1, 1, 1))))
        for c in self.enc2:
            x = F.relu(c(x))
        skip2 = x
        x = F.relu(self.down2(F.pad(x, (1, 1, 1, 1))))
        for c in self.mid:
            x = F.relu(c(x))
        x = F.relu(self.up1_conv(F.relu(self.up1(x))))
        x = torch.cat([x, skip2], 1)
        for c in self.dec2:
            x = F.relu(c(x))
        x = F.relu(self.up2_conv(F.relu(self.up2(x))))
        x = torch.cat([x, skip1], 1)
        for c in self.dec1:
            x = F.relu(c(x))
        return self.out(x)


def time_step(size, batch, steps=5, warmup=2):
    model = SkipModel()
    assert sum(p.numel() for p in model.parameters()) == 190771
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, y = torch.rand(batch, 1, size, size), torch.rand(batch, 1, size, size)
    times, cpu = [], []
    for i in range(warmup + steps):
        t0, c0 = time.perf_counter(), time.process_time()
        opt.zero_grad(set_to_none=True)
        F.l1_loss(model(x), y).backward()
        opt.step()
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    med = statistics.median(times)
    gflop = 3 * 2 * FORWARD_MACS_PER_PIXEL * size * size * batch / 1e9
    return dict(variant=f'torch-{torch.__version__}-{torch.get_num_threads()}t', size=size, batch=batch,
                medianMs=round(med, 1), minMs=round(min(times), 1), medianCpuMs=round(statistics.median(cpu), 1),
                gflops=round(gflop / med * 1000, 2))


if __name__ == '__main__':
    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    sizes = [int(s) for s in (sys.argv[2] if len(sys.argv) > 2 else '64,128').split(',')]
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    steps = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    warmup = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    for s in sizes:
        print('RESULT ' + json.dumps(time_step(s, batch, steps, warmup)), flush=True)
