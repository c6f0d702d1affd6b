import { hexlify, toBigInt, type BigNumberish, type BytesLike } from "ethers";

import { decodeAction, formatAction } from "../../../src/governance/actions";
import type { CreatedProposal } from "../../../src/governance/proposalEvents";
import { PROPOSAL_STATES, proposalTitle } from "../../../src/governance/proposals";
import { cidToText } from "../../../src/ipfs/cidText";
import { isStatusQuo, judgmentState, optionCalls, type JudgmentProposal } from "../../../src/mj/judgmentProposals";
import { labelTitle } from "../../../src/mj/optionLabels";
import { loadJudgmentProposal, loadVoteProposal, type ProposalKind } from "../chain";
import { el } from "../dom";
import { BlockMismatchError, cidOfUri, decodeText, fetchDocument } from "../documents";
import { UserError, errorMessage } from "../errors";
import { formatEtherAmount, t } from "../i18n";
import { renderMarkdown } from "../markdown";
import { type AppState } from "../state";
import { deadlineText, stateLabel } from "./home";
import { renderJudgmentResults, renderVoteResults } from "./results";
import { renderBallotForm, renderVoteForm } from "./voteForms";

/** Renders the page of one proposal: its document, its actions or options, the vote and the results. */
export async function renderProposal(state: AppState, kind: ProposalKind, id: bigint): Promise<HTMLElement> {
  return kind === "vote" ? renderVoteProposal(state, id) : renderJudgmentProposal(state, id);
}

async function renderVoteProposal(state: AppState, id: bigint): Promise<HTMLElement> {
  const { reader, config } = state;
  const fromBlock = Number(config.cooperative.deploymentBlock);
  const proposal = await loadVoteProposal(reader, id, fromBlock);
  if (proposal === undefined) throw new UserError(t("proposalNotFound", { id }));
  const [stateNumber, deadline] = await Promise.all([reader.governor.state(id), reader.governor.proposalDeadline(id)]);
  const stateName = PROPOSAL_STATES[Number(stateNumber)];

  const page = proposalShell(proposal.description, id, stateName, deadline);
  page.append(documentSection(state, proposal.documentUri));
  page.append(actionsSection(state, proposal));
  const account = state.connection?.account;
  const voted = account !== undefined && (await reader.governor.hasVoted(id, account));
  page.append(renderVoteForm(state, id, stateName, voted));
  page.append(await renderVoteResults(reader, id, stateName === "Active" || stateName === "Pending"));
  return page;
}

async function renderJudgmentProposal(state: AppState, id: bigint): Promise<HTMLElement> {
  const { reader, config } = state;
  const proposal = await loadJudgmentProposal(reader, id, Number(config.cooperative.deploymentBlock));
  if (proposal === undefined) throw new UserError(t("proposalNotFound", { id }));
  const stateName = await judgmentState(reader.judgment, id);
  const labels = await optionLabels(state, proposal);
  const allLabels = Array.from({ length: proposal.optionCount }, (_, index) =>
    isStatusQuo(proposal, index) ? t("statusQuo") : labels[index],
  );

  const page = proposalShell(proposal.description, id, stateName, proposal.deadline);
  page.append(documentSection(state, proposal.documentUri));
  page.append(
    el(
      "section",
      { attrs: { "aria-labelledby": "options-heading" } },
      el("h2", { text: t("optionsHeading"), attrs: { id: "options-heading" } }),
      el(
        "ol",
        {},
        ...allLabels.map((label, index) => {
          const calls = optionCalls(proposal, index);
          return el(
            "li",
            {},
            label,
            actionList(state, calls.targets, calls.values, calls.calldatas, "noOptionActions"),
          );
        }),
      ),
    ),
  );
  page.append(renderBallotForm(state, proposal, stateName, allLabels));
  page.append(await renderJudgmentResults(reader, proposal, labels));
  return page;
}

