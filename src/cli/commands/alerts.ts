// `amr alerts …`: alert rules, webhooks, the alerts themselves and "evaluate now" from the command
// line (decision 0093), validated by the same code as the admin API.
import { randomUUID } from 'node:crypto';
import type { Command, Option } from 'commander';
import { evaluateTenant } from '../../alerts/evaluate-tenant.js';
import { AlertInputError, parseNewRule, type AlertRule } from '../../alerts/rules.js';
import { WebhookSender } from '../../alerts/sender.js';
import { checkWebhookUrl, newWebhookSecret } from '../../alerts/webhooks.js';
import { alertWire, ruleOf, ruleRecord } from '../../alerts/wire.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { isGuid } from '../../util/object-id.js';
import { CliError, configFor, type CliIO, type CommonOptions } from '../context.js';

export interface AlertsOptions extends CommonOptions {
  readonly tenant?: string;
  readonly json?: boolean;
  readonly status?: string;
  readonly top?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly metric?: string;
  readonly threshold?: string;
  readonly points?: string;
  readonly days?: string;
  readonly groupBy?: string;
  readonly minBucketSize?: string;
  readonly privilegedOnly?: boolean;
  readonly disabled?: boolean;
}

const flagOf = (field: string): string => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function tenantOf(command: string, options: AlertsOptions): string {
  const tenant = options.tenant?.trim().toLowerCase() ?? '';
  if (!isGuid(tenant))
    throw new CliError(
      `alerts ${command}: --tenant ${JSON.stringify(options.tenant ?? '')} is not a tenant id: give the tenant's GUID (\`amr tenants\` lists them)`,
    );
  return tenant;
}

async function withStore<T>(io: CliIO, options: AlertsOptions, run: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ db: configFor(io, options).db });
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

/** A number flag as a number when it reads as one; as given otherwise, so the refusal shows it. */
const numeric = (v: string | undefined): number | string | undefined => (v !== undefined && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v);

/** The rule the flags describe, as the admin API's body would say it. */
function ruleBody(o: AlertsOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: o.kind, name: o.name };
  const given: Record<string, unknown> = {
    metric: o.metric,
    threshold: numeric(o.threshold),
    points: numeric(o.points),
    days: numeric(o.days),
    groupBy: o.groupBy,
    minBucketSize: numeric(o.minBucketSize),
    privilegedOnly: o.privilegedOnly,
    enabled: o.disabled === true ? false : undefined,
  };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) body[k] = v;
  return body;
}

function describeRule(r: AlertRule): string {
  const what =
    r.kind === 'coverageBelow'
      ? `${r.metric} < ${r.threshold}%`
      : r.kind === 'coverageDrop'
        ? `${r.metric} down ${r.points} points in ${r.days} days`
        : `${r.privilegedOnly ? 'privileged admins' : 'admins'}${r.kind === 'privilegedMethodChange' ? `, changes of ${r.days} days` : ''}`;
  const by = 'groupBy' in r && r.groupBy !== null ? ` by ${r.groupBy}` : '';
  return `${r.id}  ${r.enabled ? 'enabled ' : 'disabled'}  ${r.kind}  ${what}${by}  ${JSON.stringify(r.name)}\n`;
}

export async function rulesList(io: CliIO, o: AlertsOptions): Promise<void> {
  const tenantId = tenantOf('rules list', o);
  const rules = (await withStore(io, o, (s) => s.listAlertRules(tenantId))).map(ruleOf);
  if (o.json) io.out.write(`${JSON.stringify(rules, null, 2)}\n`);
  else if (rules.length === 0) io.out.write(`no alert rules for tenant ${tenantId}: add one with \`amr alerts rules add\`\n`);
  else for (const r of rules) io.out.write(describeRule(r));
}

export async function rulesAdd(io: CliIO, o: AlertsOptions): Promise<void> {
  const tenantId = tenantOf('rules add', o);
  const now = io.now?.() ?? new Date();
  let rule: AlertRule;
  try {
    rule = parseNewRule(ruleBody(o), { id: randomUUID(), tenantId, now });
  } catch (err) {
    if (err instanceof AlertInputError) throw new CliError(`alerts rules add: ${flagOf(err.field)} ${err.message.slice(err.field.length + 2)}`);
    throw err;
  }
  await withStore(io, o, (s) => s.putAlertRule(ruleRecord(rule, now)));
  io.out.write(o.json ? `${JSON.stringify(rule, null, 2)}\n` : `added ${describeRule(rule)}`);
}

