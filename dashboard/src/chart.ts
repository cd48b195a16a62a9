/**
 * Earnings over time per dataset, as an SVG line chart with a text alternative: the chart is an image
 * with a description, and the same figures sit in a table beside it for screen readers.
 */
import { formatUnits } from "ethers";

import type { EarningsLine, TokenInfo } from "../../src/protocol/api.js";

const COLOURS = ["#0a58ca", "#1a7f37", "#bf3989", "#9a6700", "#6639ba", "#cf222e"];
const W = 720;
const H = 260;
const PAD = { left: 64, right: 16, top: 12, bottom: 28 };

const esc = (value: unknown) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function earningsChart(
  lines: EarningsLine[],
  token: TokenInfo,
  nameOf: (dataset: string) => string | undefined = () => undefined,
): string {
  const called = (dataset: string) => nameOf(dataset) ?? `${dataset.slice(0, 6)}…${dataset.slice(-4)}`;
  const points = lines.flatMap((l) => l.points);
  if (points.length === 0) return "";
  const value = (earned: string) => Number(formatUnits(BigInt(earned), token.decimals));
  // Along blocks, not seconds: a local chain packs a whole history into a few seconds.
  const xs = points.map((p) => Number(p.block));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const top = Math.max(...points.map((p) => value(p.earned))) || 1;
  const x = (b: number) => PAD.left + (x1 === x0 ? 0.5 : (b - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const id = `chart-${token.address.slice(2, 10)}`;
  const at = (block: string) => {
    const p = points.find((q) => q.block === block)!;
    return `block ${block}, ${new Date(Number(p.timestamp) * 1000).toLocaleString()}`;
  };
  const first = points.reduce((a, b) => (Number(b.block) < Number(a.block) ? b : a));
  const last = points.reduce((a, b) => (Number(b.block) > Number(a.block) ? b : a));
  // Cumulative earnings only rise at an inflow: a step line, with a dot at each line's latest figure.
  const paths = lines
    .map((l, i) => {
      const colour = COLOURS[i % COLOURS.length];
      const d = l.points
        .map((p, k) => {
          const [px, py] = [x(Number(p.block)).toFixed(1), y(value(p.earned)).toFixed(1)];
          return k === 0 ? `M${px},${y(0).toFixed(1)} V${py}` : `H${px} V${py}`;
        })
        .join(" ");
      const end = l.points[l.points.length - 1];
      return `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2" />
        <circle cx="${x(Number(end.block)).toFixed(1)}" cy="${y(value(end.earned)).toFixed(1)}" r="3.5" fill="${colour}" />`;
    })
    .join("");
  const legend = lines
    .map(
      (l, i) =>
        `<li><span class="swatch" style="background:${COLOURS[i % COLOURS.length]}"></span><span${nameOf(l.dataset) === undefined ? ' class="id"' : ""} title="${esc(l.dataset)}">${esc(called(l.dataset))}</span></li>`,
    )
    .join("");
  // In a clipped box: a table sizes itself to its content whatever its width, and would widen the page.
  const table = `<div class="visually-hidden"><table><caption>Cumulative ${esc(token.symbol)} earned per dataset</caption>
    <thead><tr><th scope="col">Dataset</th><th scope="col">As of</th><th scope="col">Earned</th></tr></thead><tbody>${lines
      .map((l) => {
        const last = l.points[l.points.length - 1];
        return `<tr><td>${esc(called(l.dataset))} (${esc(l.dataset)})</td><td>${esc(at(last.block))}</td><td>${esc(formatUnits(BigInt(last.earned), token.decimals))}</td></tr>`;
      })
      .join("")}</tbody></table></div>`;
  const summary = lines
    .map(
      (l) =>
        `${called(l.dataset)}: ${formatUnits(BigInt(l.points[l.points.length - 1].earned), token.decimals)} ${token.symbol}`,
    )
    .join("; ");
  return `<figure class="chart">
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-t ${id}-d">
      <title id="${id}-t">Cumulative ${esc(token.symbol)} earned per dataset over time</title>
      <desc id="${id}-d">${esc(summary)}</desc>
      <line class="axis" x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" />
      <line class="axis" x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}" />
      <text x="${PAD.left - 6}" y="${PAD.top + 8}" text-anchor="end">${esc(top.toPrecision(3))}</text>
      <text x="${PAD.left - 6}" y="${H - PAD.bottom}" text-anchor="end">0</text>
      <text x="${PAD.left}" y="${H - 8}">${esc(at(first.block))}</text>
      <text x="${W - PAD.right}" y="${H - 8}" text-anchor="end">${esc(at(last.block))}</text>
      ${paths}
    </svg>
    <figcaption>${esc(token.symbol)} <ul class="legend">${legend}</ul></figcaption>
    ${table}
  </figure>`;
}
