import { asStrings, blocks } from './model';
import type { SecurityRule } from './types';

/** Checklist 1: no event selector drops management events or narrows read_write_type. */
export const trailManagementEvents: SecurityRule = {
  id: 'SW-TRAIL-2',
  area: 'TRAIL',
  title: 'Trail records all management events (no selector drops them or narrows read_write_type from All)',
  checklist: [1],
  check(model) {
    return model.resources('aws_cloudtrail').flatMap((trail) => {
      const messages: string[] = [];
      for (const selector of blocks(trail.body.event_selector)) {
        if (selector.include_management_events === false) messages.push('an event_selector sets include_management_events = false');
        if (selector.read_write_type !== undefined && selector.read_write_type !== 'All') {
          messages.push(`an event_selector narrows read_write_type to ${String(selector.read_write_type)}`);
        }
      }
      const advanced = blocks(trail.body.advanced_event_selector);
      if (advanced.length > 0) {
        const management = advanced.filter((selector) =>
          blocks(selector.field_selector).some((field) => field.field === 'eventCategory' && asStrings(field.equals).includes('Management')),
        );
        if (management.length === 0) messages.push('advanced_event_selector blocks select no management events');
        for (const selector of management) {
          if (blocks(selector.field_selector).some((field) => field.field !== 'eventCategory')) {
            messages.push('the management advanced_event_selector narrows management events with more field selectors');
          }
        }
      }
      return messages.map((message) => ({ item: trail, message }));
    });
  },
};
