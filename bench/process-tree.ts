/**
 * Runs a command and samples the resident memory of its whole process tree
 * (the command and every descendant, e.g. Terraform's provider plugins) from
 * /proc every ~100 ms. Linux only; elsewhere memory figures are reported as 0.
 *
 * The child runs in its own process group so that a safety cap or a timeout
 * can stop the command and every process it started, and nothing else.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface MeasureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Stop the tree when its memory (peakTreeMemoryBytes' measure) passes this many bytes. */
  rssCapBytes?: number;
  /** Stop the tree after this many milliseconds. */
  timeoutMs?: number;
  sampleEveryMs?: number;
}

export interface Measurement {
  command: string;
  wallMs: number;
  /**
   * Largest memory of the tree seen in one sample: the anonymous (and shmem)
   * resident memory of every process, plus the file-backed resident pages of
   * the process with most of them, counted once. Provider processes run the
   * same ~675 MB binary and share its pages; summing plain RSS would count
   * those pages once per provider (see peakTreeRssSumBytes).
   */
  peakTreeMemoryBytes: number;
  /** Largest plain sum of RSS over the tree (overcounts shared binary pages). */
  peakTreeRssSumBytes: number;
  /**
   * Largest anonymous (and shmem) resident memory of the tree: what one more
   * concurrent run adds on a machine that already has the binaries' pages
   * cached by another run.
   */
  peakTreePrivateBytes: number;
  /** Largest peak RSS (VmHWM) of any single process of the tree. */
  peakProcessRssBytes: number;
  /**
   * CPU time (user + system) of the tree, from the last sample of each
   * process (so up to ~100 ms per process short). Unlike wall time it hardly
   * changes when other work competes for the cores.
   */
  cpuMs: number;
  /** Most processes alive in the tree at once. */
  peakProcesses: number;
  /** Most Terraform provider plugin processes alive at once. */
  peakProviderProcesses: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Why the tree was stopped early, if it was. */
  stoppedBecause?: 'rss-cap' | 'timeout';
  stdout: string;
  stderr: string;
}

/** `comm` is cut at 15 characters: "terraform-provider-aws_v5.100.0_x5" reads "terraform-provi". */
const PROVIDER_COMM_PREFIX = 'terraform-provi';

export const procAvailable = (): boolean => existsSync('/proc/self/statm');

interface ProcessInfo {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Format: pid (comm) state ppid ...; comm may contain spaces and parentheses.
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    // fields[0] is the state (field 3 of proc(5)); utime and stime are fields 14 and 15.
    return { pid, comm: stat.slice(open + 1, close), ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // the process exited between readdir and read
  }
}

/** The root and every live descendant of it. */
export function processTree(rootPid: number): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  let root: ProcessInfo | undefined;
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const info = readProcess(pid);
    if (!info) continue;
    if (pid === rootPid) root = info;
    const siblings = children.get(info.ppid);
    if (siblings) siblings.push(info);
    else children.set(info.ppid, [info]);
  }
  if (!root) return [];
  const tree: ProcessInfo[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const next = queue.pop()!;
    tree.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return tree;
}

interface Resident {
  rss: number;
  anon: number;
  file: number;
  shmem: number;
  highWater: number;
}

const STATUS_FIELDS = { VmRSS: 'rss', RssAnon: 'anon', RssFile: 'file', RssShmem: 'shmem', VmHWM: 'highWater' } as const;

/** Resident memory of one process from /proc/<pid>/status (bytes); zeros once it has exited. */
export function residentMemory(pid: number): Resident {
  const resident: Resident = { rss: 0, anon: 0, file: 0, shmem: 0, highWater: 0 };
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return resident;
  }
  for (const line of status.split('\n')) {
    const match = /^(\w+):\s+(\d+) kB/.exec(line);
    const field = match && STATUS_FIELDS[match[1] as keyof typeof STATUS_FIELDS];
    if (field) resident[field] = Number(match[2]) * 1024;
  }
  return resident;
}

