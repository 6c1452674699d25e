import { randomBytes } from 'node:crypto';
import { startHarness, type Harness } from '../support/harness';
import { httpClient, type HttpClient } from '../support/http';
import { agencies, at, createCampaign, createKey, eventually, sleep } from '../support/campaigns';
import { countBy, startSmtpServer, startWebhookReceiver, type WebhookReceiver } from '../support/notifyServers';
import { Client, Connection } from '@temporalio/client';
import { messageIdFor } from '../../activities/channels/email';
import { workflowIds } from '../../domain/contract';
import { keepHistories } from '../support/replay';

/**
 * Reminders reach people (docs/NOTIFICATIONS.md): every reminder and escalation of a compressed campaign goes out by
 * email to a real SMTP server and by signed webhook to a real HTTP receiver on loopback, each exactly once; a receiver
 * down for a while gets it when it is back, one down for good leaves a failed delivery an operator retries, and a
 * worker stopped mid-dispatch sends nothing twice.
 */
const PUBLIC_BASE_URL = 'https://zhengzhi.example.gov.cn';
const MAIL_DOMAIN = 'zw.example.gov.cn';
const MAX_ATTEMPTS = 5; // backoff 1 s, 2 s, 4 s, 8 s: a delivery fails about 15 s after its first attempt

/** Deployment deadlines seconds away (the others an hour or more), so one step of the ladder follows another. */
function nearCalendar(base: number, near: Partial<Record<'D1' | 'D2' | 'D3', number>>) {
  const far = (s: number) => at(base, 3600 + s);
  const dl = (code: 'D1' | 'D2' | 'D3') => (near[code] === undefined ? at(base, 1800) : at(base, near[code]!));
  return {
    timeZone: 'Asia/Shanghai',
    phases: [
      { key: 'deployment', startsAt: at(base, -5), endsAt: at(base, 2000) },
      { key: 'self_inspection', startsAt: far(0), endsAt: far(10) },
      { key: 'consolidation', startsAt: far(10), endsAt: far(20) },
      { key: 'spot_check', startsAt: far(20), endsAt: far(30) },
    ],
    deadlines: {
      D1: dl('D1'),
      D2: dl('D2'),
      D3: dl('D3'),
      D4: far(5),
      D5: far(5),
      D6: far(5),
      D7: far(15),
      D8: far(15),
    },
    closesAt: far(40),
  };
}

interface DeliveryRow {
  id: string;
  outbox_id: string;
  channel: string;
  recipient_kind: string;
  address: string | null;
  dedupe_key: string;
  status: string;
  attempts: number;
}

/** Seconds ladders deliver at their instants, whatever the hour the suite runs at (docs/NOTIFICATIONS.md). */
const AT_ONCE = { days: 'all', hours: '00:00-24:00' };

