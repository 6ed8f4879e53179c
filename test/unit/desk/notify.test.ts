import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

let t: TestApp;
afterEach(async () => t.close());

describe('desk notices', () => {
  it('posts a notice to the release rooms, mentioning the leads, once per key', async () => {
    t = createTestApp();
    expect(t.app.desk.notify({ key: 'remind:test:1', text: 'Stage 1 of v0.5.0 is overdue.' })).toBe(true);
    await t.app.worker.idle();
    expect(t.takePosts()).toEqual(['[matrix release room] @lead: Stage 1 of v0.5.0 is overdue.', '[irc release room] @lead: Stage 1 of v0.5.0 is overdue.']);
    const before = t.snapshot();
    expect(t.app.desk.notify({ key: 'remind:test:1', text: 'Stage 1 of v0.5.0 is overdue.' })).toBe(false);
    await t.app.worker.idle();
    expect(t.takePosts()).toEqual([]);
    expect(t.snapshot()).toEqual(before);
  });

  it('runs the extra write in the same transaction, and not at all for a repeated key', async () => {
    t = createTestApp();
    let ran = 0;
    t.app.desk.notify({ key: 'k', text: 'x', audience: 'testers', mentions: [] }, () => ran++);
    t.app.desk.notify({ key: 'k', text: 'x', audience: 'testers', mentions: [] }, () => ran++);
    expect(ran).toBe(1);
    await t.app.worker.idle();
    expect(t.takePosts()).toEqual(['[matrix testers room] x', '[irc testers room] x']);
  });
});
