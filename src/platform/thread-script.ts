/**
 * Starts a worker thread on a script that sits beside the calling module, whether salesops runs from its
 * TypeScript source (tests, tsx) or from dist: from source, the thread first registers tsx's loader, as the main
 * thread has it; from dist, the script is plain JavaScript.
 * @module
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** tsx's `tsx/esm/api` for `import`, from its package.json (require.resolve would give the CommonJS one). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require('tsx/package.json') as {
    exports: Record<string, { import: { default: string } }>;
  };
  return manifest.exports['./esm/api']!.import.default;
}

/**
 * A worker thread running `name` (without its extension) from the folder of `moduleUrl` (the caller's
 * `import.meta.url`), given `workerData`.
 */
export function startThreadScript(
  moduleUrl: string,
  name: string,
  workerData: unknown,
  resourceLimits?: ResourceLimits,
): Worker {
  const fromSource = moduleUrl.endsWith('.ts');
  const script = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, moduleUrl);
  if (!fromSource) return new Worker(script, { workerData, ...(resourceLimits ? { resourceLimits } : {}) });
  const tsx = new URL(tsxEsmApi(), pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')))
    .href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => api.register()).then(() => import(${JSON.stringify(script.href)}))`;
  return new Worker(boot, { eval: true, workerData, ...(resourceLimits ? { resourceLimits } : {}) });
}