export function isProviderProcess(comm: string): boolean {
  return comm.startsWith(PROVIDER_COMM_PREFIX);
}

/** Runs `command args`, sampling its process tree, and resolves when it exits (or was stopped). */
/** A measurement with nothing measured yet (or nothing to measure: a skipped step). */
export function emptyMeasurement(command: string, exitCode: number | null): Measurement {
  return {
    command,
    wallMs: 0,
    peakTreeMemoryBytes: 0,
    peakTreeRssSumBytes: 0,
    peakTreePrivateBytes: 0,
    peakProcessRssBytes: 0,
    cpuMs: 0,
    peakProcesses: 0,
    peakProviderProcesses: 0,
    exitCode,
    signal: null,
    stdout: '',
    stderr: '',
  };
}

export function measure(command: string, args: string[], options: MeasureOptions = {}): Promise<Measurement> {
  const sampleEveryMs = options.sampleEveryMs ?? 100;
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const result = emptyMeasurement([command, ...args].join(' '), null);
  child.stdout.on('data', (chunk: Buffer) => (result.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (result.stderr += chunk.toString()));

  const stopTree = (reason: 'rss-cap' | 'timeout'): void => {
    if (result.stoppedBecause) return;
    result.stoppedBecause = reason;
    try {
      process.kill(-child.pid!, 'SIGKILL'); // the child's own process group only
    } catch {
      /* already gone */
    }
  };

  const cpuTicksByPid = new Map<number, number>();
  const sample = (): void => {
    if (!procAvailable() || child.pid === undefined) return;
    const tree = processTree(child.pid);
    let rssSum = 0;
    let privateSum = 0;
    let largestFile = 0;
    let providers = 0;
    for (const proc of tree) {
      const memory = residentMemory(proc.pid);
      rssSum += memory.rss;
      privateSum += memory.anon + memory.shmem;
      largestFile = Math.max(largestFile, memory.file);
      result.peakProcessRssBytes = Math.max(result.peakProcessRssBytes, memory.highWater);
      if (isProviderProcess(proc.comm)) providers += 1;
      cpuTicksByPid.set(proc.pid, Math.max(cpuTicksByPid.get(proc.pid) ?? 0, proc.cpuTicks));
    }
    result.cpuMs = ([...cpuTicksByPid.values()].reduce((sum, ticks) => sum + ticks, 0) * 1000) / TICKS_PER_SECOND;
    const total = privateSum + largestFile;
    result.peakTreeMemoryBytes = Math.max(result.peakTreeMemoryBytes, total);
    result.peakTreeRssSumBytes = Math.max(result.peakTreeRssSumBytes, rssSum);
    result.peakTreePrivateBytes = Math.max(result.peakTreePrivateBytes, privateSum);
    result.peakProcesses = Math.max(result.peakProcesses, tree.length);
    result.peakProviderProcesses = Math.max(result.peakProviderProcesses, providers);
    if (options.rssCapBytes !== undefined && total > options.rssCapBytes) stopTree('rss-cap');
  };

  const sampler = setInterval(sample, sampleEveryMs);
  const timer = options.timeoutMs ? setTimeout(() => stopTree('timeout'), options.timeoutMs) : undefined;
  setImmediate(sample);

  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearInterval(sampler);
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearInterval(sampler);
      if (timer) clearTimeout(timer);
      result.wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      result.exitCode = code;
      result.signal = signal;
      // Descendants that outlived the child (should not happen) would hold its pipes open: stop them.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* group already empty */
      }
    });
    child.on('close', () => resolve(result));
  });
}

/** Throws with the tail of stderr when a measured command failed (and was not stopped on purpose). */
export function assertSucceeded(measurement: Measurement, what: string): void {
  if (measurement.stoppedBecause || measurement.exitCode === 0) return;
  const tail = `${measurement.stderr}\n${measurement.stdout}`.trim().split('\n').slice(-30).join('\n');
  throw new Error(`${what} failed (exit ${measurement.exitCode ?? measurement.signal}): ${measurement.command}\n${tail}`);
}
