// Timing shared by the JS benches (bench/phones.mjs, bench/wasm-native.mjs).

import { performance } from "node:perf_hooks";

/** The median of `xs` (the upper middle one for an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs each of `fns` in turn, call by call, for about `seconds` (and at
 * least five calls each, after one to warm up), so that a change in the
 * machine's load falls on all of them alike; returns each one's median ms. */
export function timeAlternating(fns, seconds) {
  for (const fn of fns) fn();
  const samples = fns.map(() => []);
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline || samples[0].length < 5) {
    fns.forEach((fn, i) => {
      const t = performance.now();
      fn();
      samples[i].push(performance.now() - t);
    });
  }
  return samples.map(median);
}
