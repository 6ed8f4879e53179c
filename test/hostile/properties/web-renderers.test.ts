/**
 * The status page, the calendar feed and the JSON API with every person-supplied string of a real report
 * (notes, reasons, event summaries, actors, organisation names, the project's name) replaced by generated
 * hostile text. The page has exactly the elements and attributes it has with plain words in those places;
 * every calendar line is at most 75 octets, well-formed, and no text starts a line of its own.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyOf } from '../../../src/config/policy-of.js';
import { renderCalendar } from '../../../src/web/calendar.js';
import { buildStatusReport, reportJson, type StatusReport } from '../../../src/web/release-report.js';
import { renderStatusPage } from '../../../src/web/status-page.js';
import { seedEveryStage } from '../../helpers/status-seed.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { hasLoneSurrogate, hostileText } from '../arbitraries.js';
import { shapeOf } from '../html-shape.js';

const USER_TEXT = new Set(['note', 'reason', 'summary', 'actor', 'by', 'org', 'missing', 'name', 'repo']);

let t: TestApp;
let report: StatusReport;
beforeAll(async () => {
  t = createTestApp();
  await seedEveryStage(t);
  const { config } = t.loaded;
  const full = buildStatusReport({
    desk: t.app.desk,
    now: () => t.clock.now(),
    policy: policyOf(config),
    cadence: { anchor: config.cadence.anchor, everyWeeks: config.cadence.everyWeeks, timeZone: config.timeZone },
    project: { name: config.project.name, repo: config.project.repo },
  });
  // The release with a restart, an override and testers' notes, and one finished release: every kind of
  // person-supplied text, on a page small enough to parse a thousand times.
  report = { ...full, active: full.active.filter((r) => r.version === 'v0.5.0'), recent: full.recent.slice(0, 1) };
  expect(report.active).toHaveLength(1);
}, 60_000);
afterAll(() => t.close());

/** The report with the n-th person-supplied string replaced by `texts[n % texts.length]`. */
function withTexts(texts: readonly string[]): { report: StatusReport; replaced: number } {
  let n = 0;
  const next = (): string => `a${texts[n++ % texts.length] ?? ''}`;
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return USER_TEXT.has(key) && key !== 'name' ? next() : value;
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value && typeof value === 'object') {
      // `name` is a person's or the project's name, but also a stage's fixed name: only the former are text.
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'project' ? { ...(v as object), name: next(), repo: next() } : walk(v, k)]));
    }
    return value;
  };
  return { report: walk(report, '') as StatusReport, replaced: n };
}

const texts = fc.array(hostileText(30), { minLength: 1, maxLength: 12 });

describe('the status page', () => {
  it('has the same elements and attributes whatever the people wrote', () => {
    const plain = withTexts(['x']);
    expect(plain.replaced).toBeGreaterThan(20);
    const expected = shapeOf(renderStatusPage(plain.report)).elements;
    fc.assert(
      fc.property(texts, (generated) => {
        const page = renderStatusPage(withTexts(generated).report);
        const shape = shapeOf(page);
        expect(shape.elements).toEqual(expected);
        for (const element of shapeOf(page, true).elements) expect(element).not.toMatch(/\s(on\w+|href=javascript:|src=)/i);
      }),
    );
  });

  it('the JSON API reads back as the report', () => {
    fc.assert(
      fc.property(texts, (generated) => {
        const { report: hostile } = withTexts(generated);
        const parsed = JSON.parse(reportJson(hostile)) as { active: { events: { summary: string }[] }[] };
        expect(parsed.active.flatMap((r) => r.events.map((e) => e.summary))).toEqual(hostile.active.flatMap((r) => r.events.map((e) => e.summary)));
      }),
    );
  });
});

describe('the calendar feed', () => {
  it('every line is at most 75 octets and well-formed; no text adds a property or an event', () => {
    const begins = (ics: string): number => ics.replace(/\r\n /g, '').split('\r\n').filter((l) => /^(BEGIN|END):/.test(l)).length;
    const expected = begins(renderCalendar(withTexts(['x']).report));
    fc.assert(
      fc.property(texts, (generated) => {
        const ics = renderCalendar(withTexts(generated).report);
        expect(ics.endsWith('\r\n')).toBe(true);
        for (const line of ics.slice(0, -2).split('\r\n')) {
          expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
          expect(line).not.toMatch(/[\r\n\u0000-\u0008\u000b-\u001f\u007f]/);
          if (!generated.some(hasLoneSurrogate)) expect(Buffer.from(line).toString()).toBe(line);
          expect(hasLoneSurrogate(line)).toBe(false);
        }
        expect(begins(ics)).toBe(expected);
      }),
    );
  });
});
