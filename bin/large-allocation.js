// How a large-allocation command's Node process is started: one definition for the launcher (bin/salesops.js)
// and the import bench (bench/import.ts), which runs its import step as the launcher runs `salesops import`.

/**
 * What only a process's start can set, for a command that allocates large (`import` of a large export):
 * - MALLOC_MMAP_THRESHOLD_=131072. glibc's malloc keeps freed blocks under its mmap threshold for reuse, and raises
 *   the threshold (up to 32 MB) each time a larger mmapped block is freed, so the typed arrays a million-opportunity
 *   import frees batch after batch stayed resident: RSS climbed about 150 MB through the write. With a fixed
 *   128 KiB threshold large blocks go back to the system when freed (RSS after the write's first collection:
 *   842-937 MB with it, 833-983 MB without). glibc reads the variable only at start; other allocators ignore it.
 * - --expose-gc, so that the store collects the assembly's garbage before its write (src/store/write-batch.ts).
 * Only on Linux (glibc), and only where no threshold is set already (by the user, or by the launcher itself):
 * elsewhere, or with the user's threshold, the command runs as it is, without either.
 * @param {NodeJS.Platform} platform `process.platform`
 * @param {NodeJS.ProcessEnv} env the environment the process would start with
 * @returns {{ execArgv: string[], env: NodeJS.ProcessEnv } | null} the Node options and environment to start
 *   the process with; null: start it as it is
 */
export function largeAllocationStart(platform, env) {
  if (platform !== 'linux' || env.MALLOC_MMAP_THRESHOLD_ !== undefined) return null;
  return { execArgv: ['--expose-gc'], env: { ...env, MALLOC_MMAP_THRESHOLD_: '131072' } };
}
