// Carte: a choropleth of zones d'emploi, EPCI or départements for one métier or grand domaine and
// one indicator (tension class, postings, change over a year, forecast growth), with its legend, a table of the same values
// for keyboard and screen-reader users, hover details and a click through to the territory.

import maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection } from 'geojson';
import { get, type CountAnswer, type DomainTensionAnswer, type ForecastAnswer, type TensionAnswer } from '../api';
import type { Context } from '../main';
import { fmt, h, latestOnly, LEVELS, link, readState, selectField, setStatus, statusLine, suggestField, searchMetiers, table, TENSION_LABELS, writeState, yearsUpTo, defaultYear, onLeave, notResolved } from '../ui';

const INDICATORS: [string, string][] = [
  ['tension', 'Classe de tension (1 à 5)'],
  ['offres', "Nombre d'annonces"],
  ['evolution', 'Évolution des annonces sur un an'],
  ['prevision', 'Prévision des annonces à 12 mois'],
];

const SEQUENTIAL = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'];
const DIVERGING = ['#2166ac', '#92c5de', '#f7f7f7', '#f4a582', '#b2182b'];
const MISSING = '#cfd4da';
const MIN_POSTINGS = 30;  // As the trends indicator: no change computed on fewer postings a year.

interface Value {
  label: string;
  cls: number;      // 1–5; 0 when not published.
  value: number;    // What the class was cut from.
  text: string;     // Shown in the popup and the table.
}

const geoCache = new Map<string, FeatureCollection>();

async function shapes(level: string): Promise<FeatureCollection> {
  if (!geoCache.has(level)) geoCache.set(level, await get<FeatureCollection>(`/api/geo/${level}`));
  return geoCache.get(level)!;
}

// Five classes at the quintiles of the values (ties kept together).
function quintiles(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return [0.2, 0.4, 0.6, 0.8].map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
}

function classOf(x: number, cuts: number[]): number {
  let c = 1;
  for (const cut of cuts) if (x > cut) c++;
  return c;
}

const GROWTH_LEGEND = (what: string): [string, string][] => [
  [DIVERGING[0], 'baisse de plus de 20 %'],
  [DIVERGING[1], 'baisse de 5 à 20 %'],
  [DIVERGING[2], 'stable (± 5 %)'],
  [DIVERGING[3], 'hausse de 5 à 20 %'],
  [DIVERGING[4], 'hausse de plus de 20 %'],
  [MISSING, `non calculée (${what})`],
];

