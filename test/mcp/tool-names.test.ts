/**
 * The MCP server's lists of its tool names (MCP_READ_TOOL_NAMES, MCP_COMP_TOOL_NAMES, built from the names each
 * tool's module registers its tools under) are the tools a server lists, with and without the compensation tools:
 * a tool registered under a name the lists lack, or a listed name no tool registers, fails here. `salesops mcp
 * --help` names exactly those: the read-only ones, then the ones --allow-comp adds (test/mcp/mcp-server.test.ts
 * pins the names clients call). The server runs in process on an empty workspace (listing tools reads no data).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../src/domain/dates.js';
import { createSalesopsMcpServer, MCP_COMP_TOOL_NAMES, MCP_READ_TOOL_NAMES } from '../../src/mcp/server.js';
import { initWorkspace, openWorkspace, type Workspace } from '../../src/workspace/workspace.js';
import { runCli, scratchFolder } from '../cli/run-cli.js';

let scratch: ReturnType<typeof scratchFolder>;
let workspace: Workspace;

beforeAll(async () => {
  scratch = scratchFolder();
  await initWorkspace(`${scratch.path}/acme`);
  workspace = await openWorkspace(`${scratch.path}/acme`);
});
afterAll(async () => {
  await workspace.close();
  scratch.remove();
});

/** The names of the tools a server created with `allowComp` lists to a client, sorted. */
async function listedToolNames(allowComp: boolean): Promise<string[]> {
  const server = createSalesopsMcpServer({
    workspace,
    today: () => '2026-11-27' as IsoDate,
    allowComp,
    log: () => {},
    version: '0.0.0',
  });
  const [clientEnd, serverEnd] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'salesops-test', version: '1.0.0' });
  await server.connect(serverEnd);
  await client.connect(clientEnd);
  try {
    const { tools } = await client.listTools();
    return tools.map((tool) => tool.name).sort();
  } finally {
    await client.close();
  }
}

describe('the MCP tool names', () => {
  it('are the tools the server lists: the read-only ones, and the comp ones with allowComp', async () => {
    expect(await listedToolNames(false)).toEqual([...MCP_READ_TOOL_NAMES].sort());
    expect(await listedToolNames(true)).toEqual([...MCP_READ_TOOL_NAMES, ...MCP_COMP_TOOL_NAMES].sort());
  });

  it('are what salesops mcp --help names: every registered tool once, the comp ones after --allow-comp adds', async () => {
    const run = await runCli(['mcp', '--help'], { cwd: scratch.path });
    expect(run.code).toBe(0);
    const toolsText = /Tools, all reading the workspace[\s\S]*?\n\n/.exec(run.stdout)?.[0] ?? '';
    const [readOnly = '', comp = ''] = toolsText.split('--allow-comp adds');
    const named = (text: string) => [...text.matchAll(/salesops_\w+/g)].map(([name]) => name).sort();
    expect(named(readOnly)).toEqual(await listedToolNames(false));
    expect([...named(readOnly), ...named(comp)].sort()).toEqual(await listedToolNames(true));
    expect(named(comp)).toEqual(['salesops_comp_run', 'salesops_comp_statement']);
  });
});
