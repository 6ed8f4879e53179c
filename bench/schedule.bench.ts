/**
 * `npm run bench:schedule`: what the reminders cost. A feature release sits in community testing with
 * nobody answering while the clock moves 42 days through the app, as the shell's `/time +42d` does: every
 * hourly and daily check runs in order (3,108 slots), judged against SQLite, with its reminders
 * queued and delivered by the dry-run publishers. Printed, never asserted.
 */
import { performance } from 'node:perf_hooks';
import { CronSlots } from '../src/schedule/cron-slots.js';
import { DAY } from '../src/ground/clock.js';
import { createTestApp, startInDevTesting } from '../test/helpers/test-app.js';

const t = createTestApp();
try {
  await t.app.start();
  await startInDevTesting(t);
  const before = performance.now();
  await t.clock.advanceTo(t.clock.now() + 42 * DAY);
  await t.app.worker.idle();
  const elapsed = performance.now() - before;
  const reminders = t.app.store.db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE key LIKE 'remind:%' AND destination = 'matrix'").get()?.n ?? 0;

  const slots = new CronSlots('0 9 * * 1-5', 'Europe/Berlin');
  const n = 2000;
  let at = Date.parse('2026-01-05T00:00:00Z');
  const started = performance.now();
  for (let i = 0; i < n; i++) at = slots.next(at) ?? at;
  const perNext = (performance.now() - started) / n;
  slots.dispose();

  process.stdout.write(
    [
      `42 simulated days of checks (3 hourly and 2 daily jobs: ${42 * 24 * 3 + 42 * 2} slots): ${elapsed.toFixed(0)} ms, ${reminders} reminders queued and delivered`,
      `next weekday-09:00 slot in Europe/Berlin (node-cron match): ${(perNext * 1000).toFixed(0)} µs per call`,
    ].join('\n') + '\n',
  );
} finally {
  await t.close();
}
