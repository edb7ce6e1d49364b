// End-to-end tests of the dashboard in Debian's Chromium (playwright-core): each page is opened,
// used as its users would (a métier chosen on the map, a territory opened, an orientation
// submitted), checked on what it shows, and screenshotted into the artefacts folder.
// Usage: node e2e.mjs BASE_URL ARTIFACTS_DIR. Exit code 1 when a check fails.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.argv[2];
const artifacts = process.argv[3] ?? 'test-results';
mkdirSync(artifacts, { recursive: true });

class CheckError extends Error {}
function check(condition, message) {
  if (!condition) throw new CheckError(message);
}

// WCAG contrast ratio of two CSS colours "rgb(r, g, b)".
function contrast(fg, bg) {
  const lum = (c) => {
    const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

// Checks every page shares: French, one h1, labelled form fields, readable text, a skip link.
async function checkAccessibility(page, name) {
  const report = await page.evaluate(() => {
    const unlabelled = [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => el.type !== 'hidden' && !el.closest('.maplibregl-ctrl'))
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
      .map((el) => el.name || el.id);
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c;
      }
      return 'rgb(255, 255, 255)';
    };
    const texts = [...document.querySelectorAll('main p, main a, main th, main td, main label, nav a, button, footer p, main li')]
      .filter((el) => el.offsetParent !== null && el.textContent.trim())
      .slice(0, 400)
      .map((el) => ({ text: el.textContent.trim().slice(0, 40), fg: getComputedStyle(el).color, bg: background(el) }));
    return { lang: document.documentElement.lang, h1: document.querySelectorAll('h1').length, unlabelled, texts };
  });
  check(report.lang === 'fr', `${name}: <html lang> is '${report.lang}', not fr`);
  check(report.h1 === 1, `${name}: ${report.h1} h1 elements`);
  check(report.unlabelled.length === 0, `${name}: fields without a label: ${report.unlabelled.join(', ')}`);
  for (const t of report.texts) {
    const ratio = contrast(t.fg, t.bg);
    check(ratio >= 4.5, `${name}: contrast ${ratio.toFixed(2)} < 4.5 for "${t.text}" (${t.fg} on ${t.bg})`);
  }
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.className);
  check(focused === 'skip', `${name}: the first Tab does not reach the skip link (got '${focused}')`);
}

// Types `text` in the suggestion field labelled `label` and picks the suggestion containing `want`.
async function suggest(page, label, text, want) {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(text);
  const list = await input.getAttribute('list');
  const option = page.locator(`datalist#${list} option[value*="${want}"]`);
  await option.first().waitFor({ state: 'attached', timeout: 20000 });
  await input.fill(await option.first().getAttribute('value'));
  await input.press('Tab');
}

// The pixel of (lon, lat) in a map fitted to `bounds` (Web Mercator, no padding), as MapLibre does.
function project(box, bounds, lon, lat) {
  const mx = (x) => (x + 180) / 360;
  const my = (y) => (1 - Math.log(Math.tan((y * Math.PI) / 180) + 1 / Math.cos((y * Math.PI) / 180)) / Math.PI) / 2;
  const [w, s, e, n] = bounds;
  const scale = Math.min(box.width / (mx(e) - mx(w)), box.height / (my(s) - my(n)));
  const cx = (mx(w) + mx(e)) / 2, cy = (my(s) + my(n)) / 2;
  return { x: box.x + box.width / 2 + (mx(lon) - cx) * scale, y: box.y + box.height / 2 + (my(lat) - cy) * scale };
}

