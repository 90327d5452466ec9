/**
 * A workspace is a folder holding `salesops.yaml` (the configuration) and, on the embedded default, the SQLite
 * database `salesops.db`; `.salesops/` holds caches that can always be rebuilt. With `DATABASE_URL` set, the
 * same workspace keeps its data in PostgreSQL instead (in the schema named by `database.postgresSchema`).
 * @module
 */
import { type Dirent, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { asTyped, type CommandLine, InputError, shellWord } from '../domain/errors.js';
import { listFirst } from '../domain/listing.js';
import type { WorkspaceConfig } from '../domain/workspace-config.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { loadConfigFile } from './config-file.js';
import { defaultConfigYaml } from './default-config.js';

export const WORKSPACE_FILES = {
  config: 'salesops.yaml',
  database: 'salesops.db',
  cache: '.salesops',
} as const;

export interface Workspace {
  readonly folder: string;
  readonly config: WorkspaceConfig;
  readonly store: Store;
  /** Where the data lives, for people: a file path or a PostgreSQL host/database/schema (never a password). */
  readonly storeLocation: string;
  /** Identifies the database behind the store, for caches that must not mix two databases. */
  readonly storeIdentity: string;
  readonly cacheDir: string;
  close(): Promise<void>;
}

export interface StoreChoice {
  /** When set, the workspace's data lives in this PostgreSQL database instead of the embedded file. */
  readonly databaseUrl?: string | undefined;
}

function describePostgres(databaseUrl: string, schema: string): string {
  try {
    const url = new URL(databaseUrl);
    return `PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname} schema ${schema}`;
  } catch {
    throw new InputError({
      message: 'DATABASE_URL is not a valid URL',
      fix: 'set it to postgres://user:password@host:5432/database, or unset it to use the embedded database',
    });
  }
}

/** What the message about a folder that is not a workspace may say, from the program that opens it (the CLI). */
export interface WorkspaceHints {
  /** Writes a salesops command as the user runs salesops (`npx salesops ...`, say). */
  readonly commandLine?: CommandLine;
  /** A folder as the user would type it (from their current folder). */
  readonly shown?: (folder: string) => string;
  /** Whether the user named the folder (--workspace); else it is the current folder, by default. */
  readonly named?: boolean;
}

/** The most workspace folders a message lists. */
const LISTED_WORKSPACES = 5;

function assertWorkspaceFolder(folder: string, hints: WorkspaceHints): string {
  const configPath = join(folder, WORKSPACE_FILES.config);
  if (existsSync(configPath)) return configPath;
  const { commandLine = asTyped, shown = (path: string) => path, named = true } = hints;
  const where = named ? folder : `${folder} (the current folder: no --workspace was given)`;
  const init = (target: string) => `\`${commandLine(`salesops init ${shellWord(target)}`)}\``;
  if (!existsSync(folder)) {
    throw new InputError({
      message: `${where} is not a salesops workspace: it does not exist`,
      fix: `create it with ${init(shown(folder))}, or point --workspace at an existing workspace folder`,
    });
  }
  const isFolder = statSync(folder).isDirectory();
  const inside = isFolder ? workspacesIn(folder).map((path) => shellWord(shown(path))) : [];
  const listed = listFirst(inside, LISTED_WORKSPACES);
  const existing =
    inside.length === 0
      ? 'point --workspace at your workspace folder'
      : `point --workspace at a workspace folder (in it: ${listed}), e.g. --workspace ${inside[0]}`;
  // An empty folder may become the workspace; any other (a source checkout, say) should not.
  const create =
    isFolder && readdirSync(folder).length === 0
      ? `make it one with ${init(shown(folder))}`
      : `create a new workspace in a folder of its own, e.g. ${init('my-workspace')}`;
  throw new InputError({
    message: `${where} is not a salesops workspace: it ${isFolder ? 'has no salesops.yaml' : 'is a file'}`,
    fix: `${existing}, or ${create}`,
  });
}

/** The workspace folders directly inside `folder` (those holding a salesops.yaml), by name. */
function workspacesIn(folder: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    // A folder we may not list has none to suggest.
    return [];
  }
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, WORKSPACE_FILES.config)))
    .map((entry) => join(folder, entry.name))
    .sort();
}

/** Opens the workspace in `folder`; `hints` word the message when it is not one (see {@link WorkspaceHints}). */
export async function openWorkspace(
  folder: string,
  choice: StoreChoice & { readonly hints?: WorkspaceHints } = {},
): Promise<Workspace> {
  const absolute = resolve(folder);
  const config = loadConfigFile(assertWorkspaceFolder(absolute, choice.hints ?? {}));
  const { store, location, identity } = await openWorkspaceStore(absolute, config, choice);
  return {
    folder: absolute,
    config,
    store,
    storeLocation: location,
    storeIdentity: identity,
    cacheDir: join(absolute, WORKSPACE_FILES.cache),
    close: () => store.close(),
  };
}

