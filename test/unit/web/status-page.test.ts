/**
 * The status page, the calendar and the JSON report over releases in every stage, made through the real
 * commands on a manual clock (test/helpers/status-seed.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyOf } from '../../../src/config/policy-of.js';
import { DAY, HOUR } from '../../../src/ground/clock.js';
import { renderCalendar } from '../../../src/web/calendar.js';
import { esc } from '../../../src/web/html.js';
import { buildStatusReport, reportJson, type StatusReport } from '../../../src/web/release-report.js';
import { renderStatusPage, signoffTable } from '../../../src/web/status-page.js';
import { HOSTILE, seedEveryStage } from '../../helpers/status-seed.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

let t: TestApp;
const report = (): StatusReport => {
  const c = t.loaded.config;
  return buildStatusReport({
    desk: t.app.desk,
    now: () => t.clock.now(),
    policy: policyOf(c),
    cadence: { anchor: c.cadence.anchor, everyWeeks: c.cadence.everyWeeks, timeZone: c.timeZone },
    project: c.project,
  });
};
const unfold = (ics: string): string[] => ics.replace(/\r\n /g, '').split('\r\n');
/** The VEVENT blocks of a feed by UID, each as its property lines. */
function eventsByUid(ics: string): Map<string, string[]> {
  const events = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of unfold(ics)) {
    if (line === 'BEGIN:VEVENT') current = [];
    else if (line === 'END:VEVENT' && current) {
      events.set(current.find((l) => l.startsWith('UID:'))!.slice(4), current);
      current = null;
    } else current?.push(line);
  }
  return events;
}
const prop = (lines: readonly string[] | undefined, name: string): string | undefined => lines?.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`))?.replace(/^[^:]*:/, '');

beforeAll(async () => {
  t = createTestApp();
  await seedEveryStage(t);
});
afterAll(() => t.close());

describe('the status page', () => {
  it('renders a release in each stage, with the states of its stages', () => {
    const html = renderStatusPage(report());
    for (const [version, stage] of [['v0.7.0', 0], ['v0.4.2', 1], ['v0.6.0', 2], ['v0.5.0', 3]] as const) {
      expect(html).toContain(`<article class="release" data-version="${version}" data-stage="${stage}">`);
    }
    expect(html).toContain('data-version="v0.4.0"');
    expect(html).toMatch(/<span class="pill ok">released<\/span>/);
    expect(html).toMatch(/<span class="pill alert">aborted<\/span>/);
    const v042 = html.slice(html.indexOf('data-version="v0.4.2"'), html.indexOf('data-version="v0.5.0"'));
    expect(v042).toContain('data-stage="1" data-state="overdue"');
    expect(v042).toContain('data-stage="2" data-state="skipped"');
    expect(v042).toContain('data-stage="3" data-state="upcoming"');
    const v050 = html.slice(html.indexOf('data-version="v0.5.0"'), html.indexOf('data-version="v0.6.0"'));
    expect(v050).toContain('class="mark restart"');
    expect(v050).toContain('class="mark override"');
    expect(v050).toContain('rc2');
    expect(html).toContain('<meta name="viewport"');
  });

  it('escapes hostile text from notes, reasons and overrides wherever it appears', () => {
    const html = renderStatusPage(report());
    expect(html).not.toContain('<script>window');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(esc(HOSTILE));
    expect(esc(HOSTILE)).toBe('&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    // The only tags are ours: no script, no external reference of any kind.
    expect(html).not.toMatch(/<script|<link|src=["']?http|href=["']?http|@import|url\(/i);
  });

  it('shows the current round of sign-off through one function', () => {
    const round = report().active.find((r) => r.version === 'v0.6.0')?.signoff ?? null;
    const table = signoffTable(round, 'UTC');
    expect(table).toContain('v0.6.0-rc1 in dev');
    expect(table).toMatch(/<tr class="a-ok"><th scope="row">Pinata<\/th>/);
    expect(table).toMatch(/<tr class="a-issue"><th scope="row">RTrade<\/th>.*gateway returns 502 on large dirs/);
    expect(signoffTable(null, 'UTC')).toContain('No tester round');
  });

  it('at stage 3 shows the same RC\'s dev answers beside prod, and who forced the dev gate', () => {
    const signoff = report().active.find((r) => r.version === 'v0.5.0')?.signoff ?? null;
    expect(signoff?.dev?.kind).toBe('passed');
    const table = signoffTable(signoff, 'UTC');
    expect(table).toContain('<th scope="col">Dev</th><th scope="col">Prod</th>');
    // Infura: ok in dev, ok in prod; Textile: the problem it reported in dev, no prod answer yet.
    expect(table).toMatch(/<th scope="row">Infura<\/th><td><span class="answer ok">ok<\/span><\/td><td><span class="answer ok">ok/);
    expect(table).toMatch(/<th scope="row">Textile<\/th><td><span class="answer issue">issue<\/span><\/td><td><span class="answer waiting">/);
    expect(table).toMatch(/Dev gate overridden by lead: &lt;script&gt;/);
  });
});

describe('the JSON report', () => {
  it('has the documented shape with ISO times', () => {
    const json = JSON.parse(reportJson(report())) as Record<string, unknown> & { active: Record<string, unknown>[] };
    expect(Object.keys(json)).toEqual(['now', 'timeZone', 'project', 'cadence', 'branchDates', 'nextFeature', 'active', 'recent']);
    expect(json['now']).toBe(new Date(t.clock.now()).toISOString());
    const v5 = json.active.find((r) => r['version'] === 'v0.5.0')!;
    expect(v5).toMatchObject({ kind: 'feature', status: 'active', rc: 2, stage: 3, restarts: 1, overrides: 1 });
    expect(v5['releaseAt']).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((v5['stages'] as unknown[]).length).toBe(5);
  });
});

describe('the calendar feed', () => {
  it('names events by release and kind, and gives the same feed twice for the same state', () => {
    const first = renderCalendar(report());
    expect(renderCalendar(report())).toBe(first);
    const uids = [...eventsByUid(first).keys()];
    expect(uids).toEqual(expect.arrayContaining(['stage3-end.v0.5.0@stagehand', 'release.v0.5.0@stagehand', 'release.v0.4.0@stagehand', 'stage1-end.v0.4.2@stagehand']));
    expect(uids.some((u) => /^branch\.\d{4}-\d\d-\d\d@stagehand$/.test(u))).toBe(true);
    expect(new Set(uids).size).toBe(uids.length);
    expect(uids).not.toContain('stage2-end.v0.4.2@stagehand');
    const events = eventsByUid(first);
    expect(prop(events.get('release.v0.4.0@stagehand'), 'STATUS')).toBe('CONFIRMED');
    expect(prop(events.get('release.v0.4.1@stagehand'), 'STATUS')).toBe('CANCELLED');
    expect(prop(events.get('release.v0.5.0@stagehand'), 'STATUS')).toBe('TENTATIVE');
  });

  it('an update keeps the UID and bumps SEQUENCE and LAST-MODIFIED, so clients replace the event', async () => {
    const before = eventsByUid(renderCalendar(report()));
    await t.clock.advanceBy(HOUR);
    await t.say('!release advance v0.6.0 --force the rest said ok by email');
    const after = eventsByUid(renderCalendar(report()));
    const uid = 'stage2-end.v0.6.0@stagehand';
    expect(after.has(uid)).toBe(true);
    expect(prop(after.get(uid), 'DTSTART')).not.toBe(prop(before.get(uid), 'DTSTART'));
    expect(Number(prop(after.get(uid), 'SEQUENCE'))).toBeGreaterThan(Number(prop(before.get(uid), 'SEQUENCE')));
    expect(prop(after.get(uid), 'LAST-MODIFIED')! > prop(before.get(uid), 'LAST-MODIFIED')!).toBe(true);
    expect(prop(after.get(uid), 'SUMMARY')).toContain('ended');
    // An overdue stage's projected end follows the clock: SEQUENCE grows with it, hour by hour.
    const overdue = 'stage1-end.v0.4.2@stagehand';
    await t.clock.advanceBy(DAY);
    const later = eventsByUid(renderCalendar(report()));
    expect(Number(prop(later.get(overdue), 'SEQUENCE'))).toBeGreaterThan(Number(prop(after.get(overdue), 'SEQUENCE')));
  });
});
