/**
 * One release as a timeline: a row per stage with SVG bars for the actual stays (per RC), the expected
 * time as a dashed frame, the projection of what is left, a line for now, and marks for RCs, restarts and
 * overridden gates. Bars are SVG stretched to the row's width; marks are HTML placed by percentage, so
 * they keep their shape on a phone.
 */
import { DAY } from '../ground/clock.js';
import { formatDuration } from '../ground/time-format.js';
import { esc, shortDay } from './html.js';
import type { ReleaseReport, StageReport } from './release-report.js';

const WIDTH = 1000;

interface Scale {
  readonly from: number;
  readonly to: number;
  x(at: number): number;
  pct(at: number): string;
}

function scaleOf(release: ReleaseReport, now: number): Scale {
  const times = [release.createdAt, release.endedAt ?? 0, release.releaseAt ?? 0, release.status === 'active' ? now : 0];
  for (const s of release.stages) {
    times.push(s.projectedEnd ?? 0);
    for (const v of s.visits) times.push(v.leftAt ?? 0, v.expectedEnd ?? 0);
  }
  const from = release.createdAt;
  const last = Math.max(...times);
  // A little room on the right for the release mark; a day at least, so a fresh release is not one point.
  const to = from + Math.max(DAY, (last - from) * 1.04);
  const x = (at: number): number => ((Math.min(Math.max(at, from), to) - from) / (to - from)) * WIDTH;
  return { from, to, x, pct: (at) => `${((x(at) / WIDTH) * 100).toFixed(2)}%` };
}

export function renderTimeline(release: ReleaseReport, now: number, timeZone: string): string {
  const scale = scaleOf(release, now);
  const showNow = release.status === 'active';
  const rows = release.stages.map((stage) => stageRow(release, stage, scale, now, showNow)).join('');
  return `<div class="timeline" role="list" aria-label="Stages of ${esc(release.version)}">${rows}${axis(scale, now, showNow, timeZone)}</div>`;
}

function stageRow(release: ReleaseReport, stage: StageReport, scale: Scale, now: number, showNow: boolean): string {
  const bars: string[] = [];
  const marks: string[] = [];
  stage.visits.forEach((visit) => {
    const current = visit.leftAt === null && release.status === 'active';
    const end = visit.leftAt ?? (current ? now : (release.endedAt ?? now));
    const oldRc = visit.rc !== release.rc;
    if (visit.expectedEnd !== null) bars.push(rect(scale, visit.enteredAt, visit.expectedEnd, 'expected'));
    const cls = oldRc ? 'bar old' : current ? `bar ${stage.state}` : stage.state === 'aborted' && visit.exit === 'aborted' ? 'bar aborted' : 'bar done';
    if (current && stage.state === 'overdue' && visit.expectedEnd !== null) {
      bars.push(rect(scale, visit.enteredAt, visit.expectedEnd, 'bar current'), rect(scale, visit.expectedEnd, end, 'bar overdue'));
    } else {
      bars.push(rect(scale, visit.enteredAt, end, cls));
    }
    // Every RC starts in stage 0: its mark there shows where each candidate began.
    if (stage.stage === 0) marks.push(mark(scale, visit.enteredAt, `rc${visit.rc}`, 'rc', `${release.version}-rc${visit.rc}`));
    if (visit.exit === 'restarted') marks.push(mark(scale, end, '↺', 'restart', `restarted rc${visit.rc} here`));
    if (visit.override) {
      const o = visit.override;
      marks.push(mark(scale, end, '⚑', 'override', `gate overridden by ${o.by}: ${o.reason} (was missing: ${o.missing})`));
    }
  });
  if (stage.visits.length === 0 || stage.state === 'upcoming') {
    if (stage.projectedStart !== null && stage.projectedEnd !== null) {
      if (stage.projectedEnd > stage.projectedStart) bars.push(rect(scale, stage.projectedStart, stage.projectedEnd, 'projected'));
      else marks.push(mark(scale, stage.projectedStart, '◆', 'target', `projected ${stage.stage === 4 ? 'release' : 'stage end'}`));
    }
  }
  if (stage.stage === 4 && release.status === 'released' && release.releaseAt !== null) marks.push(mark(scale, release.releaseAt, '◆', 'shipped', 'released'));
  if (showNow) bars.push(`<line class="now" x1="${scale.x(now).toFixed(1)}" x2="${scale.x(now).toFixed(1)}" y1="0" y2="24" vector-effect="non-scaling-stroke"/>`);
  return `<div class="row s-${stage.state}" role="listitem" data-stage="${stage.stage}" data-state="${stage.state}">
<div class="label"><span class="num">${stage.stage}</span><span class="name">${esc(stage.name)}</span><span class="meta">${esc(metaOf(release, stage, now))}</span></div>
<div class="track"><svg viewBox="0 0 ${WIDTH} 24" preserveAspectRatio="none" aria-hidden="true"><rect class="lane" x="0" y="0" width="${WIDTH}" height="24"/>${bars.join('')}</svg>${marks.join('')}</div>
</div>`;
}

