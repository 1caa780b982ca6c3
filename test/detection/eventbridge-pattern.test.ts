/**
 * The offline EventBridge pattern evaluator, against the examples of the
 * EventBridge user guide (each block cites its page), plus the errors for
 * syntax it does not support.
 */
import { compileEventPattern, EventPatternError, matchesEventPattern } from '../../detection/eventbridge-pattern';

const EC2_EVENT = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

describe('https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html', () => {
  const pattern = { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } };

  it('GIVEN the guide\'s EC2 termination pattern WHEN matched THEN the terminated event matches and a running one does not', () => {
    expect(matchesEventPattern(pattern, EC2_EVENT)).toBe(true);
    expect(matchesEventPattern(pattern, { ...EC2_EVENT, detail: { ...EC2_EVENT.detail, state: 'running' } })).toBe(false);
    expect(matchesEventPattern(pattern, { ...EC2_EVENT, source: 'aws.s3' })).toBe(false);
  });
});

describe('https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html', () => {
  it('prefix: "time" starting with 2017-10-02', () => {
    const pattern = { time: [{ prefix: '2017-10-02' }] };
    expect(matchesEventPattern(pattern, { time: '2017-10-02T18:43:48Z' })).toBe(true);
    expect(matchesEventPattern(pattern, { time: '2017-10-03T18:43:48Z' })).toBe(false);
  });

  it('anything-but with a string, a number, lists of strings and numbers, and a prefix', () => {
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': 'initializing' }] } }, { detail: { state: 'running' } })).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': 'initializing' }] } }, { detail: { state: 'initializing' } })).toBe(false);
    expect(matchesEventPattern({ detail: { 'x-limit': [{ 'anything-but': 123 }] } }, { detail: { 'x-limit': 123 } })).toBe(false);
    expect(matchesEventPattern({ detail: { 'x-limit': [{ 'anything-but': 123 }] } }, { detail: { 'x-limit': 124 } })).toBe(true);
    const states = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };
    expect(matchesEventPattern(states, { detail: { state: 'overloaded' } })).toBe(false);
    expect(matchesEventPattern(states, { detail: { state: 'running' } })).toBe(true);
    const limits = { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } };
    expect(matchesEventPattern(limits, { detail: { 'x-limit': 200 } })).toBe(false);
    expect(matchesEventPattern(limits, { detail: { 'x-limit': 250 } })).toBe(true);
    const notInit = { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } };
    expect(matchesEventPattern(notInit, { detail: { state: 'initializing' } })).toBe(false);
    expect(matchesEventPattern(notInit, { detail: { state: 'running' } })).toBe(true);
  });

  it('numeric: c-count in (0, 5], d-count < 10, x-limit = 3.018e2', () => {
    const pattern = {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    };
    expect(matchesEventPattern(pattern, { detail: { 'c-count': 5, 'd-count': 9, 'x-limit': 301.8 } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { 'c-count': 0, 'd-count': 9, 'x-limit': 301.8 } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { 'c-count': '5', 'd-count': 9, 'x-limit': 301.8 } })).toBe(false);
  });

  it('exists false: matches a missing c-count and one that is an object (not a leaf), not a leaf value', () => {
    const pattern = { detail: { 'c-count': [{ exists: false }] } };
    expect(matchesEventPattern(pattern, { 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['initializing', 'running'] } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { 'c-count': 3 } })).toBe(false);
  });

  it('the complex example combining prefix, anything-but and numeric', () => {
    const pattern = {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
      },
    };
    const event = { time: '2017-10-02T18:43:48Z', detail: { state: 'running', 'c-count': 1, 'd-count': 2, 'x-limit': 400 } };
    expect(matchesEventPattern(pattern, event)).toBe(true);
    expect(matchesEventPattern(pattern, { ...event, detail: { ...event.detail, 'x-limit': 300 } })).toBe(false);
  });

  it('IP address (cidr) matching is not supported: the evaluator refuses it', () => {
    expect(() => compileEventPattern({ detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } })).toThrow(EventPatternError);
    expect(() => compileEventPattern({ detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } })).toThrow('unsupported operator "cidr"');
  });
});

describe('https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html', () => {
  it('GIVEN a resources list pattern WHEN the event array shares one value THEN it matches', () => {
    const pattern = {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    };
    const resources = [
      'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
      'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
    ];
    expect(matchesEventPattern(pattern, { resources })).toBe(true);
    expect(matchesEventPattern(pattern, { resources: resources.slice(0, 1) })).toBe(false);
  });

  it('GIVEN an array of objects in the event WHEN a nested pattern matches one element THEN it matches', () => {
    expect(matchesEventPattern({ detail: { items: { name: ['b'] } } }, { detail: { items: [{ name: 'a' }, { name: 'b' }] } })).toBe(true);
    expect(matchesEventPattern({ detail: { items: { name: ['c'] } } }, { detail: { items: [{ name: 'a' }, { name: 'b' }] } })).toBe(false);
  });
});

