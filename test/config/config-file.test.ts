/**
 * Files that cannot be a config at all: one line naming the file and why,
 * never a made-up position, never the file's bytes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigFileError, loadConfig, MAX_CONFIG_BYTES } from '../../detection/org-config';

describe('loadConfig on files that are not YAML text', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sw-config-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const failure = (file: string): ConfigFileError => {
    try {
      loadConfig(file);
    } catch (error) {
      return error as ConfigFileError;
    }
    throw new Error('loadConfig accepted it');
  };

  it.each([
    ['a missing file', () => path.join(dir, 'missing.yaml'), 'file not found'],
    ['a directory', () => dir, 'is a directory, not a config file'],
    ['a binary file (a NUL byte)', () => write('binary.yaml', Buffer.concat([Buffer.from('organization:\n'), Buffer.from([0x00, 0xff, 0x13, 0x37]), Buffer.alloc(7_500, 0xab)])), 'not a YAML text file (binary: a NUL byte at offset 14)'],
    ['bytes that are not UTF-8', () => write('latin1.yaml', Buffer.concat([Buffer.from('name: '), Buffer.alloc(100_000, 0xe9)])), 'not a YAML text file (not UTF-8: invalid bytes at offset 6)'],
    ['control bytes', () => write('control.yaml', Buffer.from('a: b\n\x1b[31mred\n')), 'not a YAML text file (binary: control byte 0x1b at offset 5)'],
    ['a huge file', () => write('huge.yaml', Buffer.alloc(MAX_CONFIG_BYTES + 1, 0x61)), 'not a YAML text file (16.0 MB; a config is at most 16 MB)'],
  ])('GIVEN %s THEN one line: FILE: reason, no position, no bytes', (_name, make, reason) => {
    const file = make();
    const error = failure(file);
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(error.message).toBe(`${file}: ${reason}`);
    expect(error.message.split('\n')).toHaveLength(1);
  });

  function write(name: string, bytes: Buffer): string {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return file;
  }
});
