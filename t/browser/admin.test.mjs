// admin.test.mjs: the administration in a real browser without JavaScript: creating a project
// with "Kundenportal aktivieren" and opening its Link/QR page; the account editor's fields belong
// to the page's form (form="main-form"), "Übernehmen" stages and keeps what was typed into the
// page, the pencil of a staged new account edits it in place (keeping what was typed into the
// page too), "Daten speichern" commits (and refuses while the editor holds an entry not yet
// staged), and the new account logs in.
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
    // Enter in the editor submits the page's form ("Daten speichern"): refused, nothing lost.
    await Promise.all([page.waitForNavigation(), page.press('#acct-display_name', 'Enter')]);
    assert.match(await page.textContent('main [role=alert]'), /noch nicht übernommen/);
    assert.equal(await page.inputValue('#acct-username'), 'browserkunde', 'the typed entry stays');
    assert.equal(await page.inputValue('#acct-password'), '', 'but not the password');
    assert.equal(await page.$('.staged-box'), null, 'nothing staged');
    await page.fill('#acct-password', 'kurz');
    await Promise.all([page.waitForNavigation(), page.click('button[value=stage]')]);
    assert.doesNotMatch(await page.textContent('main'), /Übernommen\. Noch nicht gespeichert/,
                        'a refused Übernehmen does not claim it was staged');
    assert.equal(await page.inputValue('#acct-username'), 'browserkunde', 'the typed entry stays again');
    await page.fill('#acct-password', 'Fenster-Apfel-2026');
    await Promise.all([page.waitForNavigation(), page.click('button[value=stage]')]);
    assert.match(await page.textContent('main'), /Übernommen\. Noch nicht gespeichert/);
    assert.match(await page.textContent('.staged-box'), /browserkunde/, 'marked as not saved');

    // The pencil of the staged (unsaved) entry opens its values, without the password, and
    // keeps what was typed into the page meanwhile.
    const number = await page.inputValue('#main-number');
    await page.fill('#main-number', 'Getippt-vor-dem-Stift');
    await Promise.all([page.waitForNavigation(), page.click('.staged-box button.edit')]);
    assert.equal(await page.inputValue('#main-number'), 'Getippt-vor-dem-Stift', 'the typed number stays');
    await page.fill('#main-number', number);
    assert.ok(await page.isVisible('#acct-username'), 'the editor is open');
    assert.equal(await page.inputValue('#acct-username'), 'browserkunde');
    assert.equal(await page.inputValue('#acct-display_name'), 'Bruno Browser');
    assert.equal(await page.inputValue('#acct-password'), '', 'no password shown');
    assert.ok(await page.isChecked('#acct-perm_planning'));
    // Changed, with an Infotext typed into the page: "Übernehmen" keeps that text.
    await page.fill('#acct-display_name', 'Bruno Browser-Neu');
    await page.check('#acct-perm_messages');
    await page.fill('#main-info_text', 'Willkommen, im Browser getippt');
    await Promise.all([page.waitForNavigation(), page.click('button[value=stage]')]);
    assert.match(await page.textContent('main'), /Übernommen\. Noch nicht gespeichert/);
    assert.equal(await page.inputValue('#main-info_text'), 'Willkommen, im Browser getippt', 'the typed Infotext stays');
    assert.equal(await page.locator('.staged-box li').count(), 1, 'still one staged entry');
    assert.match(await page.textContent('.staged-box li'), /browserkunde – Bruno Browser-Neu/, 'with the new values');

    await Promise.all([page.waitForNavigation(), page.click('main > form button[value=save]')]);
    assert.match(page.url(), /saved=1/);
    assert.equal(await page.$('.staged-box'), null, 'nothing left unsaved');
    assert.equal(await page.inputValue('#main-info_text'), 'Willkommen, im Browser getippt', 'the Infotext is saved');
    assert.equal(await page.locator('ul.accounts .who strong').filter({ hasText: /^browserkunde$/ }).count(), 1,
                 'one account');
    await login(page, 'portal', 'browserkunde', 'Fenster-Apfel-2026');
    assert.match(await page.textContent('h1'), /Bruno Browser-Neu/, 'the new account logs in with its new name');
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
