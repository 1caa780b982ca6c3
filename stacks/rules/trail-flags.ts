import type { SecurityRule } from './types';

const REQUIRED_TRUE = ['is_organization_trail', 'is_multi_region_trail', 'include_global_service_events', 'enable_log_file_validation'];

/** Checklist 1: an organization, multi-region trail with global events and log file validation, logging on. */
export const trailFlags: SecurityRule = {
  id: 'SW-TRAIL-1',
  area: 'TRAIL',
  title: 'Trail is an organization, multi-region trail with global service events and log file validation, logging not disabled',
  checklist: [1],
  check(model) {
    return model.resources('aws_cloudtrail').flatMap((trail) => {
      const wrong = REQUIRED_TRUE.filter((flag) => trail.body[flag] !== true).map((flag) => `${flag} must be true`);
      if (trail.body.enable_logging === false) wrong.push('enable_logging must not be false');
      return wrong.map((message) => ({ item: trail, message }));
    });
  },
};
