import * as tf from '@tensorflow/tfjs';

/** Time spent in one kernel, with its costliest input shapes. */
export interface KernelTime {
  kernel: string;
  /** Calls per profiled step. */
  calls: number;
  /** Wall-clock ms per step inside the kernel, excluding kernels it ran itself. */
  wallMs: number;
  /** Process CPU ms per step (all threads) inside the kernel, excluding nested kernels. */
  cpuMs: number;
  /** Per distinct input shapes (`nested` when run from inside another kernel), costliest first. */
  byShape: {shapes: string; calls: number; wallMs: number; cpuMs: number}[];
}

export interface KernelProfile {
  steps: number;
  /** Wall-clock and CPU ms per step, kernels and everything else (tape, gradients, JS). */
  stepWallMs: number;
  stepCpuMs: number;
  kernels: KernelTime[];
}

function cpuMsNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function describeInputs(inputs: tf.NamedTensorInfoMap): string {
  return Object.entries(inputs)
    .map(([name, info]) => (info == null ? name : `${name}${JSON.stringify(info.shape)}`))
    .join(' ');
}

interface Totals {
  calls: number;
  wallMs: number;
  cpuMs: number;
}

/**
 * Times every kernel of the active backend while `step` runs `steps` times: each registered
 * kernel is wrapped (and restored afterwards) so the time of one call, minus the kernels it
 * calls itself, is charged to its name and input shapes. Kernels on wasm and cpu are
 * synchronous, so wall-clock timing around the call is the kernel's time.
 */
export async function profileKernels(step: () => Promise<unknown>, steps: number): Promise<KernelProfile> {
  const backendName = tf.getBackend();
  const originals = tf.getKernelsForBackend(backendName);
  const totals = new Map<string, {all: Totals; byShape: Map<string, Totals>}>();
  // Per open kernel call: the wall and CPU time of the kernels it ran itself.
  const open: {wall: number; cpu: number}[] = [];
  const charge = (kernel: string, shapes: string, wall: number, cpu: number): void => {
    let entry = totals.get(kernel);
    if (entry === undefined) totals.set(kernel, (entry = {all: {calls: 0, wallMs: 0, cpuMs: 0}, byShape: new Map()}));
    let shape = entry.byShape.get(shapes);
    if (shape === undefined) entry.byShape.set(shapes, (shape = {calls: 0, wallMs: 0, cpuMs: 0}));
    for (const t of [entry.all, shape]) {
      t.calls++;
      t.wallMs += wall;
      t.cpuMs += cpu;
    }
  };
  for (const config of originals) {
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        open.push({wall: 0, cpu: 0});
        const wall0 = performance.now();
        const cpu0 = cpuMsNow();
        try {
          return config.kernelFunc(args);
        } finally {
          const wall = performance.now() - wall0;
          const cpu = cpuMsNow() - cpu0;
          const inner = open.pop()!;
          const parent = open[open.length - 1];
          if (parent !== undefined) {
            parent.wall += wall;
            parent.cpu += cpu;
          }
          const shapes = describeInputs(args.inputs) + (parent !== undefined ? ' (nested)' : '');
          charge(config.kernelName, shapes, wall - inner.wall, cpu - inner.cpu);
        }
      },
    });
  }
  let stepWallMs: number;
  let stepCpuMs: number;
  try {
    const wall0 = performance.now();
    const cpu0 = cpuMsNow();
    for (let i = 0; i < steps; i++) {
      await step();
    }
    stepWallMs = (performance.now() - wall0) / steps;
    stepCpuMs = (cpuMsNow() - cpu0) / steps;
  } finally {
    for (const config of originals) {
      tf.unregisterKernel(config.kernelName, backendName);
      tf.registerKernel(config);
    }
  }
  const perStep = (t: Totals) => ({calls: t.calls / steps, wallMs: t.wallMs / steps, cpuMs: t.cpuMs / steps});
  const kernels = [...totals.entries()]
    .map(([kernel, entry]) => ({
      kernel,
      ...perStep(entry.all),
      byShape: [...entry.byShape.entries()]
        .map(([shapes, t]) => ({shapes, ...perStep(t)}))
        .sort((a, b) => b.wallMs - a.wallMs),
    }))
    .sort((a, b) => b.wallMs - a.wallMs);
  return {steps, stepWallMs, stepCpuMs, kernels};
}

/** The top kernels as text: per kernel its ms per step, and its three costliest shapes. */
export function formatKernelProfile(profile: KernelProfile, top: number): string {
  const kernelWall = profile.kernels.reduce((s, k) => s + k.wallMs, 0);
  const kernelCpu = profile.kernels.reduce((s, k) => s + k.cpuMs, 0);
  const lines = [
    `per step (mean of ${profile.steps}): wall ${profile.stepWallMs.toFixed(1)} ms, cpu ${profile.stepCpuMs.toFixed(1)} ms; ` +
      `in kernels wall ${kernelWall.toFixed(1)} ms, cpu ${kernelCpu.toFixed(1)} ms; ` +
      `outside kernels wall ${(profile.stepWallMs - kernelWall).toFixed(1)} ms`,
    `${'kernel'.padEnd(22)} ${'wall ms'.padStart(8)} ${'cpu ms'.padStart(8)} ${'calls'.padStart(6)}`,
  ];
  for (const k of profile.kernels.slice(0, top)) {
    lines.push(`${k.kernel.padEnd(22)} ${k.wallMs.toFixed(2).padStart(8)} ${k.cpuMs.toFixed(2).padStart(8)} ${k.calls.toFixed(0).padStart(6)}`);
    for (const s of k.byShape.slice(0, 3)) {
      lines.push(`  ${s.wallMs.toFixed(2).padStart(27)} ${s.cpuMs.toFixed(2).padStart(8)} ${s.calls.toFixed(0).padStart(6)}  ${s.shapes}`);
    }
  }
  return lines.join('\n');
}