describe('notification delivery by email, webhook and inbox', () => {
  let h: Harness;
  let http: HttpClient;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let hooks: WebhookReceiver;
  const prefix = `nt${randomBytes(3).toString('hex')}`;
  const savedEnv = { ...process.env };
  const webhookIds: string[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    hooks = await startWebhookReceiver();
    // The worker's activities read these when it starts; the receiver on loopback is allowed as a deployment would
    // allow its own bridge (services/outbound.ts).
    Object.assign(process.env, {
      OUTBOUND_ALLOWED_HOSTS: new URL(hooks.url('/')).host,
      SMTP_URL: smtp.url,
      SMTP_FROM: `专项整治办公室 <noreply@${MAIL_DOMAIN}>`,
      NOTIFY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      PUBLIC_BASE_URL,
    });
    h = await startHarness();
    http = httpClient(h.api.url);
  });
  afterAll(async () => {
    for (const id of webhookIds) await http.request('DELETE', `/v1/webhooks/${id}`, { token: h.adminToken });
    await h.close();
    await hooks.close();
    await smtp.close();
    for (const k of ['SMTP_URL', 'SMTP_FROM', 'NOTIFY_MAX_ATTEMPTS', 'PUBLIC_BASE_URL', 'OUTBOUND_ALLOWED_HOSTS']) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
  });

  /** A jurisdiction tree of the test's own, its bureau's key and contacts, and a webhook subscription on a path. */
  async function setUp(name: string, o: { path?: string; events?: string[] } = {}) {
    const root = `${prefix}-${name}`;
    const jurisdiction = { id: root, name: `测试市${name}`, children: [{ id: `${root}-county`, name: '测试县' }] };
    const bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: root });
    const contact = await http.put(
      `/v1/bureau-contacts/${root}`,
      { name: '司法局', email: `bureau@${root}.gov.cn`, governmentEmail: `gov@${root}.gov.cn`, locale: 'zh' },
      h.adminToken,
    );
    expect(contact.status).toBe(200);
    const path = o.path ?? `/hooks/${name}`;
    const created = await http.post(
      '/v1/webhooks',
      { url: hooks.url(`${path}`), jurisdictionId: root, ...(o.events ? { events: o.events } : {}) },
      h.adminToken,
    );
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    webhookIds.push(created.body.id);
    hooks.setSecret(path, created.body.secret);
    return { root, jurisdiction, bureau, path, webhookId: created.body.id as string };
  }

  const outboxOf = (campaignId: string) =>
    h.sql<
      {
        id: string;
        notification_key: string;
        status: string;
        payload: { step: string; type: string; subject: { id: string }; agencyId: string };
      }[]
    >`
      select id, notification_key, status, payload from outbox where campaign_id = ${campaignId} order by id`;
  const deliveriesOf = (campaignId: string) =>
    h.sql<
      DeliveryRow[]
    >`select id, outbox_id, channel, recipient_kind, address, dedupe_key, status, attempts from notification_deliveries where campaign_id = ${campaignId} order by id`;

  /** Waits until the campaign has `events` notifications and every delivery of them is settled. */
  async function settled(campaignId: string, events: number, timeoutMs = 60_000) {
    return eventually(
      `${events} notifications of ${campaignId} delivered`,
      async () => {
        const outbox = await outboxOf(campaignId);
        if (outbox.length < events || outbox.some((o) => o.status === 'pending')) return null;
        return { outbox, deliveries: await deliveriesOf(campaignId) };
      },
      timeoutMs,
    );
  }

  test('a webhook secret is shown once: not in lists, not in an idempotent replay; URLs are listed with query values masked', async () => {
    const body = {
      url: 'https://oapi.example.gov.cn/robot/send?access_token=abc123',
      jurisdictionId: `${prefix}-secrets`,
      events: ['escalation'],
    };
    const headers = { 'Idempotency-Key': `wh-${prefix}` };
    const first = await http.post('/v1/webhooks', body, h.adminToken, headers);
    expect(first.status).toBe(201);
    webhookIds.push(first.body.id);
    expect(first.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const replay = await http.post('/v1/webhooks', body, h.adminToken, headers);
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(first.body.id);
    expect(replay.body.secret).toBeUndefined();
    const list = await http.get('/v1/webhooks?limit=500', h.adminToken);
    expect(list.text).not.toContain(first.body.secret);
    expect(list.text).not.toContain('abc123');
    expect(list.body.items.find((w: { id: string }) => w.id === first.body.id)).toMatchObject({
      url: 'https://oapi.example.gov.cn/robot/send?access_token=***',
      events: ['escalation'],
      active: true,
    });
    const bureau = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: `${prefix}-secrets` });
    expect((await http.get('/v1/webhooks', bureau)).status).toBe(403);
    const deleted = await http.request('DELETE', `/v1/webhooks/${first.body.id}`, { token: h.adminToken });
    expect(deleted.status).toBe(200);
    expect(deleted.body.active).toBe(false);
    expect((await http.request('DELETE', `/v1/webhooks/${first.body.id}`, { token: h.adminToken })).status).toBe(404);
  });

  test('a compressed campaign delivers every reminder and escalation by email, webhook and inbox, exactly once each', async () => {
    const s = await setUp('all');
    const base = Date.now() + 2000;
    const two = agencies(2, s.root);
    const id = await createCampaign(http, s.bureau, {
      jurisdiction: s.jurisdiction,
      agencies: two,
      calendar: nearCalendar(base, { D1: 8, D2: 8, D3: 10 }),
      policy: {
        reminders: ['PT4S', 'PT2S'],
        escalation: [
          { after: 'PT0S', action: 'overdue' },
          { after: 'PT3S', action: 'supervision_notice' },
          { after: 'PT6S', action: 'listed_supervision' },
        ],
        warnWithin: 'PT3S',
        delivery: AT_ONCE,
      },
    });
    // 2 agencies × D1–D3 × (2 reminders + 3 escalations)
    const { outbox, deliveries } = await settled(id, 30);
    expect(outbox).toHaveLength(30);
    expect(outbox.every((o) => o.status === 'delivered')).toBe(true);
    expect(deliveries.every((d) => d.status === 'delivered')).toBe(true);

    // Webhook: one request per notification, under its dedupe key, validly signed; nothing twice.
    const arrivals = hooks.arrivals.filter((a) => a.path === s.path);
    expect(arrivals.every((a) => a.signatureValid)).toBe(true);
    expect([...countBy(arrivals.map((a) => a.key)).values()].every((n) => n === 1)).toBe(true);
    expect(new Set(arrivals.map((a) => a.key))).toEqual(
      new Set(outbox.map((o) => `${o.id}:webhook:${s.webhookId}:webhook`)),
    );

    // Email: every email delivery arrived once, with the Message-ID made of its key; each notification mailed someone.
    const emailDeliveries = deliveries.filter((d) => d.channel === 'email');
    const mails = smtp.mails.filter((m) => emailDeliveries.some((d) => d.dedupe_key === m.key));
    expect([...countBy(mails.map((m) => m.key)).values()].every((n) => n === 1)).toBe(true);
    expect(mails).toHaveLength(emailDeliveries.length);
    for (const m of mails) expect(m.messageId).toBe(messageIdFor(m.key, MAIL_DOMAIN));
    for (const o of outbox) expect(emailDeliveries.some((d) => d.outbox_id === o.id)).toBe(true);
    // reminders to the agency contact; escalations to the agency and the bureau; listed supervision to the government too
    const byStep = (step: string) => outbox.filter((o) => o.payload.step === step).map((o) => o.id);
    const recipientsOf = (ids: string[]) =>
      new Set(emailDeliveries.filter((d) => ids.includes(d.outbox_id)).map((d) => d.address));
    expect(recipientsOf(byStep('PT4S'))).toEqual(new Set(['contact1@example.gov.cn', 'contact2@example.gov.cn']));
    expect(recipientsOf(byStep('overdue'))).toEqual(
      new Set(['contact1@example.gov.cn', 'contact2@example.gov.cn', `bureau@${s.root}.gov.cn`]),
    );
    expect(recipientsOf(byStep('listed_supervision'))).toEqual(
      new Set([
        'contact1@example.gov.cn',
        'contact2@example.gov.cn',
        `bureau@${s.root}.gov.cn`,
        `gov@${s.root}.gov.cn`,
      ]),
    );

    // The words: Chinese, naming the campaign, agency, deliverable, local deadline, step, notice number and link.
    const reminder = mails.find(
      (m) =>
        m.to.includes('contact1@example.gov.cn') &&
        m.subject.includes('D1 工作措施') &&
        m.subject.includes('距截止还有4秒'),
    );
    expect(reminder).toBeDefined();
    expect(reminder!.text).toContain('专项整治：专项整治（测试）');
    expect(reminder!.text).toContain(`${PUBLIC_BASE_URL}/campaigns/${id}/agencies/${two[0].id}`);
    expect(reminder!.text).toMatch(/截止时间：\d{4}年\d+月\d+日 \d\d:\d\d(:\d\d)?（北京时间）/);
    const notice = mails.find((m) => m.to.includes(`bureau@${s.root}.gov.cn`) && m.subject.includes('督办通知'));
    expect(notice!.subject).toMatch(/已逾期，督办通知 卫法督〔\d{4}〕\d+号/);
    expect(mails.find((m) => m.to.includes(`gov@${s.root}.gov.cn`))!.subject).toContain('挂牌督办');
    const hook = arrivals.find((a) => a.body.step === 'supervision_notice')!;
    expect(hook.body).toMatchObject({
      event: 'deadline.escalation',
      campaign: { id, name: '专项整治（测试）' },
      type: 'escalation',
      audience: ['agency_head', 'supervising_bureau'],
    });
    expect(hook.body.noticeNumber).toMatch(/^卫法督〔\d{4}〕\d+号$/);
    expect(hook.body.message.link).toMatch(
      new RegExp(`^${PUBLIC_BASE_URL}/campaigns/${id}/agencies/(${two.map((a) => a.id).join('|')})$`),
    );

    // In-app inbox: the agency sees its own 15, the bureau the 18 escalations of its jurisdiction.
    const agencyKey = await createKey(http, h.adminToken, { role: 'agency', agencyId: two[0].id });
    const inbox = await http.get(`/v1/inbox?campaignId=${id}&limit=100`, agencyKey);
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toHaveLength(15);
    expect(inbox.body.unread).toBe(15);
    expect(inbox.body.items.some((m: { title: string }) => m.title.includes('距截止还有2秒'))).toBe(true);
    const read = await http.post(`/v1/inbox/${inbox.body.items[0].id}/read`, {}, agencyKey);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    // each message names its step and event, so a numbered notice prints from the inbox (/v1/documents/:eventId.pdf)
    const [numbered] = await h.sql<{ id: string; notice_number: string }[]>`
      select id, notice_number from deadline_events where campaign_id = ${id} and agency_id = ${two[0].id} and step = 'supervision_notice' order by id limit 1`;
    const numberedMessage = inbox.body.items.find((m: { eventId: string }) => m.eventId === String(numbered.id));
    expect(numberedMessage).toMatchObject({ step: 'supervision_notice', noticeNumber: numbered.notice_number });
    expect(read.body).toMatchObject({
      id: inbox.body.items[0].id,
      eventId: inbox.body.items[0].eventId,
      step: inbox.body.items[0].step,
    });
    expect((await http.get(`/v1/inbox?campaignId=${id}&unread=true&limit=100`, agencyKey)).body.items).toHaveLength(14);
    const others = await createKey(http, h.adminToken, { role: 'agency', agencyId: two[1].id });
    expect((await http.post(`/v1/inbox/${inbox.body.items[0].id}/read`, {}, others)).status).toBe(404);
    const bureauInbox = await http.get(`/v1/inbox?campaignId=${id}&limit=100`, s.bureau);
    expect(bureauInbox.body.items).toHaveLength(18);
  }, 90_000);

  test('a receiver down for a while (503, then not listening) gets each notification once it is back', async () => {
    const s = await setUp('flaky');
    hooks.behave(s.path, { status: 503 });
    const base = Date.now() + 2000;
    const id = await createCampaign(http, s.bureau, {
      jurisdiction: s.jurisdiction,
      agencies: agencies(1, s.root),
      calendar: nearCalendar(base, { D1: 5 }),
      policy: {
        reminders: ['PT2S'],
        escalation: [{ after: 'PT0S', action: 'overdue' }],
        warnWithin: 'PT2S',
        delivery: AT_ONCE,
      },
    });
    await eventually('the first refused request', async () => hooks.arrivals.some((a) => a.path === s.path), 30_000);
    await sleep(1500);
    await hooks.stopListening(); // now the connection itself is refused
    await sleep(2000);
    hooks.behave(s.path, { status: 200 });
    await hooks.listenAgain();

    const { outbox, deliveries } = await settled(id, 2);
    expect(outbox.map((o) => o.status)).toEqual(['delivered', 'delivered']);
    const accepted = hooks.accepted(s.path);
    expect(accepted.sort()).toEqual(outbox.map((o) => `${o.id}:webhook:${s.webhookId}:webhook`).sort());
    expect(hooks.arrivals.filter((a) => a.path === s.path).length).toBeGreaterThan(accepted.length);

    // Every attempt is on record: refusals first, then the delivery.
    const webhook = deliveries.find((d) => d.channel === 'webhook' && d.outbox_id === outbox[0].id)!;
    expect(webhook.attempts).toBeGreaterThan(1);
    const detail = await http.get(`/v1/notifications/deliveries/${webhook.id}`, s.bureau);
    expect(detail.status).toBe(200);
    const log = detail.body.attemptLog as { outcome: string; error: string | null }[];
    expect(log.at(-1)!.outcome).toBe('delivered');
    expect(log.slice(0, -1).every((a) => a.outcome === 'failed')).toBe(true);
    // 503s and refused connections alike read as the generic reason and its kind: nothing of the receiver's network
    expect(new Set(log.slice(0, -1).map((a) => a.error))).toEqual(new Set(['接收方暂时无法接收，将自动重试（retry）']));
  }, 90_000);

  test('a receiver down for good ends failed and listed; an operator retry delivers it once it is back', async () => {
    const s = await setUp('dead');
    hooks.behave(s.path, { status: 503 });
    // A second subscriber answers 410 Gone: a permanent refusal, failed after one attempt.
    const gone = await http.post(
      '/v1/webhooks',
      { url: hooks.url('/hooks/gone'), jurisdictionId: s.root },
      h.adminToken,
    );
    webhookIds.push(gone.body.id);
    hooks.setSecret('/hooks/gone', gone.body.secret);
    hooks.behave('/hooks/gone', { status: 410 });
    const base = Date.now() + 2000;
    const id = await createCampaign(http, s.bureau, {
      jurisdiction: s.jurisdiction,
      agencies: agencies(1, s.root),
      calendar: nearCalendar(base, { D1: 3 }),
      policy: {
        reminders: [],
        escalation: [{ after: 'PT0S', action: 'overdue' }],
        warnWithin: 'PT2S',
        delivery: AT_ONCE,
      },
    });
    const { outbox, deliveries } = await settled(id, 1, 60_000);
    expect(outbox[0].status).toBe('failed');
    const dead = deliveries.find((d) => d.channel === 'webhook' && d.dedupe_key.includes(s.webhookId))!;
    const gone410 = deliveries.find((d) => d.channel === 'webhook' && d.dedupe_key.includes(gone.body.id))!;
    expect(dead).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(gone410).toMatchObject({ status: 'failed', attempts: 1 });
    expect(deliveries.filter((d) => d.channel !== 'webhook').every((d) => d.status === 'delivered')).toBe(true);

    // Listed for operators: the bureau of the jurisdiction and the admin see it; another bureau does not.
    const failed = await http.get(`/v1/notifications?status=failed&campaignId=${id}`, s.bureau);
    expect(failed.status).toBe(200);
    expect(failed.body.items.map((d: { id: string }) => d.id).sort()).toEqual([dead.id, gone410.id].sort());
    expect(failed.body.items.find((d: { id: string }) => d.id === dead.id)).toMatchObject({
      channel: 'webhook',
      status: 'failed',
      attempts: MAX_ATTEMPTS,
      lastError: '接收方暂时无法接收，将自动重试（retry）', // a 503: the operator reads the reason, not the receiver's answer
      step: 'overdue',
    });
    expect((await http.get(`/v1/notifications?status=failed&campaignId=${id}`, h.adminToken)).body.items).toHaveLength(
      2,
    );
    const stranger = await createKey(http, h.adminToken, { role: 'bureau', jurisdictionId: `${prefix}-elsewhere` });
    expect((await http.get(`/v1/notifications?status=failed&campaignId=${id}`, stranger)).body.items).toEqual([]);
    expect((await http.post(`/v1/notifications/deliveries/${dead.id}/retry`, {}, stranger)).status).toBe(404);
    const delivered = deliveries.find((d) => d.status === 'delivered')!;
    expect((await http.post(`/v1/notifications/deliveries/${delivered.id}/retry`, {}, s.bureau)).status).toBe(409);
    expect(hooks.accepted(s.path)).toEqual([]);

    // The receiver is back; the operator retries; it arrives once, under the same key.
    hooks.behave(s.path, { status: 200 });
    // Twenty copies of the retry at once (a double click, two operators): one run of attempts, the others 409.
    const copies = await Promise.all(
      Array.from({ length: 20 }, () => http.post(`/v1/notifications/deliveries/${dead.id}/retry`, {}, s.bureau)),
    );
    expect(copies.map((c) => c.status).sort()).toEqual([202, ...Array(19).fill(409)]);
    const retry = copies.find((c) => c.status === 202)!;
    // answered once the retry's run has taken the delivery: pending again in run 2, or already delivered by it
    expect(retry.body).toMatchObject({
      run: 2,
      workflowId: `notification/${outbox[0].notification_key}/retry/${dead.id}/2`,
      status: expect.stringMatching(/^(pending|delivered)$/),
    });
    expect((await http.post(`/v1/notifications/deliveries/${dead.id}/retry`, {}, s.bureau)).status).toBe(409);
    await eventually(
      'the retried delivery',
      async () => (await http.get(`/v1/notifications/deliveries/${dead.id}`, s.bureau)).body.status === 'delivered',
    );
    expect(hooks.accepted(s.path)).toEqual([dead.dedupe_key]);
    const detail = await http.get(`/v1/notifications/deliveries/${dead.id}`, h.adminToken);
    expect(detail.body.attemptLog.map((a: { run: number; outcome: string }) => `${a.run}:${a.outcome}`)).toEqual([
      ...Array(MAX_ATTEMPTS).fill('1:failed'),
      '2:delivered',
    ]);
    await eventually(
      'the outbox row to settle',
      async () => (await outboxOf(id))[0].status === 'failed' && (await outboxOf(id)),
    );
    // still failed: the 410 subscriber has not been retried
    expect(
      (await http.get(`/v1/notifications?status=failed&campaignId=${id}`, s.bureau)).body.items.map(
        (d: { id: string }) => d.id,
      ),
    ).toEqual([gone410.id]);

    // Both runs, finished, replay against the current code; RECORD_HISTORIES=1 keeps them for the replay test.
    const connection = await Connection.connect({ address: h.temporalAddress });
    try {
      const client = new Client({ connection });
      const first = workflowIds.notification(outbox[0].notification_key);
      expect(await client.workflow.getHandle(first).result()).toEqual({ delivered: 4, failed: 2 }); // agency and bureau by inbox and email; both webhooks failed
      expect(await client.workflow.getHandle(retry.body.workflowId).result()).toEqual({ delivered: 1, failed: 0 });
      const replayed = await keepHistories({ notification: first, 'notification-retry': retry.body.workflowId });
      expect(replayed.map((r) => [r.file, r.error])).toEqual([
        ['notification.json', null],
        ['notification-retry.json', null],
      ]);
    } finally {
      await connection.close();
    }
  }, 90_000);

  test('a worker stopped during dispatch and restarted sends nothing twice', async () => {
    const s = await setUp('crash');
    hooks.behave(s.path, { delayMs: 1200 }); // slow answers keep deliveries in flight when the worker stops
    const base = Date.now() + 2000;
    const id = await createCampaign(http, s.bureau, {
      jurisdiction: s.jurisdiction,
      agencies: agencies(4, s.root),
      calendar: nearCalendar(base, { D1: 5, D2: 5, D3: 6 }),
      policy: {
        reminders: ['PT2S'],
        escalation: [
          { after: 'PT0S', action: 'overdue' },
          { after: 'PT3S', action: 'supervision_notice' },
        ],
        warnWithin: 'PT2S',
        delivery: AT_ONCE,
      },
    });
    await eventually(
      'deliveries in flight',
      async () => hooks.arrivals.filter((a) => a.path === s.path).length >= 2,
      30_000,
    );
    // an attempt holds the lease of each delivery it is sending: some are mid-request as the worker stops
    const [{ sending }] = await h.sql<{ sending: number }[]>`
      select count(*)::int as sending from notification_deliveries
      where campaign_id = ${id} and channel = 'webhook' and status = 'pending' and lease_token is not null`;
    expect(sending).toBeGreaterThan(0);
    await h.worker!.stop();
    const atStop = hooks.arrivals.filter((a) => a.path === s.path).length;
    await sleep(3000); // steps fall due meanwhile: taken and delivered after the restart
    await h.startWorker();

    // 4 agencies × D1–D3 × (1 reminder + 2 escalations)
    const { outbox, deliveries } = await settled(id, 36, 80_000);
    expect(outbox.every((o) => o.status === 'delivered')).toBe(true);
    const arrivals = hooks.arrivals.filter((a) => a.path === s.path);
    expect(atStop).toBeLessThan(arrivals.length);
    const counts = countBy(arrivals.map((a) => a.key));
    expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([]);
    expect(counts.size).toBe(deliveries.filter((d) => d.channel === 'webhook').length);
    expect(arrivals.every((a) => a.signatureValid)).toBe(true);
    const emailKeys = new Set(deliveries.filter((d) => d.channel === 'email').map((d) => d.dedupe_key));
    const mailCounts = countBy(smtp.mails.filter((m) => emailKeys.has(m.key)).map((m) => m.key));
    expect(mailCounts.size).toBe(emailKeys.size);
    expect([...mailCounts.values()].every((n) => n === 1)).toBe(true);
  }, 90_000);
});
