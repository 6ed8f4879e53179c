/** The status page's stylesheet, inline so the page needs nothing else. Colours name stage states. */
export const STATUS_CSS = `
:root{--bg:#f5f6f8;--card:#fff;--ink:#1d2330;--muted:#667085;--line:#e3e6ec;--lane:#eef0f4;
--done:#2f9e6a;--current:#2f6fde;--overdue:#d6453d;--old:#a8b3c4;--projected:#c3ccdb;--warn:#c77c02;--alert:#c2352d;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}
body{margin:0;line-height:1.45;font-size:15px}
a{color:var(--current)}
code{background:var(--lane);padding:1px 5px;border-radius:4px}
.top{display:flex;flex-wrap:wrap;gap:8px 24px;justify-content:space-between;align-items:flex-end;padding:20px max(16px,calc((100% - 1080px)/2)) 14px;background:#1d2330;color:#fff}
.top h1{margin:0;font-size:24px;letter-spacing:-.01em}
.top .sub{margin:2px 0 0;color:#c5ccd8;font-size:13px}
.top .tz{opacity:.7}
.top nav a{color:#fff;margin-left:14px;font-size:14px;text-decoration:none;border-bottom:1px solid #ffffff55}
main{max-width:1080px;margin:0 auto;padding:8px 16px 24px}
h2{font-size:13px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:26px 0 10px}
h3{margin:0;font-size:21px;display:inline}
h4{margin:0 0 8px;font-size:14px}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:6px 16px;padding:0;margin:16px 0 0;font-size:13px;color:var(--muted)}
.legend li{display:flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:18px;height:10px;border-radius:3px}
.swatch.done{background:var(--done)}.swatch.current{background:var(--current)}.swatch.overdue{background:var(--overdue)}
.swatch.projected{background:var(--projected)}.swatch.old{background:var(--old)}
.swatch.expected{border:1.5px dashed #7b8597;height:12px}
.glyph{font-weight:700}.glyph.restart{color:var(--warn)}.glyph.override{color:var(--alert)}
.dates{list-style:none;display:flex;flex-wrap:wrap;gap:10px;padding:0;margin:0}
.dates li{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px;display:flex;gap:10px;align-items:baseline}
.dates time{font-weight:650;font-size:17px}
.when{color:var(--muted);font-size:13px}
.release{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:18px 20px;margin:0 0 16px;box-shadow:0 1px 2px #0000000a}
.release>header{margin-bottom:14px}
.tag{font-weight:500;color:var(--muted);font-size:15px}
.pill{display:inline-block;font-size:12px;font-weight:600;padding:2px 9px;border-radius:999px;background:var(--lane);color:var(--ink);margin-left:8px;vertical-align:3px}
.pill.warn{background:#fff1d6;color:#8a5600}.pill.alert{background:#fde3e1;color:#9c2a23}.pill.ok{background:#dcf3e7;color:#1d6b46}
.now-stage{margin:6px 0 0;font-weight:550}
.eta{margin:2px 0 0}.muted{color:var(--muted)}
.timeline{margin:8px 0 4px}
.row{display:grid;grid-template-columns:250px 1fr;gap:12px;align-items:center;margin:4px 0}
.label{display:grid;grid-template-columns:20px 1fr;column-gap:8px;align-items:center;min-width:0;line-height:1.2}
.num{grid-row:span 2;width:20px;height:20px;border-radius:50%;display:inline-grid;place-items:center;font-size:12px;font-weight:700;color:#fff;background:var(--projected)}
.name{font-weight:550;font-size:14.5px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.meta{grid-column:2;color:var(--muted);font-size:12px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.s-done .num{background:var(--done)}.s-current .num{background:var(--current)}.s-overdue .num{background:var(--overdue)}
.s-aborted .num{background:var(--alert)}
.s-skipped .name,.s-not-reached .name{color:var(--muted);font-weight:400}
.s-current .name,.s-overdue .name{font-weight:700}
.s-overdue .meta{color:var(--overdue);font-weight:600}
.track{position:relative;height:28px}
.track svg{display:block;width:100%;height:24px;margin-top:2px}
.lane{fill:var(--lane)}
.bar.done{fill:var(--done)}.bar.current{fill:var(--current)}.bar.overdue{fill:var(--overdue)}.bar.old{fill:var(--old)}.bar.aborted{fill:var(--alert)}
.expected{fill:#ffffff99;stroke:#7b8597;stroke-width:1.5;stroke-dasharray:5 3}
.projected{fill:var(--projected);stroke:#9aa6ba;stroke-width:1;stroke-dasharray:3 3}
.now{stroke:var(--ink);stroke-width:2}
.mark{position:absolute;top:50%;transform:translate(-50%,-50%);font-size:11px;font-weight:700;line-height:1;padding:3px 5px;border-radius:6px;background:#fff;border:1px solid var(--line);white-space:nowrap;box-shadow:0 1px 2px #0002}
.mark.rc{color:var(--ink)}
.mark.restart{color:#fff;background:var(--warn);border-color:var(--warn);font-size:13px}
.mark.override{color:#fff;background:var(--alert);border-color:var(--alert);font-size:12px}
.mark.target,.mark.shipped{color:var(--done);border:0;background:none;box-shadow:none;font-size:16px}
.mark.target{color:#7b8597}
.axis .track{height:18px}
.tick{position:absolute;top:0;transform:translateX(-50%);font-size:11px;color:var(--muted);white-space:nowrap}
.nowtick{top:0;color:var(--ink);font-weight:700;background:var(--card);padding:0 3px}
.panels{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);gap:16px;margin-top:16px}
.panel{background:#fafbfc;border:1px solid var(--line);border-radius:10px;padding:12px 14px;min-width:0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:5px 8px 5px 0;border-bottom:1px solid var(--line);vertical-align:top}
thead th{font-size:12px;color:var(--muted);font-weight:600}
.answer{display:inline-block;min-width:58px;text-align:center;font-size:12px;font-weight:700;padding:2px 8px;border-radius:999px;background:var(--lane);color:var(--muted)}
.answer.ok{background:#dcf3e7;color:#1d6b46}.answer.issue{background:#fde3e1;color:#9c2a23}.answer.skip{background:#eceff4;color:#4a5568}
.note{color:var(--muted);font-size:12.5px;overflow-wrap:anywhere}
.verdict{margin:8px 0 0;font-size:13.5px}.verdict.open{color:var(--done);font-weight:600}
ul.verdict{padding-left:18px;color:#9c2a23}
.events-list{list-style:none;margin:0;padding:0;font-size:13.5px}
.events-list li{padding:5px 0;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
.events-list li:last-child{border-bottom:0}
.events-list time{color:var(--muted);font-size:12.5px;margin-right:8px;white-space:nowrap}
.who{font-weight:600;margin-right:6px}
.events-list q{display:block;color:var(--muted);font-style:italic;margin-top:1px}
.finished{padding:14px 20px}
.finished details{margin-top:10px}
.finished summary{cursor:pointer;color:var(--current);font-size:14px}
.empty{background:var(--card);border:1px dashed var(--line);border-radius:12px;padding:18px;color:var(--muted)}
footer{max-width:1080px;margin:0 auto;padding:8px 16px 32px;color:var(--muted);font-size:12.5px}
@media (max-width:720px){
 body{font-size:14px}
 .top{padding:16px}
 .top nav a{margin:0 14px 0 0}
 .release{padding:14px 12px;border-radius:12px}
 .row{grid-template-columns:1fr;gap:2px;margin:10px 0}
 .label{grid-template-columns:20px auto 1fr}
 .num{grid-row:auto}
 .meta{grid-column:auto;text-align:right}
 .axis{margin-top:0}.axis .label{display:none}
 .tick.odd{display:none}
 .panels{grid-template-columns:1fr}
 h3{font-size:19px}
}
`;
