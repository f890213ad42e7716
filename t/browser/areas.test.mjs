// areas.test.mjs: the project areas, Mein Konto and the staff pages that feed them, on a phone
// and a desktop: no horizontal scrolling, no serious or critical axe finding, valid HTML; and
// the chat, a document upload and a job request work without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, login, BASE, PHONE, DESKTOP, checkPage, htmlErrors } from './lib.mjs';

const KUNDE = ['portal', 'kunde', 'Kunde-Demo-2026'];
const ADMIN = ['admin', 'admin', 'Admin-Demo-2026'];
// {project}: the first project of kunde's overview (the catering project, every area).
const PAGES = [
  ...['planning', 'times', 'documents', 'messages', 'requests'].map((area) => (
    { name: `portal-${area}`, as: KUNDE, path: `/portal/projects/{project}/${area}` })),
  { name: 'portal-account', as: KUNDE, path: '/portal/account' },
  ...['planning', 'times', 'documents', 'messages'].map((area) => (
    { name: `admin-${area}`, as: ADMIN, path: `/admin/projects/{project}/${area}` })),
  { name: 'admin-employees', as: ADMIN, path: '/admin/employees' },
  { name: 'admin-requests', as: ADMIN, path: '/admin/requests' },
];

let browser;
let project;
const sessions = new Map();   // one login per account, its cookies reused by every page
const savedHtml = [];
before(async () => {
  browser = await launch();
  for (const who of [KUNDE, ADMIN]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await login(page, ...who);
    if (who === KUNDE) {
      project = (await page.getAttribute('a.tile', 'href')).match(/\/projects\/(\d+)/)[1];
    }
    sessions.set(who, await context.storageState());
    await context.close();
  }
});
after(async () => { await browser?.close(); });

for (const spec of PAGES) {
  for (const [viewName, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    test(`${spec.name} on a ${viewName}: fits, accessible`, async () => {
      const context = await browser.newContext({ viewport, locale: 'de-DE',
                                                 storageState: sessions.get(spec.as) });
      const page = await context.newPage();
      try {
        const response = await page.goto(`${BASE}${spec.path.replace('{project}', project)}`);
        assert.equal(response.status(), 200);
        await checkPage(page, spec.name, viewName, savedHtml);
      } finally {
        await context.close();
      }
    });
  }
}

test('the area pages are valid HTML (Nu HTML checker)', () => {
  assert.equal(savedHtml.length, PAGES.length, 'all pages were saved');
  assert.deepEqual(htmlErrors(savedHtml), []);
});

test('chat, document upload and job request work without JavaScript', async () => {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await login(page, ...KUNDE);
    await page.goto(`${BASE}/portal/projects/${project}/messages`);
    const text = `Ohne JavaScript ${Date.now()}`;
    await page.fill('#body', text);
    await Promise.all([page.waitForNavigation(), page.click('form#latest button[type=submit]')]);
    assert.match(await page.textContent('ol.chat'), new RegExp(text));
    await page.goto(`${BASE}/portal/projects/${project}/documents`);
    await page.setInputFiles('#file', { name: `ohne-js-${Date.now()}.txt`, mimeType: 'text/plain',
                                        buffer: Buffer.from('hochgeladen ohne JavaScript') });
    await Promise.all([page.waitForNavigation(), page.click('form[enctype="multipart/form-data"] button[type=submit]')]);
    assert.match(await page.textContent('main'), /ohne-js-\d+\.txt/, 'the upload is listed');
    await page.goto(`${BASE}/portal/projects/${project}/requests`);
    await page.fill('#title', `Auftrag ${text}`);
    await page.fill('#description', 'Bitte erledigen.');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    assert.match(await page.textContent('main'), new RegExp(`Auftrag ${text}`));
  } finally {
    await context.close();
  }
});
