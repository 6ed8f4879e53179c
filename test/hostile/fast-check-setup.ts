/**
 * Every property in the suite runs with the same fixed seed and at least 1,000 inputs, so a failure seen in
 * CI reproduces locally. HOSTILE_SEED=<n> runs another sequence; HOSTILE_RUNS=<n> runs more inputs.
 */
import fc from 'fast-check';

const seed = Number(process.env['HOSTILE_SEED'] ?? 20_260_826);
const numRuns = Math.max(1_000, Number(process.env['HOSTILE_RUNS'] ?? 1_000));
fc.configureGlobal({ seed, numRuns });
console.log(`[hostile] fast-check seed ${seed}, ${numRuns} runs per property (HOSTILE_SEED=${seed} to reproduce)`);
