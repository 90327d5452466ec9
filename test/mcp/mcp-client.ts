/**
 * A real `salesops mcp` process for the tests, and the SDK's client talking to it over stdio. The process runs the
 * CLI from the TypeScript source through tsx, as the other CLI tests run the source in-process (bin/salesops.js
 * runs dist/, which a test run does not build).
 * @module
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = new URL('../../src/cli/main.ts', import.meta.url).href;

/** `node bin/salesops.js <args>`, on the source: main() with the arguments as the shell gives them. */
const ENTRY = `const { main } = await import(${JSON.stringify(MAIN)}); process.exitCode = await main(['node', 'salesops', ...process.argv.slice(1)]);`;

/** How to start `salesops mcp <args>` as a process: the command and its arguments. */
export function mcpProcess(args: readonly string[]): { command: string; args: string[]; cwd: string } {
  return {
    command: process.execPath,
    args: ['--import', 'tsx', '--input-type=module', '-e', ENTRY, 'mcp', ...args],
    cwd: REPO,
  };
}

/** The environment the server runs with: no DATABASE_URL of the machine's, UTC. */
export const MCP_ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  TZ: 'UTC',
  SALESOPS_USER: 'mcp-test',
};

export interface McpSession {
  readonly client: Client;
  /** What the server wrote on stderr so far (its log). */
  readonly stderr: () => string;
  /** Calls a tool, with the result typed as a tool result. */
  readonly call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;
  readonly close: () => Promise<void>;
}

/** Starts `salesops mcp <args>` and connects a client to it. */
export async function startMcp(args: readonly string[]): Promise<McpSession> {
  const transport = new StdioClientTransport({
    ...mcpProcess(args),
    env: MCP_ENV,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'salesops-test', version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    stderr: () => stderr,
    call: async (name, toolArgs = {}) =>
      (await client.callTool({ name, arguments: toolArgs })) as CallToolResult,
    close: () => client.close(),
  };
}

/** The text of a tool result's first content block. */
export function textOf(result: CallToolResult): string {
  const [first] = result.content;
  return first?.type === 'text' ? first.text : '';
}
