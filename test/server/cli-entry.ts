/** `salesops` from the source, for tests that need the CLI in a process of its own (signals, a listening port). */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
