// pages.test.mjs: every page of the portal and the administration, on a phone and a desktop:
// no horizontal scrolling, no serious or critical axe finding, tap targets of 24 px at least,
// valid HTML, German by default with English complete, and the company's look (logo, accent
// colour) on the portal's pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, BASE, PHONE, DESKTOP, checkPage, htmlErrors } from './lib.mjs';

// Pages by who sees them; {project} is the first project the overview links to.
const ADMIN = ['admin', 'admin', 'Admin-Demo-2026'];
const PAGES = [
  { name: 'portal-login', as: null, app: 'portal', path: '/portal/login' },
  { name: 'admin-login', as: null, app: 'admin', path: '/admin/login' },
  { name: 'portal-not-found', as: null, app: 'portal', path: '/portal/no-such-page' },
  { name: 'portal-overview', as: ['portal', 'kunde', 'Kunde-Demo-2026'], path: '/portal/' },
  { name: 'portal-project', as: ['portal', 'kunde', 'Kunde-Demo-2026'], path: '/portal/projects/{project}' },
  { name: 'admin-projects', as: ['admin', 'admin', 'Admin-Demo-2026'], path: '/admin/projects' },
  // The administration's pages; via: [page to open or null for the current one, link to follow
  // or button to press, or 'uncheck' and the checkbox to untick before the next step].
  { name: 'admin-project', as: ADMIN, via: [['/admin/projects', 'a:has-text("Catering")']] },
  { name: 'admin-project-editor', as: ADMIN,
    via: [['/admin/projects', 'a:has-text("Catering")'], [null, 'ul.accounts button.edit']] },
  { name: 'admin-account-delete', as: ADMIN,
    via: [['/admin/projects', 'a:has-text("Catering")'], [null, 'ul.accounts button.edit'],
          [null, 'a[href$="/delete"]']] },
  { name: 'admin-project-new', as: ADMIN, path: '/admin/projects/new' },
  { name: 'admin-project-settings', as: ADMIN, path: '/admin/projects/settings' },
  { name: 'admin-customers', as: ADMIN, path: '/admin/customers' },
  { name: 'admin-customer', as: ADMIN, via: [['/admin/customers', 'table a']] },
  { name: 'admin-settings', as: ADMIN, path: '/admin/settings' },
  // Switching the Kundenstamm off while the demo's customer portal is on: the question first
  // (nothing is saved until it is answered).
  { name: 'admin-settings-confirm', as: ADMIN,
    via: [['/admin/settings', 'input[name=customer_master]', 'uncheck'], [null, 'form.card button[type=submit]']],
    expect: '[aria-labelledby=confirm-off-title]' },
  { name: 'admin-branding', as: ADMIN, path: '/admin/settings/branding' },
  { name: 'admin-audit', as: ADMIN, path: '/admin/audit' },
  { name: 'admin-admins', as: ADMIN, path: '/admin/admins' },
  { name: 'admin-link', as: ADMIN,
    via: [['/admin/projects', 'a:has-text("Catering")'], [null, 'a[href$="/link"]']] },
  { name: 'admin-sheet', as: ADMIN,
    via: [['/admin/projects', 'a:has-text("Catering")'], [null, 'a[href$="/link"]'], [null, 'a[href$="/sheet"]']] },
];

let browser;
const savedHtml = [];
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function open(page, spec) {
  if (spec.as) {
    await login(page, ...spec.as);
  }
  let url = spec.path;
  let pressed = null;   // the answer to a button pressed last (a form sent: no address to open)
  for (const [from, link, action] of spec.via || []) {
    if (from) {
      await page.goto(`${BASE}${from}`);
    }
    if (action === 'uncheck') {
      await page.uncheck(link);
      continue;
    }
    url = await page.getAttribute(link, 'href');
    if (url === null) {
      [pressed] = await Promise.all([page.waitForNavigation(), page.click(link)]);
    } else {
      pressed = null;
      await page.goto(`${BASE}${url}`);
    }
  }
  if (pressed) {
    return pressed;
  }
  if (url.includes('{project}')) {
    await page.goto(`${BASE}/portal/`);
    const href = await page.getAttribute('a.tile', 'href');
    url = href;
  }
  return page.goto(`${BASE}${url}`);
}