export async function rulesRemove(io: CliIO, id: string, o: AlertsOptions): Promise<void> {
  const tenantId = tenantOf('rules remove', o);
  if (!isGuid(id)) throw new CliError(`alerts rules remove: ${JSON.stringify(id)} is not a rule id (\`amr alerts rules list\` shows them)`);
  if (!(await withStore(io, o, (s) => s.deleteAlertRule(tenantId, id.toLowerCase()))))
    throw new CliError(`alerts rules remove: tenant ${tenantId} has no rule ${id}`);
  io.out.write(`removed rule ${id.toLowerCase()}; its open alerts resolve at the next evaluation\n`);
}

export async function webhooksList(io: CliIO, o: AlertsOptions): Promise<void> {
  const tenantId = tenantOf('webhooks list', o);
  const hooks = await withStore(io, o, (s) => s.listWebhooks(tenantId));
  if (hooks.length === 0) io.out.write(`no webhooks for tenant ${tenantId}: add one with \`amr alerts webhooks add URL\`\n`);
  for (const w of hooks) io.out.write(`${w.id}  ${w.enabled ? 'enabled ' : 'disabled'}  ${w.url}\n`);
}

export async function webhooksAdd(io: CliIO, rawUrl: string, o: AlertsOptions): Promise<void> {
  const tenantId = tenantOf('webhooks add', o);
  let url: string;
  try {
    url = checkWebhookUrl(rawUrl);
  } catch (err) {
    if (err instanceof AlertInputError) throw new CliError(`alerts webhooks add: the URL ${err.message.slice(5)}`);
    throw err;
  }
  const hook = {
    tenantId,
    id: randomUUID(),
    url,
    secret: newWebhookSecret(),
    enabled: o.disabled !== true,
    createdAt: (io.now?.() ?? new Date()).toISOString(),
  };
  await withStore(io, o, (s) => s.addWebhook(hook));
  io.out.write(
    `added webhook ${hook.id}  ${url}\nsecret ${hook.secret}\n(shown once: the receiver checks X-Amr-Signature: sha256=HMAC-SHA256(secret, body) with it)\n`,
  );
}

export async function webhooksRemove(io: CliIO, id: string, o: AlertsOptions): Promise<void> {
  const tenantId = tenantOf('webhooks remove', o);
  if (!isGuid(id)) throw new CliError(`alerts webhooks remove: ${JSON.stringify(id)} is not a webhook id (\`amr alerts webhooks list\` shows them)`);
  if (!(await withStore(io, o, (s) => s.deleteWebhook(tenantId, id.toLowerCase()))))
    throw new CliError(`alerts webhooks remove: tenant ${tenantId} has no webhook ${id}`);
  io.out.write(`removed webhook ${id.toLowerCase()} and its delivery log\n`);
}

export async function alertsList(io: CliIO, o: AlertsOptions): Promise<void> {
  const tenantId = tenantOf('list', o);
  const status = o.status ?? 'open';
  if (status !== 'open' && status !== 'resolved' && status !== 'all')
    throw new CliError(`alerts list: --status ${JSON.stringify(status)}: use open, resolved or all`);
  const top = o.top === undefined ? 100 : Number(o.top);
  if (!Number.isInteger(top) || top < 1 || top > 10_000) throw new CliError(`alerts list: --top ${JSON.stringify(o.top)}: use a whole number from 1 to 10000`);
  const page = await withStore(io, o, (s) => s.listAlerts({ tenantId, status, top, after: null }));
  const alerts = page.rows.map(alertWire);
  if (o.json) return void io.out.write(`${JSON.stringify(alerts, null, 2)}\n`);
  if (alerts.length === 0) io.out.write(`no ${status === 'all' ? '' : `${status} `}alerts for tenant ${tenantId}\n`);
  for (const a of alerts) {
    const subject =
      a.subject.kind === 'user' ? a.subject.userPrincipalName : `${a.subject.groupBy ?? 'all'} ${a.subject.displayName ?? a.subject.key ?? '(none)'}`;
    io.out.write(`${a.firstSeenDateTime}  ${a.status.padEnd(8)}  ${a.kind}  ${subject}  ${JSON.stringify(a.ruleName)}  ${JSON.stringify(a.detail)}\n`);
  }
  if (page.next !== null) io.out.write(`(more: --top ${top} shows the newest ${top})\n`);
}

