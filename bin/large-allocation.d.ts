/** How a large-allocation command's Node process is started (bin/large-allocation.js). */
export declare function largeAllocationStart(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): { execArgv: string[]; env: NodeJS.ProcessEnv } | null;