function rect(scale: Scale, from: number, to: number, cls: string): string {
  const x = scale.x(from);
  // A stay of minutes would vanish: keep bars visible.
  const w = Math.max(3, scale.x(to) - x);
  const inset = cls === 'expected' ? 1 : cls === 'projected' ? 6 : 4;
  return `<rect class="${cls}" x="${x.toFixed(1)}" y="${inset}" width="${w.toFixed(1)}" height="${24 - inset * 2}" vector-effect="non-scaling-stroke"/>`;
}

function mark(scale: Scale, at: number, text: string, cls: string, title: string): string {
  const clamped = Math.min(97, Math.max(3, (scale.x(at) / WIDTH) * 100));
  return `<span class="mark ${cls}" style="left:${clamped.toFixed(2)}%" title="${esc(title)}">${esc(text)}</span>`;
}

function metaOf(release: ReleaseReport, stage: StageReport, now: number): string {
  const spent = stage.visits.reduce((sum, v) => sum + ((v.leftAt ?? (release.status === 'active' ? now : (release.endedAt ?? now))) - v.enteredAt), 0);
  const last = stage.visits[stage.visits.length - 1];
  const expected = last?.expectedEnd != null ? last.expectedEnd - last.enteredAt : null;
  switch (stage.state) {
    case 'skipped':
      return 'not part of a patch release';
    case 'not-reached':
      return 'not reached';
    case 'upcoming':
      return stage.projectedEnd !== null && stage.projectedStart !== null && stage.projectedEnd > stage.projectedStart
        ? `about ${formatDuration(stage.projectedEnd - stage.projectedStart)}`
        : 'next';
    case 'current':
      return expected !== null ? `${formatDuration(now - (last?.enteredAt ?? now))} of ${formatDuration(expected)}` : `${formatDuration(now - (last?.enteredAt ?? now))} so far`;
    case 'overdue':
      return `${formatDuration(now - (last?.enteredAt ?? now))}, ${formatDuration(now - (last?.expectedEnd ?? now))} over`;
    default:
      return stage.stage === 4 && release.status === 'released' ? 'shipped' : formatDuration(spent);
  }
}

function axis(scale: Scale, now: number, showNow: boolean, timeZone: string): string {
  const days = (scale.to - scale.from) / DAY;
  const step = days <= 10 ? 1 : days <= 24 ? 3 : days <= 60 ? 7 : 14;
  const first = Math.ceil(scale.from / DAY) * DAY;
  const ticks: string[] = [];
  for (let at = first, i = 0; at <= scale.to; at += step * DAY, i++) {
    // The "now" label wins over a date it would cover.
    if (showNow && Math.abs(scale.x(at) - scale.x(now)) < 45) continue;
    // Alternate ticks are hidden on narrow screens (CSS) so the labels do not collide.
    ticks.push(`<span class="tick${i % 2 ? ' odd' : ''}" style="left:${scale.pct(at)}">${esc(shortDay(at, timeZone))}</span>`);
  }
  const nowMark = showNow ? `<span class="tick nowtick" style="left:${scale.pct(now)}">now</span>` : '';
  return `<div class="row axis" aria-hidden="true"><div class="label"></div><div class="track">${ticks.join('')}${nowMark}</div></div>`;
}