async function computeValues(level: string, indicator: string, rome: string, domain: string, year: string, lastMonth: string): Promise<{ values: Map<string, Value>; legend: [string, string][]; note: string }> {
  const values = new Map<string, Value>();
  const cuts = [-0.2, -0.05, 0.05, 0.2];
  if (indicator === 'tension' && !rome) {
    // A domaine: its métiers' published classes per territory, weighted by their offers.
    const t = await get<DomainTensionAnswer>('/api/indicators/tension/domain', { level, year, domain });
    for (const d of t.territories) {
      values.set(d.territory, {
        label: d.territory_label,
        cls: d.class ?? 0,
        value: d.mean_class ?? 0,
        text: d.class
          ? `classe moyenne ${fmt.dec(d.mean_class ?? 0)} (${TENSION_LABELS[d.class]}) sur ${d.published} métier${d.published > 1 ? 's' : ''} publié${d.published > 1 ? 's' : ''}, ${fmt.int(d.offers ?? 0)} offres dont ${fmt.pct(d.strong_share ?? 0)} en forte tension`
          : `non publiée (${d.withheld} métier${d.withheld > 1 ? 's' : ''} sous le secret statistique)`,
      });
    }
    const synthetic = t.synthetic_seekers ? ' Demandeurs d\'emploi synthétiques (calibrés sur 2021).' : '';
    return {
      values,
      legend: [1, 2, 3, 4, 5].map((k) => [SEQUENTIAL[k - 1], `${k} — ${TENSION_LABELS[k]}`] as [string, string]).concat([[MISSING, 'Aucun métier publié']]),
      note: `${t.domain} — ${t.domain_label} : classe moyenne des métiers du domaine publiés dans chaque territoire, pondérée par leurs offres (la tension se calcule par métier ; secret statistique : 30 offres, 30 demandeurs, 30 projets BMO au moins).${synthetic}`,
    };
  }
  if (indicator === 'tension') {
    const t = await get<TensionAnswer>('/api/indicators/tension', { level, year, rome, top: 0 });
    for (const c of t.cells) {
      values.set(c.territory, {
        label: c.territory_label,
        cls: c.class ?? 0,
        value: c.class ?? 0,
        text: c.class ? `${TENSION_LABELS[c.class]} (${c.class}/5) — ${fmt.int(c.offers ?? 0)} offres, ${fmt.int(c.seekers ?? 0)} demandeurs` : `non publiée (${c.withheld ?? 'secret statistique'})`,
      });
    }
    const synthetic = t.synthetic_seekers ? ' Demandeurs d\'emploi synthétiques (calibrés sur 2021).' : '';
    return {
      values,
      legend: [1, 2, 3, 4, 5].map((k) => [SEQUENTIAL[k - 1], `${k} — ${TENSION_LABELS[k]}`] as [string, string]).concat([[MISSING, 'Non publiée ou sans données']]),
      note: `${t.published} cellules publiées, ${t.withheld} retenues (secret statistique : 30 offres, 30 demandeurs, 30 projets BMO au moins).${synthetic}`,
    };
  }
  // Postings per territory, in the chosen domain when no métier is, for one year; with `months`,
  // only the months listed (YYYY-MM).
  const counts = async (y: string, months?: Set<string>) => {
    const c = await get<CountAnswer>('/api/indicators/counts', { level, year: y, rome, by: 'grand-domain', period: months ? 'month' : 'year' });
    const sums = new Map<string, { label: string; n: number; synthetic: number }>();
    for (const r of c.rows) {
      if (!rome && domain && r.code !== domain) continue;
      if (months && !months.has(r.period)) continue;
      const s = sums.get(r.territory) ?? { label: r.territory_label, n: 0, synthetic: 0 };
      s.n += r.postings;
      s.synthetic += r.synthetic;
      sums.set(r.territory, s);
    }
    return { sums, totals: c.totals };
  };
  if (indicator === 'prevision') {
    // Postings of the next twelve months (forecast means) against the twelve observed just before
    // the forecast starts (not a calendar year, which may be partial).
    const f = await get<ForecastAnswer>('/api/indicators/forecast', rome ? { level, rome, horizon: 12 } : { level, domain, horizon: 12 });
    const first = f.series[0]?.points[0]?.month ?? lastMonth;
    const window = new Set<string>();
    let [y, m] = first.split('-').map(Number);
    for (let i = 0; i < 12; i++) {
      m -= 1;
      if (m === 0) [y, m] = [y - 1, 12];
      window.add(`${y}-${String(m).padStart(2, '0')}`);
    }
    const years = [...new Set([...window].map((x) => x.slice(0, 4)))];
    const parts = await Promise.all(years.map((yy) => counts(yy, window)));
    const observed = new Map<string, { label: string; n: number }>();
    for (const part of parts) {
      for (const [code, s] of part.sums) {
        const o = observed.get(code) ?? { label: s.label, n: 0 };
        o.n += s.n;
        observed.set(code, o);
      }
    }
    const span = `${[...window].sort()[0]} à ${[...window].sort()[11]}`;
    for (const series of f.series) {
      const seen = observed.get(series.territory)?.n ?? 0;
      const label = observed.get(series.territory)?.label ?? series.territory;
      const ahead = series.points.reduce((sum, p) => sum + p.mean, 0);
      if (seen < MIN_POSTINGS) {
        values.set(series.territory, { label, cls: 0, value: 0, text: `non calculée (moins de ${MIN_POSTINGS} annonces de ${span})` });
        continue;
      }
      const change = ahead / seen - 1;
      values.set(series.territory, { label, cls: classOf(change, cuts), value: change, text: `${fmt.pct(change)} : ${fmt.int(ahead)} annonces attendues sur 12 mois contre ${fmt.int(seen)} de ${span}` });
    }
    return { values, legend: GROWTH_LEGEND(`moins de ${MIN_POSTINGS} annonces, ou série trop courte`), note: `Holt-Winters additif par territoire ; somme des 12 prochains mois comparée aux 12 mois observés de ${span}.` };
  }
  const now = await counts(year);
  const syntheticNote = now.totals.synthetic > 0 ? ` Dont ${fmt.int(now.totals.synthetic)} annonces synthétiques sur ${fmt.int(now.totals.counted)}.` : '';
  if (indicator === 'offres') {
    const cuts = quintiles([...now.sums.values()].map((s) => s.n));
    for (const [code, s] of now.sums) values.set(code, { label: s.label, cls: classOf(s.n, cuts), value: s.n, text: `${fmt.int(s.n)} annonces en ${year}` });
    const bounds = [0, ...cuts];
    return {
      values,
      legend: SEQUENTIAL.map((c, i) => [c, i < 4 ? `${fmt.int(bounds[i])} à ${fmt.int(cuts[i])}` : `plus de ${fmt.int(cuts[3])}`] as [string, string]).concat([[MISSING, 'Aucune annonce']]),
      note: `Annonces publiées en ${year}, classes aux quintiles.${syntheticNote}`,
    };
  }
  const before = await counts(String(Number(year) - 1));
  for (const [code, s] of now.sums) {
    const b = before.sums.get(code)?.n ?? 0;
    if (b < MIN_POSTINGS || s.n < MIN_POSTINGS) {
      values.set(code, { label: s.label, cls: 0, value: 0, text: `non calculée (moins de ${MIN_POSTINGS} annonces par an)` });
      continue;
    }
    const change = (s.n - b) / b;
    values.set(code, { label: s.label, cls: classOf(change, cuts), value: change, text: `${fmt.pct(change)} (${fmt.int(b)} → ${fmt.int(s.n)} annonces)` });
  }
  return {
    values,
    legend: GROWTH_LEGEND(`moins de ${MIN_POSTINGS} annonces par an`),
    note: `Annonces de ${year} comparées à ${Number(year) - 1}.${syntheticNote}`,
  };
}

