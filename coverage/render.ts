/**
 * Renders a coverage report as Markdown (PR comments, docs) or plain text
 * (terminals, pipeline logs). Both show the same facts in the same order.
 */
import type { AccountCoverage, CoverageReport, Gap } from './model';

export type CoverageFormat = 'markdown' | 'text';

/** Cell marks: forwarder present, excluded on purpose (trail alarms only), enabled but missing (a gap), not enabled. */
const MARKS = {
  markdown: { forwarded: '✅', excluded: '⚠️', missing: '❌', off: '·' },
  text: { forwarded: 'Y', excluded: 'x', missing: '!', off: '.' },
} as const;

function cell(account: AccountCoverage, region: string, format: CoverageFormat): string {
  if (account.forwarded.includes(region)) return MARKS[format].forwarded;
  if (account.excluded.some((exclusion) => exclusion.region === region)) return MARKS[format].excluded;
  if (account.enabled.includes(region)) return MARKS[format].missing;
  return MARKS[format].off;
}

function summary(report: CoverageReport): string {
  const forwarders = report.accounts.reduce((sum, account) => sum + account.forwarded.length, 0);
  const errors = report.gaps.filter((gap) => gap.level === 'error').length;
  return `${report.accounts.length} accounts, ${report.regions.length} regions, ${forwarders} forwarders to ${report.aggregator.busArn}; ${errors} error gap${errors === 1 ? '' : 's'}`;
}

const GAP_LABEL: Record<Gap['level'], string> = { error: 'ERROR', warning: 'WARNING', info: 'INFO' };

export function renderCoverage(report: CoverageReport, format: CoverageFormat): string {
  return format === 'markdown' ? renderMarkdown(report) : renderText(report);
}

function renderMarkdown(report: CoverageReport): string {
  const marks = MARKS.markdown;
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const lines: string[] = [];
  lines.push('## Sign-in alert coverage', '');
  lines.push(`Organization \`${report.organizationId}\`; aggregator ${report.aggregator.account} in ${report.aggregator.region}. ${summary(report)}.`, '');
  lines.push('### Forwarders', '');
  lines.push(`${marks.forwarded} forwarder · ${marks.excluded} excluded (excludedRegions): organization trail alarms only · ${marks.missing} region enabled without forwarder · ${marks.off} region not enabled`, '');
  lines.push(`| Account | ${report.regions.join(' | ')} |`);
  lines.push(`|---|${report.regions.map(() => ':-:').join('|')}|`);
  for (const account of report.accounts) {
    lines.push(`| ${account.name} (${account.id}) | ${report.regions.map((region) => cell(account, region, 'markdown')).join(' | ')} |`);
  }
  lines.push('', '### Alerts', '');
  lines.push('| Alert | Enabled | Rule deployed |', '|---|:-:|:-:|');
  for (const alert of report.alerts) {
    lines.push(`| ${alert.title} (\`${alert.id}\`) | ${alert.enabled ? 'yes' : '**no**'} | ${alert.deployed ? 'yes' : 'no'} |`);
  }
  lines.push('', '### Receivers', '');
  if (report.receivers.length === 0) lines.push('_none_');
  for (const receiver of report.receivers) lines.push(`- ${receiver.stack}: ${receiver.protocol} ${escape(receiver.endpoint)}`);
  lines.push('', '### Routing (who receives which alert of which account)', '');
  lines.push('| Alert | Accounts | Destinations | Routes |', '|---|---|---|---|');
  for (const group of report.routing) {
    lines.push(`| \`${group.kind}\` | ${escape(group.accounts.join(', '))} | ${escape(group.destinations.join(', ') || (group.digest.length > 0 ? `digest: ${group.digest.join(', ')}` : 'none'))} | ${escape(group.routes.join(', ') || 'default')} |`);
  }
  lines.push('', '### Suppressions', '');
  if (report.suppressions.length === 0) lines.push('_none_');
  else {
    lines.push('| Kind | Subject | Reason |', '|---|---|---|');
    for (const entry of report.suppressions) lines.push(`| ${entry.kind} | \`${escape(entry.subject)}\` | ${escape(entry.reason)} |`);
  }
  lines.push('', '### Safety net', '');
  lines.push(report.safetyNet ? `Beside the real-time forwarders: ${escape(report.safetyNet)}.` : '_none: trail.cloudWatchLogs is false_');
  lines.push('', '### Gaps', '');
  if (report.gaps.length === 0) lines.push('_none_');
  for (const gap of report.gaps) lines.push(`- **${GAP_LABEL[gap.level]}** ${gap.message}`);
  return `${lines.join('\n')}\n`;
}

function renderText(report: CoverageReport): string {
  const lines: string[] = [];
  lines.push(`Sign-in alert coverage: organization ${report.organizationId}, aggregator ${report.aggregator.account} in ${report.aggregator.region}`);
  lines.push(summary(report), '');
  lines.push(`Forwarders (${MARKS.text.forwarded} forwarder, ${MARKS.text.excluded} excluded: organization trail alarms only, ${MARKS.text.missing} enabled without forwarder, ${MARKS.text.off} not enabled):`);
  const labels = report.accounts.map((account) => `${account.name} (${account.id})`);
  const width = Math.max('Account'.length, ...labels.map((label) => label.length));
  // Region codes are the column headers; each cell is centred under its code.
  const column = (text: string, size: number) => text.padStart(Math.ceil((size + text.length) / 2)).padEnd(size);
  lines.push(`${'Account'.padEnd(width)}  ${report.regions.join(' ')}`);
  report.accounts.forEach((account, index) => {
    lines.push(`${labels[index].padEnd(width)}  ${report.regions.map((region) => column(cell(account, region, 'text'), region.length)).join(' ')}`.trimEnd());
  });
  lines.push('', 'Alerts:');
  for (const alert of report.alerts) {
    lines.push(`  ${alert.enabled ? 'on ' : 'OFF'}  ${alert.id}: ${alert.title}${alert.enabled && !alert.deployed ? ' (no rule deployed)' : ''}`);
  }
  lines.push('', 'Receivers:');
  if (report.receivers.length === 0) lines.push('  none');
  for (const receiver of report.receivers) lines.push(`  ${receiver.stack}: ${receiver.protocol} ${receiver.endpoint}`);
  lines.push('', 'Routing (alert: accounts -> destinations [routes]):');
  for (const group of report.routing) {
    lines.push(`  ${group.kind}: ${group.accounts.join(', ')} -> ${group.destinations.join(', ') || (group.digest.length > 0 ? `digest: ${group.digest.join(', ')}` : 'none')} [${group.routes.join(', ') || 'default'}]`);
  }
  lines.push('', 'Suppressions:');
  if (report.suppressions.length === 0) lines.push('  none');
  for (const entry of report.suppressions) lines.push(`  ${entry.kind} ${entry.subject}: ${entry.reason}`);
  lines.push('', 'Safety net:');
  lines.push(`  ${report.safetyNet ?? 'none: trail.cloudWatchLogs is false'}`);
  lines.push('', 'Gaps:');
  if (report.gaps.length === 0) lines.push('  none');
  for (const gap of report.gaps) lines.push(`  ${GAP_LABEL[gap.level]} ${gap.message}`);
  return `${lines.join('\n')}\n`;
}