async function openWorkspaceStore(
  folder: string,
  config: WorkspaceConfig,
  choice: StoreChoice,
): Promise<{ store: Store; location: string; identity: string }> {
  if (choice.databaseUrl) {
    const schema = config.database.postgresSchema;
    const location = describePostgres(choice.databaseUrl, schema);
    const store = await openStore({ databaseUrl: choice.databaseUrl, schema });
    return { store, location, identity: location };
  }
  const sqlitePath = join(folder, WORKSPACE_FILES.database);
  const store = await openStore({ sqlitePath });
  return { store, location: sqlitePath, identity: `sqlite:${sqlitePath}` };
}

export interface InitResult {
  readonly folder: string;
  readonly created: readonly string[];
  readonly storeLocation: string;
}

/**
 * Creates a workspace: the folder (if missing), a commented default salesops.yaml and an empty, migrated database.
 * Refuses a folder that already is a workspace; on any failure removes what it created.
 */
export async function initWorkspace(
  folder: string,
  // `given`: the folder as the user wrote it, for messages (default: `folder`).
  options: StoreChoice & { company?: string | undefined; given?: string } = {},
): Promise<InitResult> {
  const absolute = resolve(folder);
  const configPath = join(absolute, WORKSPACE_FILES.config);
  if (existsSync(configPath)) {
    throw new InputError({
      message: `${folder} is already a salesops workspace (it has salesops.yaml)`,
      fix: `use it with --workspace ${folder}, or choose a new folder name`,
    });
  }
  if (existsSync(absolute) && !statSync(absolute).isDirectory()) {
    throw new InputError({
      message: `${folder} exists and is not a folder`,
      fix: 'choose a new folder name',
    });
  }
  if (existsSync(join(absolute, WORKSPACE_FILES.database))) {
    throw new InputError({
      message: `${folder} holds a salesops.db but no salesops.yaml`,
      fix: 'restore its salesops.yaml (a workspace needs both), or move salesops.db away before `salesops init`',
    });
  }
  const created: string[] = [];
  const folderExisted = existsSync(absolute);
  // The highest folder this call creates: what to remove again if anything fails.
  const firstCreated = folderExisted ? null : createFolder(absolute, options.given ?? folder);
  try {
    if (!folderExisted) created.push(absolute);
    writeFileSync(configPath, defaultConfigYaml(options.company ?? basename(absolute)), { flag: 'wx' });
    created.push(configPath);
    const workspace = await openWorkspace(absolute, options);
    await workspace.close();
    if (!options.databaseUrl) created.push(join(absolute, WORKSPACE_FILES.database));
    return { folder: absolute, created, storeLocation: workspace.storeLocation };
  } catch (error) {
    if (folderExisted) {
      // Only what this call created: the checks above ensured none of these files existed before.
      for (const name of [
        WORKSPACE_FILES.config,
        WORKSPACE_FILES.database,
        `${WORKSPACE_FILES.database}-wal`,
        `${WORKSPACE_FILES.database}-shm`,
      ]) {
        rmSync(join(absolute, name), { force: true });
      }
    } else if (firstCreated !== null) {
      try {
        rmSync(firstCreated, { recursive: true, force: true });
      } catch {
        // Leaving an empty folder behind matters less than reporting the failure that got us here.
      }
    }
    throw error;
  }
}

/**
 * Creates `absolute` and any missing parents one level at a time (Node's recursive mkdir spins for ever on
 * some file systems, e.g. under /proc), and turns the file system's refusal into a message about the path the
 * user gave. Returns the highest folder it created.
 */
function createFolder(absolute: string, given: string): string {
  const missing: string[] = [];
  let existing = absolute;
  while (!existsSync(existing) && dirname(existing) !== existing) {
    missing.unshift(existing);
    existing = dirname(existing);
  }
  if (!statSync(existing).isDirectory()) {
    throw new InputError({
      message: `${given} cannot be created: ${existing} is a file, not a folder`,
      fix: 'choose a folder path whose parents are folders',
    });
  }
  for (const [index, path] of missing.entries()) {
    try {
      mkdirSync(path);
    } catch (error) {
      if (index > 0) rmSync(missing[0]!, { recursive: true, force: true });
      const code = (error as NodeJS.ErrnoException).code ?? 'an error';
      throw new InputError({
        message: `${given} cannot be created: making ${path} failed with ${code}`,
        fix: 'choose a folder you may write to (e.g. under your home folder), or create it first',
      });
    }
  }
  return missing[0]!;
}