export async function renderCarte(main: HTMLElement, ctx: Context): Promise<void> {
  const state = readState();
  const years = yearsUpTo(ctx.health.last_month);
  const level = selectField('Niveau géographique', 'niveau', LEVELS, state.get('niveau') ?? 'ze');
  const indicator = selectField('Indicateur', 'indicateur', INDICATORS, state.get('indicateur') ?? 'tension');
  const year = selectField('Année', 'annee', years.map((y) => [y, y]), state.get('annee') ?? defaultYear(ctx.health.last_month));
  const metier = suggestField('Métier (ROME 4.0)', 'metier', searchMetiers, 'Tapez un intitulé, puis choisissez dans la liste. Vide : le domaine choisi ci-dessous (ou tous les métiers pour les annonces et leur évolution).');
  let domains: [string, string][] = [];
  try {
    domains = (await get<{ grand_domains: { code: string; label: string }[] }>('/api/domains')).grand_domains.map((d) => [d.code, `${d.code} — ${d.label}`]);
  } catch {
    domains = [];
  }
  if (!ctx.current()) return;  // The user went elsewhere meanwhile.
  const domain = selectField('Domaine (sans métier choisi)', 'domaine', [['', 'Tous les domaines'], ...domains], state.get('domaine') ?? '');
  const submit = h('button', { type: 'submit' }, 'Afficher');
  const form = h('form', { class: 'controls', 'aria-label': 'Choix de la carte' }, level.wrapper, indicator.wrapper, metier.wrapper, domain.wrapper, year.wrapper, submit);
  const status = statusLine();
  const mapBox = h('div', { id: 'map', class: 'map', role: 'region', 'aria-label': 'Carte choroplèthe ; les mêmes valeurs sont dans le tableau sous la carte.' });
  const legend = h('div', { class: 'legend' });
  const note = h('p', { class: 'note' });
  const tableBox = h('div', { class: 'table-box' });
  main.append(h('h1', {}, 'Carte des besoins par territoire'), form, status, h('div', { class: 'map-row' }, mapBox, h('div', { class: 'side' }, h('h2', {}, 'Légende'), legend, note)), tableBox);

  const rome = state.get('metier') ?? '';
  if (rome) {
    try {
      const f = await get<{ code: string; label: string }>(`/api/metiers/${encodeURIComponent(rome)}`);
      metier.set(f.code, f.label);
    } catch {
      metier.input.value = rome;
    }
    if (!ctx.current()) return;
  }

  let map: maplibregl.Map | null = null;
  let popup: maplibregl.Popup | null = null;
  let current = new Map<string, Value>();
  try {
    map = new maplibregl.Map({
      container: mapBox,
      style: { version: 8, sources: {}, layers: [{ id: 'fond', type: 'background', paint: { 'background-color': '#f4f6f8' } }] },
      bounds: [-5.2, 41.3, 9.6, 51.1],
      attributionControl: false,
      dragRotate: false,
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    const created = map;
    onLeave(() => created.remove());  // Frees its WebGL context.
    popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false });
  } catch (e) {
    mapBox.replaceChildren(h('p', { class: 'status error' }, `La carte ne peut pas s'afficher dans ce navigateur (WebGL indisponible : ${(e as Error).message}). Le tableau ci-dessous donne les mêmes valeurs.`));
    mapBox.setAttribute('role', 'note');
    map = null;
  }
  const ready = map ? new Promise<void>((resolve) => (map!.loaded() ? resolve() : map!.once('load', () => resolve()))) : Promise.resolve();

  const begin = latestOnly(ctx.current);
  const update = async () => {
    const stale = begin();
    const lv = level.select.value;
    const ind = indicator.select.value;
    const yr = year.select.value;
    const typed = metier.input.value.trim();
    const { code, several } = await metier.resolve();
    if (stale()) return;
    if (typed && !code) {
      setStatus(status, 'empty', notResolved('métier', typed, several));
      return;
    }
    const dom = code ? '' : domain.select.value;
    writeState({ niveau: lv, indicateur: ind, metier: code, domaine: dom, annee: yr });
    if ((ind === 'tension' || ind === 'prevision') && !code && !dom) {
      setStatus(status, 'empty', ind === 'tension' ? 'Choisissez un métier ou un domaine pour voir la tension par territoire.' : 'Choisissez un métier ou un domaine pour voir la prévision de ses annonces par territoire.');
      return;
    }
    setStatus(status, 'loading', 'Chargement de la carte…');
    try {
      const [geo, computed] = await Promise.all([shapes(lv), computeValues(lv, ind, code, dom, yr, ctx.health.last_month)]);
      if (stale()) return;  // A newer choice is being drawn.
      current = computed.values;
      const palette = ind === 'evolution' || ind === 'prevision' ? DIVERGING : SEQUENTIAL;
      legend.replaceChildren(h('ul', {}, ...computed.legend.map(([color, text]) => h('li', {}, h('span', { class: 'swatch', style: `background:${color}`, 'aria-hidden': 'true' }), text))));
      note.textContent = computed.note;
      if (map) {
        await ready;
        if (stale()) return;
        for (const id of ['territoires-contour', 'territoires']) if (map.getLayer(id)) map.removeLayer(id);
        if (map.getSource('territoires')) map.removeSource('territoires');
        const features = geo.features.map((f) => {
          const v = current.get(String(f.properties?.code));
          return { ...f, properties: { ...f.properties, cls: v?.cls ?? 0 } };
        });
        map.addSource('territoires', { type: 'geojson', data: { type: 'FeatureCollection', features } });
        map.addLayer({
          id: 'territoires',
          type: 'fill',
          source: 'territoires',
          paint: { 'fill-color': ['match', ['get', 'cls'], 1, palette[0], 2, palette[1], 3, palette[2], 4, palette[3], 5, palette[4], MISSING], 'fill-opacity': 0.9 },
        });
        map.addLayer({ id: 'territoires-contour', type: 'line', source: 'territoires', paint: { 'line-color': '#ffffff', 'line-width': 0.6 } });
      }
      const ranked = [...current.entries()].filter(([, v]) => v.cls > 0).sort((a, b) => b[1].value - a[1].value || a[0].localeCompare(b[0]));
      const label = LEVELS.find(([v]) => v === lv)?.[1] ?? lv;
      const row = ([c, v]: [string, Value]) => [link('/territoire', { niveau: lv, code: c, annee: yr, ...(code ? { metier: code } : {}) }, `${v.label} (${c})`), v.text];
      // Every territory the map shows, reachable from the keyboard too: the highest values first,
      // then all of them by name (unpublished ones with their reason).
      const everyone = [...current.entries()].sort((a, b) => a[1].label.localeCompare(b[1].label, 'fr'));
      tableBox.replaceChildren(
        ranked.length
          ? table(`${label} : les ${Math.min(20, ranked.length)} valeurs les plus élevées sur ${ranked.length} publiées`, ['Territoire', 'Valeur'], ranked.slice(0, 20).map(row))
          : h('p', { class: 'status empty' }, 'Aucune valeur publiable pour ce choix (secret statistique ou pas de données).'),
        ...(everyone.length > Math.min(20, ranked.length)
          ? [h('details', { class: 'all-territories' }, h('summary', {}, `Tous les territoires (${everyone.length}), par nom`), table(`${label} : tous les territoires, par nom`, ['Territoire', 'Valeur'], everyone.map(row)))]
          : []),
      );
      setStatus(status, 'ok', `${ranked.length} territoires colorés.`);
    } catch (e) {
      if (stale()) return;
      setStatus(status, 'error', (e as Error).message);
      tableBox.replaceChildren();
      legend.replaceChildren();
    }
  };

  if (map) {
    map.on('mousemove', 'territoires', (e) => {
      const f = e.features?.[0];
      if (!f || !popup) return;
      const code = String(f.properties?.code);
      const v = current.get(code);
      map!.getCanvas().style.cursor = 'pointer';
      popup.setLngLat(e.lngLat).setHTML('').addTo(map!);
      popup.getElement().querySelector('.maplibregl-popup-content')?.replaceChildren(h('strong', {}, String(f.properties?.label ?? code)), h('br'), v?.text ?? 'pas de données');
    });
    map.on('mouseleave', 'territoires', () => {
      map!.getCanvas().style.cursor = '';
      popup?.remove();
    });
    map.on('click', 'territoires', (e) => {
      const code = String(e.features?.[0]?.properties?.code ?? '');
      const rome = metier.pick();
      if (code) ctx.navigate(`/territoire?${new URLSearchParams({ niveau: level.select.value, code, annee: year.select.value, ...(rome ? { metier: rome } : {}) })}`);
    });
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void update();
  });
  for (const s of [level.select, indicator.select, year.select, domain.select]) s.addEventListener('change', () => void update());
  metier.input.addEventListener('change', () => void update());
  await update();
}
