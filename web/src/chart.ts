// Charts (Chart.js), each followed by the same figures as a table for screen readers and keyboard
// users: monthly postings with their forecast and its 80 % / 95 % intervals; year-on-year changes
// with their 95 % intervals.

import { BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ForecastPoint, TrendRow } from './api';
import { fmt, h, onLeave, table } from './ui';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Filler, Legend, Tooltip);

export function forecastChart(title: string, history: { month: string; postings: number }[], forecast: ForecastPoint[]): HTMLElement {
  const months = [...history.map((p) => p.month), ...forecast.map((p) => p.month)];
  const pad = (n: number) => new Array<number | null>(n).fill(null);
  const observed = [...history.map((p) => p.postings), ...pad(forecast.length)];
  // The forecast starts from the last observed month, so that the two lines join.
  const lastObserved = history.length ? history[history.length - 1].postings : null;
  const join = (xs: number[]) => [...pad(Math.max(0, history.length - 1)), ...(history.length ? [lastObserved] : []), ...xs];
  const canvas = h('canvas', { role: 'img', 'aria-label': `${title} : courbe des annonces mensuelles et prévision ; valeurs dans le tableau qui suit.` });
  const box = h('div', { class: 'chart' }, canvas);
  const chart = new Chart(canvas, {
    type: 'line',
    data: {
      labels: months,
      datasets: [
        { label: 'Intervalle 95 % (haut)', data: join(forecast.map((p) => p.hi95)), borderWidth: 0, pointRadius: 0, backgroundColor: 'rgba(33,102,172,0.12)', fill: '+1' },
        { label: 'Intervalle 95 % (bas)', data: join(forecast.map((p) => Math.max(0, p.lo95))), borderWidth: 0, pointRadius: 0, fill: false },
        { label: 'Intervalle 80 % (haut)', data: join(forecast.map((p) => p.hi80)), borderWidth: 0, pointRadius: 0, backgroundColor: 'rgba(33,102,172,0.25)', fill: '+1' },
        { label: 'Intervalle 80 % (bas)', data: join(forecast.map((p) => Math.max(0, p.lo80))), borderWidth: 0, pointRadius: 0, fill: false },
        { label: 'Prévision', data: join(forecast.map((p) => p.mean)), borderColor: '#2166ac', borderDash: [6, 4], pointRadius: 0, fill: false },
        { label: 'Annonces observées', data: observed, borderColor: '#1b1b1b', pointRadius: 2, fill: false },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { labels: { filter: (item) => !item.text.includes('(bas)') } } },
      scales: { y: { beginAtZero: true, title: { display: true, text: 'annonces par mois' } } },
    },
  });
  onLeave(() => chart.destroy());
  const rows = [
    ...history.map((p) => [p.month, fmt.int(p.postings), '', '']),
    ...forecast.map((p) => [p.month, '', fmt.dec(p.mean), `${fmt.dec(Math.max(0, p.lo80))} – ${fmt.dec(p.hi80)} / ${fmt.dec(Math.max(0, p.lo95))} – ${fmt.dec(p.hi95)}`]),
  ];
  return h('figure', {}, h('figcaption', {}, title), box, h('details', {}, h('summary', {}, 'Voir les valeurs'), table(title, ['Mois', 'Observé', 'Prévision', 'Intervalles 80 % / 95 %'], rows, [false, true, true, false])));
}

// Year-on-year change of each métier (a bar) and its 95 % interval (a thin bar across it), rises
// and falls together, in the order given.
export function trendsChart(title: string, rows: TrendRow[]): HTMLElement {
  const shown = rows.filter((r) => r.change !== undefined && r.change !== null);
  const labels = shown.map((r) => (r.rome_label.length > 40 ? `${r.rome_label.slice(0, 39)}…` : r.rome_label));
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? null : 100 * x);
  const canvas = h('canvas', { role: 'img', 'aria-label': `${title} : barres des évolutions en pourcentage avec leur intervalle à 95 % ; valeurs dans le tableau qui suit.` });
  const box = h('div', { class: 'chart', style: `height: ${Math.max(160, 34 * shown.length + 70)}px` }, canvas);
  const chart = new Chart<'bar', (number | [number, number])[], string>(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'Évolution (%)', data: shown.map((r) => pct(r.change) ?? 0), backgroundColor: shown.map((r) => ((r.change ?? 0) >= 0 ? 'rgba(178,24,43,0.75)' : 'rgba(33,102,172,0.75)')), barPercentage: 0.8, grouped: false },
        { label: 'Intervalle 95 %', data: shown.map((r) => [pct(r.change_lo95) ?? 0, pct(r.change_hi95) ?? 0] as [number, number]), backgroundColor: 'rgba(27,27,27,0.85)', barPercentage: 0.12, grouped: false },
      ],
    },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { title: { display: true, text: 'évolution sur un an (%)' } } },
    },
  });
  onLeave(() => chart.destroy());
  const rowsOut = shown.map((r) => [r.rome_label, fmt.pct(r.change ?? 0), r.change_lo95 === null || r.change_lo95 === undefined ? 'n.d.' : `${fmt.pct(r.change_lo95)} – ${fmt.pct(r.change_hi95 ?? 0)}`]);
  return h('figure', {}, h('figcaption', {}, title), box, h('details', {}, h('summary', {}, 'Voir les valeurs'), table(title, ['Métier', 'Évolution', 'Intervalle 95 %'], rowsOut, [false, true, true])));
}
