// Loaders for the ES-module-only packages that have no `module-sync` export condition, so this
// CommonJS project cannot load them with require(). TypeScript compiles `import()` to require()
// under "module": "commonjs", so the import expression is built at run time where the compiler
// cannot rewrite it.
const importModule = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<unknown>;

let car: Promise<typeof import("@ipld/car")> | undefined;
let dagPb: Promise<typeof import("@ipld/dag-pb")> | undefined;

/** Loads `@ipld/car`, the reader and writer of CAR files. */
export function loadCar(): Promise<typeof import("@ipld/car")> {
  car ??= importModule("@ipld/car") as Promise<typeof import("@ipld/car")>;
  return car;
}

/** Loads `@ipld/dag-pb`, the codec of the DAG-PB blocks that link the chunks of a UnixFS file. */
export function loadDagPb(): Promise<typeof import("@ipld/dag-pb")> {
  dagPb ??= importModule("@ipld/dag-pb") as Promise<typeof import("@ipld/dag-pb")>;
  return dagPb;
}