describe('https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html', () => {
  const event = {
    version: '0',
    id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
    'detail-type': 'EC2 Instance Launch Successful',
    source: 'aws.autoscaling',
    account: '123456789012',
    time: '2015-11-11T21:31:47Z',
    region: 'us-east-1',
    resources: [],
    detail: { eventVersion: '', responseElements: null },
  };

  it('GIVEN [""] and [null] WHEN matched THEN each matches its own kind of value only', () => {
    expect(matchesEventPattern({ detail: { eventVersion: [''] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { responseElements: [null] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { responseElements: [''] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { eventVersion: [null] } }, event)).toBe(false);
  });
});

describe('https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html', () => {
  it('$or: Location is "New York", or Day is "Monday"', () => {
    const pattern = { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] };
    expect(matchesEventPattern(pattern, { Location: 'Boston', Day: 'Monday' })).toBe(true);
    expect(matchesEventPattern(pattern, { Location: 'New York', Day: 'Friday' })).toBe(true);
    expect(matchesEventPattern(pattern, { Location: 'Boston', Day: 'Friday' })).toBe(false);
  });

  it('or within a list: PaymentType is "Credit" or "Debit"; and across fields', () => {
    expect(matchesEventPattern({ PaymentType: ['Credit', 'Debit'] }, { PaymentType: 'Debit' })).toBe(true);
    expect(matchesEventPattern({ Location: ['New York'], Day: ['Monday'] }, { Location: 'New York', Day: 'Sunday' })).toBe(false);
  });

  it('suffix, equals-ignore-case, prefix and suffix ignoring case', () => {
    expect(matchesEventPattern({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.png' })).toBe(true);
    expect(matchesEventPattern({ FileName: [{ suffix: '.png' }] }, { FileName: 'image.PNG' })).toBe(false);
    expect(matchesEventPattern({ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alice' })).toBe(true);
    expect(matchesEventPattern({ service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] }, { service: 'EventBridge' })).toBe(true);
    expect(matchesEventPattern({ service: [{ suffix: { 'equals-ignore-case': 'tbridge' } }] }, { service: 'EVENTBRIDGE' })).toBe(true);
  });

  it('wildcard: any .png file within the folder "dir"; anything-but wildcard: not under /lib/', () => {
    expect(matchesEventPattern({ FileName: [{ wildcard: 'dir/*.png' }] }, { FileName: 'dir/photo.png' })).toBe(true);
    expect(matchesEventPattern({ FileName: [{ wildcard: 'dir/*.png' }] }, { FileName: 'other/photo.png' })).toBe(false);
    expect(matchesEventPattern({ FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/lib/x.so' })).toBe(false);
    expect(matchesEventPattern({ FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/bin/x' })).toBe(true);
    expect(matchesEventPattern({ FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] }, { FilePath: '/usr/bin/x' })).toBe(false);
  });

  it('anything-but suffix and ignore case; exists true', () => {
    expect(matchesEventPattern({ FileName: [{ 'anything-but': { suffix: '.png' } }] }, { FileName: 'a.png' })).toBe(false);
    expect(matchesEventPattern({ state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] }, { state: 'INITIALIZING' })).toBe(false);
    expect(matchesEventPattern({ ProductName: [{ exists: true }] }, { ProductName: 'x' })).toBe(true);
    expect(matchesEventPattern({ ProductName: [{ exists: true }] }, {})).toBe(false);
  });
});

describe('documented assumption: anything-but on a missing field', () => {
  const pattern = { detail: { MFAUsed: [{ 'anything-but': 'Yes' }] } };

  it('GIVEN the default reading WHEN the field is missing THEN anything-but does not match; the other reading matches', () => {
    expect(matchesEventPattern(pattern, { detail: {} })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: {} }, { anythingButMatchesMissing: true })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { MFAUsed: 'Yes' } }, { anythingButMatchesMissing: true })).toBe(false);
  });
});

describe('unsupported or malformed syntax is refused', () => {
  it.each([
    ['an unknown operator', { a: [{ contains: 'x' }] }, 'unsupported operator "contains"'],
    ['a leaf that is not a list', { a: 'x' }, 'value must be a list of matchers or a nested object'],
    ['an empty list', { a: [] }, 'must not be empty'],
    ['an operator object with two keys', { a: [{ prefix: 'x', suffix: 'y' }] }, 'exactly one key'],
    ['$or that is not a list', { $or: { a: ['x'] } }, '"$or" takes a list of at least two objects'],
    ['an empty $or', { $or: [] }, '"$or" needs at least two objects, got 0'],
    ['$or with one branch (EventBridge: "at least 2 Objects in $or")', { a: { $or: [{ b: ['x'] }] } }, '"$or" needs at least two objects, got 1'],
    ['consecutive wildcards', { a: [{ wildcard: 'a**b' }] }, 'consecutive wildcard'],
    ['a numeric operator EventBridge lacks', { a: [{ numeric: ['!=', 1] }] }, 'is not one of'],
    ['anything-but mixing strings and numbers', { a: [{ 'anything-but': ['x', 1] }] }, 'only strings or only numbers'],
    ['exists with a non-boolean', { a: [{ exists: 'yes' }] }, '"exists" takes true or false'],
  ])('%s', (_name, pattern, message) => {
    expect(() => compileEventPattern(pattern)).toThrow(EventPatternError);
    expect(() => compileEventPattern(pattern)).toThrow(message);
  });

  it('GIVEN a nested error WHEN reported THEN it names the path', () => {
    expect(() => compileEventPattern({ detail: { userIdentity: { arn: [{ cidr: 'x' }] } } })).toThrow('event pattern detail.userIdentity.arn: unsupported operator "cidr"');
  });
});
