/**
 * A read-only view of one synthesized stack (the Terraform JSON cdktf writes
 * to cdk.tf.json): its resources and data sources, the references between
 * them (`${aws_kms_key.key.arn}`), their providers, and the IAM policy
 * documents they carry. Rules read only this, so they check exactly what
 * Terraform will receive.
 */
import { parsePolicy, type Policy } from './policy';

export interface TfItem {
  mode: 'resource' | 'data';
  type: string;
  name: string;
  /** Terraform address: `aws_sns_topic.alerts` or `data.aws_iam_policy_document.x`. */
  address: string;
  /** Construct path (cdktf metadata), or the address when absent. */
  path: string;
  body: Record<string, unknown>;
}

export interface ProviderInfo {
  /** `aws` or `aws.<alias>` */
  key: string;
  region?: string;
  accountIds: string[];
}

export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, Array<Record<string, unknown>>>;
  [key: string]: unknown;
}

const WHOLE_REF = /^\$\{(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}$/;
const ANY_REF = /\$\{(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_]+))?/g;

/** A Terraform block is an object or a list of objects in JSON; always a list here. */
export function blocks(value: unknown): Array<Record<string, unknown>> {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null);
}

export function asStrings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringLeaves);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringLeaves);
  return [];
}

export class StackModel {
  private readonly items: TfItem[] = [];
  private readonly byAddress = new Map<string, TfItem>();
  /** Items by `<mode>:<type>`: rules ask for one type at a time, many times per stack (synth time at 5,000 accounts). */
  private readonly byType = new Map<string, TfItem[]>();
  /** mentioned() per value (the same attribute is asked about once per candidate target). */
  private readonly mentionCache = new Map<unknown, TfItem[]>();
  private readonly providers = new Map<string, ProviderInfo>();

  constructor(
    readonly stackName: string,
    readonly json: TerraformJson,
  ) {
    for (const mode of ['resource', 'data'] as const) {
      for (const [type, named] of Object.entries(json[mode] ?? {})) {
        for (const [name, body] of Object.entries(named)) {
          const address = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
          const metadata = (body['//'] as { metadata?: { path?: string } } | undefined)?.metadata;
          const item: TfItem = { mode, type, name, address, path: metadata?.path ?? address, body };
          this.items.push(item);
          this.byAddress.set(address, item);
          const key = `${mode}:${type}`;
          const sameType = this.byType.get(key);
          if (sameType) sameType.push(item);
          else this.byType.set(key, [item]);
        }
      }
    }
    for (const [providerName, configs] of Object.entries(json.provider ?? {})) {
      for (const config of configs) {
        const key = config.alias ? `${providerName}.${String(config.alias)}` : providerName;
        this.providers.set(key, {
          key,
          region: typeof config.region === 'string' ? config.region : undefined,
          accountIds: asStrings(config.allowed_account_ids),
        });
      }
    }
  }

  resources(type: string): TfItem[] {
    return [...(this.byType.get(`resource:${type}`) ?? [])];
  }

  dataSources(type: string): TfItem[] {
    return [...(this.byType.get(`data:${type}`) ?? [])];
  }

  all(): TfItem[] {
    return [...this.items];
  }

  get(address: string): TfItem | undefined {
    return this.byAddress.get(address);
  }

  /** The item and attribute a value such as `${aws_kms_key.k.arn}` names, when the whole value is one reference. */
  reference(value: unknown): { item: TfItem; attribute: string } | undefined {
    if (typeof value !== 'string') return undefined;
    const match = WHOLE_REF.exec(value);
    if (!match) return undefined;
    const address = `${match[1] ? 'data.' : ''}${match[2]}.${match[3]}`;
    const item = this.byAddress.get(address);
    return item ? { item, attribute: match[4] } : undefined;
  }

  /**
   * Every item a value mentions: references anywhere (`${aws_x.y.arn}:*`),
   * and string leaves that are an item's literal name or ARN (stacks build
   * many ARNs as strings from config/names.ts to avoid dependency loops).
   */
  mentioned(value: unknown): TfItem[] {
    let found = this.mentionCache.get(value);
    if (!found) {
      found = this.findMentioned(value);
      this.mentionCache.set(value, found);
    }
    return [...found];
  }

  private findMentioned(value: unknown): TfItem[] {
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
    const found: TfItem[] = [];
    for (const match of text.matchAll(ANY_REF)) {
      const item = this.byAddress.get(`${match[1] ? 'data.' : ''}${match[2]}.${match[3]}`);
      if (item && !found.includes(item)) found.push(item);
    }
    for (const leaf of stringLeaves(value)) {
      for (const item of this.literals().get(leaf) ?? []) if (!found.includes(item)) found.push(item);
    }
    return found;
  }

  /** The item of one of `types` a value names: a whole reference, or the item's literal name or ARN. */
  resolve(value: unknown, types: string[]): TfItem | undefined {
    const ref = this.reference(value);
    if (ref) return types.includes(ref.item.type) ? ref.item : undefined;
    if (typeof value !== 'string') return undefined;
    return (this.literals().get(value) ?? []).find((item) => types.includes(item.type));
  }

  private readonly literalFormCache = new Map<TfItem, string[]>();

  /** Literal names and ARNs of every item: what a string built from config/names.ts would say. */
  literalForms(item: TfItem): string[] {
    let forms = this.literalFormCache.get(item);
    if (!forms) {
      forms = this.computeLiteralForms(item);
      this.literalFormCache.set(item, forms);
    }
    return [...forms];
  }

