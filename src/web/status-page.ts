/**
 * The status page: server-rendered HTML with inline CSS and SVG, nothing fetched from anywhere (it works
 * offline and on a phone). Each active release as a timeline with its sign-off table and last events, the
 * next branch days, then recently finished releases.
 */
import { DAY } from '../ground/clock.js';
import { formatDuration } from '../ground/time-format.js';
import { esc, shortDay, timeEl } from './html.js';
import type { ReleaseReport, SignoffReport, StatusReport } from './release-report.js';
import { STATUS_CSS } from './status-style.js';
import { renderTimeline } from './timeline.js';

export function renderStatusPage(report: StatusReport): string {
  const { project, timeZone, now } = report;
  const active = report.active.length
    ? report.active.map((r) => activeCard(r, report)).join('')
    : '<p class="empty">No release is active. A lead starts one in chat with <code>release new &lt;version&gt;</code>.</p>';
  const recent = report.recent.length ? report.recent.map((r) => finishedCard(r, report)).join('') : '<p class="empty">Nothing finished yet.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(project.name)} releases</title>
<style>${STATUS_CSS}</style>
</head>
<body>
<header class="top">
<div><h1>${esc(project.name)} releases</h1><p class="sub">${esc(project.repo)} · as of ${timeEl(now, timeZone)} <span class="tz">${esc(timeZone)}</span></p></div>
<nav><a href="calendar.ics">Calendar</a><a href="api/releases">JSON</a></nav>
</header>
<main>
${legend()}
<section class="cadence" aria-labelledby="cadence-h"><h2 id="cadence-h">Next feature branch days</h2>${cadence(report)}</section>
<section aria-labelledby="active-h"><h2 id="active-h">In progress</h2>${active}</section>
<section aria-labelledby="recent-h"><h2 id="recent-h">Recently finished</h2>${recent}</section>
</main>
<footer>Stagehand · times in ${esc(timeZone)} · every ${esc(project.name)} release goes through stages 0–4</footer>
</body>
</html>
`;
}

function legend(): string {
  const item = (cls: string, text: string): string => `<li><span class="swatch ${cls}"></span>${text}</li>`;
  return `<ul class="legend" aria-label="Legend">${item('done', 'done')}${item('current', 'in progress')}${item('overdue', 'over its expected time')}${item('projected', 'projected')}${item('expected', 'expected time')}${item('old', 'earlier RC')}<li><span class="glyph restart">↺</span>restart</li><li><span class="glyph override">⚑</span>gate overridden</li></ul>`;
}

function cadence(report: StatusReport): string {
  const items = report.branchDates.map((date, i) => {
    const at = Date.parse(`${date}T00:00:00Z`);
    const days = Math.round((at - Date.parse(`${new Date(report.now).toISOString().slice(0, 10)}T00:00:00Z`)) / DAY);
    const when = days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
    const version = i === 0 && report.nextFeature ? `<span class="pill">${esc(report.nextFeature)}</span>` : '';
    return `<li><time datetime="${esc(date)}">${esc(shortDay(at, 'UTC'))}</time><span class="when">${when}</span>${version}</li>`;
  });
  return `<ol class="dates">${items.join('')}</ol>`;
}

function badges(release: ReleaseReport): string {
  const list = [`<span class="pill kind">${esc(release.kind)}</span>`];
  if (release.restarts) list.push(`<span class="pill warn">↺ ${release.restarts} restart${release.restarts > 1 ? 's' : ''}</span>`);
  if (release.overrides) list.push(`<span class="pill alert">⚑ ${release.overrides} override${release.overrides > 1 ? 's' : ''}</span>`);
  return list.join('');
}

function activeCard(release: ReleaseReport, report: StatusReport): string {
  const { timeZone, now } = report;
  const projected =
    release.releaseAt !== null
      ? `<p class="eta">Release projected <strong>${timeEl(release.releaseAt, timeZone, false)}</strong> <span class="muted">(${release.releaseAt > now ? `in ${formatDuration(release.releaseAt - now)}` : 'due now'})</span></p>`
      : '';
  return `<article class="release" data-version="${esc(release.version)}" data-stage="${release.stage}">
<header><h3>${esc(release.version)} <span class="tag">rc${release.rc}</span></h3>${badges(release)}
<p class="now-stage">Stage ${release.stage} · ${esc(release.stageName)}</p>${projected}</header>
${renderTimeline(release, now, timeZone)}
<div class="panels">
<section class="panel signoff" aria-label="Sign-off"><h4>Early testers</h4>${signoffTable(release.signoff, timeZone)}</section>
<section class="panel events" aria-label="Last events"><h4>Last events</h4>${eventList(release, timeZone)}</section>
</div>
</article>`;
}

function finishedCard(release: ReleaseReport, report: StatusReport): string {
  const verb = release.status === 'released' ? 'released' : 'aborted';
  const end = release.endedAt ?? release.changedAt;
  return `<article class="release finished ${release.status}" data-version="${esc(release.version)}">
<header><h3>${esc(release.version)} <span class="tag">rc${release.rc}</span></h3><span class="pill ${release.status === 'released' ? 'ok' : 'alert'}">${verb}</span>${badges(release)}
<p class="now-stage">${verb} ${timeEl(end, report.timeZone, false)} after ${esc(formatDuration(end - release.createdAt))}</p></header>
<details><summary>Timeline and events</summary>${renderTimeline(release, report.now, report.timeZone)}${eventList(release, report.timeZone)}</details>
</article>`;
}

/**
 * The testers' answers for the current RC. Kept to this one function so a dev×prod matrix can replace the
 * single round without touching the rest of the page.
 */
export function signoffTable(signoff: SignoffReport | null, timeZone: string): string {
  if (signoff === null) return '<p class="muted">No tester round in this stage.</p>';
  const devByOrg = new Map(signoff.dev?.kind === 'passed' ? signoff.dev.orgs.map((o) => [o.org, o]) : []);
  const devCell = (org: string): string => {
    if (signoff.dev === null) return '';
    if (signoff.dev.kind === 'skipped') return '<td><span class="muted">skipped (patch)</span></td>';
    const d = devByOrg.get(org);
    return `<td>${d ? answerBadge(d.state) : '<span class="muted">not enrolled</span>'}</td>`;
  };
  const rows = signoff.orgs.map(
    (o) =>
      `<tr class="a-${esc(o.state)}"><th scope="row">${esc(o.org)}</th>${devCell(o.org)}<td>${answerBadge(o.state)}</td><td>${o.by ? esc(o.by) : ''}${o.note ? `<div class="note">${esc(o.note)}</div>` : ''}</td><td>${o.at !== null ? timeEl(o.at, timeZone) : ''}</td></tr>`,
  );
  const verdict = signoff.open
    ? '<p class="verdict open">Gate open: the release can move on.</p>'
    : `<ul class="verdict closed">${signoff.missing.map((m) => `<li>${esc(m)}</li>`).join('')}</ul>`;
  const forced = signoff.dev?.kind === 'passed' && signoff.dev.override ? `<p class="muted">Dev gate overridden by ${esc(signoff.dev.override.by)}: ${esc(signoff.dev.override.reason)}</p>` : '';
  const devHead = signoff.dev === null ? '' : '<th scope="col">Dev</th>';
  const answerHead = signoff.dev === null ? 'Answer' : 'Prod';
  return `<p class="muted">${esc(signoff.tag)} in ${esc(signoff.environment)}</p><div class="scroll"><table><thead><tr><th scope="col">Organisation</th>${devHead}<th scope="col">${answerHead}</th><th scope="col">Who</th><th scope="col">When</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${forced}${verdict}`;
}

const answerBadge = (state: string): string => `<span class="answer ${esc(state)}">${esc(state)}</span>`;

function eventList(release: ReleaseReport, timeZone: string): string {
  if (release.events.length === 0) return '<p class="muted">Nothing yet.</p>';
  const items = release.events.map(
    (e) =>
      `<li class="ev-${esc(e.kind)}">${timeEl(e.at, timeZone)}<span class="who">${esc(e.actor)}</span><span class="what">${esc(e.summary)}</span>${e.reason ? `<q>${esc(e.reason)}</q>` : ''}</li>`,
  );
  return `<ol class="events-list">${items.join('')}</ol>`;
}
