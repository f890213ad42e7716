// lib.mjs: what the browser tests share: Debian's chromium through playwright-core (never a
// downloaded browser), logins through the real forms, axe-core, the Nu HTML checker.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
export const BASE = (process.env.KP_BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const ARTIFACTS = process.env.KP_ARTIFACTS || path.resolve('t/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.KP_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--disable-dev-shm-usage'],
  });
}

export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

export async function login(page, app, username, password) {
  await page.goto(`${BASE}/${app}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit].primary')]);
}

export async function screenshot(page, name) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// No horizontal scrolling: the document is not wider than the viewport.
export async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// The serious and critical accessibility violations of the page, as "rule: target" strings.
export async function seriousViolations(page) {
  // Evaluated through the DevTools protocol: the page's CSP (no inline script) stays in force.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => (await window.axe.run(document)).violations);
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// Runs the Nu HTML checker (vnu.jar on the installed Java) over saved pages; returns errors.
export function htmlErrors(files) {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  let out;
  try {
    out = execFileSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files],
                       { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = e.stderr || e.stdout || '';
  }
  const text = out.trim() || '{"messages":[]}';
  const messages = JSON.parse(text).messages || [];
  return messages.filter((m) => m.type === 'error')
    .map((m) => `${path.basename(decodeURIComponent(m.url || ''))}:${m.lastLine}: ${m.message}`);
}

export function saveHtml(name, html) {
  const file = path.join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, html);
  return file;
}

// Tap targets: WCAG 2.2 SC 2.5.8 (Target Size, Minimum) as the hard floor: every visible
// button, input, select, textarea, summary, checkbox label, and every link that is not an
// inline link in running text (navigation, tabs, crumbs, lists, tables, buttons) is at least
// 24 x 24 CSS px. A link counts as running text when its parent has text of its own besides
// the link (the SC's "inline" exception). Returns the offenders as "tag.class 'text' WxH".
export const MIN_TARGET = 24;
export async function smallTargets(page) {
  return page.evaluate((min) => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
                   + 'label.check, .check label';
    const out = [];
    for (const el of document.querySelectorAll(selector)) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden'
          || el.closest('.sr, .visually-hidden, [hidden]')) {
        continue;   /* not shown: not a target */
      }
      if (el.matches('a') && style.display === 'inline') {
        const parent = el.parentElement;
        const own = el.textContent.replace(/\s+/g, ' ').trim();
        const around = parent.textContent.replace(/\s+/g, ' ').trim();
        if (around.length > own.length && !parent.matches('li, td, th, dd, nav, .crumbs, .actions')) {
          continue; /* an inline link in running text */
        }
      }
      if (r.width < min - 0.5 || r.height < min - 0.5) {
        const name = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '')
                   + (el.type && el.matches('input') ? `[type=${el.type}]` : '');
        out.push(`${name} '${el.textContent.trim().slice(0, 30)}' ${Math.round(r.width)}x${Math.round(r.height)}`);
      }
    }
    return out;
  }, MIN_TARGET);
}

// What every page must be, on every viewport: a main landmark, no horizontal scrolling, no
// serious or critical axe finding; on a phone, tap targets of at least 24 x 24 px. Takes a
// screenshot; on a desktop the HTML is kept in savedHtml for the Nu HTML checker.
export async function checkPage(page, name, viewName, savedHtml) {
  assert.ok(await page.$('main'), 'the page has a main landmark');
  assert.equal(await horizontalOverflow(page), 0, 'no horizontal scrolling');
  assert.deepEqual(await seriousViolations(page), [], 'no serious or critical axe findings');
  if (viewName === 'phone') {
    assert.deepEqual(await smallTargets(page), [], `tap targets at least ${MIN_TARGET} x ${MIN_TARGET} px (WCAG 2.5.8)`);
  }
  await screenshot(page, `${name}-${viewName}`);
  if (viewName === 'desktop') {
    savedHtml.push(saveHtml(name, await page.content()));
  }
}
