import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { enabledRegions, OPT_IN_REGIONS, DEFAULT_ENABLED_REGIONS } from '../../config/regions';
import { aggregatorAccount, managementAccount } from '../../config/names';
import {
  EXAMPLE_CONFIG,
  generateOrg,
  generateOrgYaml,
  generatedAccountId,
  generatedAccountName,
  generatedOptInRegions,
  WIDE_OPT_IN_COUNT,
} from '../../bench/org-generator';

const example = parse(readFileSync(EXAMPLE_CONFIG, 'utf8'));

describe('bench organization generator', () => {
  describe.each([1, 2, 10, 500])('GIVEN %i accounts', (count) => {
    let config: ReturnType<typeof generateOrg>['config'];
    beforeAll(() => {
      // WHEN an organization is generated from the example and loaded with config/load.ts (throws if invalid)
      config = generateOrg(count).config;
    });

    it('THEN it holds exactly that many accounts', () => {
      expect(config.accounts).toHaveLength(count);
    });

    it('THEN every account id and name is unique', () => {
      expect(new Set(config.accounts.map((account) => account.id)).size).toBe(count);
      expect(new Set(config.accounts.map((account) => account.name)).size).toBe(count);
    });

    it('THEN the management and aggregator references resolve to generated accounts', () => {
      expect(managementAccount(config).name).toBe(example.organization.managementAccount);
      expect(aggregatorAccount(config).name).toBe(count === 1 ? example.organization.managementAccount : example.aggregator.account);
    });

    it("THEN the example's other settings are unchanged", () => {
      expect(config.organization.id).toBe(example.organization.id);
      expect(config.trail.name).toBe(example.trail.name);
      expect(config.notifications.emails).toEqual(example.notifications.emails);
    });
  });

  describe('GIVEN 500 accounts', () => {
    const { config } = generateOrg(500);
    const regionCounts = config.accounts.map((account) => enabledRegions(account).length);

    it('THEN some accounts enable opt-in regions and the widest member has 30 regions', () => {
      expect(DEFAULT_ENABLED_REGIONS.length + WIDE_OPT_IN_COUNT).toBe(30);
      expect(Math.max(...regionCounts)).toBe(30);
      expect(regionCounts.filter((regions) => regions === 30)).toHaveLength(10);
      expect(regionCounts.filter((regions) => regions === 19)).toHaveLength(99);
      expect(regionCounts.filter((regions) => regions === 17)).toHaveLength(391);
    });
  });

  describe('GIVEN the i-th generated account', () => {
    it('THEN its id is 12 digits, starts with 9 and encodes i', () => {
      expect(generatedAccountId(7)).toBe('900000000007');
      expect(generatedAccountName(7)).toBe('account-0007');
    });

    it('THEN accounts 2, 52, … get 13 opt-in regions, every 5th two, the others none', () => {
      expect(generatedOptInRegions(2)).toEqual(OPT_IN_REGIONS.slice(0, 13));
      expect(generatedOptInRegions(52)).toEqual(OPT_IN_REGIONS.slice(0, 13));
      expect(generatedOptInRegions(5)).toHaveLength(2);
      expect(generatedOptInRegions(3)).toEqual([]);
      expect(generatedOptInRegions(0)).toEqual([]);
    });
  });

  it('GIVEN a count below 1 WHEN generating THEN it throws', () => {
    expect(() => generateOrgYaml(readFileSync(EXAMPLE_CONFIG, 'utf8'), 0)).toThrow('account count must be a positive integer, got 0');
  });
});