  private computeLiteralForms(item: TfItem): string[] {
    const { region, accountIds } = this.provider(item);
    const account = accountIds[0];
    const name = typeof item.body.name === 'string' ? item.body.name : undefined;
    const arnIn = (service: string, resource: string) => (region && account ? [`arn:aws:${service}:${region}:${account}:${resource}`] : []);
    switch (item.type) {
      case 'aws_s3_bucket': {
        const bucket = typeof item.body.bucket === 'string' ? item.body.bucket : undefined;
        return bucket ? [bucket, `arn:aws:s3:::${bucket}`] : [];
      }
      case 'aws_sqs_queue':
        return name ? [name, ...arnIn('sqs', name), ...(region && account ? [`https://sqs.${region}.amazonaws.com/${account}/${name}`] : [])] : [];
      case 'aws_sns_topic':
        return name ? arnIn('sns', name) : [];
      case 'aws_cloudwatch_log_group':
        return name ? [name, ...arnIn('logs', `log-group:${name}`), ...arnIn('logs', `log-group:${name}:*`)] : [];
      case 'aws_cloudwatch_event_bus':
        return name ? [name, ...arnIn('events', `event-bus/${name}`)] : [];
      case 'aws_cloudwatch_event_rule': {
        if (!name) return [];
        const bus = this.busName(item);
        return [name, ...arnIn('events', bus && bus !== 'default' ? `rule/${bus}/${name}` : `rule/${name}`)];
      }
      case 'aws_cloudwatch_metric_alarm': {
        const alarm = typeof item.body.alarm_name === 'string' ? item.body.alarm_name : undefined;
        return alarm ? arnIn('cloudwatch', `alarm:${alarm}`) : [];
      }
      case 'aws_iam_role':
        return name && account ? [name, `arn:aws:iam::${account}:role${String(item.body.path ?? '/')}${name}`] : name ? [name] : [];
      default:
        return [];
    }
  }

  /** Literal name of the bus an event rule sits on (`default` when none is set). */
  busName(rule: TfItem): string | undefined {
    const value = rule.body.event_bus_name;
    if (value === undefined) return 'default';
    const ref = this.reference(value);
    if (ref) return typeof ref.item.body.name === 'string' ? ref.item.body.name : undefined;
    return typeof value === 'string' ? value.replace(/^arn:aws:events:[^:]*:\d{12}:event-bus\//, '') : undefined;
  }

  private literalCache?: Map<string, TfItem[]>;

  private literals(): Map<string, TfItem[]> {
    if (!this.literalCache) {
      this.literalCache = new Map();
      for (const item of this.items) {
        for (const form of this.literalForms(item)) this.literalCache.set(form, [...(this.literalCache.get(form) ?? []), item]);
      }
    }
    return this.literalCache;
  }

  /** True when `value` names `item` (as a whole reference, optionally to one attribute). */
  refersTo(value: unknown, item: TfItem, attributes?: string[]): boolean {
    const ref = this.reference(value);
    if (ref) return ref.item === item && (!attributes || attributes.includes(ref.attribute));
    return typeof value === 'string' && this.literalForms(item).includes(value);
  }

  /** Items of `type` whose attribute `attribute` refers to `target`. */
  referrers(type: string, attribute: string, target: TfItem): TfItem[] {
    return this.resources(type).filter((item) => this.mentioned(item.body[attribute]).includes(target));
  }

  provider(item: TfItem): ProviderInfo {
    const key = typeof item.body.provider === 'string' ? item.body.provider : 'aws';
    return this.providers.get(key) ?? { key, accountIds: [] };
  }

  /** The policy document a `policy`-like attribute holds: a JSON string, or a reference to a policy document data source. */
  policy(value: unknown): Policy | undefined {
    if (this.policyCache.has(value)) return this.policyCache.get(value);
    const policy = this.parsePolicyValue(value);
    this.policyCache.set(value, policy);
    return policy;
  }

  /** policy() per value: several rules read the same policies (rules only read what they get). */
  private readonly policyCache = new Map<unknown, Policy | undefined>();

  private parsePolicyValue(value: unknown): Policy | undefined {
    if (value === undefined || value === null) return undefined;
    const ref = this.reference(value);
    if (ref && ref.item.type === 'aws_iam_policy_document' && ref.attribute === 'json') {
      return parsePolicy(policyDocumentToJson(ref.item.body));
    }
    return parsePolicy(value);
  }
}

/** Converts an `aws_iam_policy_document` data source body to IAM JSON. */
export function policyDocumentToJson(body: Record<string, unknown>): Record<string, unknown> {
  const Statement = blocks(body.statement).map((statement) => {
    const principals = (key: string) => {
      const entries = blocks(statement[key]);
      if (entries.length === 0) return undefined;
      const out: Record<string, string[]> = {};
      for (const entry of entries) out[String(entry.type)] = [...(out[String(entry.type)] ?? []), ...asStrings(entry.identifiers)];
      return out;
    };
    const conditions = blocks(statement.condition);
    const Condition: Record<string, Record<string, string[]>> = {};
    for (const condition of conditions) {
      const test = String(condition.test);
      Condition[test] = { ...(Condition[test] ?? {}), [String(condition.variable)]: asStrings(condition.values) };
    }
    const json: Record<string, unknown> = { Effect: statement.effect ?? 'Allow' };
    if (statement.sid) json.Sid = statement.sid;
    if (statement.actions) json.Action = asStrings(statement.actions);
    if (statement.not_actions) json.NotAction = asStrings(statement.not_actions);
    if (statement.resources) json.Resource = asStrings(statement.resources);
    if (statement.not_resources) json.NotResource = asStrings(statement.not_resources);
    const principal = principals('principals');
    if (principal) json.Principal = principal;
    const notPrincipal = principals('not_principals');
    if (notPrincipal) json.NotPrincipal = notPrincipal;
    if (conditions.length > 0) json.Condition = Condition;
    return json;
  });
  return { Version: '2012-10-17', Statement };
}
