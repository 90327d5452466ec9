/**
 * `salesops mcp`: the workspace's tools for AI assistants over the Model Context Protocol, on stdio (the assistant
 * starts this command and talks JSON-RPC on its stdin and stdout). Logs go to stderr only.
 * @module
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Command } from 'commander';
import { andList } from '../../domain/listing.js';
import { createSalesopsMcpServer, MCP_COMP_TOOL_NAMES, MCP_READ_TOOL_NAMES } from '../../mcp/server.js';
import { NOTE_WIDTH, wrapLines } from '../../reports/table.js';
import type { CommandContext } from '../context.js';

/** The tools the server registers, in the help's words: from the server's own list, so that the two agree. */
const TOOLS_TEXT =
  `Tools, all reading the workspace and changing nothing: ${MCP_READ_TOOL_NAMES.join(', ')}; ` +
  `--allow-comp adds ${andList(MCP_COMP_TOOL_NAMES)}.`;

export function mcpCommand(context: CommandContext): Command {
  return new Command('mcp')
    .description(
      'serve the workspace as MCP tools for AI assistants (Claude Desktop, Claude Code, ...) on stdio',
    )
    .option(
      '--allow-comp',
      'also serve the compensation tools (comp runs and statements): confidential pay data, off by default',
    )
    .addHelpText(
      'after',
      `
The assistant starts this command itself and speaks the protocol on its stdin and stdout; a person does not
run it at a terminal. The server has the access to the workspace that the CLI has for the user running it.

${wrapLines(TOOLS_TEXT, NOTE_WIDTH).join('\n')}

Register it with Claude Code:
  $ claude mcp add salesops -- npx salesops mcp --workspace /path/to/acme

Examples:
  $ salesops mcp --workspace acme
  $ salesops mcp --workspace acme --allow-comp
  $ DATABASE_URL=postgres://localhost/sales salesops mcp --workspace acme`,
    )
    .action(async (options: { allowComp?: boolean }, command: Command) => {
      context.globals(command);
      const workspace = await context.openWorkspace(command);
      const allowComp = options.allowComp === true;
      const server = createSalesopsMcpServer({
        workspace,
        today: context.io.today,
        allowComp,
        log: (line) => context.note(`salesops mcp: ${line}`),
        version: command.parent?.version() ?? '0.0.0',
      });
      // The protocol's own channel is the process's stdin and stdout, not the CLI's io: the assistant that
      // started us holds the other ends. Nothing else may write to stdout while it serves.
      const transport = new StdioServerTransport(process.stdin, process.stdout);
      const closed = new Promise<void>((resolve) => {
        server.server.onclose = resolve;
      });
      // The client closing our stdin (or a signal) ends the session: close the workspace cleanly, then return.
      const stop = () => void server.close();
      process.stdin.once('end', stop);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await server.connect(transport);
        context.note(
          `salesops mcp: serving ${workspace.folder} on stdio` +
            (allowComp
              ? ', compensation tools included (--allow-comp)'
              : '; compensation tools off (--allow-comp)'),
        );
        await closed;
      } finally {
        process.stdin.off('end', stop);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await workspace.close();
      }
    });
}
