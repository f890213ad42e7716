// admin.test.mjs: the administration in a real browser without JavaScript: creating a project
// with "Kundenportal aktivieren" and opening its Link/QR page; the account editor's fields live
// inside the page (form="acct-form"), "Übernehmen" stages, "Daten speichern" commits, and the
// new account logs in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, BASE, PHONE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('staging and saving an account works without JavaScript, on a phone', async () => {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false, locale: 'de-DE' });
  const page = await context.newPage();
  try {
    await login(page, 'admin', 'admin', 'Admin-Demo-2026');
    await page.goto(`${BASE}/admin/projects`);
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("Catering")')]);
    await page.click('#account-editor summary');
    await page.fill('#acct-username', 'browserkunde');
    await page.fill('#acct-password', 'Fenster-Apfel-2026');
    await page.fill('#acct-display_name', 'Bruno Browser');
    await page.check('#acct-perm_planning');
    await Promise.all([page.waitForNavigation(), page.click('button[value=stage]')]);
    assert.match(page.url(), /staged=1/, await page.textContent('main'));
    assert.match(await page.textContent('.staged-box'), /browserkunde/, 'marked as not saved');
    await Promise.all([page.waitForNavigation(), page.click('main > form button[value=save]')]);
    assert.match(page.url(), /saved=1/);
    assert.equal(await page.$('.staged-box'), null, 'nothing left unsaved');
    assert.match(await page.textContent('ul.accounts'), /browserkunde/);
    await login(page, 'portal', 'browserkunde', 'Fenster-Apfel-2026');
    assert.match(await page.textContent('h1'), /Bruno Browser/, 'the new account logs in');
  } finally {
    await context.close();
  }
});

test('creating a project with its portal and opening Link/QR work without JavaScript', async () => {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false, locale: 'de-DE' });
  const page = await context.newPage();
  try {
    await login(page, 'admin', 'admin', 'Admin-Demo-2026');
    await page.goto(`${BASE}/admin/projects/new`);
    await page.fill('#main-name', 'Gebäudereinigung Nordstadt');
    await page.fill('#main-number', `P-2026-${Date.now().toString(36)}`);
    await page.check('#main-portal_enabled');
    await Promise.all([page.waitForNavigation(), page.click('button[value=save]')]);
    assert.match(page.url(), /\/admin\/projects\/\d+/, 'the project is created');
    assert.ok(await page.isVisible('#portal'), 'with its Kundenportal section');
    await Promise.all([page.waitForNavigation(), page.click('a[href$="/link"]')]);
    assert.match(await page.inputValue('#portal-link'), /\/portal\/p\/[A-Za-z0-9_-]{43}$/, 'the link is shown');
    assert.ok(await page.isVisible('figure.qr img'), 'and the QR code');
  } finally {
    await context.close();
  }
});
