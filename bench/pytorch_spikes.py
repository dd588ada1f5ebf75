"""The `spikes` task as SpyTorch's tutorial 1 runs it in PyTorch, timed.

The network, the data and the training loop are the notebook's own code
(fzenke/spytorch, notebooks/SpyTorchTutorial1.ipynb, Friedemann Zenke, CC BY 4.0),
with its SuperSpike surrogate (scale 100), on one CPU thread. `cargo xtask bench
--pytorch` runs it beside `gradscope train` for the ratio of the two.

Usage: python pytorch_spikes.py [--epochs N] [--seed S]
Prints one JSON object: wall-clock and CPU seconds of the training loop, epochs,
and the training accuracy before and after.
"""

import argparse
import json
import time

import numpy as np
import torch
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=1000)
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()

torch.set_num_threads(1)
torch.set_num_interop_threads(1)
torch.manual_seed(args.seed)
np.random.seed(args.seed)

# ---- the notebook, cell by cell ----
nb_inputs = 100
nb_hidden = 4
nb_outputs = 2

time_step = 1e-3
nb_steps = 200

batch_size = 256

dtype = torch.float
device = torch.device("cpu")

freq = 5  # Hz
prob = freq * time_step
mask = torch.rand((batch_size, nb_steps, nb_inputs), device=device, dtype=dtype)
x_data = torch.zeros((batch_size, nb_steps, nb_inputs), device=device, dtype=dtype, requires_grad=False)
x_data[mask < prob] = 1.0

y_data = torch.tensor(1 * (np.random.rand(batch_size) < 0.5), device=device)

tau_mem = 10e-3
tau_syn = 5e-3

alpha = float(np.exp(-time_step / tau_syn))
beta = float(np.exp(-time_step / tau_mem))

weight_scale = 7 * (1.0 - beta)  # this should give us some spikes to begin with

w1 = torch.empty((nb_inputs, nb_hidden), device=device, dtype=dtype, requires_grad=True)
torch.nn.init.normal_(w1, mean=0.0, std=weight_scale / np.sqrt(nb_inputs))

w2 = torch.empty((nb_hidden, nb_outputs), device=device, dtype=dtype, requires_grad=True)
torch.nn.init.normal_(w2, mean=0.0, std=weight_scale / np.sqrt(nb_hidden))


class SurrGradSpike(torch.autograd.Function):
    scale = 100.0  # controls steepness of surrogate gradient

    @staticmethod
    def forward(ctx, input):
        ctx.save_for_backward(input)
        out = torch.zeros_like(input)
        out[input > 0] = 1.0
        return out

    @staticmethod
    def backward(ctx, grad_output):
        (input,) = ctx.saved_tensors
        grad_input = grad_output.clone()
        grad = grad_input / (SurrGradSpike.scale * torch.abs(input) + 1.0) ** 2
        return grad


spike_fn = SurrGradSpike.apply


def run_snn(inputs):
    h1 = torch.einsum("abc,cd->abd", (inputs, w1))
    syn = torch.zeros((batch_size, nb_hidden), device=device, dtype=dtype)
    mem = torch.zeros((batch_size, nb_hidden), device=device, dtype=dtype)

    mem_rec = []
    spk_rec = []

    # Compute hidden layer activity
    for t in range(nb_steps):
        mthr = mem - 1.0
        out = spike_fn(mthr)
        rst = out.detach()  # We do not want to backprop through the reset

        new_syn = alpha * syn + h1[:, t]
        new_mem = (beta * mem + syn) * (1.0 - rst)

        mem_rec.append(mem)
        spk_rec.append(out)

        mem = new_mem
        syn = new_syn

    mem_rec = torch.stack(mem_rec, dim=1)
    spk_rec = torch.stack(spk_rec, dim=1)

    # Readout layer
    h2 = torch.einsum("abc,cd->abd", (spk_rec, w2))
    flt = torch.zeros((batch_size, nb_outputs), device=device, dtype=dtype)
    out = torch.zeros((batch_size, nb_outputs), device=device, dtype=dtype)
    out_rec = [out]
    for t in range(nb_steps):
        new_flt = alpha * flt + h2[:, t]
        new_out = beta * out + flt

        flt = new_flt
        out = new_out

        out_rec.append(out)

    out_rec = torch.stack(out_rec, dim=1)
    other_recs = [mem_rec, spk_rec]
    return out_rec, other_recs


def classification_accuracy():
    output, _ = run_snn(x_data)
    m, _ = torch.max(output, 1)  # max over time
    _, am = torch.max(m, 1)  # argmax over output units
    return float(np.mean((y_data == am).detach().cpu().numpy()))


accuracy_start = classification_accuracy()

params = [w1, w2]
optimizer = torch.optim.Adam(params, lr=2e-3, betas=(0.9, 0.999))

log_softmax_fn = nn.LogSoftmax(dim=1)
loss_fn = nn.NLLLoss()

start, start_cpu = time.perf_counter(), time.process_time()
loss_hist = []
for e in range(args.epochs):
    output, _ = run_snn(x_data)
    m, _ = torch.max(output, 1)
    log_p_y = log_softmax_fn(m)
    loss_val = loss_fn(log_p_y, y_data)

    optimizer.zero_grad()
    loss_val.backward()
    optimizer.step()
    loss_hist.append(loss_val.item())
seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu

print(
    json.dumps(
        {
            "seconds": seconds,
            "cpu_seconds": cpu_seconds,
            "epochs": args.epochs,
            "accuracy_start": accuracy_start,
            "accuracy_end": classification_accuracy(),
            "loss_end": loss_hist[-1],
        }
    )
)
