// Imports a scenario's module, TypeScript included, with no build step: the first .ts module imported in a
// thread registers tsx's loader there (a worker thread does not inherit its parent's hooks). Running from
// src/ under tsx the loader is already there, and a second one would break it, so it is not added twice.

const TYPESCRIPT = /\.[cm]?tsx?$/;
const underTsx = import.meta.url.endsWith('.ts');
let registered: Promise<void> | undefined;

export async function importModule(url: string): Promise<Record<string, unknown>> {
  if (!underTsx && TYPESCRIPT.test(new URL(url).pathname)) {
    // both of tsx's loaders: a .ts file outside a "type": "module" package is loaded as CommonJS
    registered ??= Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]).then(([esm, cjs]) => {
      esm.register();
      cjs.register();
    });
    await registered;
  }
  const namespace = (await import(url)) as Record<string, unknown>;
  // ES module syntax compiled to CommonJS (a .ts file outside a "type": "module" package) arrives as one
  // default export holding the module's exports, marked __esModule: those are the exports meant.
  const inner = namespace.default as { __esModule?: unknown } | null | undefined;
  return typeof inner === 'object' && inner !== null && inner.__esModule === true
    ? (inner as Record<string, unknown>)
    : namespace;
}
