import type { BrowserContext } from "playwright-core";

/** Name under which the test wallet announces itself through EIP-6963. */
export const TEST_WALLET_NAME = "Test wallet";

/** Name of the function that the page's provider calls to reach the test. */
const BRIDGE = "__testWalletRequest";

/** Methods that the wallet handles itself, without the node. */
type LocalMethod = "eth_requestAccounts" | "eth_accounts" | "wallet_switchEthereumChain";

/** Methods that a real wallet shows to its user for approval. */
const USER_ACTIONS = new Set(["eth_sendTransaction", "eth_signTypedData_v4"]);

/** EIP-1193 error code of a request that the user rejected. */
const USER_REJECTED = 4001;

/** A JSON-RPC reply as the bridge returns it to the page. */
interface RpcReply {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

/**
 * An EIP-1193 wallet for the page under test. Its requests reach the test through
 * `exposeFunction` and go on to the `hardhat node` JSON-RPC, which signs transactions and typed
 * data for its own unlocked accounts, so the page's wallet code runs unchanged.
 */
export class TestWallet {
  /** Account that the wallet offers. The test may change it between page loads. */
  account: string;
  /**
   * Chain id in hex that the wallet reports instead of the node's, until the page requests a
   * switch with `wallet_switchEthereumChain`. When undefined, the wallet reports the node's chain id.
   */
  reportedChainId?: string;
  /** Whether the wallet rejects transactions and signatures as a user would (EIP-1193 code 4001). */
  rejectRequests = false;
  private requestId = 0;

  constructor(
    private readonly rpcUrl: string,
    account: string,
  ) {
    this.account = account;
  }

  /** Exposes the bridge and announces the wallet on every page of `context`. */
  async install(context: BrowserContext): Promise<void> {
    await context.exposeFunction(BRIDGE, (method: string, paramsJson: string) =>
      this.handle(method, JSON.parse(paramsJson) as unknown[]).then((reply) => JSON.stringify(reply)),
    );
    await context.addInitScript({ content: providerScript(TEST_WALLET_NAME) });
  }

  private async handle(method: string, params: unknown[]): Promise<RpcReply> {
    const local: Record<LocalMethod, () => unknown> = {
      eth_requestAccounts: () => [this.account],
      eth_accounts: () => [this.account],
      wallet_switchEthereumChain: () => {
        // The wallet has one chain, the node's, so switching only ends a reported other chain.
        this.reportedChainId = undefined;
        return null;
      },
    };
    if (method in local) return { result: local[method as LocalMethod]() };
    if (method === "eth_chainId" && this.reportedChainId !== undefined) return { result: this.reportedChainId };
    if (this.rejectRequests && USER_ACTIONS.has(method)) {
      return { error: { code: USER_REJECTED, message: "User rejected the request." } };
    }
    this.requestId += 1;
    const response = await fetch(this.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: this.requestId, method, params }),
    });
    return (await response.json()) as RpcReply;
  }
}

/** Source of the init script that defines the provider in the page and announces it (EIP-6963). */
function providerScript(name: string): string {
  return `(() => {
  const listeners = new Map();
  const provider = {
    async request({ method, params }) {
      const reply = JSON.parse(await window[${JSON.stringify(BRIDGE)}](method, JSON.stringify(params ?? [])));
      if (reply.error) {
        const error = new Error(reply.error.message);
        error.code = reply.error.code;
        error.data = reply.error.data;
        throw error;
      }
      return reply.result;
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
    },
  };
  const info = Object.freeze({
    uuid: "5f0c4c52-3b7e-4a53-9a55-7c1f0e0c2a11",
    name: ${JSON.stringify(name)},
    icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'%3E%3Crect width='10' height='10' fill='%230b5394'/%3E%3C/svg%3E",
    rdns: "test.wallet",
  });
  const announce = () =>
    window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();`;
}
