/**
 * A long-running process's view of its workspace (the HTTP API's server and its worker, the MCP server): the open
 * store and the dataset of the current data version, loaded once per version (from the snapshot cache, or built)
 * and shared by requests until an import makes a new one.
 * @module
 */
import { loadOrBuildDataset } from '../dataset/dataset-cache.js';
import type { Dataset } from '../dataset/dataset.js';
import type { Workspace } from '../workspace/workspace.js';

export class WorkspaceData {
  private loaded: { readonly version: number; readonly dataset: Promise<Dataset> } | undefined;

  constructor(readonly workspace: Workspace) {}

  /** The dataset of the store's current data version (one cheap query to check it per call). */
  async dataset(): Promise<Dataset> {
    const { store, cacheDir, storeIdentity } = this.workspace;
    const version = await store.dataVersion();
    if (this.loaded?.version !== version) {
      const dataset = loadOrBuildDataset(store, cacheDir, storeIdentity);
      this.loaded = { version, dataset };
      // A failed load is not kept: the next request tries again.
      dataset.catch(() => {
        if (this.loaded?.dataset === dataset) this.loaded = undefined;
      });
    }
    return this.loaded.dataset;
  }
}