const tests = {
  async carte(page) {
    await page.goto(`${base}carte?niveau=ze&indicateur=tension&annee=2025`);
    await page.getByText('Choisissez un métier').waitFor();
    await checkAccessibility(page, 'carte');
    // A métier published in Metz, searched by its label as a user would.
    const top = await (await page.request.get(`${base}api/indicators/tension?level=ze&year=2025&territory=4410&top=1`)).json();
    const cell = top.cells.find((c) => c.class);
    check(cell, 'the store has a published tension in Metz');
    await suggest(page, 'Métier (ROME 4.0)', cell.rome_label, `(${cell.rome})`);
    await page.locator('table caption').first().waitFor({ timeout: 30000 });
    check(page.url().includes(`metier=${cell.rome}`), `the URL keeps the choice: ${page.url()}`);
    const caption = await page.locator('table caption').first().textContent();
    check(/valeurs les plus élevées/.test(caption), `table caption: ${caption}`);
    check((await page.locator('.legend li').count()) === 6, 'the legend has five classes and "not published"');
    const rows = await page.locator('table').first().locator('tbody tr').count();
    check(rows >= 1, 'at least one zone d\'emploi is coloured');
    // Every territory of the map is reachable from the keyboard, not only the top 20.
    const all = page.locator('details.all-territories');
    if (await all.count()) {
      await all.locator('summary').focus();
      await page.keyboard.press('Enter');
      check(await all.locator('tbody tr').count() > rows, 'the full list has more territories than the top');
      await all.locator('summary').click();
    }
    const canvas = page.locator('canvas.maplibregl-canvas');
    let viaMap = false;
    if (await canvas.count()) {
      await page.waitForTimeout(1500);  // Tiles of the GeoJSON layer drawn.
      const box = await canvas.boundingBox();
      const metz = project(box, [-5.2, 41.3, 9.6, 51.1], 6.18, 49.12);
      await page.mouse.move(metz.x, metz.y);
      const popup = page.locator('.maplibregl-popup-content');
      try {
        await popup.waitFor({ timeout: 5000 });
        const text = await popup.textContent();
        check(/Metz/.test(text), `the popup over Metz says: ${text}`);
        await page.screenshot({ path: join(artifacts, 'carte.png'), fullPage: true });
        await page.mouse.click(metz.x, metz.y);
        viaMap = true;
      } catch (e) {
        if (e instanceof CheckError) throw e;
        console.log(`  carte: no popup over Metz (${e.message.split('\n')[0]}); opening the territory from the table`);
      }
    } else {
      check(await page.getByText('WebGL indisponible').count(), 'neither a map nor the WebGL message');
      console.log('  carte: WebGL unavailable in this Chromium; the fallback message and table are shown');
    }
    if (!viaMap) {
      await page.screenshot({ path: join(artifacts, 'carte.png'), fullPage: true });
      await page.locator('table tbody tr a').first().click();
    }
    await page.waitForURL(/\/territoire\?/);
    await page.locator('h1', { hasText: 'Diagnostic territorial :' }).waitFor();
    if (viaMap) check(page.url().includes('code=4410'), `the click on Metz opened ${page.url()}`);
    // The other indicators: the forecast for the same métier, postings of a whole domaine.
    const domain = cell.rome[0];
    for (const [query, what] of [[`indicateur=prevision&metier=${cell.rome}`, 'forecast'], ['indicateur=offres&domaine=J', 'domaine J'],
      [`indicateur=tension&domaine=${domain}`, `tension of domaine ${domain}`], [`indicateur=prevision&domaine=${domain}`, `forecast of domaine ${domain}`]]) {
      await page.goto(`${base}carte?niveau=dep&annee=2025&${query}`);
      await page.locator('table caption, main .status.empty, main .status.error').first().waitFor({ timeout: 30000 });
      check(await page.locator('main .status.error').count() === 0, `${what}: ${await page.locator('main').textContent()}`);
      check(await page.locator('table tbody tr').count() >= 1, `${what}: at least one département is coloured`);
      check(await page.locator('.legend li').count() === 6, `${what}: a legend of five classes and "not computed"`);
    }
    await page.screenshot({ path: join(artifacts, 'carte-domaine.png'), fullPage: true });
    // A métier typed without choosing a suggestion is read when it names one fiche.
    await page.goto(`${base}carte?niveau=ze&indicateur=tension&annee=2025`);
    await page.getByText('Choisissez un métier').waitFor();
    await page.getByLabel('Métier (ROME 4.0)', { exact: true }).fill(cell.rome_label);
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL(new RegExp(`metier=${cell.rome}`), { timeout: 30000 });
    console.log(`  carte: métier chosen, ${rows} territories listed, territory opened ${viaMap ? 'from the map' : 'from the table'}`);
  },

  async territoire(page) {
    await page.goto(`${base}territoire?niveau=ze&code=4410&annee=2025`);
    await page.locator('h1', { hasText: 'Metz' }).waitFor();
    const tensions = page.locator('section[aria-labelledby="tensions"]');
    await tensions.locator('table, .status.empty, .status.error').first().waitFor({ timeout: 30000 });
    check(await tensions.locator('table tbody tr').count() >= 1, 'Metz has published tensions');
    const forecast = page.locator('section[aria-labelledby="prevision"]');
    await forecast.locator('canvas, .status.empty, .status.error').first().waitFor({ timeout: 30000 });
    check(await forecast.locator('canvas').count() === 1, `a forecast chart: ${await forecast.textContent()}`);
    const trends = page.locator('section[aria-labelledby="evolution"]');
    await trends.locator('canvas, .status.empty, .status.error').first().waitFor({ timeout: 30000 });
    check(await trends.locator('canvas').count() === 1, `a trends chart with intervals: ${await trends.textContent()}`);
    check(/Intervalle 95/.test(await trends.locator('figure details').textContent()), 'the trends chart values with their intervals');
    check(await forecast.locator('details table tbody tr').count() >= 12, 'the forecast values as a table');
    // Another métier in tension for the forecast: the chart follows, the URL keeps it.
    const choice = forecast.getByLabel('Métier de la prévision');
    let other = '';
    if (await choice.count()) {
      const options = await choice.locator('option').evaluateAll((os) => os.map((o) => o.value));
      other = options[options.length - 1];
      await choice.selectOption(other);
      await forecast.locator('figcaption', { hasText: `(${other})` }).or(forecast.locator('.status.empty')).first().waitFor({ timeout: 30000 });
      check(page.url().includes(`metier=${other}`), `the forecast's métier is kept in the URL: ${page.url()}`);
    }
    // The compétences in ESCO's terms: each links to its ESCO page, the download names them by URI.
    const skills = page.locator('section[aria-labelledby="competences"]');
    await skills.locator('table, .status.empty, .status.error').first().waitFor({ timeout: 30000 });
    check(await skills.locator('table tbody tr').count() >= 1, `Metz has saturated or wanted compétences: ${await skills.textContent()}`);
    await skills.getByLabel('Référentiel des compétences').selectOption('esco');
    await skills.locator('a', { hasText: 'les compétences ESCO (CSV)' }).waitFor({ timeout: 30000 });
    check(page.url().includes('referentiel=esco') && page.url().includes(`metier=${other}`),
      `the referential is kept in the URL, beside the forecast's métier: ${page.url()}`);
    const escoRows = await skills.locator('table tbody tr').count();
    const escoLinks = await skills.locator('table tbody a[href^="http://data.europa.eu/esco/skill/"]').count();
    check(escoRows >= 1 && escoLinks === escoRows, `ESCO skills listed, each with its ESCO page (${escoLinks} of ${escoRows})`);
    check((await skills.locator('table tbody a').first().textContent()).includes('(fiche ESCO, site externe)'), 'an ESCO link says where it leads');
    const escoCsv = await page.request.get(new URL(await skills.locator('a', { hasText: 'les compétences ESCO (CSV)' }).getAttribute('href'), base).href);
    check(escoCsv.status() === 200 && (await escoCsv.text()).includes(';http://data.europa.eu/esco/skill/'), `the ESCO CSV names skills by URI: ${escoCsv.status()}`);
    // Back to ROME, at once: the ROME tables come, whatever answer arrives last.
    await skills.getByLabel('Référentiel des compétences').selectOption('esco');
    await skills.getByLabel('Référentiel des compétences').selectOption('rome');
    await skills.locator('a', { hasText: /^les compétences \(CSV\)$/ }).waitFor({ timeout: 30000 });
    await page.waitForTimeout(1000);
    check(await skills.locator('table tbody a[rel~="external"]').count() === 0 && await skills.locator('table tbody tr').count() >= 1,
      'after switching back, the ROME compétences are shown');
    const csv = await tensions.locator('a', { hasText: '(CSV)' }).getAttribute('href');
    const answer = await page.request.get(new URL(csv, base).href);
    check(answer.status() === 200 && answer.headers()['content-type'].startsWith('text/csv'), `CSV download: ${answer.status()}`);
    check((await answer.text()).includes('4410'), 'the CSV holds Metz');
    const report = await page.locator('a', { hasText: 'page imprimable' }).getAttribute('href');
    const page2 = await page.request.get(new URL(report, base).href);
    check(page2.status() === 200 && (await page2.text()).includes('<html'), 'the printable diagnostic');
    const pdfHref = await page.locator('a', { hasText: /^PDF$/ }).getAttribute('href');
    const pdf = await page.request.get(new URL(pdfHref, base).href, { timeout: 120000 });
    check(pdf.status() === 200 && (await pdf.body()).subarray(0, 4).toString() === '%PDF', `the diagnostic as a PDF: ${pdf.status()}`);
    await checkAccessibility(page, 'territoire');
    await page.screenshot({ path: join(artifacts, 'territoire.png'), fullPage: true });
    // Typed by name, as the field's hint says; a prefix of several is answered in words.
    await page.goto(`${base}territoire?niveau=ze&annee=2025`);
    await page.getByText('Choisissez un territoire').waitFor();
    const field = page.getByLabel('Territoire', { exact: true });
    await field.fill('Saint');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.getByText('Plusieurs territoires correspondent').waitFor();
    await field.fill('Metz');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.locator('h1', { hasText: 'Metz' }).waitFor();
    check(page.url().includes('code=4410'), `the typed name opened ${page.url()}`);

    console.log('  territoire: tensions, skills (ROME and ESCO), trends, forecast chart and downloads shown');
  },

  async metier(page) {
    // Searched by its label, as a user would.
    const fiche = await (await page.request.get(`${base}api/metiers/D1505`)).json();
    await page.goto(`${base}metier?niveau=ze&annee=2025`);
    await page.getByText('Choisissez un métier').waitFor();
    await suggest(page, 'Métier (ROME 4.0)', fiche.label.slice(0, 12), '(D1505)');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.locator('h1', { hasText: '(D1505)' }).waitFor();
    check(page.url().includes('code=D1505'), `the URL keeps the métier: ${page.url()}`);
    await page.goto(page.url());  // The shared link, opened afresh (focus back at the top).
    await page.locator('h1', { hasText: '(D1505)' }).waitFor();
    check(await page.locator('ul.items li').count() >= 5, 'the fiche lists its compétences');
    const escoLinks = page.locator('details a[rel~="external"]');
    check(fiche.esco.length > 0 && await escoLinks.count() === fiche.esco.length,
      `the fiche's ${fiche.esco.length} essential ESCO skills are listed (${await escoLinks.count()} shown)`);
    check((await escoLinks.first().getAttribute('href')).startsWith('http://data.europa.eu/esco/skill/'), 'each ESCO skill links to its page');
    const vers = page.locator('section[aria-labelledby="vers"]');
    await vers.locator('table, .status.empty, .status.error').first().waitFor({ timeout: 30000 });
    check(await vers.locator('table tbody tr').count() >= 1, 'transitions are listed');
    const ou = page.locator('section[aria-labelledby="ou"]');
    await ou.locator('table, .status.empty, .status.error').first().waitFor({ timeout: 30000 });
    check(await ou.locator('.status.error').count() === 0, `tension by territory: ${await ou.textContent()}`);
    await checkAccessibility(page, 'metier');
    await page.screenshot({ path: join(artifacts, 'metier.png'), fullPage: true });
    console.log('  metier: fiche, its ESCO skills, tension by territory and transitions shown');
  },

  async orientation(page) {
    await page.goto(`${base}orientation`);
    await page.getByRole('button', { name: 'Orienter' }).waitFor();
    await checkAccessibility(page, 'orientation');
    await page.getByRole('button', { name: 'Orienter' }).click();
    const errors = page.locator('.errors');
    await errors.locator('li').first().waitFor();
    check(/commune/.test(await errors.textContent()), 'a missing commune is said in words');
    await page.getByLabel('Métier exercé', { exact: true }).fill('Hôtesse de caisse');
    await suggest(page, 'Compétence acquise (facultatif)', 'accueillir', '(');
    await page.getByRole('button', { name: 'Ajouter' }).click();
    check(await page.locator('ul.chosen li').count() === 1, 'a compétence is added to the profile');
    await suggest(page, 'Commune de résidence', 'Thionvil', '(57672)');
    await page.getByLabel('Solde CPF (€)').fill('800');
    await page.getByLabel('Le soir').check();
    await page.getByRole('button', { name: 'Orienter' }).click();
    await page.locator('h2', { hasText: 'Métiers proposés' }).waitFor({ timeout: 60000 });
    const targets = await page.locator('li.target').count();
    check(targets >= 1, 'targets are proposed');
    const steps = await page.locator('ol.timeline li').count();
    check(steps >= 1, 'a pathway is shown as a timeline');
    const first = page.locator('li.target').first();
    check(/Compétences à acquérir \(\d+\)/.test(await first.textContent()), 'each target says the compétences to acquire');
    check(await first.locator('details li').count() >= 1, 'the missing compétences are listed');
    check(/CPF/.test(await page.locator('ol.timeline li p.funding').first().textContent()), 'each step says how it is funded');
    check(page.url().includes('commune=57672') && page.url().includes('competences=') && !page.url().includes('?'), `the profile stays in the fragment: ${page.url()}`);
    await page.screenshot({ path: join(artifacts, 'orientation.png'), fullPage: true });
    // The shared link gives the same answer.
    const shared = page.url();
    const again = await page.context().newPage();
    await again.goto(shared);
    await again.locator('li.target').first().waitFor({ timeout: 60000 });
    check((await again.locator('li.target').count()) === targets, 'the shared link gives the same targets');
    check((await again.locator('ul.chosen li').count()) === 1, 'the shared link keeps the added compétence');
    await again.close();
    console.log(`  orientation: ${targets} targets, ${steps} pathway steps shown`);
  },
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
let failed = 0;
for (const [name, test] of Object.entries(tests)) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.setDefaultTimeout(20000);
  try {
    await test(page);
    check(problems.length === 0, problems.join('\n'));
    console.log(`ok ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
    await page.screenshot({ path: join(artifacts, `${name}-failure.png`), fullPage: true }).catch(() => {});
  }
  await context.close();
}
await browser.close();
console.log(`${Object.keys(tests).length - failed}/${Object.keys(tests).length} dashboard tests passed; screenshots in ${artifacts}`);
process.exit(failed ? 1 : 0);
