// Monthly postings with their forecast and its 80 % / 95 % intervals (Chart.js), followed by the
// same figures as a table for screen readers and keyboard users.

import { CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ForecastPoint } from './api';
import { fmt, h, onLeave, table } from './ui';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Filler, Legend, Tooltip);

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
