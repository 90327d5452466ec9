/** Who the audit log names: SALESOPS_USER, then USER, then LOGNAME, then the OS login name. */
import { describe, expect, it } from 'vitest';
import { CommandContext } from '../../src/cli/context.js';
import type { CliIo } from '../../src/cli/io.js';
import type { IsoDate } from '../../src/domain/dates.js';

const sink = { write: () => true };
const io = (env: Record<string, string>, loginName?: string): CliIo => ({
  stdout: sink,
  stderr: sink,
  env,
  cwd: '/',
  today: () => '2026-11-27' as IsoDate,
  ...(loginName === undefined ? {} : { loginName }),
});

describe('the audit actor', () => {
  it('prefers SALESOPS_USER, then USER, then LOGNAME, then the login name', () => {
    const env = { SALESOPS_USER: 'ana', USER: 'root', LOGNAME: 'rootlog' };
    expect(new CommandContext(io(env, 'os')).actor()).toBe('ana');
    expect(new CommandContext(io({ USER: 'root', LOGNAME: 'rootlog' }, 'os')).actor()).toBe('root');
    expect(new CommandContext(io({ LOGNAME: 'rootlog' }, 'os')).actor()).toBe('rootlog');
    expect(new CommandContext(io({}, 'os')).actor()).toBe('os');
  });

  it('says unknown only when nothing names the user', () => {
    expect(new CommandContext(io({ USER: '' })).actor()).toBe('unknown');
  });
});
