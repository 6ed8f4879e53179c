/**
 * Releases in every stage for the status page's tests, made through the real commands on a manual clock:
 * v0.4.0 released, v0.4.1 aborted, v0.5.0 in stage 3 after a restart and an overridden gate, v0.6.0 in
 * stage 2 with some testers' answers, v0.4.2 (a patch) overdue in stage 1, v0.7.0 in stage 0. Hostile
 * text in notes and reasons checks the escaping.
 */
import { DAY, HOUR } from '../../src/ground/clock.js';
import { allTestersOk, type TestApp } from './test-app.js';

export const HOSTILE = '<script>window.__pwned=1</script><img src=x onerror=alert(1)> & "quotes"';

export async function seedEveryStage(t: TestApp): Promise<void> {
  const ok = async (text: string, as?: string): Promise<void> => {
    const said = await t.say(text, as);
    if (said.tone !== 'ok') throw new Error(`${text} was refused: ${said.text}`);
  };
  const wait = (ms: number): Promise<void> => t.clock.advanceBy(ms);
  t.ci.set('pass');

  // v0.4.0: through every stage to the release.
  await ok('!release new v0.4.0');
  await wait(2 * HOUR);
  await ok('!release advance v0.4.0');
  await wait(6 * DAY);
  await ok('!release advance v0.4.0');
  await wait(5 * DAY);
  await allTestersOk(t, 'v0.4.0');
  await ok('!release advance v0.4.0');
  await wait(7 * DAY);
  await allTestersOk(t, 'v0.4.0');
  await ok('!release advance v0.4.0');

  // v0.4.1: a patch that was called off.
  await wait(1 * DAY);
  await ok('!release new v0.4.1');
  await wait(3 * HOUR);
  await ok('!release abort v0.4.1 the fix landed upstream instead');

  // v0.5.0: restarted once, then a gate forced with testers still out.
  await wait(1 * DAY);
  await ok('!release new v0.5.0');
  await wait(3 * HOUR);
  await ok('!release advance v0.5.0');
  await wait(2 * DAY);
  await ok(`!release restart v0.5.0 bitswap panic ${HOSTILE}`);
  await wait(4 * HOUR);
  await ok('!release advance v0.5.0');
  await wait(2 * DAY);
  await ok('!release advance v0.5.0');
  await wait(1 * DAY);
  await ok('!tested v0.5.0 ok', 'infura');
  await ok(`!tested v0.5.0 issue ${HOSTILE}`, 'textile');
  await ok('!tested v0.5.0 skip', 'pinata');
  await wait(2 * DAY);
  await ok(`!release advance v0.5.0 --force ${HOSTILE} ok by email`);
  await wait(1 * DAY);
  await ok('!tested v0.5.0 ok looks good in prod', 'infura');
  await ok('!tested v0.5.0 ok', 'qri');

  // v0.6.0: in community dev testing with some answers in.
  await ok('!release new v0.6.0');
  await wait(2 * HOUR);
  await ok('!release advance v0.6.0');
  await wait(1 * DAY);
  await ok('!release advance v0.6.0');
  await wait(1 * DAY);
  await ok('!tested v0.6.0 ok', 'pinata');
  await ok('!tested v0.6.0 issue gateway returns 502 on large dirs', 'rtrade');

  // v0.4.2: a patch stuck in internal testing past its expected day.
  await ok('!release new v0.4.2');
  await wait(1 * HOUR);
  await ok('!release advance v0.4.2');
  await wait(2 * DAY);

  // v0.7.0: just started.
  await ok('!release new v0.7.0');
  await wait(5 * HOUR);
}
