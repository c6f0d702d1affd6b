import { createRequire } from "node:module";

/** The one Solidity version this project compiles with, shipped by the `solc` npm package. */
export const SOLC_VERSION = "0.8.28";

/** The build Hardhat's compile pipeline expects from TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD. */
export interface SolcBuild {
  compilerPath: string;
  isSolcJs: true;
  version: string;
  longVersion: string;
}

const nodeRequire = createRequire(__filename);

/**
 * Returns the solc-js build of the installed `solc` package for `requested`.
 *
 * Throws when a config requests another version, because only the pinned one is installed
 * and Hardhat would otherwise try to download a compiler.
 */
export function solcJsBuild(requested: string): SolcBuild {
  const solc = nodeRequire("solc") as { version(): string };
  const longVersion = solc.version().replace(/\.Emscripten\.clang$/, "");
  const installed = longVersion.split("+")[0];
  if (requested !== SOLC_VERSION || installed !== SOLC_VERSION) {
    throw new Error(
      `Solidity ${requested} was requested, but this project compiles offline with solc-js ` +
        `${SOLC_VERSION} only (the installed npm package solc is ${installed}). ` +
        `Set every compiler version in hardhat.config.ts to ${SOLC_VERSION}, or pin the solc ` +
        `package and SOLC_VERSION in src/toolchain/solc.ts to the same new version.`,
    );
  }
  return {
    compilerPath: nodeRequire.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion,
  };
}