export async function alertsEvaluate(io: CliIO, o: AlertsOptions): Promise<void> {
  const tenantId = tenantOf('evaluate', o);
  await withStore(io, o, async (store) => {
    const s = await evaluateTenant(store, tenantId, io.now?.() ?? new Date());
    io.out.write(`tenant ${tenantId}: ${s.rulesJudged} rules judged; ${s.opened} alerts opened, ${s.resolved} resolved, ${s.stillOpen} still open\n`);
    // One attempt each for what is due; retries wait for the next evaluation or a running server.
    const sent = await new WebhookSender(store, io.now ? { now: io.now } : {}).sendDue();
    if (sent > 0) io.out.write(`${sent} webhook deliveries attempted (\`amr serve\` retries those that failed)\n`);
  });
}

/**
 * After `amr import` or `amr sync` replaced a tenant: its alerts evaluated (decision 0093). The
 * deliveries wait in the database for a server or `amr alerts evaluate`; a failure here is a
 * warning: the import itself succeeded.
 */
export async function evaluateAfterImport(io: CliIO, store: Store, tenantId: string): Promise<void> {
  try {
    const s = await evaluateTenant(store, tenantId, io.now?.() ?? new Date());
    if (s.opened + s.resolved > 0)
      io.out.write(
        `  alerts        ${s.opened} opened, ${s.resolved} resolved; ${s.deliveriesQueued} webhook deliveries queued (sent by \`amr serve\` or \`amr alerts evaluate\`)\n`,
      );
  } catch (err) {
    io.err.write(`amr: the import succeeded, but evaluating the alerts of tenant ${tenantId} failed: ${(err as Error).message}\n`);
  }
}

/** `amr alerts …` under `cli`. */
export function registerAlertsCommands(cli: Command, io: CliIO, dbOption: () => Option): void {
  const alerts = cli.command('alerts').description('alert rules, webhooks and alerts (decision 0093)');
  const leaf = (c: Command) => c.addOption(dbOption()).requiredOption('--tenant <id>', 'the tenant id (GUID)');
  const rules = alerts.command('rules').description("the tenant's alert rules");
  leaf(rules.command('list').description('list the rules'))
    .option('--json', 'as JSON')
    .action((o: AlertsOptions) => rulesList(io, o));
  leaf(rules.command('add').description('add a rule'))
    .requiredOption('--kind <kind>', 'coverageBelow, coverageDrop, adminWithoutPhishingResistant or privilegedMethodChange')
    .requiredOption('--name <text>', 'a name for the rule')
    .option('--metric <m>', 'ssprRegistered, ssprEnabled, ssprCapable, passwordlessCapable, mfaCapable, phishingResistant, passwordless, mfa or weakMfa')
    .option('--threshold <percent>', 'coverageBelow: alert below this percentage (0-100)')
    .option('--points <n>', 'coverageDrop: alert on a fall of this many percentage points')
    .option('--days <n>', 'coverageDrop: over this many days (1-365); privilegedMethodChange: keep a change open this long (default 7)')
    .option('--group-by <attr>', 'judge each department, group, licence, role or userType on its own')
    .option('--min-bucket-size <n>', 'ignore buckets with fewer users (default 1)')
    .option('--privileged-only', 'admin rules: privileged admins only')
    .option('--disabled', 'add it disabled')
    .option('--json', 'print the rule as JSON')
    .action((o: AlertsOptions) => rulesAdd(io, o));
  leaf(rules.command('remove').description('remove a rule').argument('<id>', 'the rule id')).action((id: string, o: AlertsOptions) => rulesRemove(io, id, o));
  const hooks = alerts.command('webhooks').description('where alerts are POSTed');
  leaf(hooks.command('list').description('list the webhooks')).action((o: AlertsOptions) => webhooksList(io, o));
  leaf(hooks.command('add').description('add a webhook; prints its signing secret once').argument('<url>', 'http or https URL'))
    .option('--disabled', 'add it disabled')
    .action((url: string, o: AlertsOptions) => webhooksAdd(io, url, o));
  leaf(hooks.command('remove').description('remove a webhook and its delivery log').argument('<id>', 'the webhook id')).action((id: string, o: AlertsOptions) =>
    webhooksRemove(io, id, o),
  );
  leaf(alerts.command('list').description('list alerts, newest first'))
    .option('--status <s>', 'open (default), resolved or all')
    .option('--top <n>', 'at most this many (default 100)')
    .option('--json', 'as JSON')
    .action((o: AlertsOptions) => alertsList(io, o));
  leaf(alerts.command('evaluate').description('evaluate the rules now, then attempt the due webhook deliveries once')).action((o: AlertsOptions) =>
    alertsEvaluate(io, o),
  );
}
