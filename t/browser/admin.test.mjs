// admin.test.mjs: the administration in a real browser without JavaScript: creating a project
// with "Kundenportal aktivieren" and opening its Link/QR page; the account editor's fields belong
// to the page's form (form="main-form"), "Übernehmen" stages and keeps what was typed into the
// page, the pencil of a staged new account edits it in place (keeping what was typed into the
// page too), "Daten speichern" commits (and refuses while the editor holds an entry not yet
// staged), and the new account logs in; the company's look (colour, logo) is set, with the
// error of a wrong colour next to its field; with the script, a delete asks first.
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

test('the company\'s look (Erscheinungsbild) is set without JavaScript', async () => {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false, locale: 'de-DE' });
  const page = await context.newPage();
  const save = () => Promise.all([page.waitForNavigation(), page.click('#branding-form button[type=submit]')]);
  const headerColour = () => page.$eval('header.site', (h) => getComputedStyle(h).backgroundColor);
  let demo = null;
  try {
    await login(page, 'admin', 'admin', 'Admin-Demo-2026');
    await page.goto(`${BASE}/admin/settings/branding`);
    // What is saved now, to put back at the end (the other browser tests expect the demo's look).
    const logoSrc = await page.getAttribute('.current-logo img', 'src');
    assert.ok(logoSrc, 'the demo company has a logo');
    demo = { accent: await page.inputValue('#admin-branding-accent'),
             logo: await (await context.request.get(`${BASE}${logoSrc}`)).body() };

    // A colour in the wrong format: the error next to the field, what was typed kept.
    await page.fill('#admin-branding-accent', 'grün');
    await save();
    assert.match(await page.textContent('#admin-branding-accent-error'), /Format #rrggbb/);
    assert.equal(await page.inputValue('#admin-branding-accent'), 'grün');

    // A new colour and logo (a PNG the browser makes of a piece of this page).
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 60, height: 30 } });
    await page.fill('#admin-branding-accent', '#7a1f5c');
    await page.setInputFiles('#admin-branding-logo', { name: 'neu.png', mimeType: 'image/png', buffer: png });
    await save();
    assert.match(await page.textContent('main [role=status]'), /gespeichert/);
    const newSrc = await page.getAttribute('.current-logo img', 'src');
    assert.notEqual(newSrc, logoSrc, 'the new logo has a new address');
    assert.ok(Buffer.from(await (await context.request.get(`${BASE}${newSrc}`)).body()).equals(png),
              'the logo served is the one uploaded');
    await page.goto(`${BASE}/portal/login`);
    assert.equal(await headerColour(), 'rgb(122, 31, 92)', 'the portal shows the new colour');
    const version = (src) => src.replace(/.*\//, '');
    assert.equal(version(await page.getAttribute('header.site img.logo', 'src')), version(newSrc),
                 'and the new logo');
  } finally {
    // Back to the demo's look, whatever happened above.
    if (demo) {
      await page.goto(`${BASE}/admin/settings/branding`);
      await page.fill('#admin-branding-accent', demo.accent);
      await page.setInputFiles('#admin-branding-logo', { name: 'logo.png', mimeType: 'image/png', buffer: demo.logo });
      await save();
    }
    await context.close();
  }
  const check = await browser.newPage();
  await check.goto(`${BASE}/portal/login`);
  assert.equal(await check.$eval('header.site', (h) => getComputedStyle(h).backgroundColor), 'rgb(15, 118, 110)',
               'the demo colour again');
  await check.close();
});

test('with the script, deleting a shift asks first, and "Abbrechen" keeps it', async () => {
  const context = await browser.newContext({ viewport: PHONE, locale: 'de-DE' });
  const page = await context.newPage();
  try {
    await login(page, 'admin', 'admin', 'Admin-Demo-2026');
    await page.goto(`${BASE}/admin/projects/new`);
    await page.fill('#main-name', 'Löschprobe Schichten');
    await Promise.all([page.waitForNavigation(), page.click('button[value=save]')]);
    const project = page.url().match(/\/admin\/projects\/(\d+)/)[1];
    await page.goto(`${BASE}/admin/projects/${project}/planning`);
    await page.fill('#shift-date', '2031-03-04');
    await page.fill('#shift-from', '08:00');
    await page.fill('#shift-to', '12:00');
    await page.fill('#shift-activity', 'Probeschicht');
    await Promise.all([page.waitForNavigation(), page.click('#shift-form button.primary')]);
    const remove = page.locator('#upcoming form[data-confirm] button.danger', { hasText: 'Probeschicht' });
    const anywhere = page.locator('form[data-confirm] button.danger', { hasText: 'Probeschicht' });
    assert.equal(await remove.count(), 1, 'the delete button names its shift (for screen readers)');
    assert.equal(await page.locator('ol.week form[data-confirm] button.danger', { hasText: 'Probeschicht' }).count(), 1,
                 'the week view of the shift offers it too');
    let asked = '';
    page.once('dialog', (dialog) => { asked = dialog.message(); dialog.dismiss(); });
    await remove.click();
    await page.waitForTimeout(300);
    assert.match(asked, /„04\.03\.2031, 08:00, Probeschicht“ wirklich löschen\?/, 'it asks, naming the shift');
    assert.equal(await remove.count(), 1, '"Abbrechen": the shift stays');
    page.once('dialog', (dialog) => dialog.accept());
    await Promise.all([page.waitForNavigation(), remove.click()]);
    assert.equal(await anywhere.count(), 0, 'confirmed: the shift is deleted');
  } finally {
    await context.close();
  }
});