for (const spec of PAGES) {
  for (const [viewName, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    test(`${spec.name} on a ${viewName}: fits, accessible`, async () => {
      const context = await browser.newContext({ viewport, locale: 'de-DE' });
      const page = await context.newPage();
      try {
        await open(page, spec);
        if (spec.expect) {
          assert.ok(await page.$(spec.expect), `${spec.name}: ${spec.expect} is on the page`);
        }
        await checkPage(page, spec.name, viewName, savedHtml);
      } finally {
        await context.close();
      }
    });
  }
}

// A project page with a staged entry: its "Entfernen" and "Verwerfen" buttons checked like
// every other control; "Verwerfen" leaves the demo as it was.
for (const [viewName, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
  test(`admin-project-staged on a ${viewName}: fits, accessible`, async () => {
    const context = await browser.newContext({ viewport, locale: 'de-DE' });
    const page = await context.newPage();
    try {
      await login(page, ...ADMIN);
      await page.goto(`${BASE}/admin/projects`);
      await Promise.all([page.waitForNavigation(), page.click('a:has-text("Catering")')]);
      await page.click('#account-editor summary');
      await page.fill('#acct-username', `vorschau-${viewName}`);
      await page.fill('#acct-password', 'Fenster-Apfel-2026');
      await page.fill('#acct-display_name', 'Vera Vorschau');
      await Promise.all([page.waitForNavigation(), page.click('button[value=stage]')]);
      assert.match(await page.textContent('.staged-box'), new RegExp(`vorschau-${viewName}`));
      await checkPage(page, 'admin-project-staged', viewName, savedHtml);
    } finally {
      if (await page.$('.staged-box button[value=discard]')) {   // leave the demo as it was
        await Promise.all([page.waitForNavigation(), page.click('.staged-box button[value=discard]')]);
      }
      await context.close();
    }
  });
}

test('every page is valid HTML (Nu HTML checker)', () => {
  assert.ok(savedHtml.length >= PAGES.length, 'all pages were saved');
  assert.deepEqual(htmlErrors(savedHtml), []);
});

test('German by default, English on request, remembered', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  const page = await context.newPage();
  try {
    await page.goto(`${BASE}/portal/login`);
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    assert.equal(await page.textContent('h1'), 'Anmelden');
    await page.click('footer a[hreflang=en]');
    assert.equal(await page.textContent('h1'), 'Log in');
    await page.goto(`${BASE}/portal/login`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the choice is remembered');
  } finally {
    await context.close();
  }
});

test('a browser set to English gets English (Accept-Language), dates in its format', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
  const page = await context.newPage();
  try {
    await page.goto(`${BASE}/portal/login`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.textContent('h1'), 'Log in');
    await login(page, 'portal', 'kunde', 'Kunde-Demo-2026');
    const href = await page.getAttribute('a.tile', 'href');
    await page.goto(`${BASE}${href}/times?month=all`);
    const text = await page.textContent('main');
    assert.match(text, /\d\d\/\d\d\/20\d\d/, 'dates as dd/mm/yyyy');
    assert.match(text, /\d+\.\d+ h/, 'hours with a decimal point');
    assert.doesNotMatch(text, /\d\d\.\d\d\.20\d\d|\d+,\d+ h/, 'nothing in the German format');
  } finally {
    await context.close();
  }
});

test('logging in and out works without JavaScript', async () => {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await login(page, 'portal', 'kunde', 'Kunde-Demo-2026');
    assert.match(await page.textContent('h1'), /Karin Kunde/);
    await Promise.all([page.waitForNavigation(), page.click('header form button')]);
    assert.match(page.url(), /\/portal\/login$/);
  } finally {
    await context.close();
  }
});

// The demo company's look (sql/demo.sql): its logo loaded in the header and its accent colour
// (#0f766e) on the header and the main button, on the login page and on a page after login.
test('the company\'s logo and accent colour on the login page and a portal page', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  const page = await context.newPage();
  const look = () => page.evaluate(() => {
    const logo = document.querySelector('header.site img.logo');
    return {
      logo: logo ? logo.complete && logo.naturalWidth > 0 : false,
      header: getComputedStyle(document.querySelector('header.site')).backgroundColor,
      company: document.querySelector('header.site .company').textContent,
    };
  });
  try {
    await page.goto(`${BASE}/portal/login`);
    const teal = 'rgb(15, 118, 110)';
    assert.deepEqual(await look(), { logo: true, header: teal, company: 'Muster Dienste GmbH' }, 'login page');
    assert.equal(await page.$eval('button.primary', (b) => getComputedStyle(b).backgroundColor), teal,
                 'the login button in the accent colour');
    await login(page, 'portal', 'kunde', 'Kunde-Demo-2026');
    await page.goto(`${BASE}/portal/`);
    assert.deepEqual(await look(), { logo: true, header: teal, company: 'Muster Dienste GmbH' }, 'overview');
    await page.goto(`${BASE}/admin/login`);
    assert.equal(await page.$('header.site img.logo'), null, 'the administration keeps its own look');
  } finally {
    await context.close();
  }
});