function proposalShell(description: string, id: bigint, stateName: string, deadline: bigint): HTMLElement {
  const title = proposalTitle(description) ?? t("untitled");
  return el(
    "article",
    { className: "proposal" },
    el("p", {}, el("a", { text: t("backToList"), attrs: { href: "#/" } })),
    el("h2", { testId: "proposal-title", text: title }),
    el(
      "p",
      { className: "meta" },
      `${t("proposalHeading", { id: id.toString().slice(0, 12) + "…" })} · `,
      `${t("state", { state: stateLabel(stateName) })} · `,
      deadlineText(stateName, deadline),
    ),
  );
}

/**
 * Returns the text of each labelled option: the title of its label fetched through the gateway and
 * verified block by block, or its CID when the gateway does not have it.
 */
async function optionLabels(state: AppState, proposal: JudgmentProposal): Promise<string[]> {
  return Promise.all(
    proposal.options.map(async (option) => {
      const cid = cidToText(option.label);
      try {
        return labelTitle(await fetchDocument(state.gateway, cid, state.fetchMode)) ?? cid;
      } catch {
        return cid;
      }
    }),
  );
}

/**
 * Renders the document section, which fills in once every block of the document has been verified.
 * Only the progress note is a live region, so a screen reader announces the check and not the whole text.
 */
function documentSection(state: AppState, uri: string): HTMLElement {
  const cid = cidOfUri(uri);
  const progress = el("div", { attrs: { "aria-live": "polite" } }, el("p", { text: t("documentLoading") }));
  const body = el("div", { testId: "document", className: "document", attrs: { "aria-busy": "true" } }, progress);
  void fetchDocument(state.gateway, cid, state.fetchMode)
    .then((bytes) => {
      const text = decodeText(bytes);
      progress.replaceChildren(
        el("p", { className: "note", testId: "document-verified", text: t("documentVerified", { cid }) }),
      );
      if (text === undefined) body.append(el("p", { text: t("documentNotText") }));
      else body.append(renderMarkdown(text));
    })
    .catch((error: unknown) => {
      const message =
        error instanceof BlockMismatchError
          ? t("documentMismatch", { cid: error.cid })
          : t("gatewayUnreachable", { gateway: state.gateway, reason: errorMessage(error) });
      progress.replaceChildren(el("p", { className: "error", testId: "document-error", text: message }));
    })
    .finally(() => body.setAttribute("aria-busy", "false"));
  return el(
    "section",
    { attrs: { "aria-labelledby": "document-heading" } },
    el("h2", { text: t("documentHeading"), attrs: { id: "document-heading" } }),
    body,
  );
}

function actionsSection(state: AppState, proposal: CreatedProposal): HTMLElement {
  return el(
    "section",
    { attrs: { "aria-labelledby": "actions-heading" } },
    el("h2", { text: t("actionsHeading"), attrs: { id: "actions-heading" } }),
    actionList(state, proposal.targets, proposal.values, proposal.calldatas, "noActions"),
  );
}

/** Lists calls in words, such as `membership.admit(member=0x…)`, with the ABI of the cooperative's contracts. */
function actionList(
  state: AppState,
  targets: readonly string[],
  values: readonly BigNumberish[],
  calldatas: readonly BytesLike[],
  noneKey: "noActions" | "noOptionActions",
): HTMLElement {
  if (targets.length === 0) return el("p", { className: "meta", text: t(noneKey) });
  const addresses = state.config.cooperative.addresses;
  const items = targets.map((target, index) => {
    const action = { target, value: values[index], data: calldatas[index] };
    // A payment with no call, such as a supplier's invoice paid from the treasury, reads as one.
    if (hexlify(action.data) === "0x") {
      const amount = formatEtherAmount(toBigInt(action.value));
      return el("li", { className: "action", text: t("actionPayment", { amount, to: target }) });
    }
    try {
      return el("li", { className: "action", text: formatAction(decodeAction(action, addresses)) });
    } catch (error) {
      return el("li", { className: "action", text: `${target}: ${errorMessage(error)}` });
    }
  });
  return el("ul", { testId: "actions" }, ...items);
}
