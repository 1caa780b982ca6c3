import { asStrings, blocks, type TfItem } from './model';
import type { OrgConfig } from '../../config/schema';
import type { SecurityRule } from './types';

/** Advanced selectors that select management events. */
function managementSelectors(trail: TfItem): Array<Record<string, unknown>> {
  return blocks(trail.body.advanced_event_selector).filter((selector) =>
    blocks(selector.field_selector).some((field) => field.field === 'eventCategory' && asStrings(field.equals).includes('Management')),
  );
}

/** The organization trail signin-watch creates: every management event, nothing narrowed. */
function recordsEveryManagementEvent(trail: TfItem): string[] {
  const messages: string[] = [];
  for (const selector of blocks(trail.body.event_selector)) {
    if (selector.include_management_events === false) messages.push('an event_selector sets include_management_events = false');
    if (selector.read_write_type !== undefined && selector.read_write_type !== 'All') {
      messages.push(`an event_selector narrows read_write_type to ${String(selector.read_write_type)}`);
    }
  }
  if (blocks(trail.body.advanced_event_selector).length > 0) {
    const management = managementSelectors(trail);
    if (management.length === 0) messages.push('advanced_event_selector blocks select no management events');
    for (const selector of management) {
      if (blocks(selector.field_selector).some((field) => field.field !== 'eventCategory')) {
        messages.push('the management advanced_event_selector narrows management events with more field selectors');
      }
    }
  }
  return messages;
}

/**
 * Beside an existing organization trail (config trail.existing), the trail
 * signin-watch creates records the dead-letter data events only: management
 * events there would be a paid second copy ("Additional copies of management
 * events are charged", AWS CloudTrail pricing). Without any selector, or with
 * a basic event_selector, a trail records management events.
 */
function recordsDataEventsOnly(trail: TfItem): string[] {
  const advanced = blocks(trail.body.advanced_event_selector);
  if (blocks(trail.body.event_selector).length > 0 || advanced.length === 0) {
    return ['beside trail.existing this trail must record only data events (advanced_event_selector on eventCategory Data): without them it records a paid second copy of management events'];
  }
  return managementSelectors(trail).length > 0 || advanced.some((selector) => !blocks(selector.field_selector).some((field) => field.field === 'eventCategory' && asStrings(field.equals).includes('Data')))
    ? ['beside trail.existing this trail must not select management events (a paid second copy): every advanced_event_selector must select eventCategory Data']
    : [];
}

/**
 * Checklist 1: no event selector drops management events or narrows
 * read_write_type. With trail.existing the management events come from the
 * existing trail (preflight checks its selectors) and the created trail must
 * record data events only.
 */
export const trailManagementEvents: SecurityRule = {
  id: 'SW-TRAIL-2',
  area: 'TRAIL',
  title: 'Trail records all management events (no selector drops them or narrows read_write_type from All); beside trail.existing, the created trail records data events only',
  checklist: [1],
  check(model, config: OrgConfig) {
    return model.resources('aws_cloudtrail').flatMap((trail) =>
      (config.trail.existing ? recordsDataEventsOnly(trail) : recordsEveryManagementEvent(trail)).map((message) => ({ item: trail, message })),
    );
  },
};
