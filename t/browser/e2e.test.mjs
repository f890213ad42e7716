// e2e.test.mjs: the whole flow through the UI, as people use it. An admin (desktop) creates a
// project, ticks "Kundenportal aktivieren" (the section appears at once), stages two accounts
// with different permissions ("Übernehmen") and saves portal, Infotext and accounts with one
// "Daten speichern", uploads a document and opens "Link/QR Code anzeigen"; the QR code is
// decoded with zbarimg and its link opened in a fresh browser (a phone). The customer logs in,
// sees only the permitted tabs, writes a message, downloads the document and reports a job; the
// admin sees the message and the job; the second account sees only its tab. Every step leaves
// a screenshot: t/artifacts/e2e-NN-step.png (build/test-artifacts/ after the run).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch, login, BASE, PHONE, DESKTOP, ARTIFACTS, horizontalOverflow } from './lib.mjs';

const run = String(Date.now() % 100000).padStart(5, '0');   // unique names per run
const PROJECT = { name: 'Hausmeisterdienst Wohnpark Rosengarten', number: `P-2026-${run}`,
                  address: 'Rosenweg 3–9, 04109 Leipzig' };
const CUSTOMER = { username: `rosengarten-${run}`, name: 'Rita Rosengarten', password: 'Rosen-Garten-Portal-26',
                   perms: ['documents', 'messages', 'requests'] };
const PLANNER = { username: `plan-${run}`, name: 'Peter Planer', password: 'Peter-Plant-Portal-26',
                  perms: ['planning'] };
const INFO = 'Willkommen im Kundenportal für den Wohnpark Rosengarten! Hier finden Sie unsere Unterlagen, schreiben uns direkt und melden neue Aufträge.';
const DOCUMENT = { name: 'Leistungsverzeichnis Rosengarten.pdf', mimeType: 'application/pdf',
                   buffer: Buffer.from(`%PDF-1.4\n% Leistungsverzeichnis ${run}\n%%EOF\n`) };
const MESSAGE = 'Guten Tag, ab wann beginnt bei uns der Winterdienst? Die Wege sind morgens schon glatt.';
const JOB = { title: 'Laub im Innenhof entfernen', description: 'Die Wege im Innenhof sind voller Laub.',
              date: '2026-12-15', place: 'Innenhof, Haus 5' };

let browser;
let admin;       // the admin's page (desktop)
let projectId;
let link;        // the portal link, as decoded from the QR code
let portal;      // where the link points: the customers' side of the portal (scheme, host, port)
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `e2e-${name}.png`), fullPage: true });
}

