import { openContentStore } from "../src/ipfs/openContentStore";
import { readWebConfig, webOutputDirectory } from "../src/web/files";
import { DEFAULT_WEB_PORT, startWebServer } from "../src/web/server";

// Run by `npm run web` after the demo and the page's build: serves web/dist, config.json and a
// read-only gateway over the demo's content store on 127.0.0.1, until Ctrl-C.
async function main(): Promise<void> {
  const portText = process.env.WEB_PORT?.trim() || String(DEFAULT_WEB_PORT);
  const port = Number(portText);
  if (!/^[0-9]+$/.test(portText) || port > 65_535) {
    throw new Error(`Invalid WEB_PORT ${JSON.stringify(portText)}: expected a TCP port number from 0 to 65535.`);
  }
  const config = await readWebConfig(webOutputDirectory());
  const server = await startWebServer({ config, store: openContentStore(), port });
  console.log();
  console.log(`Voting page / Page de vote: ${server.url}`);
  console.log(`Its wallet needs the network at ${config.rpcUrl} (chain id ${config.chainId}).`);
  console.log("Press Ctrl-C to stop. / Ctrl-C pour arrêter.");
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  await server.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
