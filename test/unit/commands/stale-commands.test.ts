import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../../src/ground/clock.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

// Messages read after downtime (a Matrix sync catching up) carry the time they were sent.
describe('commands read after the bot was offline', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  it('does not run a lead command older than ten minutes, says so, and changes nothing', async () => {
    t = createTestApp();
    await t.clock.advanceBy(60 * MINUTE);
    const before = t.snapshot();
    const sentAt = t.clock.now() - 11 * MINUTE;
    const reply = await t.app.dispatcher.handle('!release new v0.5.0', t.person('lead'), sentAt);
    expect(reply?.tone).toBe('refused');
    expect(JSON.stringify(reply)).toMatch(/I was offline when you sent !release new \(.*\), so I did not run it/);
    expect(t.snapshot()).toEqual(before);
  });

  it('runs a lead command sent within ten minutes', async () => {
    t = createTestApp();
    const reply = await t.app.dispatcher.handle('!release new v0.5.0', t.person('lead'), t.clock.now() - 9 * MINUTE);
    expect(reply?.tone).toBe('ok');
  });

  it('records a late tester answer with the time it was sent', async () => {
    t = createTestApp();
    await t.say('!release new v0.5.0');
    await t.say('!release advance');
    await t.say('!release advance');
    await t.clock.advanceBy(180 * MINUTE);
    const sentAt = t.clock.now() - 120 * MINUTE;
    const reply = await t.app.dispatcher.handle('!tested ok', t.person('infura'), sentAt);
    expect(reply?.tone).toBe('ok');
    const row = t.app.store.db.prepare<[], { at: number }>('SELECT at FROM answers').get();
    expect(row?.at).toBe(sentAt);
  });
});