async function go(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

// A fresh browser on a phone (nothing shared with the admin's), logged in through the link.
async function customerPhone(account, shotName) {
  const context = await browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  const page = await context.newPage();
  const response = await page.goto(link);
  assert.equal(response.status(), 200, 'the link opens the portal\'s login page');
  assert.equal(await horizontalOverflow(page), 0, 'no horizontal scrolling');
  if (shotName) {
    await shot(page, shotName);
  }
  await page.fill('#username', account.username);
  await page.fill('#password', account.password);
  await go(page, 'button[type=submit].primary');
  assert.match(await page.textContent('h1'), new RegExp(account.name), 'logged in');
  return { context, page };
}

async function tabsOf(page) {
  return page.$$eval('nav.tabs a', (links) => links.map((a) => a.getAttribute('href').replace(/.*\//, '')));
}

test('e2e 1: the admin logs in and creates a project', async () => {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'de-DE' });
  admin = await context.newPage();
  await login(admin, 'admin', 'admin', 'Admin-Demo-2026');
  await admin.goto(`${BASE}/admin/projects`);
  await shot(admin, '01-admin-projects');
  await go(admin, 'a[href$="/projects/new"]');
  await admin.fill('#main-name', PROJECT.name);
  await admin.fill('#main-number', PROJECT.number);
  await admin.fill('#main-address', PROJECT.address);
  await shot(admin, '02-admin-new-project');
  await go(admin, 'button[value=save]');
  projectId = admin.url().match(/\/admin\/projects\/(\d+)/)?.[1];
  assert.ok(projectId, `on the new project's page: ${admin.url()}`);
  assert.equal(await admin.textContent('h1'), PROJECT.name);
});

test('e2e 2: "Kundenportal aktivieren" shows the Kundenportal section at once', async () => {
  assert.ok(!(await admin.isVisible('#portal')), 'no section before the tick');
  await admin.check('#main-portal_enabled');
  assert.ok(await admin.isVisible('#portal'), 'the section is there at once, before any save');
  await admin.fill('#main-info_text', INFO);
  await shot(admin, '03-admin-portal-enabled');
});

test('e2e 3: two accounts with different permissions: "Übernehmen", then one "Daten speichern" for all', async () => {
  for (const account of [CUSTOMER, PLANNER]) {
    await admin.click('#account-editor summary');
    await admin.fill('#acct-username', account.username);
    await admin.fill('#acct-password', account.password);
    await admin.fill('#acct-display_name', account.name);
    for (const perm of account.perms) {
      await admin.check(`#acct-perm_${perm}`);
    }
    await go(admin, 'button[value=stage]');
    assert.match(await admin.textContent('main'), /Übernommen\. Noch nicht gespeichert/);
    assert.match(await admin.textContent('.staged-box'), new RegExp(account.username), 'staged, marked as not saved');
  }
  assert.ok(await admin.isChecked('#main-portal_enabled'), 'the tick stays, not saved yet');
  await shot(admin, '04-admin-accounts-staged');
  await go(admin, 'main > form button[value=save]');
  assert.match(admin.url(), /saved=1/);
  assert.equal(await admin.inputValue('#main-info_text'), INFO, 'one "Daten speichern" saved the Infotext');
  assert.ok(await admin.isVisible('a[href$="/link"]'), 'and the portal: Link/QR Code anzeigen');
  assert.equal(await admin.$('.staged-box'), null, 'nothing left unsaved');
  const accounts = await admin.textContent('ul.accounts');
  assert.match(accounts, new RegExp(CUSTOMER.username));
  assert.match(accounts, new RegExp(PLANNER.username));
  await shot(admin, '05-admin-accounts-saved');
});

test('e2e 4: staff upload a document for the portal', async () => {
  await admin.goto(`${BASE}/admin/projects/${projectId}/documents`);
  await admin.setInputFiles('#file', DOCUMENT);
  assert.ok(await admin.isChecked('input[name=visible]'), 'visible in the portal by default');
  // the script sends the file and puts the server's answer (the list) in place of the page:
  // no navigation to wait for
  await admin.click('form[enctype="multipart/form-data"] button[type=submit]');
  await admin.waitForSelector('a.what:has-text("Leistungsverzeichnis Rosengarten.pdf")');
  await shot(admin, '06-admin-document');
});

test('e2e 5: "Link/QR Code anzeigen": the QR code (PNG) decodes to the portal link', async () => {
  await admin.goto(`${BASE}/admin/projects/${projectId}`);
  await go(admin, 'a[href$="/link"]');
  const shown = await admin.inputValue('#portal-link');
  await shot(admin, '07-admin-link-qr');
  // The code as the page shows it, and the PNG the page offers for download.
  const onScreen = path.join(ARTIFACTS, 'e2e-qr-on-screen.png');
  await admin.locator('figure.qr img').screenshot({ path: onScreen });
  const png = await admin.request.get(new URL(await admin.getAttribute('a[href$="/qr.png"]', 'href'), admin.url()).href);
  assert.equal(png.headers()['content-type'], 'image/png');
  const downloaded = path.join(ARTIFACTS, 'e2e-qr.png');
  writeFileSync(downloaded, await png.body());
  const decode = (file) => execFileSync('zbarimg', ['--raw', '-q', file], { encoding: 'utf8' }).trim();
  link = decode(downloaded);
  assert.equal(decode(onScreen), link, 'the code on the page and the PNG say the same');
  assert.equal(link, shown, 'the QR code holds the link the page shows');
  assert.match(link, /\/portal\/p\/[A-Za-z0-9_-]{43}$/);
  portal = new URL(link).origin;
});

test('e2e 6: the customer opens the link on a phone, logs in and sees only the permitted tabs', async () => {
  const { context, page } = await customerPhone(CUSTOMER, '08-customer-login');
  try {
    assert.match(await page.textContent('main'), /Willkommen im Kundenportal für den Wohnpark Rosengarten/, 'the Infotext');
    await shot(page, '09-customer-overview');
    await go(page, 'a.tile');
    assert.deepEqual(await tabsOf(page), ['documents', 'messages', 'requests']);
    await shot(page, '10-customer-project');
    const hidden = await page.goto(`${portal}/portal/projects/${projectId}/planning`);
    assert.equal(hidden.status(), 404, 'a tab not permitted is not there');
  } finally {
    await context.close();
  }
});

test('e2e 7: the customer writes a message, downloads the document and reports a job', async () => {
  const { context, page } = await customerPhone(CUSTOMER);
  try {
    await page.goto(`${portal}/portal/projects/${projectId}/messages`);
    await page.fill('#body', MESSAGE);
    await go(page, 'form#latest button[type=submit]');
    assert.match(await page.textContent('ol.chat'), /ab wann beginnt bei uns der Winterdienst/);
    assert.equal(await horizontalOverflow(page), 0, 'no horizontal scrolling');
    await shot(page, '11-customer-message');

    await go(page, 'nav.tabs a[href$="/documents"]');
    const [download] = await Promise.all([page.waitForEvent('download'),
                                          page.click('a.what:has-text("Leistungsverzeichnis")')]);
    assert.equal(download.suggestedFilename(), DOCUMENT.name);
    assert.ok(readFileSync(await download.path()).equals(DOCUMENT.buffer), 'the same bytes as uploaded');
    await shot(page, '12-customer-documents');

    await go(page, 'nav.tabs a[href$="/requests"]');
    await page.fill('#title', JOB.title);
    await page.fill('#description', JOB.description);
    await page.fill('#desired_date', JOB.date);
    await page.fill('#place', JOB.place);
    await go(page, 'main form button[type=submit]');
    const reported = await page.textContent('main');
    assert.match(reported, new RegExp(JOB.title));
    assert.match(reported, /15\.12\.2026/, 'the desired date in German format');
    assert.equal(await horizontalOverflow(page), 0, 'no horizontal scrolling');
    await shot(page, '13-customer-job');
  } finally {
    await context.close();
  }
});

test('e2e 8: the admin sees the message and the job', async () => {
  await admin.goto(`${BASE}/admin/projects/${projectId}/messages`);
  assert.match(await admin.textContent('main'), /ab wann beginnt bei uns der Winterdienst/, 'the message');
  assert.match(await admin.textContent('main'), /Rita Rosengarten/, '... from the customer');
  await shot(admin, '14-admin-message');
  await admin.goto(`${BASE}/admin/requests`);
  const item = admin.locator('li.row', { hasText: JOB.title });
  assert.equal(await item.count(), 1, 'the job in the inbox');
  assert.match(await item.textContent(), /Rita Rosengarten/);
  assert.match(await item.textContent(), new RegExp(PROJECT.name));
  await item.scrollIntoViewIfNeeded();
  await shot(admin, '15-admin-requests');
});

test('e2e 9: the second account logs in and sees only its tab', async () => {
  const { context, page } = await customerPhone(PLANNER);
  try {
    await go(page, 'a.tile');
    assert.deepEqual(await tabsOf(page), ['planning']);
    await shot(page, '16-planner-project');
    for (const area of ['documents', 'messages', 'requests', 'times']) {
      const response = await page.goto(`${portal}/portal/projects/${projectId}/${area}`);
      assert.equal(response.status(), 404, `${area}: not permitted, not there`);
    }
  } finally {
    await context.close();
  }
});
